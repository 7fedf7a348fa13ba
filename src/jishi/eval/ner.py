"""Entity-level scoring of the mention stage on character-annotated NER sets.

Why a scorer of our own: the two public dev sets we measure on come in
different formats (People's Daily as character BIO, CLUENER as JSON with
offsets and fine-grained labels), and we want one number for the statistical
backend alone and one for the whole mentions stage (backend plus pattern and
gazetteer layers) on exactly the same spans. A span counts only when its
start, end and type all match (the CoNLL convention).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jishi.lang.zh.tagger import Span, bio_spans

if TYPE_CHECKING:
    from jishi.model import Article, EntityType

Tagger = Callable[[list[str]], list[set[Span]]]
# How the mentions are read: as the record keeps them, or as the NER corpora annotate.
Convention = Literal["corpus", "record"]

TYPES = ("PER", "LOC", "ORG")

# CLUENER's fine labels folded onto our three types; the rest (position, game,
# book, movie, scene) are not PER/LOC/ORG and are ignored on both sides.
CLUENER_TYPES = {
    "name": "PER",
    "address": "LOC",
    "organization": "ORG",
    "government": "ORG",
    "company": "ORG",
}


class NerDataError(ValueError):
    """An evaluation file is missing, of an unknown format or malformed."""


@dataclass
class Example:
    """One annotated sentence: its text and gold spans."""

    text: str
    spans: set[Span]


@dataclass
class Scores:
    """True positives, predicted and gold counts per type."""

    correct: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(self, gold: set[Span], predicted: set[Span]) -> None:
        """Count one sentence."""
        for _, _, kind in gold:
            self.gold[kind] += 1
        for _, _, kind in predicted:
            self.predicted[kind] += 1
        for _, _, kind in gold & predicted:
            self.correct[kind] += 1

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        """Precision, recall, F1 for one type, or micro-averaged with None."""
        if kind is None:
            correct = sum(self.correct[t] for t in TYPES)
            predicted = sum(self.predicted[t] for t in TYPES)
            gold = sum(self.gold[t] for t in TYPES)
        else:
            correct, predicted, gold = self.correct[kind], self.predicted[kind], self.gold[kind]
        precision = correct / predicted if predicted else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def as_dict(self) -> dict[str, dict[str, float]]:
        """P/R/F1 per type and micro, rounded for printing as JSON."""
        rows: dict[str, dict[str, float]] = {}
        for kind in (*TYPES, None):
            precision, recall, f1 = self.prf(kind)
            rows[kind or "micro"] = {
                "p": round(precision, 4),
                "r": round(recall, 4),
                "f1": round(f1, 4),
                "gold": self.gold[kind] if kind else sum(self.gold[t] for t in TYPES),
            }
        return rows


def read_bio(path: Path) -> Iterator[Example]:
    """Sentences of a 'char TAG' per line file, blank line between sentences."""
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.split()
            if not parts:
                if chars:
                    yield Example("".join(chars), bio_spans(tags))
                chars, tags = [], []
                continue
            if len(parts) != 2:
                raise NerDataError(f"{path}: line {number} is not 'character TAG'")
            chars.append(parts[0])
            tags.append(parts[1])
    if chars:
        yield Example("".join(chars), bio_spans(tags))


def read_cluener(path: Path) -> Iterator[Example]:
    """CLUENER JSON lines (entity_list with begin/end offsets, end exclusive)."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                spans = {
                    (item["entity_index"]["begin"], item["entity_index"]["end"], kind)
                    for item in record.get("entity_list", [])
                    if (kind := CLUENER_TYPES.get(item["entity_type"]))
                }
                yield Example(record["text"], spans)
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise NerDataError(f"{path}: line {number} is not a CLUENER record") from error


def read_examples(path: Path, limit: int | None = None) -> list[Example]:
    """Examples of a dev file, the format told by its suffix (.bio or .jsonl)."""
    readers = {".bio": read_bio, ".jsonl": read_cluener}
    reader = readers.get(path.suffix)
    if reader is None:
        raise NerDataError(f"{path}: unknown NER format (expected .bio or .jsonl)")
    if not path.is_file():
        raise NerDataError(f"{path}: no such file")
    examples: list[Example] = []
    for example in reader(path):
        if limit is not None and len(examples) >= limit:
            break
        examples.append(example)
    return examples


def score(examples: list[Example], tagger: Tagger, batch_size: int = 256) -> Scores:
    """Run the tagger over the sentences (in batches) and count span matches."""
    scores = Scores()
    for batch in _batches(examples, batch_size):
        predictions = tagger([example.text for example in batch])
        for example, predicted in zip(batch, predictions, strict=True):
            scores.add(example.spans, predicted)
    return scores


