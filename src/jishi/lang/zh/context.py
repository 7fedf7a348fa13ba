"""Words that stand next to a name without being part of it (name_context.tsv).

One typed loader for the table, shared by the stages that cut names from their
context (mentions) and read titles around them (actors): the kinds are checked
when the table is read, so a user row with a misspelt kind is named at once
instead of being silently ignored.
"""

from __future__ import annotations

from functools import cache

from jishi.lang.data import DataFileError, DataFiles

CONTEXT_FILE = "name_context.tsv"
KINDS = frozenset(
    {
        "descriptor",
        "head",
        "capital",
        "not_org",
        "event",
        "relation",
        "admin",
        "feature",
        "stationed",
        "former",
        "channel",
        "preposition",
        "conjunction",
        "count",
        "counted",
        "vessel",
        "demonym",
        "side",
        "army",
        "legal_form",
        "reporter",
        "filed",
        "apposition",
        "team",
        "people",
        "address",
        "pair_head",
        "function_char",
    }
)


@cache
def context_words(files: DataFiles, kind: str) -> tuple[str, ...]:
    """The words of one kind, longest first (so that 自治区 is tried before 区)."""
    if kind not in KINDS:
        raise ValueError(f"no kind {kind!r} in {CONTEXT_FILE}")
    words = []
    for path, rows in files.table_parts(CONTEXT_FILE):
        for row in rows:
            if row["kind"] not in KINDS:
                raise DataFileError(f"{path}: {row['word']}: unknown kind {row['kind']!r}")
            if row["kind"] == kind:
                words.append(row["word"])
    return tuple(sorted(set(words), key=len, reverse=True))
