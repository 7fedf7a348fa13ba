"""The store on SQLite and PostgreSQL: safe re-ingest, replacement, linking, search, exports.

Documents are built by hand from realistic Chinese news sentences so that
these tests measure the store, not the quality of the pipeline stages.
The fixtures here are imported by the other tests/test_store_*.py files.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
import pyarrow.parquet as pq
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text

from jishi.model import Article, Document, Entity, Event, Mention, Paragraph, Quote
from jishi.settings import Settings
from jishi.store import Store, StoreError, open_store
from jishi.store.event_table import COLUMNS as EVENT_TABLE_COLUMNS
from jishi.store.event_table import event_rows
from jishi.store.export import TABLES, export
from jishi.store.ingest import Outcome, ingest_one, store_document
from jishi.store.link import accounts, actor_identity
from jishi.store.queries import (
    Filters,
    actors,
    event_query,
    quotes,
    search,
    timeline,
)
from jishi.store.schema import Base, DocumentRow

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("JISHI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_admin_connection() -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the test server; in CI (.ci/run starts the server) its
    absence fails the test, elsewhere it skips it."""
    plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        return psycopg.connect(plain, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"no PostgreSQL server answers at {PG_URL} (.ci/postgres.sh): {error}")
        pytest.skip(f"no PostgreSQL server answers at {PG_URL}: {error}")


def _postgres_schema() -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped afterwards."""
    admin = pg_admin_connection()
    schema = f"jishi_test_{uuid.uuid4().hex[:12]}"
    with admin:
        # pg_trgm is database-wide; putting it in public keeps it visible to every test schema.
        admin.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{PG_URL}?options=-csearch_path%3D{schema},public"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'jishi.sqlite'}"
    else:
        yield from _postgres_schema()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url, create=True)
    yield opened
    opened.close()


def person(key: str, name: str, name_en: str, country: str, qid: str | None, offset: int) -> Entity:
    """A linked person entity with one mention in paragraph 0."""
    return Entity(
        id=key,
        type="PER",
        name=name,
        name_en=name_en,
        country=country,
        qid=qid,
        kind="person",
        linked=True,
        mentions=[Mention(text=name, paragraph=0, start=offset, end=offset + len(name))],
    )


def xi(offset: int = 0) -> Entity:
    return person("e-xi", "习近平", "Xi Jinping", "CHN", "Q15031", offset)


def trump(offset: int = 0) -> Entity:
    return person("e-trump", "特朗普", "Donald Trump", "USA", "Q22686", offset)


def make_doc(path: str, articles: list[Article], published: str = "2025-02-13") -> Document:
    """A document whose text is its articles' text, as the ingest stage would give it."""
    body = "\n\n".join(
        "\n".join([a.headline or "", *(p.text for p in a.paragraphs)]) for a in articles
    )
    return Document(
        id=Path(path).stem, path=path, published=published, text=body, articles=articles
    )


def call_event(key: str, source: Entity, target: Entity, day: str, sentence: str) -> Event:
    return Event(
        id=key,
        type="CONSULT",
        mode="phone",
        cameo="042",
        source=[source.id],
        target=[target.id],
        date=day,
        trigger="通电话",
        sentence=sentence,
        paragraph=0,
    )


CALL_CN = (
    "新华社北京2月12日电 国家主席习近平12日晚同美国总统特朗普通电话。"
    "习近平指出，中美合作对两国有利。"
)
CALL_US = "美国总统特朗普13日对媒体说，他12日同中国国家主席习近平通了电话，“我们谈得很好”。"
NATO = "北约秘书长吕特13日在布鲁塞尔表示，北约成员国应大幅增加国防开支。"
NATO_DEMAND = "北约成员国应大幅增加国防开支"


def chinese_readout() -> Document:
    """A Xinhua page: the call with Xi's account, and a NATO article."""
    call = Article(
        id="a1",
        headline="习近平同美国总统特朗普通电话",
        source="新华社",
        paragraphs=[Paragraph(text=CALL_CN, role="lead")],
        entities=[xi(CALL_CN.index("习近平")), trump(CALL_CN.index("特朗普"))],
        quotes=[Quote(text="中美合作对两国有利", kind="indirect", speaker="e-xi", paragraph=0)],
        events=[call_event("v1", xi(), trump(), "2025-02-12", CALL_CN.split("。")[0])],
    )
    rutte = person("e-rutte", "吕特", "Mark Rutte", "NLD", "Q57792", NATO.index("吕特"))
    nato = Entity(
        id="e-nato",
        type="ORG",
        name="北约",
        name_en="NATO",
        qid="Q7184",
        kind="organization",
        mentions=[Mention(text="北约", paragraph=0, start=0, end=2)],
    )
    nato_article = Article(
        id="a2",
        headline="北约秘书长呼吁增加军费",
        paragraphs=[Paragraph(text=NATO)],
        entities=[rutte, nato],
        quotes=[Quote(text=NATO_DEMAND, kind="indirect", speaker="e-rutte", paragraph=0)],
    )
    return make_doc("/pages/xinhua-0213.txt", [call, nato_article])


