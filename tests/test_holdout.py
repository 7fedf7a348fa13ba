"""The held-out pages in tests/data/holdout agree with their answer keys.

The holdout set measures generalization, so nobody tunes rules on it; but a key
that quotes text the page does not contain, or a malformed date, would silently
lower every score. Each key is checked against its page here with the dev set's
own helpers, so both sets follow one definition of "consistent".
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from test_devset import ENTITY_TYPES, PLOVER_TYPES, QUOTE_KINDS, TIME_VALUE, snippets, squash

HOLDOUT = Path(__file__).parent / "data" / "holdout"
GOLD_FILES = sorted((HOLDOUT / "gold").glob("*.json"))
# A PDF dump never starts a line with closing punctuation: the typesetter keeps
# it on the line before, so a page that does was not laid out like a real one.
CLOSING_PUNCTUATION = tuple("，。、”；：？！）》")


def load(gold_path: Path) -> tuple[dict[str, Any], str]:
    """The answer key and its page as written (line breaks kept)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return gold, (HOLDOUT / "docs" / gold["document"]).read_text(encoding="utf-8")


def event_types(event: dict[str, Any]) -> list[str]:
    return event["type"] if isinstance(event["type"], list) else [event["type"]]


def test_holdout_has_a_column_page_and_wire_copy() -> None:
    names = [p.stem for p in GOLD_FILES]
    assert any(name.endswith("column_page") for name in names)
    assert any(name.endswith("wire_copy") for name in names)
    for gold_path in GOLD_FILES:
        gold, _ = load(gold_path)
        assert gold["document"] == gold_path.stem + ".txt"
        dt.date.fromisoformat(gold["published"])


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_snippet_occurs_in_the_page(gold_path: Path) -> None:
    gold, page = load(gold_path)
    text = squash(page)
    missing = [s for s in snippets(gold) if squash(s) not in text]
    assert missing == []


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_times_are_located_and_well_formed(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    for time in gold["times"]:
        assert squash(time["text"]) in squash(time["in"]), time
        assert TIME_VALUE.match(time["value"]), time


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_datelines_name_an_agency_place_and_the_day_before(gold_path: Path) -> None:
    gold, page = load(gold_path)
    published = dt.date.fromisoformat(gold["published"])
    datelines = [a["dateline"] for a in gold["articles"] if a["dateline"]]
    assert datelines
    for dateline in datelines:
        assert dt.date.fromisoformat(dateline["date"]) == published - dt.timedelta(days=1)
        assert squash(dateline["agency"] + dateline["place"]) in squash(page), dateline


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_labels_and_event_dates_are_well_formed(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    assert {e["type"] for e in gold["entities"]} <= ENTITY_TYPES
    assert {q["kind"] for q in gold["quotes"]} <= QUOTE_KINDS
    for event in gold["events"]:
        assert set(event_types(event)) <= PLOVER_TYPES, event
        assert event.get("mode") in {None, "phone", "visit"}, event
        assert event["actors"] and all(event["actors"]), event
        if event["date"] is not None:
            dt.date.fromisoformat(event["date"])


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_each_surface_form_belongs_to_one_entity(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    forms = [(e["type"], m) for e in gold["entities"] for m in e["mentions"]]
    assert len(forms) == len(set(forms))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_quote_speakers_are_named_entities_of_the_page(gold_path: Path) -> None:
    """A speaker the key names must be an entity of the same key, or linking cannot be scored."""
    gold, _ = load(gold_path)
    names = {e["name_en"] for e in gold["entities"]}
    assert {q["speaker_en"] for q in gold["quotes"]} <= names


def test_column_pages_never_start_a_line_with_closing_punctuation() -> None:
    for gold_path in GOLD_FILES:
        if not gold_path.stem.endswith("column_page"):
            continue
        _, page = load(gold_path)
        bad = [line for line in page.splitlines() if line.startswith(CLOSING_PUNCTUATION)]
        assert bad == [], gold_path.stem
