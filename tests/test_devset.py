"""The hand-written dev pages in tests/data/devset agree with their answer keys.

The dev set is a yardstick: a snippet in a gold file that does not occur in its
page, or a value that is not ISO 8601, would silently lower every score, so
each key is checked against its document here (whitespace removed, as the
scorer compares).
"""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

DEVSET = Path(__file__).parent / "data" / "devset"
GOLD_FILES = sorted((DEVSET / "gold").glob("*.json"))
ENTITY_TYPES = {"PER", "LOC", "ORG"}
QUOTE_KINDS = {"direct", "indirect"}
PLOVER_TYPES = {
    *("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"),
    *("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
# Calendar values (2025, 2025-08, 2025-07-01, 2025-07-01T15:00), ISO week-ends
# (2025-W27-WE) and durations (P3M, P15D, P2W).
TIME_VALUE = re.compile(r"^(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2})?)?)?|\d{4}-W\d{2}-WE|P\d+[YMWD])$")


def squash(text: str) -> str:
    """Remove all whitespace: line breaks in the pages are layout, not content."""
    return re.sub(r"\s+", "", text)


def load(gold_path: Path) -> tuple[dict[str, Any], str]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    document = DEVSET / "docs" / gold["document"]
    return gold, squash(document.read_text(encoding="utf-8"))


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


def test_devset_has_pages() -> None:
    assert len(GOLD_FILES) >= 4
    for gold_path in GOLD_FILES:
        assert (DEVSET / "docs" / (gold_path.stem + ".txt")).is_file()


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_snippet_occurs_in_the_page(gold_path: Path) -> None:
    gold, text = load(gold_path)
    missing = [s for s in snippets(gold) if squash(s) not in text]
    assert missing == []


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_times_are_located_and_iso(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    for time in gold["times"]:
        assert squash(time["text"]) in squash(time["in"]), time
        assert TIME_VALUE.match(time["value"]), time


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_datelines_are_the_day_before_publication(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    published = dt.date.fromisoformat(gold["published"])
    datelines = [a["dateline"] for a in gold["articles"] if a["dateline"]]
    for dateline in datelines:
        assert dt.date.fromisoformat(dateline["date"]) == published - dt.timedelta(days=1)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_labels_come_from_the_gold_vocabulary(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    assert {e["type"] for e in gold["entities"]} <= ENTITY_TYPES
    assert {q["kind"] for q in gold["quotes"]} <= QUOTE_KINDS
    for event in gold["events"]:
        types = event["type"] if isinstance(event["type"], list) else [event["type"]]
        assert set(types) <= PLOVER_TYPES, event
        assert event["actors"] and all(event["actors"]), event
        if event["date"] is not None:
            dt.date.fromisoformat(event["date"])


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_each_surface_form_belongs_to_one_entity(gold_path: Path) -> None:
    gold, _ = load(gold_path)
    forms = [(e["type"], m) for e in gold["entities"] for m in e["mentions"]]
    assert len(forms) == len(set(forms))
