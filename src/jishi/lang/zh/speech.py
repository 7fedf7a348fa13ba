"""Verbs of saying, from speech_verbs.tsv: the one typed loader of that table.

Why here and not in a stage: two stages need the same verbs (quotes finds what
was said, events tells a reported act from the speaker's own), and a stage may
not import another stage. The table and its columns are described in the
file's header and docs/data.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jishi.lang.data import DataFileError, DataFiles

SPEECH_VERBS = "speech_verbs.tsv"
# May the reported clause follow the verb with no punctuation? (the `bare` column)
BARE_VALUES = ("yes", "subject", "quoted", "no")


@dataclass(frozen=True)
class SpeechVerb:
    """One row of speech_verbs.tsv."""

    verb: str
    bare: str


@cache
def speech_verbs(files: DataFiles) -> tuple[SpeechVerb, ...]:
    """The shipped verbs, then the user's; a row without a verb or with an unknown
    `bare` value stops loading with an error naming its file and row."""
    return tuple(
        verb for path, rows in files.table_parts(SPEECH_VERBS) for verb in checked(path, rows)
    )


def checked(path: Path, rows: Iterable[dict[str, str]]) -> list[SpeechVerb]:
    """The rows of one speech verb file (a shipped, user or experiment file) as verbs."""
    verbs = []
    for number, row in enumerate(rows, start=1):
        if not row.get("verb") or row.get("bare") not in BARE_VALUES:
            raise DataFileError(
                f"{path}: row {number} needs a verb and bare {'|'.join(BARE_VALUES)}"
            )
        verbs.append(SpeechVerb(row["verb"], row["bare"]))
    return verbs
