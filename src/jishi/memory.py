"""The cycle collector around what lives as long as the process.

A run builds millions of objects it keeps to the end: the modules it imports
(SQLAlchemy, pydantic, numpy), the tagger's tables, the lexicons and the actor
index. Python's cycle collector re-scans every object that survived its last
pass, so while they are built it runs hundreds of times over a heap that only
grows (0.13 s of a one-line `jishi process`), every later full pass scans them
again, and the last one, at exit, scans them all once more (0.1-0.2 s) although
the process is about to drop everything. Nothing here changes what a run
computes: reference counting frees as before, only the collector's timing moves.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Build what the process keeps (models, lexicons, imported modules) with the cycle
    collector paused, and move it to the permanent generation afterwards, where the
    collector no longer scans it. Cyclic garbage made inside stays too, so use it
    around loading, not around work that repeats. Nested uses act as one."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def skip_last_collection() -> None:
    """At exit, freeze the heap instead of letting the interpreter run one more full
    collection over it: the process ends either way, and the memory goes back to the
    system with it. Registered once by the command line (a library user's program
    decides for itself)."""
    if gc.freeze not in _registered:
        _registered.append(gc.freeze)
        atexit.register(gc.freeze)


_registered: list[object] = []
