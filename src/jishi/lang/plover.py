"""The PLOVER event types, their quad classes and per-type coding rules, from
data/plover_types.tsv.

Why a table of its own: query filters must reject a type that PLOVER does not
have (a typo would otherwise silently match nothing), pictures of events need
to know which types are cooperation and which conflict, and the event coder
takes every rule that depends on the type (a refused cooperation is a
rejection, a halted one a sanction, force on a place hits the place) from its
columns, so that no type name branches the engine. The columns are described
in the file's header.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jishi.lang.data import DataFileError, DataFiles, data_files

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
PLOVER_TYPES = "plover_types.tsv"
FLAGS = ("place_target", "mode_from_content", "public_source", "addressed", "meeting", "stepped")
# Columns naming another type: the type an event becomes or borrows from.
TYPE_COLUMNS = (
    "refused_as", "halted_as", "announced_as", "spoken_as", "target_from", "hoped_as", "willing_as"
)  # fmt: skip


@dataclass(frozen=True)
class Recast:
    """What an event becomes under some cue: another type, with this mode (None: its own)."""

    type: str
    mode: str | None = None


@dataclass(frozen=True)
class PloverType:
    """One PLOVER type and the rules the event coder applies to it."""

    name: str
    quad: str
    label: str
    place_target: bool = False
    content_mode: str = "change"
    mode_from_content: bool = False
    refused_as: str | None = None
    halted_as: Recast | None = None
    announced_as: Recast | None = None
    spoken_as: str | None = None
    public_source: bool = False
    target_from: str | None = None
    addressed: bool = False
    meeting: bool = False
    hoped_as: str | None = None
    willing_as: str | None = None
    stepped: bool = False

    @property
    def cooperation(self) -> bool:
        return self.quad.endswith("cooperation")

    @property
    def verbal(self) -> bool:
        """Done by saying it (praise, thanks, condemnation): a speaker's words are the act."""
        return self.quad.startswith("verbal")


@cache
def plover_types(files: DataFiles | None = None) -> dict[str, PloverType]:
    """Every PLOVER type by name, in the table's order (cooperation first); a bad
    value stops loading with an error naming the file and the type."""
    files = files or data_files()
    rows = [(path, row) for path, part in files.table_parts(PLOVER_TYPES) for row in part]
    names = {row["type"] for _, row in rows}
    found: dict[str, PloverType] = {}
    for path, row in rows:
        where = f"{path}: {row['type']}"
        if row["quad"] not in QUADS:
            raise DataFileError(f"{where}: unknown quad {row['quad']!r}")
        for column in FLAGS:
            if row[column] not in ("yes", "no"):
                raise DataFileError(f"{where}: {column} must be yes or no, not {row[column]!r}")
        for column in TYPE_COLUMNS:
            if row.get(column) and row[column] not in names:
                raise DataFileError(f"{where}: {column} names unknown type {row[column]!r}")
        found[row["type"]] = PloverType(
            name=row["type"],
            quad=row["quad"],
            label=row["label"],
            place_target=row["place_target"] == "yes",
            content_mode=row["content_mode"] or "change",
            mode_from_content=row["mode_from_content"] == "yes",
            refused_as=row["refused_as"] or None,
            halted_as=_recast(row, "halted"),
            announced_as=_recast(row, "announced"),
            spoken_as=row["spoken_as"] or None,
            public_source=row["public_source"] == "yes",
            target_from=row["target_from"] or None,
            addressed=row["addressed"] == "yes",
            meeting=row["meeting"] == "yes",
            hoped_as=row["hoped_as"] or None,
            willing_as=row.get("willing_as") or None,
            stepped=row["stepped"] == "yes",
        )
    return found


def _recast(row: dict[str, str], prefix: str) -> Recast | None:
    new_type = row[f"{prefix}_as"]
    return Recast(new_type, row[f"{prefix}_mode"] or None) if new_type else None
