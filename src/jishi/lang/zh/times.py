"""The time lexicon: what the times stage knows of Chinese, read and checked in one place.

Two files make it: ``time_words.tsv`` (words that are times or cue them: 今年, 当天,
近年来, 将, 春节) and ``time_grammar.yaml`` (the numerals, calendar marks, units and
affixes the stage's grammar is built from). The stage itself knows the shapes of dates
and durations but no Chinese, like dateparser's engine reading zh.yaml, so a user file
can teach it a word. Every row and key is checked here, when the files are read, so a
misspelt class or mod in a user file is named at once instead of silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jishi.lang.data import DataFileError, DataFiles

WORDS_FILE = "time_words.tsv"
GRAMMAR_FILE = "time_grammar.yaml"

WORD_CLASSES = frozenset(
    {
        "relative",
        "anaphor",
        "vague",
        "set",
        "part_of_day",
        "zone",
        "future",
        "trigger",
        "block",
        "report",
        "disposal",
        "verb_lead",
    }
)
# Classes that only cue the reading of an expression and never start one.
CUE_CLASSES = frozenset({"future", "trigger", "report", "disposal", "verb_lead"})
WORD_GRAINS = frozenset({"", "year", "month", "week", "day"})
PARTS_OF_DAY = frozenset({"", "MO", "MI", "AF", "EV", "NI"})
WORD_MODS = frozenset({"", "START", "MID", "END"})

POINT_MODS = frozenset({"START", "MID", "END"})
SPAN_MODS = frozenset({"ON_OR_AFTER", "BEFORE", "AFTER"})
DURATION_MODS = frozenset({None, "APPROX", "MORE_THAN"})
DURATION_ROLES = frozenset({"since", "within", "before", "after"})
UNIT_LETTERS = frozenset("YMWDHS")
UNIT_GRAINS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})
MEASURES = frozenset({"optional", "required", "never"})

NUMBER_MAPS = ("digits", "counting_digits", "multipliers", "weekdays")
WORD_LISTS = (
    "unknown_counts",
    "more",
    "year",
    "month",
    "month_suffix",
    "day",
    "bare_day",
    "not_after_day",
    "hour",
    "bare_hour",
    "minute",
    "half",
    "clock_approx",
    "not_after_part_of_day",
    "week_names",
    "weekend",
    "weekend_after_week",
    "not_after_set_weekday",
    "measure",
    "span_open",
    "range_links",
    "not_after_future",
    "disposal_markers",
    "dispatch",
)
# Mappings of a word to one value of a closed set.
CODE_MAPS: dict[str, frozenset[str | None]] = {
    "point_mods": frozenset(POINT_MODS),
    "span_close": frozenset(SPAN_MODS),
    "duration_before": frozenset(DURATION_MODS),
    "duration_after": frozenset(DURATION_ROLES),
}
GRAMMAR_KEYS = frozenset({*NUMBER_MAPS, *WORD_LISTS, *CODE_MAPS, "units"})


@dataclass(frozen=True)
class TimeWord:
    """One row of time_words.tsv."""

    word: str
    kind: str
    grain: str
    offset: int
    value: str
    part_of_day: str
    mod: str


@dataclass(frozen=True)
class Unit:
    """A unit of duration (天, 个月, 世纪) and how it is written."""

    word: str
    letter: str
    factor: int
    grain: str
    measure: str
    not_followed_by: tuple[str, ...]

    @property
    def is_century(self) -> bool:
        """A hundred years: written after an ordinal (21世纪) it names a century."""
        return self.letter == "Y" and self.factor == 100


@dataclass(frozen=True, eq=False)
class TimeLexicon:
    """The time words and grammar pieces, typed; read-only, one per data folder.

    Compared by identity (eq=False), so a grammar compiled from a lexicon can be
    cached on it.
    """

    words: Mapping[str, TimeWord]
    digits: Mapping[str, int]
    counting_digits: Mapping[str, int]
    multipliers: Mapping[str, int]
    weekdays: Mapping[str, int]
    units: Mapping[str, Unit]
    point_mods: Mapping[str, str]
    span_close: Mapping[str, str]
    duration_before: Mapping[str, str | None]
    duration_after: Mapping[str, str]
    unknown_counts: tuple[str, ...]
    more: tuple[str, ...]
    year: tuple[str, ...]
    month: tuple[str, ...]
    month_suffix: tuple[str, ...]
    day: tuple[str, ...]
    bare_day: tuple[str, ...]
    not_after_day: tuple[str, ...]
    hour: tuple[str, ...]
    bare_hour: tuple[str, ...]
    minute: tuple[str, ...]
    half: tuple[str, ...]
    clock_approx: tuple[str, ...]
    not_after_part_of_day: tuple[str, ...]
    week_names: tuple[str, ...]
    weekend: tuple[str, ...]
    weekend_after_week: tuple[str, ...]
    not_after_set_weekday: tuple[str, ...]
    measure: tuple[str, ...]
    span_open: tuple[str, ...]
    range_links: tuple[str, ...]
    not_after_future: tuple[str, ...]
    disposal_markers: tuple[str, ...]
    dispatch: tuple[str, ...]

    def of(self, kind: str, grain: str | None = None, qualified: bool | None = None) -> list[str]:
        """Words of one class (and grain), for building the grammar.

        ``qualified`` words carry a mod or a value suffix (年底, 上半年): they stand
        alone rather than combine with a month or day after them.
        """
        return [
            w.word
            for w in self.words.values()
            if w.kind == kind
            and (grain is None or w.grain == grain)
            and (qualified is None or bool(w.mod or w.value) == qualified)
        ]

    def digit_chars(self, low: int, high: int, counting: bool = False) -> str:
        """Digits whose value lies in [low, high]; with ``counting``, 两 too."""
        table = {**self.digits, **self.counting_digits} if counting else self.digits
        return "".join(c for c, value in table.items() if low <= value <= high)

    def numeral_chars(self) -> str:
        """Every character of a Chinese numeral: digits, counting digits, multipliers."""
        return "".join([*self.digits, *self.counting_digits, *self.multipliers])

    def number(self, text: str) -> int:
        """Arabic (also full-width) or Chinese numerals as an int (cn2an reads the latter)."""
        if text.isdigit():
            return int(text)
        import cn2an  # imported on first Chinese numeral: it costs 0.2 s at start-up

        try:
            return int(cn2an.cn2an(self._as_ordinal_digits(text), "smart"))
        except (KeyError, IndexError) as error:  # cn2an's answer to malformed numerals (百十七)
            raise ValueError(f"not a Chinese numeral: {text!r}") from error

    def _as_ordinal_digits(self, text: str) -> str:
        """Counting digits as the digit of the same value (两 → 二), which cn2an reads."""
        first = {value: char for char, value in reversed(list(self.digits.items()))}
        spelled = {char: first.get(value, char) for char, value in self.counting_digits.items()}
        return "".join(spelled.get(c, c) for c in text)


@cache
def time_lexicon(files: DataFiles) -> TimeLexicon:
    """The time lexicon of one data folder (shipped files with the user's laid over)."""
    words = parse_time_words(files.table_parts(WORDS_FILE))
    where = " or ".join(str(path) for path in files.paths(GRAMMAR_FILE))
    return parse_time_grammar(words, files.document(GRAMMAR_FILE), where)


def parse_time_words(
    parts: Iterable[tuple[Path, Iterable[Mapping[str, str]]]],
) -> dict[str, TimeWord]:
    """Time-word rows checked and keyed by word; a bad row names its file and itself."""
    words: dict[str, TimeWord] = {}
    for path, rows in parts:
        for row in rows:
            word = row["word"]
            problem = _word_problem(row, words)
            if problem:
                raise DataFileError(f"{path}: {word!r}: {problem}")
            words[word] = TimeWord(
                word=word,
                kind=row["class"],
                grain=row["grain"],
                offset=int(row["offset"] or 0),
                value=row["value"],
                part_of_day=row["part_of_day"],
                mod=row["mod"],
            )
    return words


def _word_problem(row: Mapping[str, str], words: Mapping[str, TimeWord]) -> str | None:
    checks = (
        (row["class"] in WORD_CLASSES, f"unknown class {row['class']!r}"),
        (row["grain"] in WORD_GRAINS, f"unknown grain {row['grain']!r}"),
        (re.fullmatch(r"(?:-?[0-9]+)?", row["offset"]) is not None, "offset is not a whole number"),
        (row["part_of_day"] in PARTS_OF_DAY, f"unknown part of day {row['part_of_day']!r}"),
        (row["mod"] in WORD_MODS, f"unknown mod {row['mod']!r}"),
        (bool(row["word"]) and row["word"] not in words, "empty or listed twice"),
    )
    return next((problem for ok, problem in checks if not ok), None)


def parse_time_grammar(
    words: Mapping[str, TimeWord], document: Any, where: str = GRAMMAR_FILE
) -> TimeLexicon:
    """The grammar document checked key by key, with the words, as one lexicon."""
    if not isinstance(document, dict):
        raise DataFileError(f"{where}: expected a mapping of the grammar's pieces")
    missing = sorted(GRAMMAR_KEYS - set(document))
    unknown = sorted(set(document) - GRAMMAR_KEYS, key=str)
    if missing or unknown:
        raise DataFileError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    units = {word: _unit(word, spec, where) for word, spec in _mapping(document, "units", where)}
    # Each value checked above has its field's type; the mappings are made read-only.
    fields: dict[str, Any] = {key: _word_list(document[key], key, where) for key in WORD_LISTS}
    fields |= {key: MappingProxyType(_numbers(document, key, where)) for key in NUMBER_MAPS}
    fields |= {key: MappingProxyType(_codes(document, key, where)) for key in CODE_MAPS}
    return TimeLexicon(words=MappingProxyType(dict(words)), units=MappingProxyType(units), **fields)


def _mapping(document: dict[str, Any], key: str, where: str) -> list[tuple[str, Any]]:
    value = document[key]
    if not isinstance(value, dict) or not value:
        raise DataFileError(f"{where}: '{key}' must be a non-empty mapping")
    for word in value:
        if not isinstance(word, str) or not word:
            raise DataFileError(f"{where}: '{key}': {word!r} is not a word")
    return list(value.items())


def _numbers(document: dict[str, Any], key: str, where: str) -> dict[str, int]:
    pairs = _mapping(document, key, where)
    for word, value in pairs:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DataFileError(f"{where}: '{key}.{word}' must be a whole number, not {value!r}")
    return dict(pairs)


def _codes(document: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    allowed = CODE_MAPS[key]
    pairs = _mapping(document, key, where)
    for word, value in pairs:
        if value not in allowed:
            choices = ", ".join(sorted(str(a) for a in allowed))
            raise DataFileError(f"{where}: '{key}.{word}' is {value!r}, not one of {choices}")
    return dict(pairs)


def _word_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise DataFileError(f"{where}: '{key}' must be a list of words")
    return tuple(dict.fromkeys(value))


def _unit(word: str, spec: Any, where: str) -> Unit:
    fields = {"letter", "factor", "grain", "measure", "not_followed_by"}
    if not isinstance(spec, dict) or not set(spec) <= fields:
        raise DataFileError(f"{where}: unit {word!r} takes the keys {sorted(fields)}")
    factor: Any = spec.get("factor")
    checks = (
        (spec.get("letter") in UNIT_LETTERS, f"letter one of {''.join(sorted(UNIT_LETTERS))}"),
        (isinstance(factor, int) and not isinstance(factor, bool) and factor > 0, "factor > 0"),
        (spec.get("grain") in UNIT_GRAINS, f"grain one of {', '.join(sorted(UNIT_GRAINS))}"),
        (spec.get("measure") in MEASURES, f"measure one of {', '.join(sorted(MEASURES))}"),
    )
    for ok, needed in checks:
        if not ok:
            raise DataFileError(f"{where}: unit {word!r} needs {needed}")
    after = _word_list(spec.get("not_followed_by", []), f"units.{word}.not_followed_by", where)
    return Unit(word, spec["letter"], factor, spec["grain"], spec["measure"], after)
