"""The PLOVER event types and their quad classes, from data/plover_types.tsv.

Why a table of its own: query filters must reject a type that PLOVER does not
have (a typo would otherwise silently match nothing), and pictures of events
need to know which types are cooperation and which conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jishi.lang.data import DataFileError, data_files

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: str
    label: str

    @property
    def cooperation(self) -> bool:
        return self.quad.endswith("cooperation")


@cache
def plover_types() -> dict[str, PloverType]:
    """Every PLOVER type by name, in the table's order (cooperation first)."""
    found: dict[str, PloverType] = {}
    for row in data_files().table("plover_types.tsv"):
        if row["quad"] not in QUADS:
            raise DataFileError(f"plover_types.tsv: {row['type']}: unknown quad {row['quad']!r}")
        found[row["type"]] = PloverType(row["type"], row["quad"], row["label"])
    return found
