"""The query commands over the store: search, events, timeline, quotes, actors, accounts.

Every one takes the same filters, paging and `--format`, builds a Filters and a
Paging from them and calls the function of the same name in jishi.store.queries,
so `--format json` prints exactly what `GET /api/<command>` answers.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from pydantic import BaseModel

from jishi.cli.app import USAGE, fail, main, print_table
from jishi.cli.store import db_option, reading
from jishi.memory import long_lived

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from jishi.store.queries import Accounts, Filters, Page, Paging

FORMATS = ("table", "json", "jsonl", "csv")


def query_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every query command shares, handed to the command as `filters`,
    `paging` and `output_format` (bad values exit 2 with the message of QueryError)."""
    options = [
        db_option,
        click.option(
            "--format",
            "output_format",
            type=click.Choice(FORMATS),
            default="table",
            show_default=True,
            help="table: for reading; json: one object (the API's answer); jsonl: one item "
            "per line; csv: one row per item.",
        ),
        click.option("--limit", type=int, help="Most items to give (default 50, at most 1000)."),
        click.option("--offset", type=int, help="Items to skip first (for the next page)."),
        click.option("--sort", metavar="KEY", help="Order of the items (see the command's help)."),
        click.option("--since", metavar="DATE", help="From this YYYY, YYYY-MM or YYYY-MM-DD on."),
        click.option("--until", metavar="DATE", help="Up to this YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--actor", help="Only what concerns this actor (Chinese or English name)."),
        click.option("--country", metavar="ISO", help="Only actors of this country (alpha-3)."),
        click.option("--outlet", help="Only articles of this outlet or credited source."),
        click.option("--location", metavar="PLACE", help="Only events at (articles naming) it."),
        click.option("--type", "event_type", metavar="PLOVER", help="Only this PLOVER type."),
    ]

    @functools.wraps(command)
    def wrapper(
        limit: int | None,
        offset: int | None,
        sort: str | None,
        since: str | None,
        until: str | None,
        actor: str | None,
        country: str | None,
        outlet: str | None,
        location: str | None,
        event_type: str | None,
        **rest: Any,
    ) -> None:
        # A query is imports (SQLAlchemy), one connection and one answer, all kept to
        # the exit: the cycle collector would only re-scan them (jishi.memory).
        with long_lived():
            from jishi.store.queries import Filters, Paging, QueryError

            try:
                filters = Filters.parse(since, until, actor, country, outlet, location, event_type)
                paging = Paging.parse(limit, offset, sort)
            except QueryError as error:
                fail(error, USAGE)
            command(filters=filters, paging=paging, **rest)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


@contextmanager
def querying(db_url: str | None) -> Iterator[Session]:
    """A read session in which a bad filter exits 2 and a name not found exits 1."""
    from jishi.store.queries import NotFound, QueryError

    with reading(db_url) as session:
        try:
            yield session
        except QueryError as error:
            fail(error, USAGE)
        except NotFound as error:
            fail(error)


def _cell(value: Any) -> str:
    """A value as one CSV cell: actors by name, lists joined, nested data as JSON."""
    if value is None:
        return ""
    if isinstance(value, dict) and "name" in value and "id" in value:
        return str(value.get("name_en") or value["name"])
    if isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(result: BaseModel, output_format: str, table: Callable[[], None]) -> None:
    """Print a page (or one object) in the format asked for."""
    data = result.model_dump(mode="json")
    items = data.get("items", [data])
    if output_format == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    elif output_format == "jsonl":
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False))
    elif output_format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(items[0]) if items else [])
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in item.items()} for item in items)
        sys.stdout.write(buffer.getvalue())
    else:
        table()


def _shown(page: Page[Any], noun: str) -> str:
    if page.total <= len(page.items) and page.offset == 0:
        return f"{page.total} {noun}"
    first = page.offset + 1 if page.items else page.offset
    return f"{noun} {first}–{page.offset + len(page.items)} of {page.total}"


@main.command("search")
@click.argument("query", required=False)
@query_options
def search_command(
    query: str | None, db_url: str | None, filters: Filters, paging: Paging, output_format: str
) -> None:
    """Articles whose text contains QUERY (any length; Chinese needs no spaces).

    Several space-separated terms find the articles containing all of them;
    no QUERY lists every article the filters leave. A QUERY given but blank is
    bad usage (exit 2): it is most often an empty shell variable. --sort
    relevance (default), date or -date.
    """
    from jishi.store.queries import search

    if query is not None and not query.strip():
        fail("the search query is empty: give terms, or leave QUERY out to list articles", USAGE)
    query = query or ""
    with querying(db_url) as session:
        page = search(session, query, filters, paging)
    rows = [
        [str(h.article_id), h.date or "", h.headline, h.snippet, h.document] for h in page.items
    ]
    columns = ["id", "date", "headline", "text", "source"]
    title = _shown(page, "articles") + (f" for {query!r}" if query else "")
    emit(page, output_format, lambda: print_table(title, columns, rows))


