"""The query commands over the store: search, events, timeline, quotes, actors, accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from jishi.cli.app import fail, iso_day, main, print_table
from jishi.cli.store import db_option, reading

if TYPE_CHECKING:
    pass


@main.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=50, show_default=True, help="Most articles to show.")
def search_command(query: str, db_url: str | None, limit: int) -> None:
    """Articles whose text contains QUERY (any length; Chinese needs no spaces).

    Several space-separated terms find the articles containing all of them.
    """
    from jishi.store.queries import search

    with reading(db_url) as session:
        hits = search(session, query, limit)
        rows = [[str(h.article_id), h.headline, h.snippet, h.document] for h in hits]
    print_table(f"{len(rows)} articles for {query!r}", ["id", "headline", "text", "source"], rows)


@main.command("events")
@db_option
@click.option("--actor", help="Only events with this participant (Chinese or English name).")
@click.option("--type", "event_type", metavar="PLOVER", help="Only this PLOVER type.")
@click.option(
    "--since", metavar="YYYY-MM-DD", callback=iso_day, help="Only events on or after this date."
)
@click.option(
    "--until", metavar="YYYY-MM-DD", callback=iso_day, help="Only events on or before this date."
)
def events_command(
    db_url: str | None,
    actor: str | None,
    event_type: str | None,
    since: str | None,
    until: str | None,
) -> None:
    """Events merged across documents, in date order."""
    from jishi.store.queries import event_query, event_records

    with reading(db_url) as session:
        ids = list(session.scalars(event_query(session, actor, event_type, since, until)))
        records = event_records(session, ids)
    rows = [
        [
            str(r["event_id"]),
            r["date"] or "",
            "/".join(v for v in (r["plover_type"], r["plover_mode"]) if v),
            r["actor_name"],
            r["recipient_name"],
            str(r["num_mentions"]),
            r["sentences"].splitlines()[0] if r["sentences"] else "",
        ]
        for r in records
    ]
    columns = ["id", "date", "type", "actor", "recipient", "mentions", "sentence"]
    print_table(f"{len(rows)} events", columns, rows)


@main.command("timeline")
@db_option
@click.option("--actor", required=True, help="Chinese or English name of the actor.")
def timeline_command(db_url: str | None, actor: str) -> None:
    """What one actor did and said, in date order."""
    from jishi.store.queries import find_actors, timeline

    with reading(db_url) as session:
        if not find_actors(session, actor):
            fail(f"no actor named {actor!r} in the database")
        entries = timeline(session, actor)
    rows = [[e.date or "", e.kind, e.summary] for e in entries]
    print_table(f"Timeline of {actor}", ["date", "kind", "what"], rows)


@main.command("quotes")
@db_option
@click.option("--speaker", help="Only quotes of this actor (Chinese or English name).")
def quotes_command(db_url: str | None, speaker: str | None) -> None:
    """Direct and indirect quotes with their speakers, in date order."""
    from jishi.store.queries import quotes_by

    with reading(db_url) as session:
        hits = quotes_by(session, speaker)
        rows = [[h.date or "", h.speaker, h.quote.kind, h.quote.text, h.headline] for h in hits]
    print_table(f"{len(rows)} quotes", ["date", "speaker", "kind", "text", "article"], rows)


@main.command("actors")
@db_option
@click.option("--country", metavar="ISO", help="Only actors of this country (ISO alpha-3).")
def actors_command(db_url: str | None, country: str | None) -> None:
    """Canonical actors merged across documents, most mentioned first."""
    from jishi.store.queries import actors_with_counts

    with reading(db_url) as session:
        rows = [
            [
                str(a.id),
                a.name,
                a.name_en or "",
                a.kind or a.type,
                a.country or "",
                a.qid or "",
                str(count),
            ]
            for a, count in actors_with_counts(session, country)
        ]
    columns = ["id", "name", "english", "kind", "country", "qid", "mentions"]
    print_table(f"{len(rows)} actors", columns, rows)


@main.command("accounts")
@click.argument("event_id", type=int)
@db_option
def accounts_command(event_id: int, db_url: str | None) -> None:
    """Each party's statements about one event (EVENT_ID from `jishi events`), side by side."""
    from jishi.store.link import accounts
    from jishi.store.queries import actor_label, event_records

    with reading(db_url) as session:
        records = event_records(session, [event_id])
        if not records:
            fail(f"no event {event_id} in the database")
        sides = accounts(session, event_id)
        columns = [side.side for side in sides]
        cells = [
            "\n\n".join(f"{actor_label(q.speaker)}: {q.text}" for q in side.quotes)
            for side in sides
        ]
    event = records[0]
    title = f"Event {event_id}: {event['plover_type']} {event['date'] or ''} " + (
        f"{event['actor_name']} → {event['recipient_name']}"
    )
    print_table(title, columns or ["no statements"], [cells] if cells else [])
