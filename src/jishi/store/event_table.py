"""The event table: one row per source–target dyad of each merged event, in the column
layout of the event-data field (docs/event-table.md compares it with POLECAT and GDELT).

Why dyads: GDELT, ICEWS and POLECAT rows have one source actor and one target actor,
and an analyst counting China→France events should not have to split cells. An event
with two sources and one target gives two rows with the same ``event_id``; an event
with no target keeps one row per source with the target columns empty.

Each row's evidence (story date, outlet, headline, article, sentence, trigger and
offsets, reported_by) is that of the first report naming both of its actors (the
first report at all when none does); the counts and ``source_documents`` cover every
report of the merged event. Codes come from data tables of ours in lang/zh/data:
actor_sectors.tsv (CAMEO role codes), plover_scores.tsv (intensity) and
plover_types.tsv (QuadClass, through jishi.lang.plover); coordinates from
jishi.lang.zh.gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jishi.lang.data import DataFileError, DataFiles, data_files
from jishi.lang.plover import QUADS, plover_types
from jishi.lang.zh.gazetteer import Place, locate
from jishi.store.queries import DATE_FORMAT, QueryError, event_roles, period_bound
from jishi.store.schema import (
    ActorRow,
    ArticleRow,
    DocumentRow,
    EventMentionRow,
    EventRow,
    ParticipantRow,
)

LIST_SEPARATOR = "; "
SIDES = ("source", "target")


def _side(side: str) -> list[tuple[str, pa.DataType]]:
    fields = ["name", "name_zh", "code", "country", "sector", "kind", "qid"]
    return [(f"{side}_{name}", pa.string()) for name in fields] + [(f"{side}_actor_id", pa.int64())]


SCHEMA = pa.schema(
    [
        ("event_id", pa.int64()),
        ("dyad_index", pa.int64()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("date_value", pa.string()),
        ("plover_type", pa.string()),
        ("plover_mode", pa.string()),
        ("cameo_code", pa.string()),
        ("quad_class", pa.int64()),
        ("intensity", pa.float64()),
        ("negated", pa.bool_()),
        ("modality", pa.string()),
        *_side("source"),
        *_side("target"),
        ("location_name", pa.string()),
        ("location_name_zh", pa.string()),
        ("location_country", pa.string()),
        ("location_lat", pa.float64()),
        ("location_lon", pa.float64()),
        ("location_geonames_id", pa.int64()),
        ("location_feature", pa.string()),
        ("reported_by", pa.string()),
        ("reported_by_actor_id", pa.int64()),
        ("story_date", pa.date32()),
        ("story_date_inferred", pa.bool_()),
        ("outlet", pa.string()),
        ("headline", pa.string()),
        ("document_id", pa.string()),
        ("article_id", pa.string()),
        ("paragraph", pa.int64()),
        ("sentence_index", pa.int64()),
        ("sentence", pa.string()),
        ("trigger", pa.string()),
        ("trigger_start", pa.int64()),
        ("trigger_end", pa.int64()),
        ("num_mentions", pa.int64()),
        ("num_articles", pa.int64()),
        ("num_documents", pa.int64()),
        ("source_documents", pa.string()),
    ]
)
COLUMNS = SCHEMA.names
DATE_COLUMNS = [f.name for f in SCHEMA if f.type == pa.date32()]


# --- dates: TIMEX values as a first and last day with their precision -----------------

PRECISIONS = ("day", "week", "month", "quarter", "half", "year")
PERIOD_PRECISION = {len("2025-03-12"): "day", len("2025-03"): "month", len("2025"): "year"}
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-(WE|[1-7]))?$")
_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")


@dataclass(frozen=True)
class DateSpan:
    """The first and last day a date value covers, and its precision."""

    start: date
    end: date
    precision: str


def date_span(value: str | None) -> DateSpan | None:
    """2025-03-12 → that day; 2025-03 → March; 2025-W11-WE → its Saturday and Sunday;
    2025-Q1, 2025-H2, 2025; a range 2025-05-07/2025-05-10 → from the first day of its
    start to the last of its end, at the coarser precision. Values that name no
    calendar span (XXXX-02-13, PAST_REF, a century) give None."""
    if not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        begin, end = date_span(first), date_span(last)
        if begin is None or end is None or end.end < begin.start:
            return None
        coarser = max(begin.precision, end.precision, key=PRECISIONS.index)
        return DateSpan(begin.start, end.end, coarser)
    try:
        return _point_span(value)
    except ValueError:  # an impossible day or week (2025-02-30, 2025-W60)
        return None


def _point_span(value: str) -> DateSpan | None:
    day = value.split("T")[0]
    if DATE_FORMAT.match(day):
        return _period(day, day, PERIOD_PRECISION[len(day)])
    if match := _WEEK.match(value):
        return _week(int(match[1]), int(match[2]), match[3])
    if match := _PART.match(value):
        year, number, months = match[1], int(match[2][1]), 3 if match[2][0] == "Q" else 6
        last = months * number
        precision = "quarter" if months == 3 else "half"
        return _period(f"{year}-{last - months + 1:02d}", f"{year}-{last:02d}", precision)
    return None


def _period(first: str, last: str, precision: str) -> DateSpan | None:
    """From the first day of `first` to the last of `last` (YYYY, YYYY-MM or a day), with
    the query layer's reading of such periods, so that a filter and the table agree."""
    try:
        start = period_bound(first, "date", last=False)
        end = period_bound(last, "date", last=True)
    except QueryError:  # an impossible day or month (2025-02-30)
        return None
    return DateSpan(date.fromisoformat(start), date.fromisoformat(end), precision)