@main.command("events")
@query_options
def events_command(
    db_url: str | None, filters: Filters, paging: Paging, output_format: str
) -> None:
    """Events merged across documents, in date order (--sort date, -date or reports)."""
    from jishi.store.queries import events

    with querying(db_url) as session:
        page = events(session, filters, paging)
    rows = [
        [
            str(e.id),
            e.date or "",
            "/".join(v for v in (e.type, e.mode) if v),
            "; ".join(a.label for a in e.sources),
            "; ".join(a.label for a in e.targets),
            str(e.reports),
            e.sentence,
        ]
        for e in page.items
    ]
    columns = ["id", "date", "type", "actor", "recipient", "mentions", "sentence"]
    emit(page, output_format, lambda: print_table(_shown(page, "events"), columns, rows))


@main.command("timeline")
@query_options
def timeline_command(
    db_url: str | None, filters: Filters, paging: Paging, output_format: str
) -> None:
    """What was done (events) and said (quotes), in date order; --actor for one actor's."""
    from jishi.store.queries import timeline

    with querying(db_url) as session:
        page = timeline(session, filters, paging)
    rows = [[e.date or "", e.kind, e.summary] for e in page.items]
    title = f"Timeline of {filters.actor}" if filters.actor else "Timeline"
    emit(page, output_format, lambda: print_table(title, ["date", "kind", "what"], rows))


@main.command("quotes")
@query_options
def quotes_command(
    db_url: str | None, filters: Filters, paging: Paging, output_format: str
) -> None:
    """Direct and indirect quotes with their speakers, in date order (--sort date or -date).

    --actor and --country select the speaker.
    """
    from jishi.store.queries import actor_label, quotes

    with querying(db_url) as session:
        page = quotes(session, filters, paging)
    rows = [
        [q.date or "", actor_label(q.speaker) or q.speaker_text or "", q.kind, q.text, q.headline]
        for q in page.items
    ]
    columns = ["date", "speaker", "kind", "text", "article"]
    emit(page, output_format, lambda: print_table(_shown(page, "quotes"), columns, rows))


@main.command("actors")
@query_options
def actors_command(
    db_url: str | None, filters: Filters, paging: Paging, output_format: str
) -> None:
    """Canonical actors merged across documents, most mentioned first (--sort mentions or name).

    Date, outlet and place filters count the mentions in the articles they leave;
    --type keeps the actors taking part in events of that type.
    """
    from jishi.store.queries import actors

    with querying(db_url) as session:
        page = actors(session, filters, paging)
    rows = [
        [
            str(a.id),
            a.name,
            a.name_en or "",
            a.kind or a.type,
            a.country or "",
            a.qid or "",
            str(a.mentions),
        ]
        for a in page.items
    ]
    columns = ["id", "name", "english", "kind", "country", "qid", "mentions"]
    emit(page, output_format, lambda: print_table(_shown(page, "actors"), columns, rows))


@main.command("accounts")
@click.argument("event_id", type=int, required=False)
@query_options
def accounts_command(
    event_id: int | None, db_url: str | None, filters: Filters, paging: Paging, output_format: str
) -> None:
    """Each party's statements about one event (EVENT_ID from `jishi events`), side by side;
    without EVENT_ID, those of every event the filters leave."""
    from jishi.store.queries import Page, accounts, event_accounts, event_by_id

    with querying(db_url) as session:
        result: Accounts | Page[Accounts]
        if event_id is None:
            result = accounts(session, filters, paging)
        else:
            result = event_accounts(session, event_by_id(session, event_id))
    shown = result.items if isinstance(result, Page) else [result]
    emit(result, output_format, lambda: _accounts_tables(shown))


def _accounts_tables(items: list[Accounts]) -> None:
    """One table per event, a column per side."""
    from jishi.store.queries import actor_label

    for item in items:
        event = item.event
        columns = [side.side for side in item.sides]
        cells = [
            "\n\n".join(f"{actor_label(q.speaker)}: {q.text}" for q in side.quotes)
            for side in item.sides
        ]
        actors = "; ".join(a.label for a in event.sources)
        recipients = "; ".join(a.label for a in event.targets)
        title = f"Event {event.id}: {event.type} {event.date or ''} {actors} → {recipients}"
        print_table(title, columns or ["no statements"], [cells] if cells else [])
