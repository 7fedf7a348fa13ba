"""How the events stage meets the Chinese Emergency Corpus (CEC).

CEC (Shanghai University) annotates news reports of fires, traffic accidents
and food poisoning: every event has a Denoter (the trigger) with a CEC type
(emergency, action, stateChange, movement, operation, perception,
statement). PLOVER codes deliberate political acts, so most CEC events have
no PLOVER counterpart by design; this report says how many of the violent or
destructive ones do, as information about coverage, not as a target.

Counted CEC events (docs/events.md): Denoter type ``emergency`` (the fire,
explosion, crash or poisoning itself) and ``stateChange`` denoters that report
harm (death, injury, destruction: a character of ``harm_characters.tsv`` in
the denoter). A counted event has a PLOVER counterpart when the events stage
(layout → … → events over the report text) codes an ASSAULT or COERCE
event (PLOVER's acts of force) in the same sentence; events of any other type
in that sentence are counted apart, since a REQUEST to fight the fire is no
counterpart of the fire.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jishi.eval.scores import squash as without_space
from jishi.lang.data import DataFileError, data_files
from jishi.model import Document

COUNTED_TYPES = frozenset({"emergency"})
FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
HARM_TYPES = frozenset({"stateChange"})
HARM_FILE = "harm_characters.tsv"
HARMS = frozenset({"death", "injury", "destruction"})
REPORT_DATE = re.compile(r"(\d{4})\D+(\d{1,2})\D+(\d{1,2})")
# CEC writes digits full-width; NFKC would also fold punctuation, so only digits are mapped.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class CecError(ValueError):
    """A CEC folder or file that cannot be read."""


@dataclass(frozen=True)
class Denoter:
    """One annotated CEC event trigger and the sentence it stands in."""

    text: str
    type: str
    sentence: str


@dataclass(frozen=True)
class Report:
    """One CEC report: its text as paragraphs and its annotated triggers."""

    path: Path
    title: str
    published: str | None
    paragraphs: list[str]
    denoters: list[Denoter]

    @property
    def text(self) -> str:
        """The report as a plain news text: headline, blank line, paragraphs."""
        return "\n\n".join([self.title, *self.paragraphs])


def squash(text: str) -> str:
    """Text without whitespace (the XML indents its markup) and with ASCII digits."""
    return without_space(text).translate(FULL_WIDTH_DIGITS)


def counted(denoter: Denoter) -> bool:
    """Violent or destructive: the emergency itself, or a change of state that harms."""
    if denoter.type in COUNTED_TYPES:
        return True
    return denoter.type in HARM_TYPES and not harm_characters().isdisjoint(denoter.text)


@cache
def harm_characters() -> frozenset[str]:
    """The characters of harm, from the shipped file alone: what the evaluation counts
    must not change with the user's data folder."""
    characters = set()
    for row in data_files().table(HARM_FILE):
        if len(row["character"]) != 1 or row["harm"] not in HARMS:
            raise DataFileError(f"{HARM_FILE}: bad row {row['character']!r} {row['harm']!r}")
        characters.add(row["character"])
    return frozenset(characters)


def report_date(text: str) -> str | None:
    """The report's date as ISO, or None where it is missing or impossible (2008年04月52日)."""
    match = REPORT_DATE.search(squash(text))
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def read_report(path: Path) -> Report:
    """Parse one CEC XML file; a malformed file raises CecError naming it."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as error:
        raise CecError(f"{path}: not a readable CEC XML file ({error})") from error
    content = root.find("Content")
    if content is None:
        raise CecError(f"{path}: no <Content> element")
    paragraphs = [squash("".join(p.itertext())) for p in content.iter("Paragraph")]
    denoters = [
        Denoter(squash(d.text or ""), d.get("type", ""), squash("".join(sentence.itertext())))
        for sentence in content.iter("Sentence")
        for d in sentence.iter("Denoter")
    ]
    published = report_date(root.findtext("ReportTime") or "")
    title = squash(root.findtext("Title") or "")
    return Report(path, title, published, [p for p in paragraphs if p], denoters)


def counterpart_types(denoter: Denoter, doc: Document) -> list[str]:
    """PLOVER types of the events coded in the denoter's sentence."""
    found = []
    for article in doc.articles:
        for event in article.events:
            sentences = [event.sentence, *(m.sentence for m in event.mentions)]
            for sentence in map(squash, sentences):
                if sentence and (sentence in denoter.sentence or denoter.sentence in sentence):
                    found.append(event.type)
                    break
    return found


@dataclass
class CecScore:
    """Counts over a CEC folder."""

    reports: int = 0
    counted: int = 0
    with_counterpart: int = 0
    with_other_event: int = 0
    events: int = 0
    counted_by_type: Counter[str] = field(default_factory=Counter)
    matched_by_type: Counter[str] = field(default_factory=Counter)
    plover_types: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)

    def add(self, report: Report, doc: Document) -> None:
        """Count one report against the document the pipeline made of it."""
        self.reports += 1
        for article in doc.articles:
            self.events += len(article.events)
            self.plover_types.update(event.type for event in article.events)
        for denoter in filter(counted, report.denoters):
            self.counted += 1
            self.counted_by_type[denoter.type] += 1
            found = set(counterpart_types(denoter, doc))
            if found & FORCE_TYPES:
                self.with_counterpart += 1
                self.matched_by_type[denoter.type] += 1
                continue
            self.with_other_event += bool(found)
            self.missed[denoter.text] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "counted_events": self.counted,
            "with_plover_counterpart": self.with_counterpart,
            "share": round(self.with_counterpart / self.counted, 4) if self.counted else None,
            "with_other_plover_event_in_sentence": self.with_other_event,
            "counted_by_cec_type": dict(self.counted_by_type),
            "matched_by_cec_type": dict(self.matched_by_type),
            "plover_events": self.events,
            "plover_events_by_type": dict(self.plover_types.most_common()),
            "most_missed_denoters": dict(self.missed.most_common(15)),
        }


def report_paths(folder: Path) -> list[Path]:
    """The XML files under a CEC folder (its subfolders are the three report kinds)."""
    if not folder.is_dir():
        raise CecError(f"{folder}: not a folder")
    paths = sorted(folder.rglob("*.xml"))
    if not paths:
        raise CecError(f"{folder}: no CEC .xml files found")
    return paths


def evaluate_cec(
    paths: Iterable[Path],
    process: Callable[[Report], Document],
    on_error: Callable[[CecError], None],
) -> CecScore:
    """Run ``process`` over every readable report and count counterparts."""
    score = CecScore()
    for path in paths:
        try:
            report = read_report(path)
        except CecError as error:
            on_error(error)
            continue
        score.add(report, process(report))
    return score
