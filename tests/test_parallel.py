"""jishi.parallel: the same results in the same order for any number of processes and
either start method, this process working beside its workers, forked workers starting
with what the parent loaded, and calls that shrink towards the end of the input."""

from __future__ import annotations

import os
import time

import pytest

from jishi import parallel

# What warm() sets in the process it runs in; a forked worker inherits it.
_warmed: list[str] = []


def _warm(context: str) -> None:
    _warmed.append(context)


def _square(context: str, item: int) -> tuple[int, int, tuple[str, ...]]:
    """The item squared, the process that ran it and what that process had warmed. The
    short sleep keeps two items queued at the worker, so this process takes some."""
    time.sleep(0.02)
    return item * item, os.getpid(), tuple(_warmed)


def _fail_on_five(_context: None, item: int) -> int:
    if item == 5:
        raise KeyError(item)
    return item


@pytest.fixture(autouse=True)
def no_warm_state() -> None:
    _warmed.clear()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_processes_give_the_results_of_one_in_input_order(method: parallel.StartMethod) -> None:
    items = list(range(30))
    alone = [square for square, _, _ in parallel.imap(_square, "ctx", items)]
    results = list(parallel.imap(_square, "ctx", items, 2, _warm, method))
    assert [square for square, _, _ in results] == alone == [i * i for i in items]
    processes = {pid for _, pid, _ in results}
    assert os.getpid() in processes and len(processes) == 2  # this one and its worker


def test_forked_workers_start_with_what_the_parent_warmed() -> None:
    results = list(parallel.imap(_square, "models", range(12), 2, _warm, "fork"))
    assert _warmed == ["models"]  # warmed once, here
    assert {warmed for _, pid, warmed in results if pid != os.getpid()} == {("models",)}


def test_spawned_workers_do_not_need_warming() -> None:
    results = list(parallel.imap(_square, "models", range(12), 2, _warm, "spawn"))
    assert _warmed == []
    assert {warmed for _, pid, warmed in results if pid != os.getpid()} == {()}


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_an_error_is_raised_at_its_items_turn(method: parallel.StartMethod) -> None:
    seen: list[int] = []
    with pytest.raises(KeyError):
        for result in parallel.imap(_fail_on_five, None, range(40), 2, method=method):
            seen.append(result)
    assert seen == [0, 1, 2, 3, 4]


def test_fork_is_chosen_only_where_it_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert parallel.start_method() == "fork"
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # a thread: no fork
    assert parallel.start_method() == "spawn"
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert parallel.start_method() == "spawn"


def test_calls_shrink_towards_the_end_of_the_input_on_several_processes() -> None:
    items = [10] * 1000  # 10,000 in all
    pooled = [sum(batch) for batch in parallel.batches(items, lambda w: w, 800, 2)]
    assert sum(pooled) == 10_000
    assert pooled[0] == 800  # the limit: 10,000 / 8 calls would be more
    assert pooled[-2] == 100  # a share of the limit at the end
    assert pooled == sorted(pooled, reverse=True)
    alone = [sum(batch) for batch in parallel.batches(items, lambda w: w, 800, 1)]
    assert alone[:-1] == [800] * 12 and alone[-1] == 400
    small = [sum(batch) for batch in parallel.batches([10] * 40, lambda w: w, 800, 2)]
    assert small[0] == 50 and len(small) > 8  # a small corpus is cut finer
    assert [
        i for batch in parallel.batches(list(range(50)), lambda w: 1, 8, 2) for i in batch
    ] == list(range(50))
