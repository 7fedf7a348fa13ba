"""``jishi.Store``: a jishi database from Python, with the queries of the command line.

A thin shell over jishi.store, like the CLI and the web app: every query method takes
the options of the query commands (``since``, ``until``, ``actor``, ``country``,
``outlet``, ``location``, ``type``, ``limit``, ``offset``, ``sort``), builds the same
Filters and Paging from them, calls the same function of jishi.store.queries and hands
back its typed page, so ``store.events(actor="王毅")`` is ``jishi events --actor 王毅
--format json`` as objects. Bad option values raise ``QueryError``, names not in the
database ``NotFound``, a database that cannot be opened ``StoreError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypedDict, TypeVar, Unpack, overload

from jishi.model import Document
from jishi.settings import Settings

if TYPE_CHECKING:
    import pyarrow as pa
    from sqlalchemy.orm import Session

    from jishi.store.ingest import IngestReport, Outcome
    from jishi.store.queries import (
        Accounts,
        ActorItem,
        EventItem,
        Filters,
        Page,
        Paging,
        QuoteItem,
        SearchPage,
        TimelineEntry,
    )

Result = TypeVar("Result")


class QueryOptions(TypedDict, total=False):
    """The options of the query commands; every one optional (docs/web.md)."""

    since: str
    until: str
    actor: str
    country: str
    outlet: str
    location: str
    type: str
    limit: int
    offset: int
    sort: str


class Store:
    """A database opened by URL (``sqlite:///FILE``, a file path, ``postgresql://…``;
    None: ``$JISHI_DB``, the config's ``db``, else the default file). ``create`` allows a
    new SQLite file, as ``jishi ingest`` does; the query commands' default refuses one."""

    def __init__(self, url: str | Path | None = None, *, create: bool = False) -> None:
        from jishi.config import default_database_url
        from jishi.store import open_store

        self.url = str(url) if url is not None else default_database_url()
        self._store = open_store(self.url, create=create)

    def __repr__(self) -> str:
        return f"jishi.Store({self._store.label!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    # --- writing -----------------------------------------------------------------------

    def add(self, docs: Document | Iterable[Document]) -> list[Outcome]:
        """Store processed documents (``jishi.process``'s), each in its own transaction:
        content already stored is unchanged, a changed file replaces its old records."""
        from jishi.store.ingest import store_processed

        batch = [docs] if isinstance(docs, Document) else list(docs)
        return [store_processed(self._store, doc) for doc in batch]

    def ingest(
        self,
        paths: str | Path | Sequence[str | Path],
        settings: Settings | None = None,
        n_process: int = 1,
    ) -> IngestReport:
        """Read, process and store files, folders or globs as ``jishi ingest`` does (a bad
        file is reported in the result and the others are stored)."""
        from jishi.ingest import expand_paths
        from jishi.store.ingest import ingest_files

        named = [paths] if isinstance(paths, str | Path) else list(paths)
        files = [str(path.resolve()) for path in expand_paths([str(p) for p in named])]
        return ingest_files(self._store, self.url, files, settings or Settings(), n_process)

    # --- the query commands --------------------------------------------------------------

    def search(self, query: str, **options: Unpack[QueryOptions]) -> SearchPage:
        """Articles containing every space-separated term of ``query``, with facets."""
        from jishi.store import queries

        return self._query(lambda s, f, p: queries.search(s, query, f, p), options)

    def events(self, **options: Unpack[QueryOptions]) -> Page[EventItem]:
        """Events merged across documents."""
        from jishi.store import queries

        return self._query(queries.events, options)

    def quotes(self, **options: Unpack[QueryOptions]) -> Page[QuoteItem]:
        """Direct and indirect quotes with their speakers."""
        from jishi.store import queries

        return self._query(queries.quotes, options)

    def actors(self, **options: Unpack[QueryOptions]) -> Page[ActorItem]:
        """Canonical actors, most mentioned first."""
        from jishi.store import queries

        return self._query(queries.actors, options)

    def timeline(self, **options: Unpack[QueryOptions]) -> Page[TimelineEntry]:
        """What happened and was said, in date order."""
        from jishi.store import queries

        return self._query(queries.timeline, options)

    @overload
    def accounts(self, event_id: int) -> Accounts: ...

    @overload
    def accounts(
        self, event_id: None = None, **options: Unpack[QueryOptions]
    ) -> Page[Accounts]: ...

    def accounts(
        self, event_id: int | None = None, **options: Unpack[QueryOptions]
    ) -> Accounts | Page[Accounts]:
        """Each side's statements on one event, or on every event the options match."""
        from jishi.store import queries

        if event_id is None:
            return self._query(queries.accounts, options)
        with self._store.read() as session:
            return queries.event_accounts(session, queries.event_by_id(session, event_id))

    # --- the event table -------------------------------------------------------------------

    def event_table(self, **options: Unpack[QueryOptions]) -> pa.Table:
        """The event table (docs/event-table.md) of the events the options match, all of
        them unless ``limit`` is given, as an Arrow table (``.to_pandas()`` for pandas)."""
        import pyarrow as pa

        from jishi.store.event_table import SCHEMA, event_rows
        from jishi.store.queries import EVENT_SORTS, MAX_LIMIT, event_query

        filters, paging = self._parse(options)
        with self._store.read() as session:
            query = event_query(session, filters, paging.sort_key(EVENT_SORTS))
            if "limit" in options or "offset" in options:
                query = query.limit(paging.limit).offset(paging.offset)
            ids = list(session.scalars(query))
            rows = [row for chunk in event_rows(session, ids, MAX_LIMIT) for row in chunk]
        return pa.Table.from_pylist(rows, schema=SCHEMA) if rows else SCHEMA.empty_table()

    def export(self, export_format: str, output: str | Path, force: bool = False) -> int:
        """``jishi export``: jsonl, csv, parquet (folders) or events (one file)."""
        from jishi.store.export import export

        with self._store.read() as session:
            return export(session, export_format, Path(output), force)

    # --- helpers -----------------------------------------------------------------------

    def _query(
        self,
        function: Callable[[Session, Filters, Paging], Result],
        options: QueryOptions,
    ) -> Result:
        filters, paging = self._parse(options)
        with self._store.read() as session:
            return function(session, filters, paging)

    @staticmethod
    def _parse(options: QueryOptions) -> tuple[Filters, Paging]:
        from jishi.store.queries import Filters, Paging, QueryError

        unknown = set(options) - set(QueryOptions.__annotations__)
        if unknown:
            known = ", ".join(QueryOptions.__annotations__)
            raise QueryError(f"unknown option {', '.join(sorted(unknown))} (known: {known})")
        filters = Filters.parse(
            options.get("since"),
            options.get("until"),
            options.get("actor"),
            options.get("country"),
            options.get("outlet"),
            options.get("location"),
            options.get("type"),
        )
        return filters, Paging.parse(
            options.get("limit"), options.get("offset"), options.get("sort")
        )
