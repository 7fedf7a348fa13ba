"""Search speed on a database of 10,000 articles: the query layer's `search` (hits,
highlighted snippets, total, facets) at p50 and p95, against the bare full-text
match of the same terms in the same run.

The database is made by processing the pages once and storing copies of their
records (each with its own content, date and outlet) until it holds --articles
articles, so building it takes minutes, not hours of pipeline time.

    .venv/bin/python bench/search_speed.py [PAGES...] [--articles 10000] [--runs 30] [--db FILE]

Target: p95 under 200 ms for every query (docs/web.md); wall and CPU time are both
reported, CPU time being the steadier on a busy shared machine. Queries cover the two
paths of docs/storage.md: terms of three or more characters (FTS5 trigram) and
of two (a LIKE scan), alone and with filters.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import func, select, text

from jishi.eval.bench import read_inputs
from jishi.model import Document
from jishi.pipeline import process
from jishi.store import Store, open_store
from jishi.store.ingest import store_document
from jishi.store.queries import Filters, Paging, search
from jishi.store.schema import ArticleRow

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    *sorted((ROOT.parent / "shared" / "eval" / "docs").glob("*.txt")),
    ROOT / "samples/page.txt",
]
TARGET_MS = 200.0
OUTLETS = ["新华社", "人民日报", "光明日报", "环球时报", "中国日报"]
QUERIES = [
    ("特朗普", Filters()),
    ("乌克兰危机", Filters()),
    ("北约", Filters()),
    ("停火", Filters.parse(since="2025-06", until="2026-06")),
    ("通电话", Filters.parse(outlet="新华社", type="CONSULT")),
    ("俄罗斯 制裁", Filters.parse(country="RUS")),
]


def copies(records: list[Document], wanted: int) -> list[Document]:
    """Copies of the records, each a new document (own text, path, date and outlet)."""
    per_round = sum(len(doc.articles) for doc in records)
    made: list[Document] = []
    start = date(2025, 1, 1)
    for number in range(-(-wanted // per_round)):
        for doc in records:
            copy = doc.model_copy(deep=True)
            copy.text = f"{doc.text}\n{number}"
            copy.content_hash = None
            copy.path = f"/bench/{number}/{Path(doc.path or doc.id).name}"
            copy.published = (start + timedelta(days=number % 540)).isoformat()
            copy.outlet = OUTLETS[number % len(OUTLETS)]
            made.append(copy)
    return made


def fill(store: Store, pages: list[str], wanted: int) -> int:
    records = [process(page) for page in pages]
    for doc in copies(records, wanted):
        with store.write() as session:
            store_document(session, doc)
    with store.read() as session:
        return session.scalar(select(func.count(ArticleRow.id))) or 0


def bare_match(store: Store, query: str) -> None:
    """The full-text lookup alone: FTS5 for long terms, LIKE for short ones."""
    with store.read() as session:
        for term in query.split():
            if len(term) >= 3:
                session.execute(
                    text("SELECT rowid FROM article_fts WHERE article_fts MATCH :q"),
                    {"q": f'"{term}"'},
                ).all()
            else:
                session.scalars(select(ArticleRow.id).where(ArticleRow.text.contains(term))).all()


def layer_search(store: Store, query: str, filters: Filters) -> int:
    with store.read() as session:
        return search(session, query, filters, Paging(limit=20)).total


def both_times(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one call (SQLite runs in this process, so CPU
    time counts the database's work too, and is steadier on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return 1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, default=PAGES)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", type=Path, help="Keep the database here (reused when present).")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="jishi-search-")
    path = args.db or Path(folder) / "search.sqlite"
    fresh = not path.exists()
    store = open_store(str(path), create=True)
    started = time.perf_counter()
    if fresh:
        count = fill(store, [page for _, page in read_inputs(args.pages)], args.articles)
    else:
        with store.read() as session:
            count = session.scalar(select(func.count(ArticleRow.id))) or 0
    print(f"{count} articles in {path} ({time.perf_counter() - started:.0f} s to build)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'query':<10} {'filters':<36} {'hits':>5} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'cpu p95':>7} {'bare p95':>8} {'ratio':>6}"
    )
    worst = worst_cpu = 0.0
    for query, filters in QUERIES:
        layered = partial(layer_search, store, query, filters)
        hits = layered()  # also the first compilation of the statements
        wall, cpu = zip(*(both_times(layered) for _ in range(args.runs)), strict=True)
        bare = [both_times(partial(bare_match, store, query))[0] for _ in range(args.runs)]
        p95, cpu95, bare95 = (percentile(list(v), 0.95) for v in (wall, cpu, bare))
        worst, worst_cpu = max(worst, p95), max(worst_cpu, cpu95)
        shown = ", ".join(f"{k}={v}" for k, v in filters.as_params().items()) or "-"
        print(
            f"{query:<10} {shown:<36} {hits:5d} {statistics.median(wall):7.1f} {p95:7.1f} "
            f"{cpu95:7.1f} {bare95:8.1f} {p95 / bare95:6.2f}"
        )
    store.close()
    verdict = "meets" if worst < TARGET_MS else "misses"
    print(
        f"worst p95 {worst:.1f} ms wall, {worst_cpu:.1f} ms CPU: {verdict} the "
        f"{TARGET_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
