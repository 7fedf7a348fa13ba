"""The Python API: process a text, a file or a list, read a file, batches with per-item
metadata and worker processes, and the views that hand back Entity objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jishi
from jishi import parallel
from jishi.ingest import IngestError
from jishi.pipeline import _Job, _run_job

CALL = (
    "新华社北京3月11日电 外交部长王毅11日应约同法国外长巴罗通电话。王毅表示，中方愿同法方加强沟通。"
)
LAYOUT = jishi.Settings(stages=["layout"])


@pytest.fixture(scope="module")
def page(sample_page: Path) -> jishi.Document:
    return jishi.process(sample_page)


def test_a_file_is_read_with_its_sidecar_and_gets_an_id_from_its_content(
    page: jishi.Document, sample_page: Path
) -> None:
    sidecar = json.loads(sample_page.with_name("page.txt.meta.json").read_text("utf-8"))
    assert (page.published, page.outlet) == (sidecar["published"], sidecar.get("outlet"))
    assert page.id.startswith("page-")
    again = jishi.read(str(sample_page), settings=LAYOUT)
    assert again.id == page.id
    dated = jishi.read(sample_page, published="2025-01-02", settings=LAYOUT)
    assert dated.published == "2025-01-02", "the argument overrides the sidecar"


def test_a_text_gets_the_same_id_on_every_run_and_another_text_another() -> None:
    first, second, other = jishi.process([CALL, CALL, CALL + "。"], settings=LAYOUT)
    assert first.id == second.id != other.id
    assert first.id.startswith("doc-")


def test_a_file_name_given_as_text_is_refused_with_a_hint(sample_page: Path) -> None:
    with pytest.raises(ValueError, match=r"names a file.*jishi\.read"):
        jishi.process(str(sample_page))
    with pytest.raises(ValueError, match="looks like a file name"):
        jishi.process("pages/missing.txt")
    with pytest.raises(IngestError, match="is a folder"):
        jishi.process(sample_page.parent)


def test_events_and_quotes_hold_entities_whose_mentions_point_into_the_text(
    page: jishi.Document,
) -> None:
    assert page.entities == [e for a in page.articles for e in a.entities]
    assert len(page.events) == sum(len(a.events) for a in page.articles)
    call = next(e for e in page.events if e.mode == "phone")
    # the headline 中法外长通电话 names the ministers' states too
    assert call.source[0].name_en == "Wang Yi"
    assert call.record.source == [e.id for e in call.source], "the record keeps the ids"
    for entity in [*call.source, *call.target]:
        for mention in entity.mentions:
            if mention.part == "paragraph":
                text = call.article.paragraphs[mention.paragraph].text
                assert text[mention.start : mention.end] == mention.text
    speakers = {q.speaker.name_en for q in page.quotes if q.speaker is not None}
    assert {"Wang Yi", "Dmitry Peskov"} <= speakers
    record = json.loads(page.model_dump_json())
    assert record["articles"][0]["events"][0]["source"] == page.articles[0].events[0].source


def test_a_dateline_is_printed_back_and_every_span_still_points_into_its_paragraph(
    page: jishi.Document,
) -> None:
    article = page.articles[0]
    dateline = article.dateline
    assert dateline is not None and dateline.paragraph == 0 and dateline.body_start
    printed = article.paragraphs[0].text
    # the record gives the paragraph as printed; the stages read it from body_start on
    assert printed.startswith("据新华社北京3月11日电")
    assert printed[dateline.body_start :].startswith("外交部长王毅11日")
    spans = [
        (m.paragraph, m.start, m.end, m.text)
        for e in article.entities
        for m in e.mentions
        if m.part == "paragraph"
    ] + [(t.paragraph, t.start, t.end, t.text) for t in article.times]
    in_first = [span for span in spans if span[0] == 0]
    assert any(text == "王毅" for *_, text in in_first)
    for number, start, end, text in spans:
        assert article.paragraphs[number].text[start:end] == text
        assert number or start >= dateline.body_start, "nothing is read in the dateline"


def test_batch_items_carry_their_own_metadata_over_the_batchs() -> None:
    items: list[jishi.BatchItem] = [
        CALL,
        (CALL, {"published": "2025-03-11", "outlet": "人民日报", "id": "rmrb-1"}),
    ]
    plain, own = jishi.process_batch(items, outlet="新华社", settings=LAYOUT)
    assert (plain.outlet, plain.published) == ("新华社", None)
    assert (own.id, own.outlet, own.published) == ("rmrb-1", "人民日报", "2025-03-11")
    with pytest.raises(ValueError, match=r"batch item 0: unknown metadata \['date'\]"):
        list(jishi.process_batch([(CALL, {"date": "2025-03-11"})]))
    with pytest.raises(IngestError, match="not a YYYY-MM-DD date"):
        list(jishi.process_batch([(CALL, {"published": "11 March"})], settings=LAYOUT))


def test_worker_processes_give_the_same_documents_in_the_same_order(sample_page: Path) -> None:
    items: list[jishi.BatchItem] = [sample_page, CALL, (CALL[:40], {"id": "short"}), CALL[40:]]
    alone = list(jishi.process_batch(items, settings=LAYOUT))
    pooled = list(jishi.process_batch(items, settings=LAYOUT, n_process=2))
    assert [d.model_dump() for d in pooled] == [d.model_dump() for d in alone]
    with pytest.raises(IngestError, match=r"gone\.txt: cannot read"):
        list(parallel.imap(_run_job, LAYOUT, [_Job(sample_page.with_name("gone.txt"))], 2))


class _Unpicklable(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def _raise_unpicklable(_context: None, item: str) -> None:
    raise _Unpicklable(item, "failed")


def test_a_worker_exception_that_cannot_be_pickled_comes_back_as_its_text() -> None:
    parallel._start(_raise_unpicklable, None)
    with pytest.raises(parallel.WorkerError, match="_Unpicklable: doc7 failed"):
        parallel._run("doc7")
    with pytest.raises(ValueError, match="at least 1"):
        list(parallel.imap(_raise_unpicklable, None, ["x"], 0))
