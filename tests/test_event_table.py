"""The event table: one row per dyad, codes and dates as the field uses them, and every
export of the demo database (samples/page.txt, as `make run` stores it) read back by
DuckDB, pandas and pyarrow with the same types, dates cast and codes intact."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from alembic import command
from sqlalchemy import text

from jishi.ingest import read_document
from jishi.lang.zh.gazetteer import locate
from jishi.model import Article, Event, Paragraph, Quote
from jishi.settings import Settings
from jishi.store import open_store
from jishi.store.database import _migrations_config
from jishi.store.event_table import COLUMNS, DATE_COLUMNS, codes, date_span
from jishi.store.export import TABLES, csv_cell, export
from jishi.store.ingest import ingest_one, store_document
from jishi.store.reports import place
from jishi.store.schema import ActorRow
from test_store import db_url  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
READERS = {"csv": "read_csv", "jsonl": "read_json", "parquet": "read_parquet"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, sample_page: Path) -> Path:
    """Every export of the demo database, in one folder."""
    folder = tmp_path_factory.mktemp("exports")
    store = open_store(str(folder / "demo.sqlite"), create=True)
    ingest_one(store, read_document(sample_page), Settings())
    with store.read() as session:
        for suffix in READERS:
            export(session, "events", folder / f"events.{suffix}")
        export(session, "csv", folder / "csv")
        export(session, "parquet", folder / "parquet")
        export(session, "jsonl", folder / "documents.jsonl")
    store.close()
    return folder


def rows(path: Path, reader: str = "read_parquet") -> list[dict[str, Any]]:
    relation = duckdb.sql(f"SELECT * FROM {reader}('{path}')")
    return [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]


def column_types(path: Path, reader: str) -> list[tuple[str, str]]:
    return [
        (r[0], r[1]) for r in duckdb.sql(f"DESCRIBE SELECT * FROM {reader}('{path}')").fetchall()
    ]


def test_duckdb_reads_each_export_with_the_same_types_and_casts_its_dates(exported: Path) -> None:
    types = {kind: column_types(exported / f"events.{kind}", r) for kind, r in READERS.items()}
    assert types["csv"] == types["jsonl"] == types["parquet"]
    assert [name for name, _ in types["parquet"]] == COLUMNS
    casts = ", ".join(f"CAST({name} AS DATE)" for name in DATE_COLUMNS)
    for kind, reader in READERS.items():
        days = duckdb.sql(f"SELECT {casts} FROM {reader}('{exported}/events.{kind}')").fetchall()
        assert all(isinstance(d, date) for row in days for d in row[-1:]), "every story is dated"
    stored = duckdb.sql(
        f"SELECT DISTINCT cameo_code FROM read_parquet('{exported}/events.parquet')"
    ).fetchall()
    assert all(re.fullmatch(r"\d{3,4}", code) for (code,) in stored)
    assert any(code.startswith("0") for (code,) in stored), "a leading zero survives"
    for kind, reader in READERS.items():
        codes_read = duckdb.sql(
            f"SELECT DISTINCT cameo_code FROM {reader}('{exported}/events.{kind}')"
        ).fetchall()
        assert sorted(codes_read) == sorted(stored), kind


def test_one_row_per_dyad_covering_every_pair_of_an_events_parties(exported: Path) -> None:
    table = rows(exported / "events.parquet")
    participants = rows(exported / "parquet" / "event_participants.parquet")
    mentions = {
        m["id"]: m["event_id"] for m in rows(exported / "parquet" / "event_mentions.parquet")
    }
    parties: dict[int, set[int]] = {}
    for p in participants:
        parties.setdefault(mentions[p["event_mention_id"]], set()).add(p["actor_id"])
    by_event: dict[int, list[dict[str, Any]]] = {}
    for row in table:
        by_event.setdefault(row["event_id"], []).append(row)
        assert "; " not in (row["source_name_zh"] or "") + (row["target_name_zh"] or "")
    assert len({(r["event_id"], r["source_actor_id"], r["target_actor_id"]) for r in table}) == len(
        table
    )
    for event_id, dyads in by_event.items():
        sources = {r["source_actor_id"] for r in dyads}
        targets = {r["target_actor_id"] for r in dyads}
        assert len(dyads) == len(sources) * len(targets), "a full cross product"
        assert [r["dyad_index"] for r in dyads] == list(range(len(dyads)))
        assert (sources | targets) - {None} == parties[event_id]


def test_the_evidence_points_into_the_stored_paragraph(exported: Path) -> None:
    paragraphs = {
        (a["article_key"], p["position"]): p["text"]
        for a in rows(exported / "parquet" / "articles.parquet")
        for p in rows(exported / "parquet" / "paragraphs.parquet")
        if p["article_id"] == a["id"]
    }
    sidecar = json.loads((ROOT / "samples" / "page.txt.meta.json").read_text("utf-8"))
    for row in rows(exported / "events.parquet"):
        paragraph = paragraphs[(row["article_id"], row["paragraph"])]
        head = row["trigger"].split("…")[0]
        assert paragraph[row["trigger_start"] : row["trigger_start"] + len(head)] == head
        assert row["sentence"] in paragraph
        assert row["story_date"] == date.fromisoformat(sidecar["published"])
        assert row["document_id"] in row["source_documents"].split("; ")
        assert not row["document_id"].startswith("/"), "never a local path"
        assert row["quad_class"] == codes().quad_class(row["plover_type"])


def test_locations_have_the_coordinates_the_record_gives_their_entity(exported: Path) -> None:
    record = json.loads((exported / "documents.jsonl").read_text(encoding="utf-8"))
    places = {
        (article["id"], entity["name"]): entity
        for article in record["articles"]
        for entity in article["entities"]
    }
    located = [r for r in rows(exported / "events.parquet") if r["location_name_zh"]]
    assert located, "the sample has an event with a place (访问巴黎)"
    for row in located:
        entity = places[(row["article_id"], row["location_name_zh"])]
        found = (row["location_lat"], row["location_lon"], row["location_geonames_id"])
        assert found == (entity["latitude"], entity["longitude"], entity["geonames_id"])


def test_the_loading_snippets_of_the_docs_give_the_same_table_in_every_reader(
    exported: Path,
) -> None:
    doc = (ROOT / "docs" / "event-table.md").read_text(encoding="utf-8")
    section = doc.split("## Loading it\n", 1)[1].split("\n## ", 1)[0]
    namespace: dict[str, Any] = {}
    here = Path.cwd()
    os.chdir(exported)
    try:
        for block in re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL):
            exec(block, namespace)
    finally:
        os.chdir(here)
    frames = [namespace[name] for name in ("from_parquet", "from_csv", "from_jsonl")]
    assert all(frame.equals(frames[0]) for frame in frames)
    assert all(list(frame.dtypes) == list(frames[0].dtypes) for frame in frames)
    assert str(frames[0]["date_start"].dtype) == "date32[day][pyarrow]"
    tables = [namespace[name] for name in ("parquet_table", "csv_table", "jsonl_table")]
    assert all(table.equals(tables[0]) for table in tables)
    assert namespace["calls"], "the DuckDB snippet finds the sample's phone call"


def test_every_table_of_the_folder_exports_reads_in_duckdb(exported: Path) -> None:
    for name in [*TABLES, "events"]:
        csv_types = column_types(exported / "csv" / f"{name}.csv", "read_csv")
        parquet_types = column_types(exported / "parquet" / f"{name}.parquet", "read_parquet")
        assert [c for c, _ in csv_types] == [c for c, _ in parquet_types], name
    for path, reader in [
        (exported / "csv" / "documents.csv", "read_csv"),
        (exported / "parquet" / "documents.parquet", "read_parquet"),
        (exported / "documents.jsonl", "read_json"),
    ]:
        days = duckdb.sql(f"SELECT CAST(published AS DATE) FROM {reader}('{path}')").fetchall()
        assert days == [(date(2025, 3, 12),)]


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2025-03-12", ("2025-03-12", "2025-03-12", "day")),
        ("2025-03-12T08:00", ("2025-03-12", "2025-03-12", "day")),
        ("2024-02", ("2024-02-01", "2024-02-29", "month")),
        ("2025-12", ("2025-12-01", "2025-12-31", "month")),
        ("2025-W11", ("2025-03-10", "2025-03-16", "week")),
        ("2025-W11-WE", ("2025-03-15", "2025-03-16", "week")),
        ("2025-W11-3", ("2025-03-12", "2025-03-12", "day")),
        ("2025-Q4", ("2025-10-01", "2025-12-31", "quarter")),
        ("2025-H1", ("2025-01-01", "2025-06-30", "half")),
        ("2025", ("2025-01-01", "2025-12-31", "year")),
        ("2025-05-07/2025-05-10", ("2025-05-07", "2025-05-10", "day")),
        ("2025-05-28/2025-06", ("2025-05-28", "2025-06-30", "month")),
    ],
)
def test_a_date_value_becomes_the_days_it_covers(value: str, span: tuple[str, str, str]) -> None:
    found = date_span(value)
    assert found is not None
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == span


@pytest.mark.parametrize(
    "value", [None, "", "XXXX-02-13", "PAST_REF", "20", "2025-02-30", "2025-W60"]
)
def test_a_value_naming_no_calendar_span_gives_no_dates(value: str | None) -> None:
    assert date_span(value) is None


def actor(**fields: Any) -> ActorRow:
    return ActorRow(name="x", type="PER", identity="x", linked=True, **fields)


def test_actor_codes_follow_the_cameo_convention() -> None:
    table = codes()
    assert table.actor_code(actor(country="CHN", sector="government", kind="person")) == "CHNGOV"
    assert table.actor_code(actor(country="CHN", sector="government", kind="state")) == "CHN"
    assert table.actor_code(actor(country="PRT", sector="igo", kind="person")) == "IGO"
    assert table.actor_code(actor(country=None, sector="media", kind="organization")) == "MED"
    assert table.actor_code(actor(country="UKR", sector="region", kind="place")) == "UKR"
    assert table.actor_code(actor(country=None, sector=None, kind="person")) is None


def test_intensity_takes_the_modes_score_else_the_types() -> None:
    table = codes()
    assert table.intensity("CONSULT", "phone") != table.intensity("CONSULT", None)
    assert table.intensity("SANCTION", "sever") == table.intensity("SANCTION", None)
    assert table.intensity("ASSAULT", None) < table.intensity("SANCTION", None) < 0  # type: ignore[operator]
    assert table.intensity("NOT-A-TYPE", None) is None
    quads = [table.quad_class(t) for t in ("CONSULT", "RETREAT", "THREATEN", "SANCTION")]
    assert quads == [1, 2, 3, 4]


def test_places_are_located_by_name_within_their_country() -> None:
    capital = locate("Washington", "华盛顿", "USA")
    assert capital is not None and capital.feature == "city"
    assert abs(capital.latitude - 38.9) < 0.1 and abs(capital.longitude + 77.0) < 0.1  # type: ignore[operator]
    by_chinese = locate(None, "布鲁塞尔", None)
    assert by_chinese is not None and by_chinese.country == "BEL"
    france = locate("France", "法国", "FRA", state=True)
    paris = locate("Paris", "巴黎", "FRA")
    assert france is not None and paris is not None and france.feature == "country"
    assert (france.latitude, france.longitude) == (paris.latitude, paris.longitude)
    assert france.geonames_id != paris.geonames_id
    assert locate("Kyiv Oblast", "基辅州", "UKR") is None


def test_a_report_inside_a_quote_is_reported_by_its_speaker() -> None:
    paragraph = "俄罗斯总统新闻秘书佩斯科夫11日说，制裁不会改变俄方立场。俄方将采取反制措施。"
    article = Article(
        id="a1",
        paragraphs=[Paragraph(text=paragraph)],
        quotes=[
            Quote(text="制裁不会改变俄方立场", kind="indirect", speaker="e-peskov", paragraph=0)
        ],
    )
    sentences = paragraph.split("。")
    said = place(article, 0, sentences[0] + "。", "制裁")
    assert (said.sentence_index, said.reported_by) == (0, "e-peskov")
    assert paragraph[said.trigger_start : said.trigger_end] == "制裁"  # type: ignore[misc]
    own = place(article, 0, sentences[1] + "。", "采取…措施")
    assert (own.sentence_index, own.reported_by) == (1, None)
    assert paragraph[own.trigger_start : own.trigger_end] == "采取反制措施"  # type: ignore[misc]
    assert place(article, 0, "别的句子。", "会谈").trigger_start is None


def test_stored_reports_keep_their_place_and_the_documents_inferred_date(tmp_path: Path) -> None:
    sentence = "王毅11日同巴罗通电话。"
    paragraph = "两国外长保持密切沟通。" + sentence
    event = Event(id="v1", type="CONSULT", trigger="通电话", sentence=sentence, paragraph=0)
    article = Article(id="a1", paragraphs=[Paragraph(text=paragraph)], events=[event])
    store = open_store(str(tmp_path / "one.sqlite"), create=True)
    doc = read_document(_written(tmp_path / "page.txt", paragraph))
    doc.articles, doc.published, doc.published_inferred = [article], "2025-03-12", True
    with store.write() as session:
        store_document(session, doc)
    with store.read() as session:
        stored = session.execute(
            text("SELECT sentence_index, trigger_start, trigger_end FROM event_mentions")
        ).one()
        inferred = session.execute(text("SELECT published_inferred FROM documents")).scalar()
    store.close()
    start = paragraph.index("通电话")
    assert tuple(stored) == (1, start, start + 3) and inferred


def _written(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


def test_the_migration_reads_inferred_dates_back_from_the_stored_records(
    db_url: str,  # noqa: F811
) -> None:
    store = open_store(db_url, create=True)
    with store.engine.begin() as connection:
        config = _migrations_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
        for number, inferred in enumerate([True, False]):
            record = json.dumps({"id": f"d{number}", "published_inferred": inferred})
            connection.execute(
                text(
                    "INSERT INTO documents (doc_key, content_hash, article_count, record, "
                    "ingested_at) VALUES (:key, :hash, 0, :record, '2026-01-01')"
                ),
                {"key": f"d{number}", "hash": f"h{number}", "record": record},
            )
    store.close()
    upgraded = open_store(db_url)
    with upgraded.read() as session:
        flags = session.execute(text("SELECT published_inferred FROM documents ORDER BY id"))
        assert [bool(flag) for (flag,) in flags] == [True, False]
    upgraded.close()


def test_csv_cells_quote_text_and_leave_numbers_and_nulls_bare() -> None:
    cells = [csv_cell(v) for v in ["040", 'say "no"', None, True, 3, 1.5, date(2025, 3, 12)]]
    assert cells == ['"040"', '"say ""no"""', "", "true", "3", "1.5", '"2025-03-12"']
