"""The FastAPI application: one store, read-only unless an ingest token is given.

Errors are the query layer's: a bad filter or parameter is 400 with a message
naming it (FastAPI's own 422 for a malformed parameter is turned into the same
400), a name or id not in the database 404, a database that fails 503. Pages
get the same statuses with the message on an HTML page. The OpenAPI schema says
so: every API operation documents these answers, and none documents the 422 that
is never sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from jishi import __version__
from jishi.settings import Settings
from jishi.store import Store, StoreError
from jishi.store.queries import NotFound, QueryError
from jishi.web import api, pages
from jishi.web.deps import PACKAGE, Config, page_context, templates


class ErrorBody(BaseModel):
    """What every error answer of the API holds."""

    detail: str = Field(description="What was wrong, in one line, naming the parameter")


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("A bad parameter, filter or body, named"),
    404: _error("A name or id not in the database"),
    503: _error("The database failed"),
}


def create_app(
    store: Store, settings: Settings | None = None, ingest_token: str | None = None
) -> FastAPI:
    """The app over an open store; POST /api/ingest exists only when a token is given."""
    app = FastAPI(
        title="jishi",
        version=__version__,
        description="Chinese-language news as event data: search, articles, actors, events, "
        "accounts and the actor network. Every list takes the same filters and paging.",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.config = Config(store, settings or Settings(), ingest_token)
    app.include_router(api.router, responses=ERRORS)
    if ingest_token:
        app.include_router(api.ingest_router, responses={**ERRORS, 401: _error("No valid token")})
    app.include_router(pages.router)
    app.add_api_route("/plotly.js", plotly_js, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    for error, status in ((QueryError, 400), (NotFound, 404), (StoreError, 503)):
        app.add_exception_handler(error, _handler(status))
    app.add_exception_handler(RequestValidationError, _bad_parameter)
    app.add_exception_handler(HTTPException, _http_error)
    _document_errors_only_as_sent(app)
    return app


def _document_errors_only_as_sent(app: FastAPI) -> None:
    """The OpenAPI schema without the 422 FastAPI documents for every operation with
    parameters: a malformed parameter is answered 400 (_bad_parameter)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for operations in schema["paths"].values():
                for operation in operations.values():
                    operation["responses"].pop("422", None)
            for unused in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(unused, None)
            return schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def plotly_js() -> Response:
    """plotly.js from the installed plotly package: the pages need nothing from the network."""
    from plotly.offline import get_plotlyjs

    return Response(
        get_plotlyjs(),
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api")


def error_response(request: Request, status: int, message: str) -> Response:
    if _wants_html(request):
        return templates.TemplateResponse(
            request,
            "error.html",
            {**page_context(request), "status": status, "message": message},
            status_code=status,
        )
    return JSONResponse({"detail": message}, status_code=status)


def _handler(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, error: Exception) -> Response:
        return error_response(request, status, str(error).strip("'\""))

    return handle


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return error_response(request, error.status_code, str(error.detail))


async def _bad_parameter(request: Request, error: Exception) -> Response:
    """A parameter FastAPI could not read (limit=abc) is a 400 naming it, like any other."""
    assert isinstance(error, RequestValidationError)
    problems = [
        f"{'.'.join(str(part) for part in problem['loc'][1:])}: {problem['msg']}"
        for problem in error.errors()
    ]
    return error_response(request, 400, "; ".join(problems))
