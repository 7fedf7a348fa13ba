"""Finding the spans that lie inside a range without scanning them all.

Why: a stage that filters every name or cue of a paragraph for each clause of it
does work that grows with the square of the paragraph's length, which stalls on
a paragraph of 100,000 characters (a text with no blank lines). An index sorted
by start finds them with two bisections.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar


class HasSpan(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


Item = TypeVar("Item", bound=HasSpan)


class SpanIndex(Generic[Item]):
    """Items with ``start`` and ``end``, looked up by the range they lie within."""

    def __init__(self, items: Sequence[Item]) -> None:
        self._items = items
        self._order = sorted(range(len(items)), key=lambda index: items[index].start)
        self._starts = [items[index].start for index in self._order]

    def within(self, start: int, end: int) -> list[Item]:
        """The items with ``start <= item.start`` and ``item.end <= end``, in their order
        in the sequence given (the order a plain filter of it would keep)."""
        first, last = bisect_left(self._starts, start), bisect_right(self._starts, end)
        found = sorted(i for i in self._order[first:last] if self._items[i].end <= end)
        return [self._items[index] for index in found]
