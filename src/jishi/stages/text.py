"""Stage "text": sentences, tokens, part-of-speech and tagged names.

The statistical tagger (jishi.lang.zh.tagger, chosen by ``Settings.backend``)
runs here and only here: every paragraph, and the headline, deck and kicker,
get their sentences, tokens and the tagger's PER/LOC/ORG spans, so later
stages read them from the record instead of tagging again.
"""

from __future__ import annotations

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


def analyze_paragraph(paragraph: Paragraph, backend: Backend) -> None:
    """Fill the sentences, tokens and tagged spans of one paragraph."""
    paragraph.sentences = split_sentences(paragraph.text)
    paragraph.tokens = []
    for sentence in paragraph.sentences:
        text = paragraph.text[sentence.start : sentence.end]
        paragraph.tokens.extend(backend.tokens(text, sentence.start))
    paragraph.tagged = [
        TaggedSpan.model_construct(start=start, end=end, type=kind)
        for start, end, kind in backend.entities(paragraph.text, paragraph.tokens)
    ]


def analyze_parts(article: Article, backend: Backend) -> None:
    """The headline, deck and kicker, analyzed like paragraphs."""
    article.parts = {}
    for part in TAGGED_PARTS:
        text = getattr(article, part)
        if text:
            paragraph = Paragraph(text=text)
            analyze_paragraph(paragraph, backend)
            article.parts[part] = paragraph


def run(doc: Document, settings: Settings) -> None:
    """Stage entry point: analyze every paragraph and headline field of every article."""
    backend = get_backend(settings.backend)
    for article in doc.articles:
        analyze_parts(article, backend)
        for paragraph in article.paragraphs:
            analyze_paragraph(paragraph, backend)