def _week(year: int, week: int, part: str | None) -> DateSpan:
    if part == "WE":
        return DateSpan(
            date.fromisocalendar(year, week, 6), date.fromisocalendar(year, week, 7), "week"
        )
    if part:
        day = date.fromisocalendar(year, week, int(part))
        return DateSpan(day, day, "day")
    return DateSpan(
        date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7), "week"
    )


# --- codes: our data tables ------------------------------------------------------------


@dataclass(frozen=True)
class Codes:
    """The event-data tables: sector → CAMEO role code, (type, mode) → PLOVER score, and
    the PLOVER type's quad class (plover_types.tsv, which the query layer shares)."""

    roles: dict[str, tuple[str, bool]]
    scores: dict[tuple[str, str], float]

    def actor_code(self, actor: ActorRow) -> str | None:
        """CHNGOV for a Chinese official, CHN for China itself, IGO for the UN's head."""
        role, with_country = self.roles.get(actor.sector or "", ("", True))
        if actor.kind == "state":
            role = ""
        country = (actor.country or "") if with_country else ""
        return f"{country}{role}" or None

    def intensity(self, event_type: str, mode: str | None) -> float | None:
        return self.scores.get((event_type, mode or ""), self.scores.get((event_type, "")))

    @staticmethod
    def quad_class(event_type: str) -> int | None:
        """1 to 4 in the order of jishi.lang.plover.QUADS (verbal cooperation first)."""
        known = plover_types().get(event_type)
        return QUADS.index(known.quad) + 1 if known else None


@cache
def codes(data: DataFiles | None = None) -> Codes:
    """The tables, checked, with a user's rows laid over the shipped ones (later rows win)."""
    data = data or data_files()
    scores: dict[tuple[str, str], float] = {}
    for row in data.table("plover_scores.tsv"):
        try:
            scores[(row["type"], row["mode"])] = float(row["score"])
        except ValueError:
            raise DataFileError(
                f"plover_scores.tsv: {row['type']} {row['mode']}: "
                f"score {row['score']!r} is not a number"
            ) from None
    roles = {}
    for row in data.table("actor_sectors.tsv"):
        if row["with_country"] not in {"yes", "no"}:
            raise DataFileError(
                f"actor_sectors.tsv: {row['sector']}: with_country must be yes or no"
            )
        roles[row["sector"]] = (row["cameo"], row["with_country"] == "yes")
    return Codes(roles, scores)


# --- rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One stored report of an event with the article and document it stands in."""

    mention: EventMentionRow
    article_key: str
    headline: str | None
    doc_key: str
    published: str | None
    published_inferred: bool
    outlet: str | None

    def names(self, *actors: ActorRow | None) -> bool:
        present = {p.actor_id for p in self.mention.participants}
        return all(actor is None or actor.id in present for actor in actors)


