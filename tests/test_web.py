"""`jishi serve`: the JSON API (every endpoint, bad parameters, paging, the same answers
as the CLI's --format json) and the pages in Debian's Chromium, on a database that
`jishi ingest` filled from samples/page.txt.

The browser tests start one server for the module and load a handful of pages.
Set JISHI_SCREENSHOTS=FOLDER to keep a screenshot of each page (docs/web.md).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from jishi.cli import main
from jishi.settings import Settings
from jishi.store import open_store
from jishi.web import create_app

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "s3cret-token"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'samples.sqlite'}"
    result = CliRunner().invoke(main, ["ingest", str(ROOT / "samples" / "page.txt"), "--db", url])
    assert result.exit_code == 0, result.stderr
    return url


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    store = open_store(db_url)
    with TestClient(create_app(store, Settings(), ingest_token=None)) as opened:
        yield opened
    store.close()


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def call_id(client: TestClient) -> int:
    """The merged event of Wang Yi's phone call with Barrot."""
    page = get(client, "/api/events", actor="王毅", type="CONSULT")
    return next(e["id"] for e in page["items"] if e["mode"] == "phone")


def test_search_finds_highlights_and_counts(client: TestClient) -> None:
    found = get(client, "/api/search", q="王毅")
    assert found["total"] == 1
    hit = found["items"][0]
    assert hit["headline"].startswith("中法外长通电话")
    assert {hit["snippet"][a:b] for a, b in hit["highlights"]} == {"王毅"}
    assert {"value": "王毅", "label": "Wang Yi", "count": 1} in found["facets"]["actor"]
    assert get(client, "/api/search", q="王毅", type="SANCTION")["total"] == 0


def test_every_list_pages_the_same_rows(client: TestClient) -> None:
    for path in ("/api/events", "/api/actors", "/api/quotes", "/api/timeline", "/api/accounts"):
        whole = get(client, path, limit=3)
        second = get(client, path, limit=1, offset=1)
        assert second["items"] == whole["items"][1:2] and second["total"] == whole["total"]
        assert second["limit"] == 1 and second["offset"] == 1


def test_one_event_its_reports_and_both_accounts(client: TestClient) -> None:
    event_id = call_id(client)
    view = get(client, f"/api/events/{event_id}")
    sides = {s["side"]: [q["text"] for q in s["quotes"]] for s in view["accounts"]["sides"]}
    assert set(sides) == {"CHN", "FRA"}
    assert any("战略沟通" in text for text in sides["CHN"])
    assert any("对华关系" in text for text in sides["FRA"])
    assert view["reports"] and view["reports"][0]["trigger"]
    comparison = view["comparison"]
    assert "沟通" in comparison["shared"], "both sides speak of communication (沟通)"
    only = {terms["side"]: terms["terms"] for terms in comparison["distinct"]}
    assert "多边主义" in only["CHN"] and "巴黎" in only["FRA"]
    assert not set(comparison["shared"]) & {term for terms in only.values() for term in terms}
    assert get(client, f"/api/events/{event_id}/accounts") == view["accounts"]


def test_article_actor_and_network_views(client: TestClient) -> None:
    hit = get(client, "/api/search", q="欧盟")["items"][0]
    article = get(client, f"/api/articles/{hit['article_id']}")
    kinds = {span["kind"] for p in article["paragraphs"] for span in p["spans"]}
    assert kinds == {"entity", "time", "quote", "event"}
    assert "欧盟宣布对俄" in article["page_text"]
    wang = next(a for a in get(client, "/api/actors", actor="王毅")["items"])
    actor = get(client, f"/api/actors/{wang['id']}")
    assert actor["actor"]["name_en"] == "Wang Yi"
    assert any(role["title"] == "中国外交部长" for role in actor["roles"])
    assert {p["actor"]["name_en"] for p in actor["partners"]} >= {"France"}
    graph = get(client, "/api/network")
    ids = {node["actor"]["id"] for node in graph["nodes"]}
    assert graph["edges"] and all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    assert get(client, "/api/network", type="SANCTION")["events"] == 1


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/api/events", {"limit": "abc"}, "limit: Input should be a valid integer"),
        ("/api/events", {"limit": "0"}, "limit: 0 is not between 1 and 1000"),
        ("/api/actors", {"offset": "-1"}, "offset: -1 is negative"),
        ("/api/search", {"since": "2025-13"}, "since: '2025-13' is not a date"),
        ("/api/quotes", {"type": "PARLEY"}, "'PARLEY' is not a PLOVER type"),
        ("/api/network", {"country": "France"}, "'France' is not an ISO 3166 alpha-3 code"),
        ("/api/timeline", {"since": "2025-04", "until": "2025-03"}, "since 2025-04 is after"),
        ("/api/events", {"sort": "size"}, "sort: 'size' is not one of date, -date, reports"),
    ],
)
def test_bad_parameters_are_400_with_a_message(
    client: TestClient, path: str, params: dict[str, str], message: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/events/999", "no event 999"),
        ("/api/articles/999", "no article 999"),
        ("/api/actors/999", "no actor 999"),
        ("/api/events?actor=无名氏", "no actor named '无名氏'"),
        ("/api/events/abc", "event_id: Input should be a valid integer"),
    ],
)
def test_what_is_not_there_is_404_and_bad_ids_400(
    client: TestClient, path: str, message: str
) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404) and message in response.json()["detail"]


