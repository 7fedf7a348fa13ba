"""Ingest: encodings, HTML, PDF, inputs, sidecar metadata and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jishi.ingest import (
    MAX_INPUT_BYTES,
    MAX_INPUT_CHARS,
    MAX_LINE_BYTES,
    IngestError,
    Source,
    content_hash,
    document_from_text,
    expand_inputs,
    expand_paths,
    read_document,
)
from jishi.ingest.pdf import page_text
from jishi.model import Document
from jishi.settings import Settings
from jishi.stages.layout import run as run_layout
from pdf_pages import truetype_cjk_font

TEXT = (
    "美国财政部长贝森特12日到访乌克兰首都基辅，会晤乌克兰总统泽连斯基。\n"
    "泽连斯基在共同会见记者时说，希望在慕尼黑安全会议期间与美方达成协议。\n"
)
TRADITIONAL = (
    "美國財政部長貝森特12日到訪烏克蘭首都基輔，會晤烏克蘭總統澤連斯基。\n"
    "澤連斯基在共同會見記者時說，希望在慕尼黑安全會議期間與美方達成協議。\n"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read(path: Path, settings: Settings | None = None) -> str:
    return read_document(path, settings).text


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_simplified_chinese_in_any_common_encoding(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / f"page-{encoding}.txt", TEXT.encode(encoding))
    doc = read_document(path)
    assert doc.text == TEXT
    assert doc.content_hash == content_hash(TEXT)


def test_big5_traditional_chinese(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", TRADITIONAL.encode("big5"))
    doc = read_document(path)
    # read as written, handed to the stages in Simplified (see the twin test below)
    assert doc.traditional and doc.original_text == TRADITIONAL
    assert doc.text == TEXT


def test_same_text_same_id_in_any_encoding(tmp_path: Path) -> None:
    utf8 = read_document(write(tmp_path / "a" / "page.txt", TEXT.encode("utf-8")))
    gbk = read_document(write(tmp_path / "b" / "page.txt", TEXT.encode("gbk")))
    assert utf8.id == gbk.id
    assert utf8.id.startswith("page-")
    assert utf8.path == str(tmp_path / "a" / "page.txt")


# ---------------------------------------------------------------- HTML and PDF


def test_html_main_text_with_title_as_headline(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in TEXT.splitlines() * 3)
    html = (
        "<html><head><meta charset='utf-8'><title>贝森特到访基辅</title></head><body>"
        "<nav><a href='/'>首页</a> <a href='/world'>国际</a></nav>"
        f"<article><h1>贝森特到访基辅</h1>{paragraphs}</article>"
        "<footer>版权所有</footer></body></html>"
    )
    text = read(write(tmp_path / "page.html", html))
    assert text.startswith("贝森特到访基辅\n")
    assert "泽连斯基在共同会见记者时说" in text
    assert "版权所有" not in text


def simple_pdf(lines: list[tuple[int, int, str]]) -> bytes:
    """A one-page PDF with Helvetica text at (x, y) points: enough for pdfplumber."""
    content = "\n".join(f"BT /F1 10 Tf {x} {y} Td ({t}) Tj ET" for x, y, t in lines)
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def two_columns(left: list[str], right: list[str]) -> list[tuple[int, int, str]]:
    """Lines placed in two columns; an empty string leaves a paragraph gap."""
    placed = []
    for column, x in ((left, 50), (right, 320)):
        for row, line in enumerate(column):
            if line:
                placed.append((x, 800 - 12 * row, line))
    return placed


def test_pdf_read_column_by_column(tmp_path: Path) -> None:
    left = ["Talks resumed in", "Geneva on 10 March.", "", "Both sides met for", "three hours."]
    right = ["The envoy asked both", "sides to agree.", "", "A second round is", "due in April."]
    # rows are interleaved in the content stream, as PDF writers often do
    placed = sorted(two_columns(left, right), key=lambda item: -item[1])
    text = read(write(tmp_path / "page.pdf", simple_pdf(placed)))
    assert text.split("\n\n") == [
        "Talks resumed in\nGeneva on 10 March.",
        "Both sides met for\nthree hours.",
        "The envoy asked both\nsides to agree.",
        "A second round is\ndue in April.",
    ]


def test_page_text_groups_words_into_lines() -> None:
    words = [
        {"text": "two", "x0": 80.0, "x1": 100.0, "top": 10.0, "bottom": 20.0},
        {"text": "one", "x0": 50.0, "x1": 70.0, "top": 10.5, "bottom": 20.5},
        {"text": "three", "x0": 50.0, "x1": 80.0, "top": 22.0, "bottom": 32.0},
    ]
    assert page_text(words) == "one two\nthree"


# A two-column Chinese page: (headline, paragraphs) per story, column by column.
CJK_COLUMNS = [
    [
        (
            "中方援助太平洋岛国",
            [
                "据新华社北京3月4日电 中国国家国际发展合作署4日宣布，"
                "将向太平洋岛国提供一批防灾物资。",
                "这批物资包括帐篷和净水设备，将于本月分批运抵斐济、汤加等国。 据新华社",
            ],
        ),
        (
            "日本央行维持利率不变",
            [
                "日本银行5日结束货币政策会议，决定维持超低利率政策不变。",
                "日本银行行长表示，将继续关注物价走势和海外经济风险。 据新华社",
            ],
        ),
    ],
    [
        (
            "油价连续三日下跌",
            [
                "国际油价5日继续下跌，纽约商品交易所原油期货价格跌至每桶68美元。",
                "分析人士认为，市场担忧全球需求放缓。 据路透社",
            ],
        ),
    ],
]


def cjk_pdf(path: Path, font: Path) -> Path:
    """CJK_COLUMNS printed as a page: 14-point headlines, 10-point body, 14 characters a line."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("cjk", fname=str(font))
    pdf.add_page()
    for left, stories in zip((40, 310), CJK_COLUMNS, strict=True):
        baseline = 60.0
        for headline, paragraphs in stories:
            pdf.set_font("cjk", size=14)
            pdf.text(left, baseline, headline)
            baseline += 28
            pdf.set_font("cjk", size=10)
            for paragraph in paragraphs:
                for start in range(0, len(paragraph), 14):
                    pdf.text(left, baseline, paragraph[start : start + 14])
                    baseline += 14
                baseline += 14  # a blank line between paragraphs
            baseline += 14
    pdf.output(str(path))
    return path