class EventTable:
    """Builds rows for batches of event ids, resolving each location once."""

    def __init__(self, session: Session, data: DataFiles | None = None) -> None:
        self.session = session
        self.codes = codes(data)
        self.places: dict[int, Place | None] = {}

    def rows(self, event_ids: list[int]) -> list[dict[str, Any]]:
        """The dyad rows of these events, in the order of `event_ids`."""
        events = {
            e.id: e
            for e in self.session.scalars(
                select(EventRow)
                .where(EventRow.id.in_(event_ids))
                .options(selectinload(EventRow.location))
            )
        }
        reports = self._reports(event_ids)
        return [
            row
            for i in event_ids
            if i in events and reports[i]  # an event no report describes is being removed
            for row in self._event(events[i], reports[i])
        ]

    def _reports(self, event_ids: list[int]) -> dict[int, list[Report]]:
        query = (
            select(
                EventMentionRow,
                ArticleRow.article_key,
                ArticleRow.headline,
                DocumentRow.doc_key,
                DocumentRow.published,
                DocumentRow.published_inferred,
                DocumentRow.outlet,
            )
            .join(ArticleRow, ArticleRow.id == EventMentionRow.article_id)
            .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
            .where(EventMentionRow.event_id.in_(event_ids))
            .order_by(EventMentionRow.id)
            .options(
                selectinload(EventMentionRow.participants).selectinload(ParticipantRow.actor),
                selectinload(EventMentionRow.reported_by),
            )
        )
        found: dict[int, list[Report]] = {i: [] for i in event_ids}
        for row in self.session.execute(query):
            report = Report(*row)
            found[report.mention.event_id].append(report)
        return found

    def _event(self, event: EventRow, reports: list[Report]) -> list[dict[str, Any]]:
        sources, targets = event_roles([(r.mention, r.doc_key) for r in reports])
        sides: tuple[list[ActorRow | None], list[ActorRow | None]] = (
            [*sources] or [None],
            [*targets] or [None],
        )
        dyads = [(s, t) for s in sides[0] for t in sides[1]]
        span = date_span(event.date)
        common = {
            "event_id": event.id,
            "date_start": span.start if span else None,
            "date_end": span.end if span else None,
            "date_precision": span.precision if span else None,
            "date_value": event.date,
            "plover_type": event.type,
            "plover_mode": event.mode,
            "cameo_code": event.cameo,
            "quad_class": self.codes.quad_class(event.type),
            "intensity": self.codes.intensity(event.type, event.mode),
            "negated": event.negated,
            "modality": event.modality,
            **self._location(event.location),
            **_counts(reports),
        }
        rows = []
        for number, (source, target) in enumerate(dyads):
            evidence = next((r for r in reports if r.names(source, target)), reports[0])
            rows.append(
                {
                    **common,
                    "dyad_index": number,
                    **self._actor("source", source),
                    **self._actor("target", target),
                    **_evidence(evidence),
                }
            )
        return [{name: row.get(name) for name in COLUMNS} for row in rows]

    def _actor(self, side: str, actor: ActorRow | None) -> dict[str, Any]:
        if actor is None:
            return {}
        return {
            f"{side}_name": actor.name_en,
            f"{side}_name_zh": actor.name,
            f"{side}_code": self.codes.actor_code(actor),
            f"{side}_country": actor.country,
            f"{side}_sector": actor.sector,
            f"{side}_kind": actor.kind,
            f"{side}_qid": actor.qid,
            f"{side}_actor_id": actor.id,
        }

    def _location(self, actor: ActorRow | None) -> dict[str, Any]:
        if actor is None:
            return {}
        if actor.id not in self.places:
            # As the actors stage places entities: an unlinked name may be another
            # country's city, so only a linked place or state is looked up.
            state = actor.kind == "state"
            found = (
                locate(actor.name_en, actor.name, actor.country, state) if actor.linked else None
            )
            self.places[actor.id] = found
        place = self.places[actor.id]
        return {
            "location_name": actor.name_en,
            "location_name_zh": actor.name,
            "location_country": actor.country or (place.country if place else None),
            "location_lat": place.latitude if place else None,
            "location_lon": place.longitude if place else None,
            "location_geonames_id": place.geonames_id if place else None,
            "location_feature": place.feature if place else None,
        }


def _counts(reports: list[Report]) -> dict[str, Any]:
    documents = list(dict.fromkeys(r.doc_key for r in reports))
    return {
        "num_mentions": len(reports),
        "num_articles": len({r.mention.article_id for r in reports}),
        "num_documents": len(documents),
        "source_documents": LIST_SEPARATOR.join(documents),
    }


def _evidence(report: Report) -> dict[str, Any]:
    mention = report.mention
    speaker = mention.reported_by
    return {
        "reported_by": (speaker.name_en or speaker.name) if speaker else None,
        "reported_by_actor_id": speaker.id if speaker else None,
        "story_date": date.fromisoformat(report.published) if report.published else None,
        "story_date_inferred": report.published_inferred,
        "outlet": report.outlet,
        "headline": report.headline,
        "document_id": report.doc_key,
        "article_id": report.article_key,
        "paragraph": mention.paragraph,
        "sentence_index": mention.sentence_index,
        "sentence": mention.sentence,
        "trigger": mention.trigger,
        "trigger_start": mention.trigger_start,
        "trigger_end": mention.trigger_end,
    }


def event_rows(
    session: Session, event_ids: Iterable[int], batch: int, data: DataFiles | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Rows of the event table for these events, `batch` events at a time."""
    table = EventTable(session, data)
    ids = list(event_ids)
    for start in range(0, len(ids), batch):
        yield table.rows(ids[start : start + batch])
