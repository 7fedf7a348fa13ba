"""One article, one actor, one event, and the network of who deals with whom: the
single-item views of the query layer (lists are in jishi.store.queries).

Why rows rather than ORM objects: the web pages, the JSON API and the Python
API all hand these on, so they are pydantic models that serialize the same
way everywhere and carry everything a page shows (no lazy loading after the
session is closed).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import product
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jishi.lang.data import data_files
from jishi.lang.plover import plover_types
from jishi.lang.zh.kb import actor_index
from jishi.lang.zh.tagger import get_backend
from jishi.model import Article, Document, Entity
from jishi.store.queries import (
    Accounts,
    ActorItem,
    ActorRef,
    EventItem,
    Filters,
    NotFound,
    QuoteItem,
    actor_item,
    actor_label,
    actor_ref,
    check_id,
    event_accounts,
    event_by_id,
    event_items,
    event_query,
    quote_items,
)
from jishi.store.schema import (
    ActorRow,
    ArticleRow,
    DocumentRow,
    EventMentionRow,
    EventRow,
    MentionRow,
    ParticipantRow,
    QuoteRow,
)

WIKIDATA = "https://www.wikidata.org/wiki/"
NETWORK_SIZE = 60
PARTNERS = 15
DISTINCT_TERMS = 12
# Part-of-speech tags (LAC) of the words two accounts can share: names, nouns, verbs.
CONTENT_TAGS = {"n", "nz", "nw", "vn", "v", "an", "PER", "LOC", "ORG", "ns", "nr", "nt"}

# --- article -----------------------------------------------------------------------------


class Span(BaseModel):
    """Something marked in a paragraph: what it is, what hovering says, where it links."""

    start: int
    end: int
    kind: str  # entity, time, quote, event
    label: str
    ref: int | None = None  # actor id (entity, quote speaker) or merged event id


class MarkedParagraph(BaseModel):
    role: str
    text: str
    spans: list[Span]


class ArticleEntity(BaseModel):
    actor_id: int | None
    type: str
    name: str
    name_en: str | None
    country: str | None
    qid: str | None
    mentions: int


class ArticleTime(BaseModel):
    text: str
    value: str | None
    paragraph: int


class ArticleEvent(BaseModel):
    event_id: int | None
    type: str
    mode: str | None
    cameo: str | None
    date: str | None
    sources: list[str]
    targets: list[str]
    trigger: str
    sentence: str
    paragraph: int


class ArticleView(BaseModel):
    id: int
    document_id: int
    document: str
    published: str | None
    outlet: str | None
    headline: str | None
    deck: str | None
    kicker: str | None
    source: str | None
    dateline: str | None
    paragraphs: list[MarkedParagraph]
    entities: list[ArticleEntity]
    times: list[ArticleTime]
    quotes: list[QuoteItem]
    events: list[ArticleEvent]
    page_text: str | None


def _stored_article(session: Session, article_id: int) -> tuple[ArticleRow, DocumentRow, Article]:
    check_id("article", article_id)
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFound(f"no article {article_id} in the database")
    document = row.document
    record = Document.model_validate_json(document.record)
    return row, document, record.articles[row.position]


def article_view(session: Session, article_id: int) -> ArticleView:
    """The rebuilt article with what the pipeline found marked in its paragraphs."""
    row, document, article = _stored_article(session, article_id)
    actors = _stored_ids(session, MentionRow.entity_key, MentionRow.actor_id, article_id)
    events = _stored_ids(session, EventMentionRow.event_key, EventMentionRow.event_id, article_id)
    said = session.scalars(
        select(QuoteRow.id).where(QuoteRow.article_id == article_id).order_by(QuoteRow.id)
    )
    return ArticleView(
        id=row.id,
        document_id=document.id,
        document=document.path or document.doc_key,
        published=document.published,
        outlet=document.outlet or row.source,
        headline=article.headline,
        deck=article.deck,
        kicker=article.kicker,
        source=article.source,
        dateline=article.dateline.text if article.dateline else None,
        paragraphs=_marked_paragraphs(article, actors, events),
        entities=[_article_entity(e, actors.get(e.id)) for e in article.entities],
        times=[
            ArticleTime(text=t.text, value=t.value, paragraph=t.paragraph) for t in article.times
        ],
        quotes=quote_items(session, list(said)),
        events=[_article_event(article, e, events.get(e.id)) for e in article.events],
        page_text=document.text,
    )


def _stored_ids(session: Session, key: Any, stored_id: Any, article_id: int) -> dict[str, int]:
    """The stored id of each article-local key (entity key -> actor, event key -> event)."""
    rows = session.execute(
        select(key, stored_id).where(key.class_.article_id == article_id).distinct()
    )
    return {local: found for local, found in rows}


def _article_entity(entity: Entity, actor_id: int | None) -> ArticleEntity:
    return ArticleEntity(
        actor_id=actor_id,
        type=entity.type,
        name=entity.name,
        name_en=entity.name_en,
        country=entity.country,
        qid=entity.qid,
        mentions=len(entity.mentions),
    )


def _names(article: Article, entity_ids: list[str]) -> list[str]:
    found = (article.entity(entity_id) for entity_id in entity_ids)
    return [entity.name_en or entity.name for entity in found if entity]


def _article_event(article: Article, event: Any, event_id: int | None) -> ArticleEvent:
    return ArticleEvent(
        event_id=event_id,
        type=event.type,
        mode=event.mode,
        cameo=event.cameo,
        date=event.date,
        sources=_names(article, event.source),
        targets=_names(article, event.target),
        trigger=event.trigger,
        sentence=event.sentence,
        paragraph=event.paragraph,
    )


def _locate(text: str, piece: str, start: int | None = None, end: int | None = None) -> Span | None:
    """Offsets of `piece` in `text`: the stored ones when given, else its first occurrence."""
    if start is not None and end is not None:
        return Span(start=start, end=end, kind="", label="")
    at = text.find(piece)
    return Span(start=at, end=at + len(piece), kind="", label="") if at >= 0 and piece else None


def _marked_paragraphs(
    article: Article, actors: dict[str, int], events: dict[str, int]
) -> list[MarkedParagraph]:
    spans: dict[int, list[Span]] = defaultdict(list)
    for event in article.events:
        label = _event_label(event)
        reports = [(event.paragraph, event.sentence)]
        reports += [(m.paragraph, m.sentence) for m in event.mentions]
        for paragraph, sentence in reports:
            if 0 <= paragraph < len(article.paragraphs):
                found = _locate(article.paragraphs[paragraph].text, sentence)
                if found:
                    spans[paragraph].append(
                        found.model_copy(
                            update={"kind": "event", "label": label, "ref": events.get(event.id)}
                        )
                    )
    for quote in article.quotes:
        if 0 <= quote.paragraph < len(article.paragraphs):
            found = _locate(
                article.paragraphs[quote.paragraph].text, quote.text, quote.start, quote.end
            )
            speaker = article.entity(quote.speaker)
            said = (
                f"{quote.kind} quote of {speaker.name_en or speaker.name}"
                if speaker
                else (f"{quote.kind} quote")
            )
            if found:
                ref = actors.get(speaker.id) if speaker else None
                spans[quote.paragraph].append(
                    found.model_copy(update={"kind": "quote", "label": said, "ref": ref})
                )
    for time in article.times:
        label = f"{time.text} = {time.value}" if time.value else time.text
        spans[time.paragraph].append(Span(start=time.start, end=time.end, kind="time", label=label))
    for entity in article.entities:
        label = _entity_label(entity)
        for mention in entity.mentions:
            if mention.part == "paragraph":
                spans[mention.paragraph].append(
                    Span(
                        start=mention.start,
                        end=mention.end,
                        kind="entity",
                        label=label,
                        ref=actors.get(entity.id),
                    )
                )
    return [
        MarkedParagraph(role=p.role, text=p.text, spans=sorted(spans[n], key=_span_order))
        for n, p in enumerate(article.paragraphs)
    ]


def _span_order(span: Span) -> tuple[int, int]:
    return span.start, -span.end


def _entity_label(entity: Entity) -> str:
    facts = [entity.type, entity.country, entity.qid]
    return f"{entity.name_en or entity.name} ({', '.join(f for f in facts if f)})"


def _event_label(event: Any) -> str:
    kind = "/".join(v for v in (event.type, event.mode) if v)
    extra = [f"CAMEO {event.cameo}" if event.cameo else None, event.date, event.modality]
    if event.negated:
        extra.append("negated")
    return f"{kind} " + ", ".join(e for e in extra if e)


# --- actor -------------------------------------------------------------------------------


class RoleHeld(BaseModel):
    title: str
    title_en: str | None
    start: str | None
    end: str | None


class Partner(BaseModel):
    actor: ActorRef
    events: int
    cooperation: int
    conflict: int


class EventCount(BaseModel):
    period: str  # YYYY-MM
    type: str
    count: int


class ActorView(BaseModel):
    actor: ActorItem
    names: list[str]
    aliases_en: list[str]
    roles: list[RoleHeld]
    wikidata: str | None
    event_counts: list[EventCount]
    events: list[EventItem]
    quotes: list[QuoteItem]
    partners: list[Partner]


def _actor_row(session: Session, actor_id: int) -> ActorRow:
    check_id("actor", actor_id)
    actor = session.get(ActorRow, actor_id)
    if actor is None:
        raise NotFound(f"no actor {actor_id} in the database")
    return actor


def actor_view(session: Session, actor_id: int, recent: int = 20) -> ActorView:
    """One actor: its names, roles, what it did over time, what it said, whom it dealt with."""
    actor = _actor_row(session, actor_id)
    mentions = session.scalar(
        select(func.count(MentionRow.id)).where(MentionRow.actor_id == actor_id)
    )
    names = list(
        session.scalars(
            select(MentionRow.text)
            .where(MentionRow.actor_id == actor_id)
            .distinct()
            .order_by(MentionRow.text)
        )
    )
    record = _record_of(actor)
    involved = _involved(actor_id)
    event_ids = list(session.scalars(event_query(session).where(EventRow.id.in_(involved))))
    said = session.scalars(
        select(QuoteRow.id)
        .where(QuoteRow.speaker_id == actor_id)
        .order_by(QuoteRow.id.desc())
        .limit(recent)
    )
    return ActorView(
        actor=actor_item(actor, mentions or 0),
        names=list(dict.fromkeys([actor.name, *names, *(record.aliases if record else [])])),
        aliases_en=record.aliases_en if record else [],
        roles=[
            RoleHeld(title=r.title, title_en=r.title_en, start=r.start, end=r.end)
            for r in (record.roles if record else [])
        ],
        wikidata=WIKIDATA + actor.qid if actor.qid else None,
        event_counts=_event_counts(session, involved),
        events=event_items(session, event_ids[-recent:][::-1]),
        quotes=quote_items(session, list(said)),
        partners=partners(session, actor_id),
    )


def _record_of(actor: ActorRow) -> Any:
    """The knowledge-base record of a stored actor (roles and aliases live there)."""
    for record in actor_index(data_files()).lookup(actor.name):
        if (actor.qid and record.qid == actor.qid) or record.name_en == actor.name_en:
            return record
    return None


def _involved(actor_id: int) -> Any:
    return (
        select(EventMentionRow.event_id)
        .join(ParticipantRow, ParticipantRow.event_mention_id == EventMentionRow.id)
        .where(ParticipantRow.actor_id == actor_id)
    )


def _event_counts(session: Session, event_ids: Any) -> list[EventCount]:
    period = func.substr(EventRow.date, 1, 7)
    rows = session.execute(
        select(period, EventRow.type, func.count(EventRow.id))
        .where(EventRow.id.in_(event_ids), EventRow.date.is_not(None))
        .group_by(period, EventRow.type)
        .order_by(period, EventRow.type)
    )
    return [EventCount(period=p, type=t, count=n) for p, t, n in rows]


def partners(session: Session, actor_id: int) -> list[Partner]:
    """The actors taking part in the same events, most events first."""
    other = (
        select(ParticipantRow.actor_id, EventRow.type, EventRow.id)
        .join(EventMentionRow, EventMentionRow.id == ParticipantRow.event_mention_id)
        .join(EventRow, EventRow.id == EventMentionRow.event_id)
        .where(EventRow.id.in_(_involved(actor_id)), ParticipantRow.actor_id != actor_id)
        .distinct()
    )
    shared: dict[int, set[int]] = defaultdict(set)
    kinds: dict[int, Counter[bool]] = defaultdict(Counter)
    types = plover_types()
    for partner_id, event_type, event_id in session.execute(other):
        if event_id not in shared[partner_id]:
            shared[partner_id].add(event_id)
            known = types.get(event_type)
            kinds[partner_id][bool(known and known.cooperation)] += 1
    top = sorted(shared, key=lambda i: (-len(shared[i]), i))[:PARTNERS]
    rows = {a.id: a for a in session.scalars(select(ActorRow).where(ActorRow.id.in_(top)))}
    return [
        Partner(
            actor=actor_ref(rows[i]),
            events=len(shared[i]),
            cooperation=kinds[i][True],
            conflict=kinds[i][False],
        )
        for i in top
    ]


# --- event -------------------------------------------------------------------------------


class EventReport(BaseModel):
    """One report of a merged event, as its article gives it."""

    article_id: int
    headline: str | None
    document: str
    outlet: str | None
    published: str | None
    date: str | None
    trigger: str
    sentence: str
    paragraph: int
    sources: list[ActorRef]
    targets: list[ActorRef]


class SideTerms(BaseModel):
    side: str
    terms: list[str]


class Comparison(BaseModel):
    """Where the sides' accounts meet and part: the content words every side uses, those
    only one side uses, and the facts of the reports that are not the same in all."""

    shared: list[str]
    distinct: list[SideTerms]
    differing: dict[str, list[str]]


class EventView(BaseModel):
    event: EventItem
    reports: list[EventReport]
    accounts: Accounts
    comparison: Comparison


def event_view(session: Session, event_id: int) -> EventView:
    """Every report of one merged event, each side's account and how they compare."""
    event = event_by_id(session, event_id)
    reports = event_reports(session, event_id)
    sides = event_accounts(session, event)
    return EventView(
        event=event, reports=reports, accounts=sides, comparison=compare(sides, reports)
    )


