"""`jishi serve`: the web app and JSON API over one database (src/jishi/web)."""

from __future__ import annotations

import os

import click

from jishi.cli.app import fail, main
from jishi.cli.store import db_option, open_store_or_exit

TOKEN_ENV = "JISHI_INGEST_TOKEN"


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-ingest",
    is_flag=True,
    help=f"Offer POST /api/ingest, for requests carrying the token (--token or ${TOKEN_ENV}).",
)
@click.option("--token", metavar="SECRET", help=f"The ingest token (default: ${TOKEN_ENV}).")
def serve_command(
    db_url: str | None, host: str, port: int, allow_ingest: bool, token: str | None
) -> None:
    """Serve the pages (search, articles, actors, events and their accounts, the network)
    and the JSON API (/api, documented at /docs). Read-only unless --allow-ingest.

    Exit codes: 0 stopped, 1 the database cannot be opened, 2 bad usage.
    """
    import uvicorn

    from jishi.config import ConfigError, load_settings
    from jishi.web import create_app

    token = token or os.environ.get(TOKEN_ENV)
    if allow_ingest and not token:
        fail(f"--allow-ingest needs a token: --token SECRET or ${TOKEN_ENV}", 2)
    try:
        settings = load_settings()
    except ConfigError as error:
        fail(error, 2)
    store = open_store_or_exit(db_url, create=allow_ingest)
    app = create_app(store, settings, token if allow_ingest else None)
    click.echo(
        f"jishi serving {store.label} at http://{host}:{port}/ (API docs at /docs)", err=True
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()
