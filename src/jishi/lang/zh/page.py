"""The words of a news page's parts: outlets, credits, datelines, bylines, photo
credits, section labels and furniture (page_words.yaml, news_sources.tsv,
section_labels.tsv).

One typed loader each, checked when read: a misspelt key, a list given as a word or
an unknown label kind in a user file is named at once rather than silently ignored,
which would leave a rule without its words. The layout stage builds its patterns
from what these return; nothing else about Chinese page layout lives in its code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from types import MappingProxyType

from jishi.lang.data import DataFileError, DataFiles

WORDS_FILE = "page_words.yaml"
SOURCES_FILE = "news_sources.tsv"
LABELS_FILE = "section_labels.tsv"
PLACES_FILE = "actors/places.yaml"
LABEL_MATCHES = frozenset({"whole", "start", "briefs"})


@dataclass(frozen=True)
class PageWords:
    """page_words.yaml, one tuple of words per list (see the file for what each marks)."""

    outlet_endings: tuple[str, ...]
    agency_endings: tuple[str, ...]
    outlet_conjunctions: tuple[str, ...]
    own_outlet: tuple[str, ...]
    own_news: tuple[str, ...]
    credit_by: tuple[str, ...]
    credit_compiled: tuple[str, ...]
    credit_labels: tuple[str, ...]
    credit_scopes: tuple[str, ...]
    credit_parts: tuple[str, ...]
    credit_others: tuple[str, ...]
    credit_kinds: tuple[str, ...]
    dateline_reporters: tuple[str, ...]
    dateline_dispatches: tuple[str, ...]
    undated_dispatches: tuple[str, ...]
    calendar_year: tuple[str, ...]
    calendar_month: tuple[str, ...]
    calendar_day: tuple[str, ...]
    report_editions: tuple[str, ...]
    report_zones: tuple[str, ...]
    report_verbs: tuple[str, ...]
    byline_sent: tuple[str, ...]
    byline_stationed: tuple[str, ...]
    byline_roles: tuple[str, ...]
    byline_writers: tuple[str, ...]
    byline_text: tuple[str, ...]
    byline_from: tuple[str, ...]
    photo_taken: tuple[str, ...]
    photo_released: tuple[str, ...]
    photo_supplied: tuple[str, ...]
    photo_source_labels: tuple[str, ...]
    photo_prefixes: tuple[str, ...]
    caption_openings: tuple[str, ...]
    weekday_words: tuple[str, ...]
    weekday_names: tuple[str, ...]
    continued: tuple[str, ...]
    page_number_before: tuple[str, ...]
    page_number_after: tuple[str, ...]
    numerals: tuple[str, ...]
    page_staff_scope: tuple[str, ...]
    page_staff: tuple[str, ...]
    page_staff_suffixes: tuple[str, ...]
    story_end: tuple[str, ...]
    content_labels: tuple[str, ...]


@dataclass(frozen=True)
class SectionLabels:
    """section_labels.tsv by how a label is matched."""

    # the whole line is the label (最新进展, 链接)
    whole: frozenset[str]
    # the label opens with the word and names a topic (聚焦中东局势)
    openings: tuple[str, ...]
    # the label ends with the word and heads a column of briefs (国际简讯)
    briefs: tuple[str, ...]


@cache
def page_words(files: DataFiles) -> PageWords:
    """page_words.yaml with the user's file laid over it, every list checked."""
    document = files.document(WORDS_FILE)
    origin = " + ".join(str(path) for path in files.paths(WORDS_FILE))
    if not isinstance(document, dict):
        raise DataFileError(f"{origin}: expected a mapping of word lists")
    names = [f.name for f in fields(PageWords)]
    unknown = sorted(set(document) - set(names))
    if unknown:
        raise DataFileError(f"{origin}: unknown word lists {unknown}")
    return PageWords(**{name: _word_list(document, name, origin) for name in names})


def _word_list(document: dict[str, object], key: str, origin: str) -> tuple[str, ...]:
    words = document.get(key)
    if not isinstance(words, list) or not words:
        raise DataFileError(f"{origin}: '{key}' must be a non-empty list of words")
    if not all(isinstance(word, str) and word.strip() for word in words):
        raise DataFileError(f"{origin}: '{key}' holds an empty or non-text word")
    return tuple(dict.fromkeys(word.strip() for word in words))


@cache
def news_sources(files: DataFiles) -> tuple[str, ...]:
    """Known agencies and outlets, longest first so that 央视新闻客户端 beats 央视新闻
    (names of one length in code-point order, so that the patterns built of them are
    the same text in every process and their compiled form can be kept)."""
    names = {row["name"] for row in files.table(SOURCES_FILE) if row["name"]}
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


@cache
def place_names(files: DataFiles) -> frozenset[str]:
    """Names of states and places (countries.tsv, actors/places.yaml) with their aliases."""
    from jishi.lang.zh.countries import countries

    names = {form for country in countries(files) for form in (country.name, *country.aliases)}
    for record in files.document(PLACES_FILE) or ():
        if isinstance(record, dict) and record.get("kind") == "place":
            names.add(str(record["name"]))
            names.update(str(alias) for alias in record.get("aliases") or ())
    return frozenset(name for name in names if name)


@cache
def source_families(files: DataFiles) -> Mapping[str, str]:
    """Each listed outlet's family (央视网 → 央视), itself when the row names none."""
    return MappingProxyType(
        {row["name"]: row["family"] or row["name"] for row in files.table(SOURCES_FILE)}
    )


@cache
def section_labels(files: DataFiles) -> SectionLabels:
    """section_labels.tsv, each row's match kind checked."""
    kinds: dict[str, list[str]] = {kind: [] for kind in LABEL_MATCHES}
    for path, rows in files.table_parts(LABELS_FILE):
        for row in rows:
            if row["match"] not in LABEL_MATCHES:
                raise DataFileError(f"{path}: {row['text']}: unknown match {row['match']!r}")
            kinds[row["match"]].append(row["text"])
    return SectionLabels(
        whole=frozenset(kinds["whole"]),
        openings=tuple(kinds["start"]),
        briefs=tuple(kinds["briefs"]),
    )
