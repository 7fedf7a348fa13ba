"""The JSON API under /api: the query layer's lists and views, with the same filters,
paging and rows as the CLI's `--format json` (docs/web.md lists the endpoints)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from pydantic import BaseModel, Field

from jishi.store.detail import (
    ActorView,
    ArticleView,
    EventView,
    Network,
    actor_view,
    article_view,
    event_view,
    network,
)
from jishi.store.queries import (
    Accounts,
    ActorItem,
    EventItem,
    Page,
    QuoteItem,
    SearchPage,
    TimelineEntry,
    accounts,
    actors,
    event_accounts,
    event_by_id,
    events,
    quotes,
    search,
    timeline,
)
from jishi.web.deps import ConfigDep, FiltersDep, PagingDep, SessionDep

router = APIRouter(prefix="/api", tags=["query"])


@router.get("/search")
def search_endpoint(
    session: SessionDep,
    filters: FiltersDep,
    paging: PagingDep,
    q: Annotated[str, Query(description="Terms every article must contain")] = "",
) -> SearchPage:
    """Articles containing every term of `q` (sort: relevance, date, -date), with facets."""
    return search(session, q, filters, paging)


@router.get("/events")
def events_endpoint(session: SessionDep, filters: FiltersDep, paging: PagingDep) -> Page[EventItem]:
    """Events merged across documents (sort: date, -date, reports)."""
    return events(session, filters, paging)


@router.get("/events/{event_id}")
def event_endpoint(session: SessionDep, event_id: int) -> EventView:
    """Every report of one event, each side's account and how they compare."""
    return event_view(session, event_id)


@router.get("/events/{event_id}/accounts")
def event_accounts_endpoint(session: SessionDep, event_id: int) -> Accounts:
    """Each side's statements about one event (what `jishi accounts ID` prints)."""
    return event_accounts(session, event_by_id(session, event_id))


@router.get("/accounts")
def accounts_endpoint(
    session: SessionDep, filters: FiltersDep, paging: PagingDep
) -> Page[Accounts]:
    """The accounts of every event the filters leave."""
    return accounts(session, filters, paging)


@router.get("/quotes")
def quotes_endpoint(session: SessionDep, filters: FiltersDep, paging: PagingDep) -> Page[QuoteItem]:
    """Quotes with their speakers; actor and country select the speaker (sort: date, -date)."""
    return quotes(session, filters, paging)


@router.get("/actors")
def actors_endpoint(session: SessionDep, filters: FiltersDep, paging: PagingDep) -> Page[ActorItem]:
    """Actors, most mentioned first (sort: mentions, name)."""
    return actors(session, filters, paging)


@router.get("/actors/{actor_id}")
def actor_endpoint(session: SessionDep, actor_id: int) -> ActorView:
    """One actor: names, roles, events by month and type, quotes, partners."""
    return actor_view(session, actor_id)


@router.get("/timeline")
def timeline_endpoint(
    session: SessionDep, filters: FiltersDep, paging: PagingDep
) -> Page[TimelineEntry]:
    """Events and quotes in date order."""
    return timeline(session, filters, paging)


@router.get("/articles/{article_id}")
def article_endpoint(session: SessionDep, article_id: int) -> ArticleView:
    """One article with its entities, times, quotes and events, and the page text."""
    return article_view(session, article_id)


@router.get("/network")
def network_endpoint(session: SessionDep, filters: FiltersDep) -> Network:
    """Actors as nodes and source → target events as edges."""
    return network(session, filters)


# --- ingest, only with `jishi serve --allow-ingest` ------------------------------------------

ingest_router = APIRouter(prefix="/api", tags=["ingest"])


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, description="The page or article text (UTF-8)")
    name: str = Field(default="api", description="A name for the document id")
    published: str | None = Field(default=None, description="Publication date, YYYY-MM-DD")
    outlet: str | None = None


class IngestResult(BaseModel):
    outcome: str
    document: str


def _authorized(config: ConfigDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """The request carries `Authorization: Bearer TOKEN` with the server's token."""
    expected = f"Bearer {config.ingest_token}"
    if authorization is None or not secrets.compare_digest(authorization, expected):
        raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is needed")


@ingest_router.post("/ingest", dependencies=[Depends(_authorized)])
def ingest_endpoint(config: ConfigDep, request: IngestRequest) -> IngestResult:
    """Process one text and store it (unchanged when the same content is stored)."""
    from jishi.ingest import IngestError, content_hash, document_from_text, document_id
    from jishi.store.ingest import ingest_one

    try:
        doc = document_from_text(
            request.text,
            document_id(request.name, content_hash(request.text)),
            published=request.published,
            outlet=request.outlet,
        )
    except IngestError as error:
        raise HTTPException(400, str(error)) from error
    outcome = ingest_one(config.store, doc, config.settings)
    return IngestResult(outcome=outcome.value, document=doc.id)