COMMENT = "美国欧亚集团总裁布雷默认为，这次通话释放了缓和信号。"
OFFICIAL = "中国外交部发言人郭嘉昆13日表示，中方愿同美方相向而行。"


def american_readout(day: str = "2025-02-12", path: str = "/pages/us-0213.txt") -> Document:
    """Another paper reporting the same call from the American side (roles swapped),
    with a commentator's view and a Chinese official's statement."""
    bremmer = person("e-bremmer", "布雷默", "Ian Bremmer", "USA", None, 0)
    guo = person("e-guo", "郭嘉昆", "Guo Jiakun", "CHN", None, 0)
    call = Article(
        id="a1",
        headline=f"特朗普称与习近平通话“谈得很好”（{day}）",
        paragraphs=[Paragraph(text=text) for text in (CALL_US, COMMENT, OFFICIAL)],
        entities=[
            trump(CALL_US.index("特朗普")),
            xi(CALL_US.index("习近平")),
            bremmer.model_copy(update={"sector": "academia"}),
            guo.model_copy(update={"sector": "government"}),
        ],
        quotes=[
            Quote(text="我们谈得很好", kind="direct", speaker="e-trump", paragraph=0),
            Quote(text="这次通话释放了缓和信号", kind="indirect", speaker="e-bremmer", paragraph=1),
            Quote(text="中方愿同美方相向而行", kind="indirect", speaker="e-guo", paragraph=2),
        ],
        events=[call_event("v1", trump(), xi(), day, CALL_US)],
    )
    return make_doc(path, [call])


def save(store: Store, doc: Document) -> Outcome:
    with store.write() as session:
        return store_document(session, doc)


def counts(store: Store) -> dict[str, int]:
    """Row count of every table."""
    with store.read() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def test_reingesting_the_same_documents_changes_no_count(store: Store) -> None:
    assert save(store, chinese_readout()) is Outcome.ADDED
    assert save(store, american_readout()) is Outcome.ADDED
    before = counts(store)
    assert save(store, chinese_readout()) is Outcome.UNCHANGED
    assert save(store, american_readout()) is Outcome.UNCHANGED
    assert counts(store) == before
    assert before["documents"] == 2 and before["articles"] == 3


def test_a_changed_file_replaces_its_old_records(store: Store) -> None:
    save(store, chinese_readout())
    changed = chinese_readout()
    changed.articles = changed.articles[:1]
    changed.text += "（更正）"
    assert save(store, changed) is Outcome.REPLACED
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 1
        assert search(session, "北约").items == []
        names = {actor.name for actor in actors(session).items}
    assert names == {"习近平", "特朗普"}, "actors only the old version named are removed"


def without_events(doc: Document) -> Document:
    """A new version of the same file in which the event is no longer reported."""
    for article in doc.articles:
        article.events = []
    doc.text += "（更新）"
    return doc


def stored_events(store: Store) -> list[dict[str, Any]]:
    """The event table's rows (one per dyad: one per event in these tests)."""
    with store.read() as session:
        ids = list(session.scalars(event_query(session)))
        return [row for chunk in event_rows(session, ids, 100) for row in chunk]


def test_replacing_reports_removes_their_mentions_then_the_event(store: Store) -> None:
    save(store, chinese_readout())
    save(store, american_readout())
    assert save(store, without_events(american_readout())) is Outcome.REPLACED
    remaining = [(r["num_mentions"], r["source_documents"]) for r in stored_events(store)]
    assert remaining == [(1, "xinhua-0213")]
    assert save(store, without_events(chinese_readout())) is Outcome.REPLACED
    assert stored_events(store) == [], "an event no document reports any more is gone"
    assert counts(store)["event_participants"] == 0


def test_the_same_event_on_two_documents_is_one_event_with_two_mentions(store: Store) -> None:
    save(store, chinese_readout())
    save(store, american_readout("2025-02-13"))
    save(store, american_readout("2025-02-20", path="/pages/us-0221.txt"))
    merged, later = stored_events(store)
    assert (merged["num_mentions"], merged["num_documents"]) == (2, 2)
    assert merged["source_documents"] == "xinhua-0213; us-0213"
    assert merged["source_name"] == "Xi Jinping" and merged["target_name"] == "Donald Trump"
    assert (later["date_value"], later["num_mentions"]) == ("2025-02-20", 1), "a week later"


