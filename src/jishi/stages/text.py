"""Stage "text": sentences, tokens, part-of-speech and tagged names.

The statistical tagger (jishi.lang.zh.tagger, chosen by ``Settings.backend``)
runs here and only here: every paragraph, and the headline, deck and kicker,
get their sentences, tokens and the tagger's PER/LOC/ORG spans, so later
stages read them from the record instead of tagging again.
"""

from __future__ import annotations

from collections.abc import Sequence

from jishi.lang.zh.punct import sentence_spans
from jishi.lang.zh.tagger import Backend, get_backend
from jishi.model import Article, Document, Paragraph, Sentence, TaggedSpan
from jishi.settings import Settings

# Article fields that hold running text worth tagging (the dateline and source hold
# names only, which the mentions stage reads as names).
TAGGED_PARTS = ("headline", "deck", "kicker")


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans; whitespace between sentences belongs to no sentence."""
    return [Sentence(start=start, end=end) for start, end in sentence_spans(text)]


def analyze_paragraphs(paragraphs: Sequence[Paragraph], backend: Backend) -> None:
    """Fill the sentences, tokens and tagged spans of the paragraphs, with one tagger
    call for all their sentences (the tagger batches sentences of equal length)."""
    texts: list[str] = []
    offsets: list[int] = []
    for paragraph in paragraphs:
        paragraph.sentences = split_sentences(paragraph.text)
        for sentence in paragraph.sentences:
            texts.append(paragraph.text[sentence.start : sentence.end])
            offsets.append(sentence.start)
    tokens = iter(backend.tokens_many(texts, offsets))
    for paragraph in paragraphs:
        paragraph.tokens = [token for _ in paragraph.sentences for token in next(tokens)]
        paragraph.tagged = [
            TaggedSpan.model_construct(start=start, end=end, type=kind)
            for start, end, kind in backend.entities(paragraph.text, paragraph.tokens)
        ]


def headline_parts(article: Article) -> list[Paragraph]:
    """The headline, deck and kicker as paragraphs, recorded in ``article.parts``."""
    texts = {part: getattr(article, part) for part in TAGGED_PARTS}
    article.parts = {part: Paragraph(text=text) for part, text in texts.items() if text}
    return list(article.parts.values())


def run(doc: Document, settings: Settings) -> None:
    """Stage entry point: analyze every paragraph and headline field of every article."""
    run_batch([doc], settings)


def run_batch(docs: Sequence[Document], settings: Settings) -> None:
    """The stage over many documents with one tagger call, so that sentences of equal
    length across documents share the encoder (the same result as ``run`` on each)."""
    backend = get_backend(settings.backend)
    paragraphs = [
        paragraph
        for doc in docs
        for article in doc.articles
        for paragraph in [*headline_parts(article), *article.paragraphs]
    ]
    analyze_paragraphs(paragraphs, backend)
