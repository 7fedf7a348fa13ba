"""Across documents: one actor per real-world identity, one event per real-world event,
and each party's statements about an event grouped as its account.

Why here and not in a per-document stage: the same phone call is reported by
Xinhua, by a foreign ministry readout and by a second paper a day later; only
with every stored document at hand can the reports be merged and the parties'
readouts set side by side.

Rules (documented in docs/storage.md):
- actor identity: Wikidata QID; else English name + country + kind; else the
  Chinese name and type (an unlinked name stays apart from linked actors).
- same event: same PLOVER type and mode (where both give one), the same
  parties (two actor identities in common, or the only one a report names),
  and dates at most one day apart (reports of a call often carry the next
  day's date); events without a full date are never merged.
- accounts: quotes in the articles that report the event whose speaker is a
  participant, or speaks for a participant's country (a state actor, or an
  actor of that country in government or the military: a foreign ministry
  spokesperson, not a think-tank commentator), grouped by that country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from jishi.model import Entity, Event
from jishi.store.schema import (
    ActorRow,
    EventMentionRow,
    EventRow,
    ParticipantRow,
    QuoteRow,
)


def actor_identity(entity: Entity) -> str:
    """The key under which every mention of one real-world actor is merged."""
    if entity.qid:
        return f"qid:{entity.qid}"
    if entity.name_en and entity.country:
        kind = entity.kind or entity.type
        return f"en:{entity.name_en.casefold()}|{entity.country}|{kind}"
    return f"zh:{entity.type}:{entity.name}"


def date_window(value: str | None) -> list[str]:
    """The day before, the day itself and the day after, for a YYYY-MM-DD value."""
    if value is None or len(value) != 10:
        return []
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return []
    return [(day + timedelta(days=offset)).isoformat() for offset in (-1, 0, 1)]


def shares_parties(first: set[int], second: set[int]) -> bool:
    """Whether two reports name the same parties: two in common, or the only one a report names.

    One shared actor is not enough: Trump calling Putin and Trump calling
    Zelensky on the same day are two calls.
    """
    return len(first & second) >= min(2, len(first), len(second))


@dataclass
class KnownEvent:
    """What merging needs to know of a stored event: its key fields and all its parties."""

    id: int
    type: str
    mode: str | None
    date: str
    actors: set[int]

    def is_reported_by(self, event_type: str, mode: str | None, day: str, actors: set[int]) -> bool:
        """Whether a report with these fields describes this event again (rules above)."""
        return (
            self.type == event_type
            and (mode is None or self.mode is None or self.mode == mode)
            and day in date_window(self.date)
            and shares_parties(actors, self.actors)
        )


class EventIndex:
    """The stored events one document's reports may repeat, loaded in one query.

    Merging runs report by report (a later article of a page may repeat an
    earlier one), so events created while storing the document are added to
    the index, after the stored ones, as they are made.
    """

    def __init__(self, session: Session, events: list[Event], actors: set[int]) -> None:
        days = sorted({day for event in events for day in date_window(event.date)})
        types = sorted({event.type for event in events})
        self.events: dict[int, KnownEvent] = {}
        if not days or not actors:
            return
        sharing_an_actor = (
            select(EventMentionRow.event_id)
            .join(ParticipantRow, ParticipantRow.event_mention_id == EventMentionRow.id)
            .where(ParticipantRow.actor_id.in_(actors))
        )
        fields = (EventRow.id, EventRow.type, EventRow.mode, EventRow.date)
        rows = session.execute(
            select(*fields, ParticipantRow.actor_id)
            .distinct()
            .join(EventMentionRow, EventMentionRow.event_id == EventRow.id)
            .join(ParticipantRow, ParticipantRow.event_mention_id == EventMentionRow.id)
            .where(EventRow.type.in_(types))
            .where(EventRow.date.in_(days))
            .where(EventRow.id.in_(sharing_an_actor))
            .order_by(EventRow.id)
        )
        for event_id, event_type, mode, day, actor_id in rows:
            known = KnownEvent(event_id, event_type, mode, str(day), set())
            self.events.setdefault(event_id, known).actors.add(actor_id)

    def find(self, event: Event, actors: set[int]) -> KnownEvent | None:
        """The event this report describes again (the oldest: events are kept in id order)."""
        if not actors or not date_window(event.date):
            return None
        day = str(event.date)
        candidates = self.events.values()
        return next(
            (k for k in candidates if k.is_reported_by(event.type, event.mode, day, actors)), None
        )

    def add(self, known: KnownEvent) -> None:
        self.events[known.id] = known


OFFICIAL_SECTORS = ("government", "military")


@dataclass
class Account:
    """What one side (a country, or a speaker without one) said in reports of one event."""

    side: str
    quotes: list[QuoteRow] = field(default_factory=list)


def event_participants(session: Session, event_id: int) -> list[ActorRow]:
    """Every actor taking part in any report of the event."""
    query = (
        select(ActorRow)
        .join(ParticipantRow, ParticipantRow.actor_id == ActorRow.id)
        .join(EventMentionRow, EventMentionRow.id == ParticipantRow.event_mention_id)
        .where(EventMentionRow.event_id == event_id)
        .distinct()
        .order_by(ActorRow.id)
    )
    return list(session.scalars(query))


def accounts(session: Session, event_id: int) -> list[Account]:
    """The statements of each party about one event, one Account per side."""
    participants = event_participants(session, event_id)
    actor_ids = {actor.id for actor in participants}
    countries = {actor.country for actor in participants if actor.country}
    articles = select(EventMentionRow.article_id).where(EventMentionRow.event_id == event_id)
    official = ActorRow.sector.in_(OFFICIAL_SECTORS) | (ActorRow.kind == "state")
    quotes = session.scalars(
        select(QuoteRow)
        .join(ActorRow, ActorRow.id == QuoteRow.speaker_id)
        .where(QuoteRow.article_id.in_(articles))
        .where(ActorRow.id.in_(actor_ids) | (ActorRow.country.in_(countries) & official))
        .order_by(QuoteRow.article_id, QuoteRow.paragraph, QuoteRow.id)
    )
    sides: dict[str, Account] = {}
    for quote in quotes:
        speaker = quote.speaker
        side = (speaker.country or speaker.name_en or speaker.name) if speaker else "?"
        sides.setdefault(side, Account(side)).quotes.append(quote)
    return list(sides.values())
