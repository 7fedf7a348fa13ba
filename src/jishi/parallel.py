"""Worker processes for batches: the one pool behind ``process_batch(n_process=N)`` and
the command line's ``--jobs N``.

Why processes, not threads: the stages are Python code holding the GIL, so threads
would share one core. Each worker loads the models once (the first item it gets warms
the caches of jishi.lang and the stages) and keeps them for every later item. Items
are sent out in a bounded window, so a corpus of a million files is never held in
memory at once, and results come back in input order, so the output is the same for
any number of workers.

Workers are started with "spawn": a fresh interpreter inherits no lock held by a
thread of the parent (ONNX Runtime and tqdm start threads), which "fork" can. As
with any multiprocessing code, a script that uses a pool must guard its entry point
with ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Context = TypeVar("Context")
Result = TypeVar("Result")

# Items in flight per worker: enough to keep every worker busy while the parent
# consumes results, few enough to bound memory.
WINDOW_PER_WORKER = 4

# What a worker was started with: the function and the context sent once (settings).
_worker: tuple[Callable[[Any, Any], Any], Any] | None = None


class WorkerError(RuntimeError):
    """A worker failed with an exception that cannot be sent back whole; the message
    keeps its type, text and traceback."""


def imap(
    work: Callable[[Context, Item], Result],
    context: Context,
    items: Iterable[Item],
    jobs: int = 1,
) -> Iterator[Result]:
    """``work(context, item)`` for every item, in input order, on ``jobs`` processes.

    ``work`` must be a module-level function and ``context`` picklable: both are sent
    to each worker once, not with every item. With ``jobs == 1`` everything runs in
    this process, with nothing to pickle. An exception raised by ``work`` is raised
    here when its item's turn comes; the items after it are not waited for.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if jobs == 1:
        for item in items:
            yield work(context, item)
        return
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=spawn, initializer=_start, initargs=(work, context))
    pending: deque[Future[Result]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(_run, item))
            if len(pending) >= jobs * WINDOW_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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


def batches(
    items: Sequence[Item], weight: Callable[[Item], int], limit: int, jobs: int
) -> Iterator[list[Item]]:
    """Consecutive items grouped until their weights reach ``limit``: work for one
    worker call, such as files by size, so that a stage which batches across
    documents (the tagger) has enough to batch. A small corpus is cut finer, into
    at least ``WINDOW_PER_WORKER`` calls per worker, so that every worker has work."""
    weights = [weight(item) for item in items]
    limit = max(1, min(limit, sum(weights) // (jobs * WINDOW_PER_WORKER)))
    batch: list[Item] = []
    total = 0
    for item, item_weight in zip(items, weights, strict=True):
        batch.append(item)
        total += item_weight
        if total >= limit:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
