"""The HTML pages: search, article, actors and one actor, events and one event (the
accounts side by side), the network. Server-rendered; the only script draws charts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from jishi.store.detail import actor_view, article_view, event_view, network
from jishi.store.queries import SEARCH_SORTS, actors, events, search
from jishi.web import charts
from jishi.web.deps import FiltersDep, PagingDep, SessionDep, page_context, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def render(request: Request, template: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, {**page_context(request), **context})


@router.get("/")
def search_page(
    request: Request,
    session: SessionDep,
    filters: FiltersDep,
    paging: PagingDep,
    q: Annotated[str, Query()] = "",
) -> Response:
    found = search(session, q, filters, paging)
    return render(request, "search.html", page=found, q=q, sorts=SEARCH_SORTS)


@router.get("/articles/{article_id}")
def article_page(request: Request, session: SessionDep, article_id: int) -> Response:
    return render(request, "article.html", article=article_view(session, article_id))


@router.get("/actors")
def actors_page(
    request: Request, session: SessionDep, filters: FiltersDep, paging: PagingDep
) -> Response:
    return render(request, "actors.html", page=actors(session, filters, paging))


@router.get("/actors/{actor_id}")
def actor_page(request: Request, session: SessionDep, actor_id: int) -> Response:
    view = actor_view(session, actor_id)
    figure = charts.events_by_type(view.event_counts) if view.event_counts else None
    return render(request, "actor.html", view=view, figure=figure)


@router.get("/events")
def events_page(
    request: Request, session: SessionDep, filters: FiltersDep, paging: PagingDep
) -> Response:
    return render(request, "events.html", page=events(session, filters, paging))


@router.get("/events/{event_id}")
def event_page(request: Request, session: SessionDep, event_id: int) -> Response:
    return render(request, "event.html", view=event_view(session, event_id))


@router.get("/network")
def network_page(request: Request, session: SessionDep, filters: FiltersDep) -> Response:
    graph = network(session, filters)
    figure = charts.network_figure(graph) if graph.nodes else None
    return render(request, "network.html", graph=graph, figure=figure)
