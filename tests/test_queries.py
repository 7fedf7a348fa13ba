"""The query layer shared by the CLI and the web app: filters, paging, sorting, formats.

On the two hand-made readouts of one phone call (tests/test_store.py) and an
article whose event has only a month for its date.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from jishi.cli import main
from jishi.model import Article, Entity, Event, Mention, Paragraph
from jishi.store import Store, open_store
from jishi.store.queries import (
    Filters,
    NotFound,
    Paging,
    QueryError,
    accounts,
    actors,
    events,
    period_bound,
    quotes,
    search,
    timeline,
)
from test_store import (  # noqa: F401
    american_readout,
    chinese_readout,
    db_url,
    make_doc,
    save,
    store,
    xi,
)

VISIT = "王毅表示，中方邀请法国外长下月访华。"


def visit_next_month() -> Article:
    """An event dated by month only (下月 → 2025-03), reported by 人民日报."""
    france = Entity(
        id="e-fra",
        type="LOC",
        name="法国",
        name_en="France",
        country="FRA",
        kind="state",
        mentions=[Mention(text="法国", paragraph=0, start=VISIT.index("法国"), end=8)],
    )
    return Article(
        id="a1",
        headline="中方邀请法国外长访华",
        source="人民日报",
        paragraphs=[Paragraph(text=VISIT)],
        entities=[xi(0), france],
        events=[
            Event(
                id="v1",
                type="CONSULT",
                mode="visit",
                source=["e-fra"],
                target=["e-xi"],
                date="2025-03",
                trigger="访华",
                sentence=VISIT,
                paragraph=0,
            )
        ],
    )


@pytest.fixture
def filled(store: Store) -> Store:  # noqa: F811
    save(store, chinese_readout())
    save(store, american_readout())
    save(store, make_doc("/pages/rmrb-0214.txt", [visit_next_month()], "2025-02-14"))
    return store


def event_dates(filled: Store, **filters: str) -> list[str | None]:
    with filled.read() as session:
        return [e.date for e in events(session, Filters.parse(**filters)).items]


def test_a_month_overlaps_the_days_and_months_it_contains(filled: Store) -> None:
    assert event_dates(filled) == ["2025-02-12", "2025-03"]
    assert event_dates(filled, since="2025-03-15") == ["2025-03"], "March ends after the 15th"
    assert event_dates(filled, until="2025-03-01") == ["2025-02-12", "2025-03"]
    assert event_dates(filled, until="2025-02-28") == ["2025-02-12"]
    assert event_dates(filled, since="2025-02", until="2025-02") == ["2025-02-12"]
    assert event_dates(filled, since="2025", until="2025") == ["2025-02-12", "2025-03"]
    assert event_dates(filled, since="2025-02-13") == ["2025-03"]


@pytest.mark.parametrize(
    ("value", "last", "day"),
    [
        ("2025", False, "2025-01-01"),
        ("2025", True, "2025-12-31"),
        ("2024-02", True, "2024-02-29"),
        ("2025-12", True, "2025-12-31"),
        ("2025-03-04", True, "2025-03-04"),
    ],
)
def test_a_period_has_a_first_and_a_last_day(value: str, last: bool, day: str) -> None:
    assert period_bound(value, "since", last) == day


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"since": "2025-02-30"}, "since: '2025-02-30' is not a date"),
        ({"until": "last week"}, "until: 'last week' is not a date"),
        ({"since": "2025-03", "until": "2025-02"}, "since 2025-03 is after until 2025-02"),
        ({"type": "MEET"}, "'MEET' is not a PLOVER type (one of AGREE, CONSULT"),
        ({"country": "China"}, "country: 'China' is not an ISO 3166 alpha-3 code"),
    ],
)
def test_bad_filters_name_the_problem(filters: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        Filters.parse(**filters)


def test_filters_are_normalized() -> None:
    parsed = Filters.parse(type="consult", country="usa", actor="  ", since="2025-02")
    assert parsed == Filters(since="2025-02-01", type="CONSULT", country="USA")
    with pytest.raises(QueryError, match="limit: 0 is not between 1 and 1000"):
        Paging.parse(limit=0)
    with pytest.raises(QueryError, match="offset: -1 is negative"):
        Paging.parse(offset=-1)


def test_each_list_applies_the_filters_to_what_it_lists(filled: Store) -> None:
    with filled.read() as session:
        usa = Filters.parse(country="USA")
        assert [e.type for e in events(session, usa).items] == ["CONSULT"]
        assert [q.text for q in quotes(session, usa).items] == [
            "我们谈得很好",
            "这次通话释放了缓和信号",
        ]
        assert {a.name for a in actors(session, usa).items} == {"特朗普", "布雷默"}
        xinhua = Filters.parse(outlet="新华社")
        assert [hit.headline for hit in search(session, "", xinhua).items] == [
            "习近平同美国总统特朗普通电话"
        ]
        assert [e.date for e in events(session, xinhua).items] == ["2025-02-12"]
        visits = Filters.parse(type="consult", location="法国")
        assert events(session, visits).items == [], "France is named, but nothing took place there"
        with pytest.raises(NotFound, match="no place named '巴黎'"):
            events(session, Filters.parse(location="巴黎"))
        mentioned = {a.name for a in actors(session, Filters.parse(outlet="人民日报")).items}
        assert mentioned == {"习近平", "法国"}
        with pytest.raises(NotFound, match="no actor named '无名氏'"):
            quotes(session, Filters.parse(actor="无名氏"))


def test_paging_gives_the_total_and_the_window(filled: Store) -> None:
    with filled.read() as session:
        whole = actors(session).items
        page = actors(session, paging=Paging.parse(limit=2, offset=1))
        assert page.total == len(whole) and page.items == whole[1:3]
        assert (page.limit, page.offset) == (2, 1)
        by_name = actors(session, paging=Paging.parse(sort="name")).items
        assert [a.name for a in by_name] == sorted(a.name for a in whole)
        with pytest.raises(QueryError, match="sort: 'size' is not one of mentions, name"):
            actors(session, paging=Paging.parse(sort="size"))
        newest = events(session, paging=Paging.parse(sort="-date")).items
        assert [e.date for e in newest] == ["2025-03", "2025-02-12"]
        later = timeline(session, paging=Paging.parse(limit=2, offset=2))
        assert later.total == 7 and [e.kind for e in later.items] == ["quote", "quote"]


def test_search_highlights_every_term_and_counts_facets(filled: Store) -> None:
    with filled.read() as session:
        found = search(session, "习近平 通电话")
    assert found.total == 1
    hit = found.items[0]
    assert {hit.snippet[start:end] for start, end in hit.highlights} == {"习近平", "通电话"}
    assert hit.date == "2025-02-13" and hit.outlet == "新华社"
    assert {f.value: f.count for f in found.facets["actor"]} == {"习近平": 1, "特朗普": 1}
    assert [(f.value, f.count) for f in found.facets["type"]] == [("CONSULT", 1)]


def test_accounts_of_the_events_the_filters_leave(filled: Store) -> None:
    with filled.read() as session:
        page = accounts(session, Filters.parse(actor="特朗普"))
    assert page.total == 1
    sides = {side.side: [q.text for q in side.quotes] for side in page.items[0].sides}
    assert sides == {"CHN": ["中美合作对两国有利", "中方愿同美方相向而行"], "USA": ["我们谈得很好"]}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cli_db(tmp_path: object) -> str:
    url = f"sqlite:///{tmp_path}/q.sqlite"
    opened = open_store(url, create=True)
    save(opened, chinese_readout())
    save(opened, american_readout())
    opened.close()
    return url


@pytest.mark.parametrize(
    "command", ["search", "events", "quotes", "timeline", "actors", "accounts"]
)
def test_every_query_command_prints_json_jsonl_and_csv(command: str, cli_db: str) -> None:
    code, out, err = run(command, "--format", "json", "--limit", "2", "--db", cli_db)
    assert code == 0, err
    page = json.loads(out)
    assert page["limit"] == 2 and len(page["items"]) == min(2, page["total"]) > 0
    code, out, _ = run(command, "--format", "jsonl", "--limit", "2", "--db", cli_db)
    assert [json.loads(line) for line in out.splitlines()] == page["items"]
    code, out, _ = run(command, "--format", "csv", "--limit", "2", "--db", cli_db)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(page["items"][0]) and len(rows) == len(page["items"]) + 1
    code, _, err = run(command, "--type", "PARLEY", "--db", cli_db)
    assert code == 2 and "not a PLOVER type" in err


def test_the_same_filters_everywhere_on_the_command_line(cli_db: str) -> None:
    code, out, _ = run("quotes", "--country", "CHN", "--since", "2025-02", "--db", cli_db)
    assert code == 0 and "中方愿同美方相向而行" in out and "我们谈得很好" not in out
    code, out, _ = run("events", "--outlet", "新华社", "--format", "json", "--db", cli_db)
    assert json.loads(out)["total"] == 1
    code, _, err = run("events", "--actor", "无名氏", "--db", cli_db)
    assert code == 1 and "no actor named '无名氏'" in err
    code, _, err = run("search", "北约", "--limit", "5000", "--db", cli_db)
    assert code == 2 and "limit: 5000" in err
