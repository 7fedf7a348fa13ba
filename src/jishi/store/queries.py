"""The one read side of the store: a filter object, paging, sorting and typed rows,
shared by the CLI, the web app and the Python API.

Why one layer: `jishi events --format json` and `GET /api/events` must give the
same answer for the same filters, so both call the same function here and
serialize the same pydantic rows. Functions take a Session, a `Filters` and a
`Paging` and return a `Page` of rows; nothing here prints or knows HTTP.

Filters mean the same everywhere (docs/web.md): `since`/`until` take YYYY,
YYYY-MM or YYYY-MM-DD and a stored date of coarser grain matches when the
period it names overlaps the filter's (an event of 2025-04 is inside
`--since 2025-04-15`); `actor` and `location` are names in Chinese or English;
`country` is ISO alpha-3; `outlet` the document's outlet or the article's
credited source; `type` a PLOVER type. Each list applies a filter to what it
lists: an event's participants, a quote's speaker, the actors an article names.

Full-text search over Chinese: SQLite's FTS5 trigram tokenizer only matches
terms of three or more characters, and two-character names are common
(北约, 美方, 俄乌), so a query with a shorter term falls back to a LIKE scan
of the article text. PostgreSQL uses ILIKE, which the pg_trgm GIN index serves for
three or more characters and scans for shorter ones: same results either way.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from jishi.store.link import accounts as account_sides
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

TRIGRAM = 3
SNIPPET_RADIUS = 30
LIST_SEPARATOR = "; "
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
# The largest id a row can have (an INTEGER column of PostgreSQL), and the largest offset
# either database takes: a greater number from a URL or a command line is no row, not a
# database error.
MAX_ID = 2**31 - 1
MAX_OFFSET = 2**63 - 1
FACET_SIZE = 10
PLAIN_LIKES = 64  # terms tested one LIKE each; more go through json_each
DATE_FORMAT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
COUNTRY_FORMAT = re.compile(r"^[A-Za-z]{3}$")


DateColumn = ColumnElement[Any] | InstrumentedAttribute[Any]
AnySelect = Select[*tuple[Any, ...]]


class QueryError(ValueError):
    """A filter, paging or sort value that cannot be used; the message names it (HTTP 400)."""


class NotFound(LookupError):
    """A named actor, place, article or event is not in the database (HTTP 404)."""


# --- filters, paging, pages ------------------------------------------------------------


def period_bound(value: str, name: str, last: bool) -> str:
    """The first (or `last`) day of the period YYYY, YYYY-MM or YYYY-MM-DD names."""
    found = DATE_FORMAT.match(value.strip())
    try:
        if found is None:
            raise ValueError
        year, month, day = (int(part) if part else None for part in found.groups())
        assert year is not None
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
        if month is None:
            return (date(year, 12, 31) if last else date(year, 1, 1)).isoformat()
        first = date(year, month, 1)
        if not last:
            return first.isoformat()
        return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).isoformat()
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def plover_type(value: str) -> str:
    """A PLOVER type name, whatever its case; anything else is a QueryError listing them."""
    from jishi.lang.plover import plover_types  # YAML: only a query naming a type reads it

    known = plover_types()
    name = value.strip().upper()
    if name not in known:
        raise QueryError(f"type: {value!r} is not a PLOVER type (one of {', '.join(known)})")
    return name


def _text(value: str | None, name: str) -> str | None:
    """A value given by the user, stripped, None when empty."""
    return checked_text(value, name).strip() or None if value is not None else None


def checked_text(value: str, name: str) -> str:
    """QueryError for a NUL character: no stored text holds one, and PostgreSQL refuses
    one in a query (SQLite's full-text search reads it as an unterminated string)."""
    if "\x00" in value:
        raise QueryError(f"{name}: {value!r} holds a NUL character (\\x00)")
    return value


@dataclass(frozen=True)
class Filters:
    """What to look at; every field optional. Build it with `Filters.parse` to check values.

    `since` and `until` are ISO days (the first and last of the periods given).
    """

    since: str | None = None
    until: str | None = None
    actor: str | None = None
    country: str | None = None
    outlet: str | None = None
    location: str | None = None
    type: str | None = None

    @classmethod
    def parse(
        cls,
        since: str | None = None,
        until: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        outlet: str | None = None,
        location: str | None = None,
        type: str | None = None,
    ) -> Filters:
        """Filters from user input (options, query parameters); bad values raise QueryError."""
        since, until = _text(since, "since"), _text(until, "until")
        first = period_bound(since, "since", last=False) if since else None
        last = period_bound(until, "until", last=True) if until else None
        if first and last and first > last:
            raise QueryError(f"since {since} is after until {until}")
        country = _text(country, "country")
        if country is not None and not COUNTRY_FORMAT.match(country):
            raise QueryError(f"country: {country!r} is not an ISO 3166 alpha-3 code (CHN, USA…)")
        event_type = _text(type, "type")
        return cls(
            since=first,
            until=last,
            actor=_text(actor, "actor"),
            country=country.upper() if country else None,
            outlet=_text(outlet, "outlet"),
            location=_text(location, "location"),
            type=plover_type(event_type) if event_type else None,
        )

    def as_params(self) -> dict[str, str]:
        """The set filters as query parameters (for links that keep them)."""
        return {key: value for key, value in vars(self).items() if value}


@dataclass(frozen=True)
class Paging:
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str | None = None

    @classmethod
    def parse(
        cls, limit: int | None = None, offset: int | None = None, sort: str | None = None
    ) -> Paging:
        limit = DEFAULT_LIMIT if limit is None else limit
        offset = offset or 0
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit: {limit} is not between 1 and {MAX_LIMIT}")
        if offset < 0:
            raise QueryError(f"offset: {offset} is negative")
        if offset > MAX_OFFSET:
            raise QueryError(f"offset: {offset} is larger than {MAX_OFFSET}")
        return cls(limit, offset, _text(sort, "sort"))

    def sort_key(self, allowed: Sequence[str]) -> str:
        """The requested sort, checked against what the list offers (the first is the default)."""
        if self.sort is None:
            return allowed[0]
        if self.sort not in allowed:
            raise QueryError(f"sort: {self.sort!r} is not one of {', '.join(allowed)}")
        return self.sort


Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    """One page of a list: its items and how many the filters match in all."""

    items: list[Item]
    total: int
    limit: int
    offset: int


def _page(items: list[Item], total: int, paging: Paging) -> Page[Item]:
    return Page[Any](items=items, total=total, limit=paging.limit, offset=paging.offset)


def _slice(query: AnySelect, paging: Paging) -> AnySelect:
    return query.limit(paging.limit).offset(paging.offset)


def _count(session: Session, query: AnySelect) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


# --- rows --------------------------------------------------------------------------------


class ActorRef(BaseModel):
    """An actor as a list shows it: enough to name it and link to its page."""

    id: int
    name: str
    name_en: str | None
    country: str | None

    @property
    def label(self) -> str:
        return self.name_en or self.name


def actor_ref(actor: ActorRow) -> ActorRef:
    return ActorRef(id=actor.id, name=actor.name, name_en=actor.name_en, country=actor.country)


def actor_label(actor: ActorRow | ActorRef | None) -> str:
    """English name where known, else the Chinese name."""
    if actor is None:
        return ""
    return actor.name_en or actor.name


class SearchHit(BaseModel):
    article_id: int
    document: str
    date: str | None
    outlet: str | None
    headline: str
    snippet: str
    highlights: list[tuple[int, int]]


class Facet(BaseModel):
    value: str
    label: str
    count: int


class SearchPage(Page[SearchHit]):
    """Search hits with counts of every matching article by outlet, actor and event type."""

    query: str
    facets: dict[str, list[Facet]]


class EventItem(BaseModel):
    id: int
    date: str | None
    type: str
    mode: str | None
    cameo: str | None
    quad: str | None
    negated: bool
    modality: str | None
    location: ActorRef | None
    sources: list[ActorRef]
    targets: list[ActorRef]
    reports: int
    documents: int
    trigger: str
    sentence: str


class QuoteItem(BaseModel):
    id: int
    date: str | None
    speaker: ActorRef | None
    speaker_text: str | None
    kind: str
    text: str
    article_id: int
    headline: str
    paragraph: int


class ActorItem(BaseModel):
    id: int
    name: str
    name_en: str | None
    type: str
    kind: str | None
    country: str | None
    sector: str | None
    qid: str | None
    linked: bool
    mentions: int


class TimelineEntry(BaseModel):
    date: str | None
    kind: str
    summary: str
    event_id: int | None = None
    quote_id: int | None = None
    article_id: int | None = None


class Side(BaseModel):
    """What one side (a country, or a speaker without one) said in reports of one event."""

    side: str
    quotes: list[QuoteItem]


class Accounts(BaseModel):
    event: EventItem
    sides: list[Side]


# --- conditions --------------------------------------------------------------------------


def find_actors(session: Session, name: str) -> list[ActorRow]:
    """Actors named `name` in Chinese or English: exact matches, else containing it."""
    folded = name.strip().casefold()
    exact = select(ActorRow).where(
        or_(func.lower(ActorRow.name) == folded, func.lower(ActorRow.name_en) == folded)
    )
    found = list(session.scalars(exact.order_by(ActorRow.id)))
    if found:
        return found
    pattern = _like_pattern(name.strip())
    partial = select(ActorRow).where(
        or_(ActorRow.name.ilike(pattern, escape="\\"), ActorRow.name_en.ilike(pattern, escape="\\"))
    )
    return list(session.scalars(partial.order_by(ActorRow.id)))


def _actor_ids(session: Session, name: str, what: str) -> list[int]:
    ids = [actor.id for actor in find_actors(session, name)]
    if not ids:
        raise NotFound(f"no {what} named {name!r} in the database")
    return ids


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def overlaps(column: DateColumn, filters: Filters) -> list[ColumnElement[bool]]:
    """A stored date (YYYY, YYYY-MM, YYYY-MM-DD, maybe a time after it) inside the filter's
    period: its own period starts by `until` and ends on or after `since`.

    Comparing text works because a coarser value is a prefix: 2025-04 ends on or
    after 2025-04-15 exactly when it is not before the first seven characters of
    it. Week values (2025-W11) name no month and match no date filter.
    """
    if filters.since is None and filters.until is None:
        return []
    conditions: list[ColumnElement[bool]] = [~column.contains("W")]
    if filters.since is not None:
        conditions.append(column >= func.substr(literal(filters.since), 1, func.length(column)))
    if filters.until is not None:
        conditions.append(func.substr(column, 1, 10) <= filters.until)
    return conditions


ARTICLE_DATE = func.coalesce(ArticleRow.dateline_date, DocumentRow.published)
ARTICLE_OUTLET = func.coalesce(DocumentRow.outlet, ArticleRow.source)


def _outlet_matches(outlet: str) -> ColumnElement[bool]:
    folded = outlet.casefold()
    return or_(func.lower(DocumentRow.outlet) == folded, func.lower(ArticleRow.source) == folded)


def _mentioning(actor_ids: AnySelect | list[int]) -> AnySelect:
    return select(MentionRow.article_id).where(MentionRow.actor_id.in_(actor_ids))


def _of_country(country: str) -> AnySelect:
    return select(ActorRow.id).where(func.upper(ActorRow.country) == country)


def _reporting_type(event_type: str) -> AnySelect:
    return (
        select(EventMentionRow.article_id)
        .join(EventRow, EventRow.id == EventMentionRow.event_id)
        .where(EventRow.type == event_type)
    )


def article_conditions(
    session: Session, filters: Filters, date_column: DateColumn = ARTICLE_DATE
) -> list[ColumnElement[bool]]:
    """Conditions on ArticleRow joined with DocumentRow: the article is dated in the
    period, comes from the outlet, names the actor, place and country, reports the type."""
    conditions = overlaps(date_column, filters)
    if filters.outlet:
        conditions.append(_outlet_matches(filters.outlet))
    if filters.actor:
        conditions.append(
            ArticleRow.id.in_(_mentioning(_actor_ids(session, filters.actor, "actor")))
        )
    if filters.location:
        places = _actor_ids(session, filters.location, "place")
        conditions.append(ArticleRow.id.in_(_mentioning(places)))
    if filters.country:
        conditions.append(ArticleRow.id.in_(_mentioning(_of_country(filters.country))))
    if filters.type:
        conditions.append(ArticleRow.id.in_(_reporting_type(filters.type)))
    return conditions


def _filtered_articles(session: Session, filters: Filters) -> AnySelect:
    return (
        select(ArticleRow.id)
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
        .where(*article_conditions(session, filters))
    )


# --- search ------------------------------------------------------------------------------


def _fts_candidates(terms: list[str]) -> Any:
    """The FTS5 match as a subquery of (rowid, rank)."""
    phrases = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return (
        text("SELECT rowid, rank FROM article_fts WHERE article_fts MATCH :q")
        .bindparams(q=phrases)
        .columns(rowid=Integer, rank=Float)
        .subquery("fts")
    )


def _search_query(session: Session, terms: list[str], filters: Filters, sort: str) -> AnySelect:
    """Ids of the articles containing every term and matching the filters, in `sort` order;
    with no terms, every article the filters leave (relevance is then the newest first)."""
    dialect = session.get_bind().dialect.name
    query = (
        select(ArticleRow.id)
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
        .where(*article_conditions(session, filters))
    )
    newest = [ARTICLE_DATE.is_(None), ARTICLE_DATE.desc(), ArticleRow.id]
    relevance: list[Any] = [ArticleRow.id] if terms else newest
    if terms and dialect == "sqlite" and all(len(term) >= TRIGRAM for term in terms):
        fts = _fts_candidates(terms)
        query = query.join(fts, fts.c.rowid == ArticleRow.id)
        relevance = [fts.c.rank, ArticleRow.id]
    elif terms:
        query = query.where(_contains_all(dialect, terms))
        if dialect == "postgresql":
            similarity = func.word_similarity(" ".join(terms), ArticleRow.text)
            relevance = [similarity.desc(), ArticleRow.id]
    order = {
        "relevance": relevance,
        "date": [ARTICLE_DATE.is_(None), ARTICLE_DATE, ArticleRow.id],
        "-date": newest,
    }[sort]
    return query.order_by(*order)


SEARCH_SORTS = ("relevance", "date", "-date")


def _contains_all(dialect: str, terms: list[str]) -> ColumnElement[bool]:
    """The article text contains every term, case-insensitively, any number of terms.

    SQLite parses `a AND b AND ...` into a chain as deep as it is long and refuses
    one deeper than 1000 ("Expression tree is too large"), so there a long query's
    terms go in as one JSON array and the test is "no term is missing" (three times
    slower than plain LIKEs, which a query of a few terms keeps). PostgreSQL keeps
    one ILIKE per term, which its trigram index serves.
    """
    patterns = [_like_pattern(term) for term in terms]
    if dialect != "sqlite" or len(patterns) <= PLAIN_LIKES:
        return and_(*(ArticleRow.text.ilike(pattern, escape="\\") for pattern in patterns))
    term = func.json_each(json.dumps(patterns, ensure_ascii=False)).table_valued("value")
    missing = select(term.c.value).where(~ArticleRow.text.ilike(term.c.value, escape="\\"))
    return ~exists(missing)


def snippet(text_value: str, terms: str | list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text around the first term found, on one line, and where each term occurs in it."""
    terms = [terms] if isinstance(terms, str) else terms
    flat = " ".join(text_value.split())
    folded = flat.casefold()
    found = [at for at in (folded.find(term.casefold()) for term in terms) if at >= 0]
    at = min(found) if found else 0
    start = max(0, at - SNIPPET_RADIUS)
    prefix = "…" if start else ""
    piece = prefix + flat[start : start + 2 * SNIPPET_RADIUS + max(map(len, terms), default=0)]
    return piece, highlight_spans(piece, terms)


def highlight_spans(value: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every occurrence of any term, in order."""
    pattern = "|".join(re.escape(term) for term in sorted(set(terms), key=len, reverse=True))
    if not pattern:
        return []
    return [(m.start(), m.end()) for m in re.finditer(pattern, value, flags=re.IGNORECASE)]


def search(
    session: Session, query: str, filters: Filters | None = None, paging: Paging | None = None
) -> SearchPage:
    """Articles whose headline, deck or paragraphs contain every space-separated term of
    `query` and that match the filters, with facets over all of them. A repeated term
    counts once; a query of thousands of terms runs."""
    filters, paging = filters or Filters(), paging or Paging()
    terms = list(dict.fromkeys(checked_text(query, "q").split()))
    sort = paging.sort_key(SEARCH_SORTS)
    matching = list(session.scalars(_search_query(session, terms, filters, sort)))
    ids = matching[paging.offset : paging.offset + paging.limit]
    return SearchPage(
        items=_search_hits(session, ids, terms),
        total=len(matching),
        limit=paging.limit,
        offset=paging.offset,
        query=query,
        facets=search_facets(session, matching),
    )


def _search_hits(session: Session, ids: list[int], terms: list[str]) -> list[SearchHit]:
    rows = {
        article.id: (article, source, day, outlet)
        for article, source, day, outlet in session.execute(
            select(
                ArticleRow,
                func.coalesce(DocumentRow.path, DocumentRow.doc_key),
                ARTICLE_DATE,
                ARTICLE_OUTLET,
            )
            .join(DocumentRow)
            .where(ArticleRow.id.in_(ids))
        )
    }
    hits = []
    for article_id in ids:
        article, source, day, outlet = rows[article_id]
        piece, spans = snippet(article.text, terms)
        hits.append(
            SearchHit(
                article_id=article_id,
                document=source,
                date=day,
                outlet=outlet,
                headline=article.headline or "",
                snippet=piece,
                highlights=spans,
            )
        )
    return hits


def _id_set(session: Session, ids: list[int]) -> AnySelect:
    """The ids as a one-parameter set (a JSON array on SQLite, an array on PostgreSQL):
    one statement serves any number, where an IN list would need a parameter each."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY  # a search on SQLite need not import it

        array = bindparam("ids", ids, type_=ARRAY(Integer))
        return select(func.unnest(array).column_valued())
    value = func.json_each(json.dumps(ids)).table_valued("value").c.value
    return select(value)


def _counts(session: Session, query: AnySelect) -> dict[Any, int]:
    return {key: count for key, count in session.execute(query)}


def search_facets(session: Session, ids: list[int]) -> dict[str, list[Facet]]:
    """How many of the matching articles come from each outlet, name each actor, report
    each event type (the largest first).

    The matching ids are passed in rather than the search repeated in each count: on
    10,000 articles repeating a LIKE scan per facet cost more than everything else.
    The counts read the covering indexes of migration 0004 (article, actor) and
    (article, event) without touching the mention rows.
    """
    chosen = _id_set(session, ids)
    outlets = _counts(
        session,
        select(ARTICLE_OUTLET, func.count(ArticleRow.id))
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
        .where(ArticleRow.id.in_(chosen), ARTICLE_OUTLET.is_not(None))
        .group_by(ARTICLE_OUTLET),
    )
    pairs = (
        select(MentionRow.article_id, MentionRow.actor_id)
        .where(MentionRow.article_id.in_(chosen))
        .distinct()
        .subquery()
    )
    actor_counts = _counts(
        session, select(pairs.c.actor_id, func.count()).group_by(pairs.c.actor_id)
    )
    types = _counts(
        session,
        select(EventRow.type, func.count(func.distinct(EventMentionRow.article_id)))
        .join(EventMentionRow, EventMentionRow.event_id == EventRow.id)
        .where(EventMentionRow.article_id.in_(chosen))
        .group_by(EventRow.type),
    )
    top_actors = _top(actor_counts)
    named = {
        actor.id: actor
        for actor in session.scalars(select(ActorRow).where(ActorRow.id.in_(top_actors)))
    }
    return {
        "outlet": [Facet(value=name, label=name, count=outlets[name]) for name in _top(outlets)],
        "actor": [
            Facet(value=named[i].name, label=actor_label(named[i]), count=actor_counts[i])
            for i in top_actors
        ],
        "type": [Facet(value=name, label=name, count=types[name]) for name in _top(types)],
    }


def _top(counts: dict[Any, int]) -> list[Any]:
    return sorted(counts, key=lambda key: (-counts[key], key))[:FACET_SIZE]


# --- events ------------------------------------------------------------------------------


EVENT_SORTS = ("date", "-date", "reports")


def _event_conditions(session: Session, filters: Filters) -> list[ColumnElement[bool]]:
    """An event matches through its date, type and place, a participant of any report
    (actor, country), and the articles reporting it (outlet)."""
    conditions = overlaps(EventRow.date, filters)
    if filters.type:
        conditions.append(EventRow.type == filters.type)
    if filters.location:
        places = _actor_ids(session, filters.location, "place")
        conditions.append(EventRow.location_id.in_(places))
    for wanted in (
        _actor_ids(session, filters.actor, "actor") if filters.actor else None,
        _of_country(filters.country) if filters.country else None,
    ):
        if wanted is not None:
            conditions.append(EventRow.id.in_(_with_participant(wanted)))
    if filters.outlet:
        reporting = (
            select(EventMentionRow.event_id)
            .join(ArticleRow, ArticleRow.id == EventMentionRow.article_id)
            .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
            .where(_outlet_matches(filters.outlet))
        )
        conditions.append(EventRow.id.in_(reporting))
    return conditions


def _with_participant(actor_ids: AnySelect | list[int]) -> AnySelect:
    return (
        select(EventMentionRow.event_id)
        .join(ParticipantRow, ParticipantRow.event_mention_id == EventMentionRow.id)
        .where(ParticipantRow.actor_id.in_(actor_ids))
    )


def event_query(session: Session, filters: Filters | None = None, sort: str = "date") -> AnySelect:
    """Ids of the events matching the filters, in date order (undated last) by default."""
    report_count = (
        select(func.count(EventMentionRow.id))
        .where(EventMentionRow.event_id == EventRow.id)
        .scalar_subquery()
    )
    orders: dict[str, list[Any]] = {
        "date": [EventRow.date.is_(None), EventRow.date, EventRow.id],
        "-date": [EventRow.date.is_(None), EventRow.date.desc(), EventRow.id],
        "reports": [report_count.desc(), EventRow.id],
    }
    order = orders[sort]
    query = select(EventRow.id).where(*_event_conditions(session, filters or Filters()))
    return query.order_by(*order)


def events(
    session: Session, filters: Filters | None = None, paging: Paging | None = None
) -> Page[EventItem]:
    """Events merged across documents that match the filters."""
    paging = paging or Paging()
    query = event_query(session, filters, paging.sort_key(EVENT_SORTS))
    ids = list(session.scalars(_slice(query, paging)))
    return _page(event_items(session, ids), _count(session, query), paging)


Report = tuple[EventMentionRow, str]


def _reports(session: Session, event_ids: list[int]) -> dict[int, list[Report]]:
    """Every report of each event, with the document it stands in, in storing order."""
    reports: dict[int, list[Report]] = defaultdict(list)
    for mention, source in session.execute(
        select(EventMentionRow, func.coalesce(DocumentRow.path, DocumentRow.doc_key))
        .join(ArticleRow, ArticleRow.id == EventMentionRow.article_id)
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
        .where(EventMentionRow.event_id.in_(event_ids))
        .order_by(EventMentionRow.id)
    ):
        reports[mention.event_id].append((mention, source))
    return reports


def event_roles(reports: list[Report]) -> tuple[list[ActorRow], list[ActorRow]]:
    """Sources and targets of an event. Roles come from the first report naming each
    actor: readouts of one call may swap them."""
    roles: dict[int, tuple[str, ActorRow]] = {}
    for mention, _ in reports:
        for participant in mention.participants:
            roles.setdefault(participant.actor_id, (participant.role, participant.actor))
    sources = [actor for role, actor in roles.values() if role == "source"]
    targets = [actor for role, actor in roles.values() if role == "target"]
    return sources, targets


def event_items(session: Session, event_ids: list[int]) -> list[EventItem]:
    """The events with these ids, in the order given."""
    found = {e.id: e for e in session.scalars(select(EventRow).where(EventRow.id.in_(event_ids)))}
    reports = _reports(session, event_ids)
    return [_event_item(found[i], reports[i]) for i in event_ids if i in found]


def _event_item(event: EventRow, reports: list[Report]) -> EventItem:
    sources, targets = event_roles(reports)
    first = reports[0][0] if reports else None
    from jishi.lang.plover import plover_types

    known = plover_types().get(event.type)
    return EventItem(
        id=event.id,
        date=event.date,
        type=event.type,
        mode=event.mode,
        cameo=event.cameo,
        quad=known.quad if known else None,
        negated=event.negated,
        modality=event.modality,
        location=actor_ref(event.location) if event.location else None,
        sources=[actor_ref(a) for a in sources],
        targets=[actor_ref(a) for a in targets],
        reports=len(reports),
        documents=len({source for _, source in reports}),
        trigger=first.trigger if first else "",
        sentence=first.sentence if first else "",
    )


def event_summary(event: EventItem) -> str:
    """One line for an event: type/mode, who → whom, and its first sentence."""
    kind = "/".join(value for value in (event.type, event.mode) if value)
    actors = LIST_SEPARATOR.join(a.label for a in event.sources)
    recipients = LIST_SEPARATOR.join(a.label for a in event.targets)
    return f"{kind} {actors}" + (f" → {recipients}" if recipients else "") + f": {event.sentence}"


# --- quotes ------------------------------------------------------------------------------


QUOTE_SORTS = ("date", "-date")
QUOTE_DATE = func.coalesce(QuoteRow.date, ArticleRow.dateline_date, DocumentRow.published)


def _quote_query(session: Session, filters: Filters, sort: str) -> AnySelect:
    """Quotes said in the period by the actor (or someone of the country), in articles of
    the outlet that name the place and report the type."""
    speaker_filters = replace(filters, actor=None, country=None)
    query = (
        select(QuoteRow.id)
        .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
        .where(*article_conditions(session, speaker_filters, date_column=QUOTE_DATE))
    )
    if filters.actor:
        query = query.where(QuoteRow.speaker_id.in_(_actor_ids(session, filters.actor, "actor")))
    if filters.country:
        query = query.where(QuoteRow.speaker_id.in_(_of_country(filters.country)))
    ascending = [QUOTE_DATE.is_(None), QUOTE_DATE, QuoteRow.id]
    descending = [QUOTE_DATE.is_(None), QUOTE_DATE.desc(), QuoteRow.id]
    return query.order_by(*(ascending if sort == "date" else descending))


def quotes(
    session: Session, filters: Filters | None = None, paging: Paging | None = None
) -> Page[QuoteItem]:
    """Direct and indirect quotes with their speakers, in date order."""
    paging = paging or Paging()
    query = _quote_query(session, filters or Filters(), paging.sort_key(QUOTE_SORTS))
    ids = list(session.scalars(_slice(query, paging)))
    return _page(quote_items(session, ids), _count(session, query), paging)


def quote_items(session: Session, quote_ids: list[int]) -> list[QuoteItem]:
    """The quotes with these ids, in the order given."""
    rows = {
        quote.id: (quote, day, headline)
        for quote, day, headline in session.execute(
            select(QuoteRow, QUOTE_DATE, ArticleRow.headline)
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .join(DocumentRow, DocumentRow.id == ArticleRow.document_id)
            .where(QuoteRow.id.in_(quote_ids))
        )
    }
    return [_quote_item(*rows[i]) for i in quote_ids if i in rows]


def _quote_item(quote: QuoteRow, day: str | None, headline: str | None) -> QuoteItem:
    return QuoteItem(
        id=quote.id,
        date=day,
        speaker=actor_ref(quote.speaker) if quote.speaker else None,
        speaker_text=quote.speaker_text,
        kind=quote.kind,
        text=quote.text,
        article_id=quote.article_id,
        headline=headline or "",
        paragraph=quote.paragraph,
    )


# --- actors ------------------------------------------------------------------------------


ACTOR_SORTS = ("mentions", "name")


def _actor_query(session: Session, filters: Filters, sort: str) -> AnySelect:
    """Actors of the name and country, counted by their mentions in the articles the other
    filters leave; an actor no such article names is left out when those filters are set."""
    article_filters = replace(filters, actor=None, country=None)
    count = func.count(MentionRow.id)
    query = select(ActorRow.id, count).outerjoin(MentionRow).group_by(ActorRow.id)
    if article_filters != Filters():
        articles = _filtered_articles(session, article_filters)
        query = query.where(MentionRow.article_id.in_(articles))
    if filters.actor:
        query = query.where(ActorRow.id.in_(_actor_ids(session, filters.actor, "actor")))
    if filters.country:
        query = query.where(func.upper(ActorRow.country) == filters.country)
    if filters.type:
        query = query.where(ActorRow.id.in_(_participants_of_type(filters.type)))
    order = [count.desc(), ActorRow.id] if sort == "mentions" else [ActorRow.name, ActorRow.id]
    return query.order_by(*order)


def _participants_of_type(event_type: str) -> AnySelect:
    return (
        select(ParticipantRow.actor_id)
        .join(EventMentionRow, EventMentionRow.id == ParticipantRow.event_mention_id)
        .join(EventRow, EventRow.id == EventMentionRow.event_id)
        .where(EventRow.type == event_type)
    )


def actors(
    session: Session, filters: Filters | None = None, paging: Paging | None = None
) -> Page[ActorItem]:
    """Canonical actors merged across documents, most mentioned first."""
    paging = paging or Paging()
    query = _actor_query(session, filters or Filters(), paging.sort_key(ACTOR_SORTS))
    rows = list(session.execute(_slice(query, paging)))
    found = {
        a.id: a
        for a in session.scalars(
            select(ActorRow).where(ActorRow.id.in_([actor_id for actor_id, _ in rows]))
        )
    }
    items = [actor_item(found[actor_id], count) for actor_id, count in rows]
    return _page(items, _count(session, query), paging)


def actor_item(actor: ActorRow, mentions: int) -> ActorItem:
    return ActorItem(
        id=actor.id,
        name=actor.name,
        name_en=actor.name_en,
        type=actor.type,
        kind=actor.kind,
        country=actor.country,
        sector=actor.sector,
        qid=actor.qid,
        linked=actor.linked,
        mentions=mentions,
    )


# --- timeline ----------------------------------------------------------------------------


def timeline(
    session: Session, filters: Filters | None = None, paging: Paging | None = None
) -> Page[TimelineEntry]:
    """What happened (events) and was said (quotes) over time, undated last."""
    filters, paging = filters or Filters(), paging or Paging()
    paging.sort_key(("date",))
    event_dates = session.execute(event_query(session, filters).add_columns(EventRow.date))
    quote_dates = session.execute(_quote_query(session, filters, "date").add_columns(QUOTE_DATE))
    entries = [(day, "event", i) for i, day in event_dates]
    entries += [(day, "quote", i) for i, day in quote_dates]
    entries.sort(key=lambda entry: (entry[0] or "\uffff", entry[1], entry[2]))
    window = entries[paging.offset : paging.offset + paging.limit]
    found_events = {
        e.id: e for e in event_items(session, [i for _, k, i in window if k == "event"])
    }
    found_quotes = {
        q.id: q for q in quote_items(session, [i for _, k, i in window if k == "quote"])
    }
    items = [
        _event_entry(found_events[i]) if kind == "event" else _quote_entry(found_quotes[i])
        for _, kind, i in window
    ]
    return _page(items, len(entries), paging)


def _event_entry(event: EventItem) -> TimelineEntry:
    return TimelineEntry(
        date=event.date, kind="event", summary=event_summary(event), event_id=event.id
    )


def _quote_entry(quote: QuoteItem) -> TimelineEntry:
    speaker = actor_label(quote.speaker) or quote.speaker_text or ""
    return TimelineEntry(
        date=quote.date,
        kind="quote",
        summary=f"{speaker}: {quote.text}",
        quote_id=quote.id,
        article_id=quote.article_id,
    )


# --- accounts ----------------------------------------------------------------------------


def event_accounts(session: Session, event: EventItem) -> Accounts:
    """Each side's statements on one event (grouping rules in store/link.py)."""
    sides = account_sides(session, event.id)
    items = {q.id: q for q in quote_items(session, [q.id for s in sides for q in s.quotes])}
    return Accounts(
        event=event,
        sides=[Side(side=s.side, quotes=[items[q.id] for q in s.quotes]) for s in sides],
    )


def accounts(
    session: Session, filters: Filters | None = None, paging: Paging | None = None
) -> Page[Accounts]:
    """The accounts of each event the filters match (an event nobody spoke about has no sides)."""
    page = events(session, filters, paging)
    items = [event_accounts(session, event) for event in page.items]
    return Page[Accounts](items=items, total=page.total, limit=page.limit, offset=page.offset)


def check_id(kind: str, row_id: int) -> None:
    """NotFound for an id no row can have, before the database is asked about it."""
    if not 0 < row_id <= MAX_ID:
        raise NotFound(f"no {kind} {row_id} in the database")


def event_by_id(session: Session, event_id: int) -> EventItem:
    check_id("event", event_id)
    found = event_items(session, [event_id])
    if not found:
        raise NotFound(f"no event {event_id} in the database")
    return found[0]
