"""Our own answer keys (tests/data/devset and tests/data/holdout) agree with their pages.

The keys are yardsticks: a snippet that does not occur in its page, a value
that is not ISO 8601 or a speaker who is not an entity of the key would
silently lower every score, so each key is checked against its page here
(whitespace removed, as the scorer compares).
"""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from jishi.eval.scores import squash

DATA = Path(__file__).parent / "data"
SETS = ("devset", "holdout")
GOLD_FILES = sorted(path for name in SETS for path in (DATA / name / "gold").glob("*.json"))
ENTITY_TYPES = {"PER", "LOC", "ORG"}
QUOTE_KINDS = {"direct", "indirect"}
PLOVER_TYPES = {
    *("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"),
    *("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
# Calendar values (2025, 2025-08, 2025-07-01, 2025-07-01T15:00), ISO week-ends
# (2025-W27-WE) and durations (P3M, P15D, P2W).
TIME_VALUE = re.compile(r"^(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2})?)?)?|\d{4}-W\d{2}-WE|P\d+[YMWD])$")
# A PDF dump never starts a line with closing punctuation: the typesetter keeps
# it on the line before, so a page that does was not laid out like a real one.
CLOSING_PUNCTUATION = tuple("，。、”；：？！）》")


def load(gold_path: Path) -> tuple[dict[str, Any], str]:
    """The answer key and its page as written (line breaks kept)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return gold, (gold_path.parent.parent / "docs" / gold["document"]).read_text("utf-8")


def snippets(gold: dict[str, Any]) -> list[str]:
    """Every piece of gold text that must be found verbatim in the page."""
    found: list[str] = []
    for article in gold["articles"]:
        found.append(article["headline"])
        found += article["paragraphs"] + article.get("optional", []) + article.get("subheads", [])
    for entity in gold["entities"]:
        found += entity["mentions"]
    found += [time["in"] for time in gold["times"]]
    found += [quote["text"] for quote in gold["quotes"]]
    found += [event["note"] for event in gold["events"] if event.get("note")]
    return found


def event_types(event: dict[str, Any]) -> list[str]:
    return event["type"] if isinstance(event["type"], list) else [event["type"]]


@pytest.mark.parametrize("name", SETS)
def test_each_set_has_a_column_page_and_wire_copy(name: str) -> None:
    stems = [path.stem for path in GOLD_FILES if path.parent.parent.name == name]
    assert any(stem.endswith("column_page") for stem in stems)
    assert any(stem.endswith("wire_copy") for stem in stems)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_key_names_its_page_and_date(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    assert gold["document"] == gold_path.stem + ".txt"
    dt.date.fromisoformat(gold["published"])


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_snippet_occurs_in_the_page(gold_path: Path) -> None:
    gold, page = load(gold_path)
    text = squash(page)
    assert [s for s in snippets(gold) if squash(s) not in text] == []


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
    for dateline in [a["dateline"] for a in gold["articles"] if a["dateline"]]:
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


@pytest.mark.parametrize(
    "gold_path", [p for p in GOLD_FILES if p.stem.endswith("column_page")], ids=lambda p: p.stem
)
def test_column_pages_never_start_a_line_with_closing_punctuation(gold_path: Path) -> None:
    _, page = load(gold_path)
    assert [line for line in page.splitlines() if line.startswith(CLOSING_PUNCTUATION)] == []