def test_two_column_chinese_pdf_reads_into_articles(tmp_path: Path) -> None:
    font = truetype_cjk_font()  # .ci/run installs one; see tests/pdf_pages.py for why TrueType
    assert font is not None, "no Chinese TrueType font: apt-get install fonts-wqy-microhei"
    doc = read_document(cjk_pdf(tmp_path / "page.pdf", font))
    run_layout(doc, Settings(stages=["layout"]))
    assert [(a.headline, a.source) for a in doc.articles] == [
        ("中方援助太平洋岛国", "新华社"),
        ("日本央行维持利率不变", "新华社"),
        ("油价连续三日下跌", "路透社"),
    ]
    aid = doc.articles[0]
    assert aid.dateline is not None and aid.dateline.place == "北京"
    assert [p.text for p in aid.paragraphs] == [
        "中国国家国际发展合作署4日宣布，将向太平洋岛国提供一批防灾物资。",
        "这批物资包括帐篷和净水设备，将于本月分批运抵斐济、汤加等国。",
    ]


@pytest.mark.parametrize("data", [b"hello, not a PDF\n", b"%PDF-1.4\ngarbage"])
def test_broken_pdf(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "broken.pdf", data)
    with pytest.raises(IngestError, match=r"broken\.pdf: not a readable PDF"):
        read_document(path)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", simple_pdf([]))
    with pytest.raises(IngestError, match="no text layer"):
        read_document(path)


# ---------------------------------------------------------------- inputs