@pytest.mark.parametrize(
    ("command", "path", "args"),
    [
        ("search", "/api/search", {"q": "欧盟"}),
        ("events", "/api/events", {"since": "2025-03", "type": "CONSULT"}),
        ("quotes", "/api/quotes", {"country": "FRA"}),
        ("actors", "/api/actors", {"country": "CHN", "limit": "3"}),
        ("timeline", "/api/timeline", {"actor": "王毅"}),
        ("accounts", "/api/accounts", {"actor": "王毅", "offset": "1"}),
    ],
)
def test_the_cli_json_is_the_api_answer(
    client: TestClient, db_url: str, command: str, path: str, args: dict[str, str]
) -> None:
    options = [value for key, value in args.items() if key == "q"]
    options += [part for key, value in args.items() if key != "q" for part in (f"--{key}", value)]
    result = CliRunner().invoke(main, [command, *options, "--format", "json", "--db", db_url])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == get(client, path, **args)


def test_the_api_is_documented_and_read_only(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    assert {"/api/search", "/api/events/{event_id}", "/api/network"} <= set(spec["paths"])
    assert "/api/ingest" not in spec["paths"]
    assert client.post("/api/ingest", json={"text": "新闻"}).status_code in (404, 405)
    assert client.get("/docs").status_code == 200


def test_ingest_needs_the_token_and_stores_the_text(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'ingest.sqlite'}", create=True)
    text = (ROOT / "samples" / "page.txt").read_text(encoding="utf-8")
    body = {"text": text, "name": "page", "published": "2025-03-12"}
    with TestClient(create_app(store, Settings(), ingest_token=TOKEN)) as client:
        assert client.post("/api/ingest", json=body).status_code == 401
        wrong = {"Authorization": "Bearer guess"}
        assert client.post("/api/ingest", json=body, headers=wrong).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        bad = client.post("/api/ingest", json={**body, "published": "12 March"}, headers=auth)
        assert bad.status_code == 400 and "12 March" in bad.json()["detail"]
        stored = client.post("/api/ingest", json=body, headers=auth)
        assert stored.status_code == 200 and stored.json()["outcome"] == "added"
        again = client.post("/api/ingest", json=body, headers=auth).json()
        assert again["outcome"] == "unchanged"
        assert get(client, "/api/search", q="古特雷斯")["total"] == 1
    store.close()


def test_pages_render_and_errors_are_pages(client: TestClient) -> None:
    event_id = call_id(client)
    for path in (
        "/",
        "/?q=制裁",
        "/articles/1",
        "/actors",
        "/actors/1",
        "/events",
        f"/events/{event_id}",
        "/network",
        "/network?type=CONSULT",
    ):
        response = client.get(path)
        assert response.status_code == 200 and "<main>" in response.text, path
    missing = client.get("/events/999")
    assert missing.status_code == 404 and "no event 999" in missing.text
    assert "<main>" in client.get("/events?since=soon").text
    assert client.get("/nowhere").status_code == 404


# --- in the browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(db_url: str) -> Iterator[str]:
    """One uvicorn server in a thread on a free port of the loopback interface."""
    store = open_store(db_url)
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=0, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = running.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's Chromium through its chromedriver (installed by .ci/run), headless."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "apt-get install chromium chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def visit(browser: Any, url: str, name: str) -> None:
    """Load a page, keep its screenshot when asked to, and fail on any console error."""
    browser.get(url)
    folder = os.environ.get("JISHI_SCREENSHOTS")
    if folder:
        browser.save_screenshot(str(Path(folder) / f"{name}.png"))
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors


def test_in_the_browser(browser: Any, server: str, client: TestClient) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    visit(browser, f"{server}/?q=停火", "search")
    marks = browser.find_elements(By.CSS_SELECTOR, ".hit .snippet mark")
    assert marks and {mark.text for mark in marks} == {"停火"}
    browser.find_element(By.CSS_SELECTOR, ".hit a.headline").click()

    visit(browser, browser.current_url, "article")
    entities = browser.find_elements(By.CSS_SELECTOR, "article a.mark.entity")
    titles = {entity.get_attribute("title") for entity in entities}
    assert any(title.startswith("António Guterres (PER") for title in titles)
    times = browser.find_elements(By.CSS_SELECTOR, "article .mark.time")
    assert any(t.get_attribute("title") == "10日 = 2025-03-10" for t in times)

    visit(browser, f"{server}/events/{call_id(client)}", "accounts")
    sides = browser.find_elements(By.CSS_SELECTOR, ".accounts .side")
    assert [side.get_attribute("data-side") for side in sides] == ["CHN", "FRA"]
    assert all(side.find_elements(By.TAG_NAME, "blockquote") for side in sides)

    visit(browser, f"{server}/network", "network")
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "#network-chart[data-drawn=yes]"))
    )
    points = browser.find_elements(
        By.CSS_SELECTOR, "#network-chart .scatterlayer .trace:last-child .point"
    )
    assert len(points) == len(get(client, "/api/network")["nodes"]) > 5
    ActionChains(browser).move_to_element(points[0]).click().perform()
    WebDriverWait(browser, 10).until(ready.url_contains("/actors/"))

    wang = get(client, "/api/actors", actor="王毅")["items"][0]["id"]
    visit(browser, f"{server}/actors/{wang}", "actor")
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "#timeline-chart[data-drawn=yes]"))
    )
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline-chart .barlayer .point")
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors


def test_serve_refuses_ingest_without_a_token(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JISHI_INGEST_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--db", db_url, "--allow-ingest"])
    assert result.exit_code == 2 and "--allow-ingest needs a token" in result.stderr