def test_calls_sharing_one_party_or_of_another_mode_stay_apart(store: Store) -> None:
    putin = person("e-putin", "普京", "Vladimir Putin", "RUS", "Q7747", 0)
    zelensky = person("e-zelensky", "泽连斯基", "Volodymyr Zelensky", "UKR", "Q3881739", 0)
    with_putin = call_event("v1", trump(), putin, "2025-02-12", "特朗普12日同普京通电话。")
    with_zelensky = call_event("v2", trump(), zelensky, "2025-02-12", "特朗普又同泽连斯基通话。")
    visit = call_event("v3", trump(), putin, "2025-02-13", "特朗普13日会见普京。")
    visit.mode = "visit"
    article = Article(
        id="a1",
        headline="特朗普与俄乌领导人通话",
        paragraphs=[Paragraph(text=with_putin.sentence + with_zelensky.sentence + visit.sentence)],
        entities=[trump(), putin, zelensky],
        events=[with_putin, with_zelensky, visit],
    )
    save(store, make_doc("/pages/calls.txt", [article]))
    kremlin = call_event("v1", putin, trump(), "2025-02-13", "克里姆林宫说，普京同特朗普通了电话。")
    readout = Article(
        id="a1",
        headline="克里姆林宫发布普京与特朗普通话内容",
        paragraphs=[Paragraph(text=kremlin.sentence)],
        entities=[putin, trump()],
        events=[kremlin],
    )
    save(store, make_doc("/pages/kremlin.txt", [readout]))
    summary = [
        (r["target_name"], r["plover_mode"], r["num_documents"]) for r in stored_events(store)
    ]
    assert summary == [
        ("Vladimir Putin", "phone", 2),
        ("Volodymyr Zelensky", "phone", 1),
        ("Vladimir Putin", "visit", 1),
    ]


def test_actors_are_merged_across_documents_by_identity(store: Store) -> None:
    save(store, chinese_readout())
    save(store, american_readout())
    with store.read() as session:
        mention_counts = {actor.name_en: actor.mentions for actor in actors(session).items}
        chinese = {actor.name for actor in actors(session, Filters.parse(country="chn")).items}
    assert mention_counts["Donald Trump"] == 2
    assert chinese == {"习近平", "郭嘉昆"}


def test_actor_identity_prefers_qid_then_english_name_then_chinese() -> None:
    unlinked = Entity(id="e", type="PER", name="吕特")
    assert actor_identity(xi()) == "qid:Q15031"
    assert actor_identity(unlinked) == "zh:PER:吕特"
    english = unlinked.model_copy(update={"name_en": "Mark Rutte", "country": "NLD"})
    assert actor_identity(english) == "en:mark rutte|NLD|PER"


def test_search_finds_two_and_three_character_queries(store: Store) -> None:
    save(store, chinese_readout())
    save(store, american_readout())
    with store.read() as session:

        def headlines(query: str) -> list[str]:
            return [hit.headline for hit in search(session, query).items]

        nato = search(session, "北约").items
        assert [hit.headline for hit in nato] == ["北约秘书长呼吁增加军费"]
        assert "北约" in nato[0].snippet
        assert {headline[:3] for headline in headlines("特朗普")} == {"习近平", "特朗普"}
        assert headlines("北约秘书长") == ["北约秘书长呼吁增加军费"]
        assert headlines("联合国") == []
        assert headlines("100%") == [], "LIKE wildcards in the query are literal"
        assert [headline[:3] for headline in headlines("习近平 谈得")] == ["特朗普"]
        assert len(headlines(" 习近平  特朗普 ")) == 2
        assert headlines("北约 特朗普") == [], "every term must be in the article"


def test_accounts_set_each_sides_statements_side_by_side(store: Store) -> None:
    save(store, chinese_readout())
    save(store, american_readout())
    with store.read() as session:
        event_id = session.scalars(event_query(session, Filters(actor="特朗普"))).one()
        sides = {side.side: [q.text for q in side.quotes] for side in accounts(session, event_id)}
    assert sides == {
        "CHN": ["中美合作对两国有利", "中方愿同美方相向而行"],
        "USA": ["我们谈得很好"],
    }, "participants and officials of their states speak; a commentator does not"


def test_timeline_and_quotes_of_one_actor(store: Store) -> None:
    save(store, chinese_readout())
    save(store, american_readout())
    with store.read() as session:
        entries = timeline(session, Filters(actor="Donald Trump")).items
        said = quotes(session, Filters(actor="吕特")).items
    assert [(e.date, e.kind) for e in entries] == [("2025-02-12", "event"), ("2025-02-13", "quote")]
    assert [quote.text for quote in said] == ["北约成员国应大幅增加国防开支"]