def _batches(items: list[Example], size: int) -> Iterable[list[Example]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def backend_tagger(backend_name: str) -> Tagger:
    """The statistical backend alone: its own PER/LOC/ORG spans per sentence."""
    from jishi.lang.zh.tagger import get_backend

    backend = get_backend(backend_name)

    def tag(texts: list[str]) -> list[set[Span]]:
        return [set(backend.entities(text, backend.tokens(text))) for text in texts]

    return tag


def stage_tagger(backend_name: str, convention: Convention = "corpus") -> Tagger:
    """The whole mentions stage, each sentence an article of one paragraph, its spans
    read in one convention (see ``corpus_spans``)."""

    def tag(texts: list[str]) -> list[set[Span]]:
        return [spans[convention] for spans in stage_spans(backend_name, texts)]

    return tag


def stage_spans(backend_name: str, texts: list[str]) -> list[dict[Convention, set[Span]]]:
    """The mentions stage's spans of each sentence, as the record has them and as the
    corpora annotate them."""
    from jishi.model import Article, Document, Paragraph
    from jishi.settings import Settings
    from jishi.stages.mentions import run as run_mentions
    from jishi.stages.text import run as run_text

    settings = Settings(backend=backend_name)
    articles = [
        Article(id=f"s{index}", paragraphs=[Paragraph(text=text)])
        for index, text in enumerate(texts)
    ]
    doc = Document(id="ner-eval", articles=articles)
    run_text(doc, settings)
    run_mentions(doc, settings)
    return [
        {"record": record_spans(article), "corpus": corpus_spans(article)}
        for article in doc.articles
    ]


def record_spans(article: Article) -> set[Span]:
    """Every mention the stage wrote, as the record keeps it."""
    return {(m.start, m.end, e.type) for e in article.entities for m in e.mentions}


def corpus_spans(article: Article) -> set[Span]:
    """The record read in the convention of the NER corpora (People's Daily, MSRA,
    CLUENER), which differ from our record in two ways by design: a title that stands
    for its holder (美国总统14日表示) is a job there, not a person, and a state is never
    listed inside the name of its own institution (韩国|外交部: only the ORG)."""
    placed = {
        (m.paragraph, m.start, m.end, e.type)
        for e in article.entities
        for m in e.mentions
        if not (e.type == "PER" and any(role.title == m.text for role in e.roles))
    }
    placed = _joined_places(placed)
    return {
        (start, end, kind)
        for paragraph, start, end, kind in placed
        if not any(
            other[0] == paragraph
            and other[1] <= start
            and end <= other[2]
            and other[1:] != (start, end, kind)
            for other in placed
        )
    }


def evaluate(
    path: Path, backend_name: str = "default", layers: bool = True, limit: int | None = None
) -> dict[Convention, Scores]:
    """Score the backend alone (layers=False) or the whole stage on one dev file, in
    both conventions (the backend alone has no record of its own: both are its spans)."""
    examples = read_examples(path, limit)
    if not layers:
        alone = score(examples, backend_tagger(backend_name))
        return {"corpus": alone, "record": alone}
    scores: dict[Convention, Scores] = {"corpus": Scores(), "record": Scores()}
    for batch in _batches(examples, 256):
        found = stage_spans(backend_name, [example.text for example in batch])
        for example, spans in zip(batch, found, strict=True):
            for convention, predicted in spans.items():
                scores[convention].add(example.spans, predicted)
    return scores


Placed = set[tuple[int, int, int, "EntityType"]]


def _joined_places(placed: Placed) -> Placed:
    """The corpora annotate an organization with the places written right before it as
    one name (河南省郑州市二七司法培训学校, 俄罗斯国家杜马), where the record lists each place
    as a mention of its own (英国|伦敦国王学院, as the answer keys do); a state's one
    character is not so joined (访华|新华社)."""
    ends = {(paragraph, end): (start, kind) for paragraph, start, end, kind in placed}
    joined: Placed = set(placed)
    for paragraph, start, end, kind in placed:
        if kind != "ORG":
            continue
        first = start
        while (before := ends.get((paragraph, first))) is not None and _place_of(before, first):
            joined.discard((paragraph, before[0], first, "LOC"))
            first = before[0]
        if first != start:
            joined.discard((paragraph, start, end, kind))
            joined.add((paragraph, first, end, "ORG"))
    return joined


def _place_of(before: tuple[int, EntityType], end: int) -> bool:
    """Whether the mention ending at ``end`` is a place of more than one character."""
    start, kind = before
    return kind == "LOC" and end - start > 1
