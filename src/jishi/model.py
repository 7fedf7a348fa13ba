"""The document record shared by every pipeline stage.

Field names follow the contract in DESIGN.md ("Contract: the document record");
evaluation tools rely on them, so fields may be added but never renamed.
Working state that later stages need but users do not (raw text, tokens)
is excluded from serialization so the JSON output stays the contract.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["PER", "LOC", "ORG"]
ParagraphRole = Literal[
    "body",
    "lead",
    "subhead",
    "caption",
    "pullquote",
    "attribution",
    "credit",
]
QuoteKind = Literal["direct", "indirect"]
# Where a publication date not given by the user came from: the year of one inferred
# from datelines, from a full date printed in the text near the dateline or the file's
# modification time (docs/times.md); a web page's own metadata ("page"); or the
# story's dateline, when it contradicted the page's date ("dateline", docs/layout.md).
PublishedBasis = Literal["text", "file_mtime", "page", "dateline"]


_new_record = BaseModel.__new__
_set_slot = object.__setattr__


class Record(BaseModel):
    """Base for all record types: strict about unknown fields so typos fail loudly."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Token(Record):
    """One word from the segmenter; offsets are code points inside the paragraph."""

    text: str
    pos: str
    start: int
    end: int

    @classmethod
    def of(cls, text: str, pos: str, start: int, end: int) -> Token:
        """A token from what the tagger decoded (a str and two ints), not validated: the
        record ``Token(...)`` gives, field for field and in what pydantic keeps beside
        them (tests compare the two), in a third of the time. Why: a token per word,
        117,000 on the bench corpus, and validating them cost 5% of the pipeline."""
        token = _new_record(cls)
        _set_slot(token, "__dict__", {"text": text, "pos": pos, "start": start, "end": end})
        _set_slot(token, "__pydantic_fields_set__", {"text", "pos", "start", "end"})
        _set_slot(token, "__pydantic_extra__", None)
        _set_slot(token, "__pydantic_private__", None)
        return token


class Sentence(Record):
    """A sentence span inside a paragraph (code-point offsets)."""

    start: int
    end: int


class TaggedSpan(Record):
    """A person, place or organization span as the statistical tagger found it, before
    the mentions stage corrects and links it (code-point offsets in the paragraph)."""

    start: int
    end: int
    type: EntityType


class Paragraph(Record):
    text: str
    role: ParagraphRole = "body"
    sentences: list[Sentence] = Field(default_factory=list, exclude=True)
    tokens: list[Token] = Field(default_factory=list, exclude=True)
    tagged: list[TaggedSpan] = Field(default_factory=list, exclude=True)
    # The dateline and the space after it that layout cut off the head of the text so
    # that the stages read running text; ``restore_datelines`` puts it back when they are done.
    prefix: str = Field(default="", exclude=True)


class Dateline(Record):
    """A wire dateline such as 新华社首尔2月13日电."""

    agency: str | None = None
    place: str | None = None
    date: str | None = None
    text: str | None = None
    # The paragraph it was printed at the head of, and where that paragraph's running
    # text begins after it (the paragraph's text is as printed, dateline first); None
    # when it stands in a line of its own (a closing （本报约翰内斯堡1月8日电）).
    paragraph: int | None = None
    body_start: int | None = None


class Mention(Record):
    """Where a name occurs: offsets in ``paragraphs[paragraph]``, or, when ``part`` is
    not "paragraph" (headline, deck, kicker, dateline, source), in that article field
    with ``paragraph`` -1."""

    text: str
    paragraph: int
    start: int
    end: int
    part: str = "paragraph"


class Role(Record):
    """A title held by an actor, open-ended where start or end is None."""

    title: str
    title_en: str | None = None
    country: str | None = None
    start: str | None = None
    end: str | None = None