def test_directory_recursive_sorted_supported_only(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", TEXT)
    write(tmp_path / "sub" / "a.md", TEXT)
    write(tmp_path / "a.txt.meta.json", "{}")
    write(tmp_path / "notes.docx", b"PK")
    names = [path.relative_to(tmp_path).as_posix() for path in expand_paths([str(tmp_path)])]
    assert names == ["b.txt", "sub/a.md"]


def test_glob_and_stdin(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", TEXT)
    write(tmp_path / "two.txt", TEXT)
    items = list(expand_inputs([str(tmp_path / "*.txt"), "-"]))
    assert [item.name for item in items] == [
        str(tmp_path / "one.txt"),
        str(tmp_path / "two.txt"),
        "-",
    ]
    stdin = items[-1]
    assert isinstance(stdin, Source)
    doc = read_document(stdin, stdin_bytes=TEXT.encode("gbk"))
    assert doc.text == TEXT and doc.path is None and doc.id.startswith("stdin-")


def test_missing_and_empty_inputs_are_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    items = list(expand_inputs([str(tmp_path / "missing.txt"), str(tmp_path / "empty")]))
    assert all(isinstance(item, IngestError) for item in items)
    messages = [str(item) for item in items]
    assert messages[0] == f"{tmp_path / 'missing.txt'}: no such file or directory"
    assert messages[1].startswith(f"{tmp_path / 'empty'}: directory has no input files")


# ---------------------------------------------------------------- metadata


def test_sidecar_metadata_and_options_override(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", TEXT)
    write(
        tmp_path / "page.txt.meta.json", json.dumps({"published": "2025-02-14", "outlet": "甲报"})
    )
    doc = read_document(path)
    assert (doc.published, doc.outlet) == ("2025-02-14", "甲报")
    overridden = read_document(path, Settings(published="2025-03-01"))
    assert (overridden.published, overridden.outlet) == ("2025-03-01", "甲报")


@pytest.mark.parametrize(
    ("sidecar", "problem"),
    [
        ("{not json", "sidecar is not valid JSON"),
        ('["2025-02-14"]', "sidecar must be a JSON object"),
        ('{"published": "14/02/2025"}', "publication date '14/02/2025' is not a YYYY-MM-DD date"),
        ('{"date": "2025-02-14"}', "sidecar has unknown keys ['date']"),
    ],
)
def test_malformed_sidecar(tmp_path: Path, sidecar: str, problem: str) -> None:
    path = write(tmp_path / "page.txt", TEXT)
    write(tmp_path / "page.txt.meta.json", sidecar)
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.name == str(tmp_path / "page.txt.meta.json")
    assert problem in caught.value.problem


@pytest.mark.parametrize("published", ["2025-02-30", "yesterday", "2025-2-1"])
def test_bad_publication_date_names_the_file(tmp_path: Path, published: str) -> None:
    path = write(tmp_path / "page.txt", TEXT)
    with pytest.raises(IngestError, match=r"page\.txt: publication date"):
        read_document(path, Settings(published=published))


def test_document_from_text_keeps_text_out_of_the_record() -> None:
    doc = document_from_text(TEXT, doc_id="d", published="2025-02-14", outlet="甲报")
    record = doc.model_dump(mode="json")
    assert "text" not in record
    assert record["content_hash"] == content_hash(TEXT)


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b"  \n\n ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\x80\x80\x80 abc \xff\xff", "undecodable bytes"),
        (b"x" * (MAX_LINE_BYTES + 1), f"at most {MAX_LINE_BYTES} bytes per line"),
    ],
)
def test_bad_files(tmp_path: Path, data: bytes, problem: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.name == str(path)
    assert problem in caught.value.problem


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_an_input_over_the_size_limit_is_refused_naming_the_limit(
    tmp_path: Path, encoding: str
) -> None:
    """Too many characters (in any encoding) or too many bytes: refused before any work."""
    line = "新华社北京电 外交部发言人表示，中方愿同各方加强沟通。\n"
    text = line * (MAX_INPUT_CHARS // len(line) + 1)
    path = tmp_path / "year.txt"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert f"the limit is {MAX_INPUT_CHARS:,} characters" in caught.value.problem
    assert "split it" in caught.value.problem
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # a sparse file: refused by its size alone
    with pytest.raises(IngestError, match=f"{MAX_INPUT_BYTES + 1:,} bytes"):
        read_document(huge)
    small = read_document(write(tmp_path / "day.txt", (line * 100).encode(encoding)))
    assert small.text.startswith("新华社北京电")


# ---------------------------------------------------------------- web pages, stdin, markdown


def web_page(body: str, title: str = "[视频]中方向斐济提供防灾物资", head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        "<body><nav><a href='/'>首页</a> <a href='/world'>国际</a> <a href='/tv'>视频</a></nav>"
        f"<article>{body}</article><aside><ul><li><a href='/1'>俄乌代表团举行会谈</a></li>"
        "<li><a href='/2'>欧盟公布新的气候目标</a></li><li><a href='/3'>日本央行维持利率</a></li>"
        "</ul></aside><footer>央视网版权所有 2000-2025</footer></body></html>"
    )


STORY = (
    "<p>新华社北京5月20日电 中国国家国际发展合作署20日宣布，将向斐济提供一批防灾减灾物资，"
    "帮助当地应对台风季节。</p><p>发展合作署发言人说，这批物资包括帐篷、净水设备和发电机，"
    "将于本月分批运抵斐济各地，并由当地政府分发给受灾民众。</p>"
) * 2


def test_web_page_one_story_without_site_tag_nav_or_links(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.html", web_page(STORY)))
    run_layout(doc, Settings(stages=["layout"]))
    assert doc.input_format == "html"
    (article,) = doc.articles
    assert article.headline == "中方向斐济提供防灾物资"
    assert {p.role for p in article.paragraphs} == {"body"}
    assert all("首页" not in p.text and "会谈" not in p.text for p in article.paragraphs)


def test_a_copyright_year_never_dates_a_web_page(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.html", web_page(STORY)))
    assert doc.published is None


def test_the_dateline_beats_a_page_date_it_contradicts(tmp_path: Path) -> None:
    meta = "<meta property='article:published_time' content='2025-01-01'>"
    doc = read_document(write(tmp_path / "page.html", web_page(STORY, head=meta)))
    assert (doc.published, doc.published_inferred_from) == ("2025-01-01", "page")
    run_layout(doc, Settings(stages=["layout"]))
    assert (doc.published, doc.published_inferred, doc.published_inferred_from) == (
        "2025-05-20",
        True,
        "dateline",
    )
    dateline = doc.articles[0].dateline
    assert dateline is not None and dateline.date == "2025-05-20"


def test_html_on_stdin_is_read_as_html_and_input_format_forces_a_kind() -> None:
    page = web_page(STORY).encode("utf-8")
    stdin = Source("-", None)
    assert read_document(stdin, stdin_bytes=page).input_format == "html"
    forced = read_document(stdin, Settings(input_format="text"), stdin_bytes=page)
    assert forced.input_format == "text" and forced.text.startswith("<!DOCTYPE html>")


def test_markdown_marks_stay_out_of_headlines(tmp_path: Path) -> None:
    text = (
        "# 中方向斐济提供防灾物资\n\n"
        "**新华社北京5月20日电** 中国国家国际发展合作署20日宣布，将向斐济提供一批防灾减灾物资。\n"
    )
    doc = read_document(write(tmp_path / "page.md", text), Settings(published="2025-05-21"))
    run_layout(doc, Settings(stages=["layout"]))
    assert doc.input_format == "markdown"
    assert doc.articles[0].headline == "中方向斐济提供防灾物资"
    assert doc.articles[0].dateline is not None


@pytest.mark.parametrize(
    "text",
    [
        "Talks resumed in Geneva on Monday.\nBoth sides met for three hours and agreed again.\n",
        "首页\n国际\n财经\n视频\n",
    ],
)
def test_no_chinese_article_is_flagged(text: str) -> None:
    doc = read_document(Source("-", None), stdin_bytes=text.encode("utf-8"))
    run_layout(doc, Settings(stages=["layout"]))
    assert doc.no_chinese


def test_a_chinese_story_is_not_flagged() -> None:
    doc = read_document(Source("-", None), stdin_bytes=TEXT.encode("utf-8"))
    run_layout(doc, Settings(stages=["layout"]))
    assert not doc.no_chinese


# ---------------------------------------------------------------- Traditional Chinese

TWIN_TRADITIONAL = (
    "日美舉行外長會談\n\n"
    "（中央社記者楊明珠東京12日專電）日本外務大臣岩屋毅12日在東京會見美國國務卿魯比奧，"
    "雙方就加強同盟關係交換意見。\n"
    "魯比奧表示，美國將繼續與日本合作，維護地區和平穩定。\n"
)
TWIN_SIMPLIFIED = (
    "日美举行外长会谈\n\n"
    "（中央社记者杨明珠东京12日专电）日本外务大臣岩屋毅12日在东京会见美国国务卿鲁比奥，"
    "双方就加强同盟关系交换意见。\n"
    "鲁比奥表示，美国将继续与日本合作，维护地区和平稳定。\n"
)


def test_a_traditional_story_reads_like_its_simplified_twin() -> None:
    """Converted for analysis (OpenCC), given back as written, same actors and events."""
    from jishi.ingest.traditional import to_simplified
    from jishi.pipeline import run_stages

    traditional = TWIN_TRADITIONAL
    assert to_simplified(traditional) == TWIN_SIMPLIFIED
    settings = Settings(published="2025-03-13")
    docs = [
        run_stages(document_from_text(text, doc_id=name, published="2025-03-13"), settings)
        for name, text in (("s", TWIN_SIMPLIFIED), ("t", traditional))
    ]
    simple, written = docs
    assert written.traditional and not simple.traditional
    article = written.articles[0]
    assert article.headline == "日美舉行外長會談"
    dateline = article.dateline
    assert dateline is not None and (dateline.agency, dateline.place) == ("中央社", "東京")
    for entity in article.entities:
        for mention in entity.mentions:
            if mention.part == "paragraph":
                assert (
                    article.paragraphs[mention.paragraph].text[mention.start : mention.end]
                    == mention.text
                )

    def actors(doc: Document) -> set[tuple[str, str | None]]:
        return {(e.type, e.name_en) for e in doc.articles[0].entities}

    def events(doc: Document) -> list[tuple[str, str | None, list[str], list[str]]]:
        view = doc.events
        return [
            (
                e.type,
                e.mode,
                [s.name_en or "" for s in e.source],
                [t.name_en or "" for t in e.target],
            )
            for e in view
        ]

    assert actors(written) == actors(simple) and actors(simple)
    assert events(written) == events(simple) and events(simple)
