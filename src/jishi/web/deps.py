"""What every request needs: the app's configuration, a read session, the filters and
paging parsed from the query string, and the page templates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from jishi.lang.plover import plover_types
from jishi.settings import Settings
from jishi.store import Store
from jishi.store.queries import Filters, Paging
from jishi.web import markup

PACKAGE = resources.files("jishi.web")
templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
templates.env.filters.update(markup.FILTERS)
templates.env.globals.update(markup.GLOBALS)


def page_context(request: Request) -> dict[str, Any]:
    """What every page template reads: the query parameters, the path, the PLOVER types."""
    return {
        "params": dict(request.query_params),
        "path": request.url.path,
        "plover": plover_types(),
    }


@dataclass
class Config:
    """What the app serves: the store, the settings ingest runs with, the ingest token."""

    store: Store
    settings: Settings
    ingest_token: str | None = None


def config(request: Request) -> Config:
    app_config: Config = request.app.state.config
    return app_config


def session(request: Request) -> Iterator[Session]:
    """A read session for one request."""
    with config(request).store.read() as opened:
        yield opened


def filters(
    since: Annotated[
        str | None, Query(description="From this YYYY, YYYY-MM or YYYY-MM-DD on")
    ] = None,
    until: Annotated[
        str | None, Query(description="Up to this YYYY, YYYY-MM or YYYY-MM-DD")
    ] = None,
    actor: Annotated[str | None, Query(description="Actor name, Chinese or English")] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-3 code")] = None,
    outlet: Annotated[str | None, Query(description="Outlet or credited source")] = None,
    location: Annotated[str | None, Query(description="Place where events happened")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type")] = None,
) -> Filters:
    """The filters every list takes (docs/web.md); bad values are a 400 naming them."""
    return Filters.parse(since, until, actor, country, outlet, location, type)


def paging(
    limit: Annotated[int | None, Query(description="Items per page (1–1000, default 50)")] = None,
    offset: Annotated[int | None, Query(description="Items to skip")] = None,
    sort: Annotated[str | None, Query(description="Order; each list names its keys")] = None,
) -> Paging:
    return Paging.parse(limit, offset, sort)


SessionDep = Annotated[Session, Depends(session)]
FiltersDep = Annotated[Filters, Depends(filters)]
PagingDep = Annotated[Paging, Depends(paging)]
ConfigDep = Annotated[Config, Depends(config)]