class Entity(Record):
    """One real-world person, place or organization named in an article."""

    id: str
    type: EntityType
    name: str
    name_en: str | None = None
    country: str | None = None
    qid: str | None = None
    kind: str | None = None
    sector: str | None = None
    roles: list[Role] = Field(default_factory=list)
    linked: bool = False
    mentions: list[Mention] = Field(default_factory=list)
    # A Latin spelling for a name the knowledge base does not hold (pinyin, or a
    # transliterated name spelled back): a reading aid, never an English name.
    romanized: str | None = None
    # Where a place or state is (GeoNames, through jishi.lang.zh.gazetteer): a city at its
    # own coordinates, a state at its capital's; None where the gazetteer has no entry.
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None


class TimeExpression(Record):
    text: str
    value: str | None
    paragraph: int
    start: int
    end: int
    kind: str = "date"
    grain: str | None = None
    anchor: str | None = None
    # TIMEX3 mod (START, END, ON_OR_AFTER, BEFORE, APPROX...) and part of day
    # (MO, MI, AF, EV, NI): 12日晚 keeps the day as its value and EV here.
    mod: str | None = None
    part_of_day: str | None = None


class Quote(Record):
    text: str
    kind: QuoteKind
    speaker: str | None
    paragraph: int
    start: int | None = None
    end: int | None = None
    speaker_text: str | None = None
    date: str | None = None
    # Other paragraphs printing the same words for the same speaker (a pull quote that
    # repeats this body quote): listed here rather than as a second quote.
    also_paragraphs: list[int] = Field(default_factory=list)


class EventMention(Record):
    """Where one more report of the same event stands in the article."""

    paragraph: int
    trigger: str
    sentence: str


class Event(Record):
    id: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    date: str | None = None
    location: str | None = None
    negated: bool = False
    modality: str | None = None
    trigger: str
    sentence: str
    paragraph: int
    mentions: list[EventMention] = Field(default_factory=list)
    # The trigger's code-point offsets in the paragraph text (a gapped trigger, 提供…援助,
    # ends after its tail); None for events not coded by the events stage.
    trigger_start: int | None = None
    trigger_end: int | None = None
    # Who reports the act when the text gives it in someone's words (X称，Y袭击了Z: X;
    # the actors are Y and Z): entity ids; empty for the narrative's own report.
    reported_by: list[str] = Field(default_factory=list)


class Article(Record):
    id: str
    headline: str | None = None
    deck: str | None = None
    kicker: str | None = None
    source: str | None = None
    dateline: Dateline | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    # The headline, deck and kicker as the text stage analyzed them (sentences, tokens,
    # tagged spans), keyed by field name, so later stages need no tagger of their own.
    parts: dict[str, Paragraph] = Field(default_factory=dict, exclude=True)

    def entity(self, entity_id: str | None) -> Entity | None:
        """Look an entity up by id; later stages refer to entities by id only."""
        if entity_id is None:
            return None
        return next((e for e in self.entities if e.id == entity_id), None)

    def entities_of(self, entity_ids: list[str]) -> list[Entity]:
        """The entities with these ids, in their order (ids naming none are left out)."""
        return [e for i in entity_ids if (e := self.entity(i)) is not None]


class Document(Record):
    id: str
    path: str | None = None
    published: str | None = None
    published_inferred: bool = False
    published_inferred_from: PublishedBasis | None = None
    outlet: str | None = None
    content_hash: str | None = None
    # what the input was read as: text, markdown, html or pdf (None: a text handed in)
    input_format: str | None = None
    # no article in Chinese was found (an English-only or navigation-only input)
    no_chinese: bool = False
    # the input is Traditional Chinese: analysed in Simplified, given back as written
    traditional: bool = False
    articles: list[Article] = Field(default_factory=list)
    text: str = Field(default="", exclude=True)
    # a Traditional input as written, while the stages read ``text`` in Simplified
    original_text: str | None = Field(default=None, exclude=True)

    @property
    def entities(self) -> list[Entity]:
        """Every entity of every article, in article order (ids are local to an article)."""
        return [entity for article in self.articles for entity in article.entities]

    @property
    def events(self) -> list[EventView]:
        """Every event of every article, its parties as Entity objects."""
        return [
            EventView.of(event, article) for article in self.articles for event in article.events
        ]

    @property
    def quotes(self) -> list[QuoteView]:
        """Every quote of every article, its speaker as an Entity object."""
        return [
            QuoteView.of(quote, article) for article in self.articles for quote in article.quotes
        ]