def event_reports(session: Session, event_id: int) -> list[EventReport]:
    rows = session.execute(
        select(EventMentionRow, ArticleRow, DocumentRow)
        .join(ArticleRow, ArticleRow.id == EventMentionRow.article_id)
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
        .where(EventMentionRow.event_id == event_id)
        .order_by(EventMentionRow.id)
    )
    reports = []
    for mention, article, document in rows:
        roles = {
            role: [actor_ref(p.actor) for p in mention.participants if p.role == role]
            for role in ("source", "target")
        }
        reports.append(
            EventReport(
                article_id=article.id,
                headline=article.headline,
                document=document.path or document.doc_key,
                outlet=document.outlet or article.source,
                published=document.published,
                date=mention.date,
                trigger=mention.trigger,
                sentence=mention.sentence,
                paragraph=mention.paragraph,
                sources=roles["source"],
                targets=roles["target"],
            )
        )
    return reports


def content_words(text: str) -> list[str]:
    """The names, nouns and verbs of a statement (two characters or more)."""
    return [
        token.text
        for token in get_backend().tokens(text)
        if token.pos in CONTENT_TAGS and len(token.text) >= 2
    ]


def compare(sides: Accounts, reports: list[EventReport]) -> Comparison:
    words = {
        side.side: Counter(word for quote in side.quotes for word in content_words(quote.text))
        for side in sides.sides
    }
    used_by = Counter(word for counts in words.values() for word in counts)
    shared = sorted(
        (w for w, n in used_by.items() if n >= 2 and len(words) >= 2),
        key=lambda w: (-sum(c[w] for c in words.values()), w),
    )
    distinct = [
        SideTerms(
            side=side,
            terms=[w for w, _ in counts.most_common() if used_by[w] == 1][:DISTINCT_TERMS],
        )
        for side, counts in words.items()
    ]
    facts = {
        "date": [r.date or "" for r in reports],
        "initiator": [", ".join(actor_label(a) for a in r.sources) for r in reports],
        "trigger": [r.trigger for r in reports],
    }
    differing = {name: values for name, values in facts.items() if len(set(values)) > 1}
    return Comparison(shared=shared, distinct=distinct, differing=differing)


