"""The text stage: sentences, tokens with offsets, the backend registry."""

from __future__ import annotations

import pytest

from jishi.lang.zh.tagger import BACKENDS, DEFAULT_BACKEND, BackendError, get_backend
from jishi.model import Article, Document, Paragraph, Token
from jishi.settings import Settings
from jishi.stages.text import run, split_sentences

PARAGRAPH = (
    "泽连斯基强调：“我们讨论的是联合开采这些矿。”他与贝森特进行了对话。"
    "美国总统特朗普12日同俄罗斯总统普京通电话；双方同意紧密合作！"
)


def _document(*texts: str) -> Document:
    paragraphs = [Paragraph(text=text) for text in texts]
    return Document(id="d", articles=[Article(id="d-a1", paragraphs=paragraphs)])


def test_sentences_keep_closing_quotes_and_offsets() -> None:
    sentences = [PARAGRAPH[s.start : s.end] for s in split_sentences(PARAGRAPH)]
    assert sentences == [
        "泽连斯基强调：“我们讨论的是联合开采这些矿。”",
        "他与贝森特进行了对话。",
        "美国总统特朗普12日同俄罗斯总统普京通电话；",
        "双方同意紧密合作！",
    ]


def test_sentences_skip_surrounding_space_and_keep_an_unfinished_tail() -> None:
    text = "  第一句。  第二句没有句号"
    assert [text[s.start : s.end] for s in split_sentences(text)] == ["第一句。", "第二句没有句号"]
    assert split_sentences("   ") == []


def test_tokens_cover_the_paragraph_with_code_point_offsets() -> None:
    doc = _document(PARAGRAPH, "")
    run(doc, Settings())
    paragraph = doc.articles[0].paragraphs[0]
    assert paragraph.tokens, "the backend produced no tokens"
    for token in paragraph.tokens:
        assert paragraph.text[token.start : token.end] == token.text
        assert token.pos
    assert "".join(t.text for t in paragraph.tokens) == PARAGRAPH.replace(" ", "")
    assert doc.articles[0].paragraphs[1].tokens == []


def test_tagger_tokens_are_the_records_validation_gives() -> None:
    """Token.of skips validation: what it builds must be what Token(...) builds, in the
    fields and in what pydantic keeps beside them (a pydantic upgrade that changes
    those slots fails here, not in the output)."""
    from pydantic import BaseModel

    slots = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
    assert set(BaseModel.__slots__) == set(slots)
    doc = _document(PARAGRAPH)
    run(doc, Settings())
    for token in doc.articles[0].paragraphs[0].tokens:
        fields = {"text": token.text, "pos": token.pos, "start": token.start, "end": token.end}
        validated = Token(**fields)
        assert type(token.start) is int and type(token.end) is int and type(token.pos) is str
        assert token == validated and token.model_dump_json() == validated.model_dump_json()
        for slot in slots:
            assert getattr(token, slot) == getattr(validated, slot)
        assert token.model_copy(update={"pos": "n"}).pos == "n"


def test_default_backend_finds_people_and_places() -> None:
    doc = _document("美国总统特朗普12日同俄罗斯总统普京通电话。")
    run(doc, Settings())
    paragraph = doc.articles[0].paragraphs[0]
    found = {(paragraph.text[span.start : span.end], span.type) for span in paragraph.tagged}
    assert {("特朗普", "PER"), ("美国", "LOC"), ("俄罗斯", "LOC")} <= found


def test_headline_is_analyzed_for_later_stages() -> None:
    doc = _document("外交部发言人回答记者提问。")
    doc.articles[0].headline = "王毅同布林肯通电话"
    run(doc, Settings())
    part = doc.articles[0].parts["headline"]
    assert part.tokens and part.sentences
    assert ("王毅", "PER") in {(part.text[s.start : s.end], s.type) for s in part.tagged}


def test_backend_is_loaded_once_and_default_is_registered() -> None:
    assert DEFAULT_BACKEND in BACKENDS
    assert get_backend("default") is get_backend("default")


def test_unknown_backend_is_named_in_the_error() -> None:
    with pytest.raises(BackendError, match="unknown backend 'nope'"):
        get_backend("nope")


@pytest.mark.parametrize("name", ["lac", "jiagu"])
def test_uninstalled_backend_says_what_to_install(name: str) -> None:
    try:
        get_backend(name)
    except BackendError as error:
        assert "pip install" in str(error)
    else:
        pytest.skip(f"{name} happens to be installed here")