def restore_datelines(doc: Document) -> None:
    """Put every paragraph's prefix (the dateline layout cut off for the stages) back at
    its head, moving every offset into that paragraph along: the record gives the
    paragraph as printed, and ``dateline.body_start`` says where its running text begins.
    """
    for article in doc.articles:
        for number, paragraph in enumerate(article.paragraphs):
            if paragraph.prefix:
                _shift_paragraph(article, number, len(paragraph.prefix))
                paragraph.text = paragraph.prefix + paragraph.text
                paragraph.prefix = ""


def _shift_paragraph(article: Article, number: int, by: int) -> None:
    """Move every span into paragraph ``number`` of the article ``by`` code points on."""
    paragraph = article.paragraphs[number]
    spans: list[Token | Sentence | TaggedSpan | Mention | TimeExpression] = [
        *paragraph.sentences,
        *paragraph.tokens,
        *paragraph.tagged,
        *(
            m
            for e in article.entities
            for m in e.mentions
            if m.part == "paragraph" and m.paragraph == number
        ),
        *(t for t in article.times if t.paragraph == number),
    ]
    for span in spans:
        span.start, span.end = span.start + by, span.end + by
    for quote in article.quotes:
        if quote.paragraph == number and quote.start is not None and quote.end is not None:
            quote.start, quote.end = quote.start + by, quote.end + by
    for event in article.events:
        if event.paragraph == number and event.trigger_start is not None:
            event.trigger_start += by
            event.trigger_end = event.trigger_end + by if event.trigger_end is not None else None


# --- the Python API's views: the record keeps entity ids (the JSON contract), a
# script gets the entities themselves, each with its mentions (spans into the text).


@dataclass(frozen=True)
class EventView:
    """An event with its source, target and location resolved to the article's entities.

    ``record`` is the event as the JSON record has it (entity ids), ``article``
    the article it was found in; ``sentence`` and ``paragraph`` say where.
    """

    id: str
    type: str
    mode: str | None
    cameo: str | None
    date: str | None
    negated: bool
    modality: str | None
    trigger: str
    sentence: str
    paragraph: int
    trigger_start: int | None
    trigger_end: int | None
    source: list[Entity]
    target: list[Entity]
    location: Entity | None
    article: Article
    record: Event

    @classmethod
    def of(cls, event: Event, article: Article) -> EventView:
        return cls(
            **event.model_dump(include=EVENT_SCALARS),
            source=article.entities_of(event.source),
            target=article.entities_of(event.target),
            location=article.entity(event.location),
            article=article,
            record=event,
        )


@dataclass(frozen=True)
class QuoteView:
    """A quote with its speaker resolved to the article's entity (None: unknown speaker)."""

    text: str
    kind: QuoteKind
    paragraph: int
    start: int | None
    end: int | None
    speaker: Entity | None
    article: Article
    record: Quote

    @classmethod
    def of(cls, quote: Quote, article: Article) -> QuoteView:
        return cls(
            **quote.model_dump(include=QUOTE_SCALARS),
            speaker=article.entity(quote.speaker),
            article=article,
            record=quote,
        )


# The fields a view copies from its record as they are.
EVENT_SCALARS = set(EventView.__dataclass_fields__) - {
    "source",
    "target",
    "location",
    "article",
    "record",
}
QUOTE_SCALARS = set(QuoteView.__dataclass_fields__) - {"speaker", "article", "record"}


def printable(value: str, keep: str = "", replacement: str | None = None) -> str:
    """`value` with its control and format characters (newline, ESC, bidi overrides)
    escaped as \\n, \\x1b, \\u202e, or replaced by `replacement`; those in `keep` stay.

    A file name may hold any of them: raw, they would break an id or a line of a
    report apart, or drive the terminal that prints it.
    """
    if value.isprintable():
        return value
    return "".join(
        char
        if char in keep or unicodedata.category(char)[0] != "C"
        else replacement
        if replacement is not None
        else char.encode("unicode_escape").decode("ascii")
        for char in value
    )