# --- network -----------------------------------------------------------------------------


class Node(BaseModel):
    actor: ActorRef
    events: int


class Edge(BaseModel):
    source: int
    target: int
    events: int
    cooperation: int
    conflict: int
    types: dict[str, int]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]
    events: int


def network(session: Session, filters: Filters | None = None, size: int = NETWORK_SIZE) -> Network:
    """Who acts on whom in the events the filters leave: an edge per source–target pair,
    counted by cooperation and conflict; the `size` busiest actors only."""
    event_ids = event_query(session, filters).subquery()
    pairs = session.execute(
        select(
            EventMentionRow.event_id, EventRow.type, ParticipantRow.actor_id, ParticipantRow.role
        )
        .join(ParticipantRow, ParticipantRow.event_mention_id == EventMentionRow.id)
        .join(EventRow, EventRow.id == EventMentionRow.event_id)
        .where(EventMentionRow.event_id.in_(select(event_ids.c.id)))
    )
    roles: dict[int, dict[str, set[int]]] = defaultdict(lambda: {"source": set(), "target": set()})
    types: dict[int, str] = {}
    for event_id, event_type, actor_id, role in pairs:
        roles[event_id][role].add(actor_id)
        types[event_id] = event_type
    edges = _edges(roles, types)
    degree: Counter[int] = Counter()
    for (source, target), edge in edges.items():
        degree[source] += edge.events
        degree[target] += edge.events
    kept = {actor_id for actor_id, _ in degree.most_common(size)}
    rows = {a.id: a for a in session.scalars(select(ActorRow).where(ActorRow.id.in_(kept)))}
    return Network(
        nodes=[Node(actor=actor_ref(rows[i]), events=degree[i]) for i in sorted(kept)],
        edges=[e for (s, t), e in sorted(edges.items()) if s in kept and t in kept],
        events=len(roles),
    )


def _edges(
    roles: dict[int, dict[str, set[int]]], types: dict[int, str]
) -> dict[tuple[int, int], Edge]:
    known = plover_types()
    edges: dict[tuple[int, int], Edge] = {}
    for event_id, sides in roles.items():
        event_type = types[event_id]
        cooperation = bool(known.get(event_type) and known[event_type].cooperation)
        for source, target in product(sides["source"], sides["target"]):
            if source == target:
                continue
            edge = edges.setdefault(
                (source, target),
                Edge(source=source, target=target, events=0, cooperation=0, conflict=0, types={}),
            )
            edge.events += 1
            edge.cooperation += cooperation
            edge.conflict += not cooperation
            edge.types[event_type] = edge.types.get(event_type, 0) + 1
    return edges
