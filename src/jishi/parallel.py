"""Worker processes for batches: the one pool behind ``process_batch(n_process=N)`` and
the command line's ``--jobs N``.

Why processes, not threads: the stages are Python code holding the GIL, so threads
would share one core. ``jobs`` is the number of processes that work: this one and
``jobs - 1`` workers. This process runs an item itself whenever the workers have
enough queued, so on N cores N processes work, and the one that consumes the
results (prints them, or stores them on SQLite) takes fewer items as that costs it
more. Items are handed out one at a time as processes come free (a slow item holds
up no one) within a bounded window, so a corpus of a million files is never held in
memory at once, and results come back in input order, so the output is the same
for any number of workers.

How workers start: on Linux, when this process runs no other thread, with "fork"
after ``warm(context)`` has loaded the models, lexicons and actor index here, so
every worker starts with them (copy-on-write) instead of paying their loading
again; a process with threads, or a system without a safe fork (macOS, Windows),
uses "spawn", where each worker loads them on its first item. A fork copies only
the calling thread, so a lock another thread held would stay locked in the child;
with none running there is none (numpy's BLAS pool and ONNX Runtime's native
threads are set up for fork; the tagger's session runs on the calling thread). As
with any multiprocessing code, a script that uses a pool must guard its entry point
with ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

Item = TypeVar("Item")
Context = TypeVar("Context")
Result = TypeVar("Result")
StartMethod = Literal["fork", "spawn"]

# Items waiting per process, done or not: enough to keep every worker busy while
# this process works or consumes results, few enough to bound memory.
WINDOW_PER_WORKER = 4
# Items queued at the pool per worker: one running and one ready, so a worker never
# waits for this process to finish its own item before it gets the next.
QUEUED_PER_WORKER = 2

# What a worker was started with: the function and the context sent once (settings).
_worker: tuple[Callable[[Any, Any], Any], Any] | None = None


class WorkerError(RuntimeError):
    """A worker failed with an exception that cannot be sent back whole; the message
    keeps its type, text and traceback."""


def start_method() -> StartMethod:
    """Fork where it is safe (Linux, this process running one thread), else spawn."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def imap(
    work: Callable[[Context, Item], Result],
    context: Context,
    items: Iterable[Item],
    jobs: int = 1,
    warm: Callable[[Context], object] | None = None,
    method: StartMethod | None = None,
) -> Iterator[Result]:
    """``work(context, item)`` for every item, in input order, on ``jobs`` processes.

    ``work`` must be a module-level function and ``context`` picklable: both reach
    each worker once, not with every item. ``warm(context)`` loads here, before the
    workers are forked, what ``work`` would load on its first item (``method``
    overrides ``start_method()``). With ``jobs == 1`` everything runs in this
    process, with nothing to pickle or warm. An exception raised by ``work`` is
    raised here when its item's turn comes; the items after it are not waited for.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if jobs == 1:
        for item in items:
            yield work(context, item)
        return
    method = method or start_method()
    if method == "fork" and warm is not None:
        warm(context)
    pool = ProcessPoolExecutor(
        jobs - 1,
        mp_context=multiprocessing.get_context(method),
        initializer=_start,
        initargs=(work, context),
    )
    try:
        yield from _shared(work, context, items, pool, jobs - 1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _Done(Generic[Result]):
    """An item this process ran itself: its result, or the exception it raised."""

    result: Result | None = None
    error: Exception | None = None


Pending = Future[Result] | _Done[Result]


def _shared(
    work: Callable[[Context, Item], Result],
    context: Context,
    items: Iterable[Item],
    pool: ProcessPoolExecutor,
    workers: int,
) -> Iterator[Result]:
    """The results in input order, the items shared between the pool and this process:
    the pool gets the next item while it has fewer than ``QUEUED_PER_WORKER`` per
    worker, else this process runs it."""
    window = (workers + 1) * WINDOW_PER_WORKER
    pending: deque[Pending[Result]] = deque()
    source = iter(items)
    exhausted = False
    while pending or not exhausted:
        while pending and _ready(pending[0]):
            yield _outcome(pending.popleft())
        if not exhausted and len(pending) < window:
            try:
                item = next(source)
            except StopIteration:
                exhausted = True
                continue
            queued = sum(1 for p in pending if isinstance(p, Future) and not p.done())
            if queued < workers * QUEUED_PER_WORKER:
                pending.append(pool.submit(_run, item))
            else:
                pending.append(_here(work, context, item))
        elif pending:
            yield _outcome(pending.popleft())  # waits for the oldest item


def _here(work: Callable[[Context, Item], Result], context: Context, item: Item) -> _Done[Result]:
    try:
        return _Done(result=work(context, item))
    except Exception as error:  # raised when the item's turn comes, as a worker's is
        return _Done(error=error)


def _ready(pending: Pending[Result]) -> bool:
    return isinstance(pending, _Done) or pending.done()


def _outcome(pending: Pending[Result]) -> Result:
    if isinstance(pending, Future):
        return pending.result()
    if pending.error is not None:
        raise pending.error
    return pending.result  # type: ignore[return-value]  # None only with an error


def _start(work: Callable[[Any, Any], Any], context: Any) -> None:
    global _worker
    _worker = (work, context)


def _run(item: Any) -> Any:
    assert _worker is not None, "the pool initializer sets the worker's function"
    work, context = _worker
    try:
        return work(context, item)
    except Exception as error:
        if _survives_pickling(error):
            raise
        detail = "".join(traceback.format_exception(error))
        raise WorkerError(f"{type(error).__name__}: {error}\n{detail}") from None


def _survives_pickling(error: BaseException) -> bool:
    """Whether the parent can rebuild the exception (one whose __init__ takes other
    arguments than its message cannot be)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return False
    return True


# The smallest call of a pool's later batches, as a share of the first: calls get
# smaller towards the end of the input so that the processes finish together.
SMALLEST_SHARE = 8


def batches(
    items: Sequence[Item], weight: Callable[[Item], int], limit: int, jobs: int
) -> Iterator[list[Item]]:
    """Consecutive items grouped until their weights reach a limit: work for one call,
    such as files by size, so that a stage which batches across documents (the tagger)
    has enough to batch. On one process every call takes up to ``limit``. On several,
    a call takes at most the weight left over ``WINDOW_PER_WORKER`` calls per process
    (a small corpus is cut finer, so that every process has work), and the last calls
    shrink with what is left, down to the first's ``1 / SMALLEST_SHARE``, so that no process
    is left with a large call when the others are done."""
    weights = [weight(item) for item in items]
    left = sum(weights)
    first = min(limit, left // (jobs * WINDOW_PER_WORKER))
    floor = max(1, first // SMALLEST_SHARE)
    batch: list[Item] = []
    total = 0
    for item, item_weight in zip(items, weights, strict=True):
        if not batch:
            share = left // (jobs * WINDOW_PER_WORKER)
            target = limit if jobs == 1 else max(floor, min(limit, share))
        batch.append(item)
        total += item_weight
        left -= item_weight
        if total >= target:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