def test_two_writers_storing_the_same_new_content_store_it_once(store: Store) -> None:
    """The second waits for the first (SQLite lock, PostgreSQL unique index), then adds nothing."""
    second: list[Outcome] = []
    with store.write() as session:
        store_document(session, chinese_readout())
        writer = threading.Thread(
            target=lambda: second.append(ingest_one(store, chinese_readout(), Settings(stages=[])))
        )
        writer.start()
        time.sleep(0.3)  # lets the second writer reach the database while the first holds it
    writer.join()
    assert second == [Outcome.UNCHANGED]
    assert counts(store)["documents"] == 1


def test_a_failed_write_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as session:
        store_document(session, chinese_readout())
        raise RuntimeError("crash after the rows were written")
    assert counts(store)["documents"] == 0
    assert counts(store)["articles"] == 0


def documented_columns(section: str) -> list[str]:
    """Column names listed in docs/storage.md under the heading `section` (the event
    table's in docs/event-table.md)."""
    if section == "events":
        return documented_event_columns()
    text_value = (ROOT / "docs" / "storage.md").read_text(encoding="utf-8")
    body = text_value.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `(\w+)`", body, flags=re.MULTILINE)


def documented_event_columns() -> list[str]:
    """The columns of the tables of docs/event-table.md's section "Columns", in order."""
    text_value = (ROOT / "docs" / "event-table.md").read_text(encoding="utf-8")
    body = text_value.split("## Columns\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\w+)`", body, flags=re.MULTILINE)


def test_exported_tables_load_in_pandas_and_pyarrow_with_the_documented_columns(
    store: Store, tmp_path: Path
) -> None:
    save(store, chinese_readout())
    save(store, american_readout())
    with store.read() as session:
        export(session, "csv", tmp_path / "csv")
        export(session, "parquet", tmp_path / "parquet")
        export(session, "events", tmp_path / "events.parquet")
    for name in [*TABLES, "events"]:
        frame = pd.read_csv(tmp_path / "csv" / f"{name}.csv")
        table = pq.read_table(tmp_path / "parquet" / f"{name}.parquet")
        assert list(frame.columns) == table.column_names == documented_columns(name)
        assert len(frame) == table.num_rows
    events = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert list(events[0]) == EVENT_TABLE_COLUMNS
    assert [row["num_mentions"] for row in events] == [2], "one dyad of one merged call"
    articles = pd.read_csv(tmp_path / "csv" / "articles.csv")
    assert "北约秘书长呼吁增加军费" in set(articles["headline"])


def test_jsonl_export_gives_back_the_document_records(store: Store, tmp_path: Path) -> None:
    original = chinese_readout()
    save(store, original)
    with store.read() as session:
        assert export(session, "jsonl", tmp_path / "docs.jsonl") == 1
    assert (tmp_path / "docs.jsonl").stat().st_mode & 0o044, "readable like any new file"
    lines = (tmp_path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert Document.model_validate(json.loads(lines[0])) == original.model_copy(update={"text": ""})


def test_an_export_that_fails_leaves_the_old_file(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "events.csv"
    target.write_text("previous export\n", encoding="utf-8")
    save(store, chinese_readout())
    with store.read() as session:
        session.execute(text("DROP TABLE event_participants"))
        with pytest.raises(Exception, match="event_participants"):
            export(session, "events", target, force=True)
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in folder.iterdir()] == ["events.csv"], "no temporary file left"


def test_a_missing_sqlite_file_or_bad_url_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(StoreError, match=r"nowhere\.sqlite.*does not exist"):
        open_store(str(missing))
    assert not missing.exists()
    with pytest.raises(StoreError, match="bad database URL 'mysql://x'"):
        open_store("mysql://x")
    with pytest.raises(StoreError, match=re.escape("127.0.0.1:1")):
        open_store("postgresql://postgres@127.0.0.1:1/none", timeout=1)


def test_a_locked_sqlite_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    holder = open_store(str(path), create=True)
    waiter = open_store(str(path), timeout=0.2)
    with holder.write() as session:
        session.execute(text("DELETE FROM documents"))
        with pytest.raises(StoreError, match=re.escape("locked.sqlite is locked")):
            save(waiter, chinese_readout())
    holder.close()
    waiter.close()


def test_the_migrations_build_exactly_the_declared_schema(store: Store) -> None:
    """schema.py and the Alembic revisions must not drift apart (full-text objects aside)."""
    full_text = ("article_fts", "ix_articles_text_trgm", "alembic_version")
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    unexpected = [d for d in differences if not any(name in repr(d) for name in full_text)]
    assert unexpected == []


def test_the_head_revision_known_without_alembic_is_alembics(store: Store) -> None:
    """Opening a current database skips alembic: the head it compares with must be right."""
    from alembic.script import ScriptDirectory

    from jishi.store.database import _migrations_config, current_revision, head_revision

    assert head_revision() == ScriptDirectory.from_config(_migrations_config()).get_current_head()
    assert current_revision(store) == head_revision()
