"""The ordered pipeline of stages, its settings and the batch form.

A stage is a plain function ``stage(doc, settings) -> None`` that reads what
earlier stages wrote on the document and adds its own fields. Stages are
registered by name so a user can run a prefix of the pipeline (``--until
layout``) or swap one out without touching the others, as in spaCy.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import overload

from jishi.ingest.traditional import restore_original
from jishi.memory import long_lived
from jishi.model import Document, restore_datelines
from jishi.parallel import imap
from jishi.settings import STAGE_ORDER, Settings

Stage = Callable[[Document, Settings], None]

# name -> "module:function"; imported lazily so that `jishi --help` and the
# early stages do not pay for loading the segmenter or the gazetteer.
STAGES: dict[str, str] = {name: f"jishi.stages.{name}:run" for name in STAGE_ORDER}


def resolve_stage(name: str) -> Stage:
    """Import the function registered under ``name``."""
    try:
        target = STAGES[name]
    except KeyError:
        known = ", ".join(STAGES)
        raise ValueError(f"unknown stage {name!r} (known: {known})") from None
    module_name, func_name = target.split(":")
    stage: Stage = getattr(importlib.import_module(module_name), func_name)
    return stage


def run_stages(doc: Document, settings: Settings) -> Document:
    """Run the configured stages in order over one document."""
    with loading():
        for name in settings.stages:
            resolve_stage(name)(doc, settings)
    finish(doc)
    return doc


_loaded: list[bool] = []


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """The first run of the stages in a process, which loads the models and lexicons,
    as jishi.memory.long_lived (the collector paused, what it built frozen); later
    runs are collected as usual."""
    if _loaded:
        yield
        return
    _loaded.append(True)
    with long_lived():
        yield


def finish(doc: Document) -> None:
    """The record as printed, once the stages are done: every dateline back at the head
    of its paragraph, a Traditional input's characters back as written."""
    restore_datelines(doc)
    restore_original(doc)


def warm(settings: Settings) -> None:
    """Run the stages over the short shipped sample (warm_up.tsv), so that what they load
    on their first document (the tagger's model, the lexicons, the actor index, the page
    rules) is loaded now: jishi.parallel calls this before it forks workers, which then
    start with it instead of loading it each. A failure is left to the real documents
    to report, where it names the input."""
    from jishi.lang.data import data_files

    with contextlib.suppress(Exception):
        for row in data_files().table("warm_up.tsv"):
            run_stages(_from_text(row["text"], settings), settings)


BatchStage = Callable[[Sequence[Document], Settings], None]


def resolve_batch_stage(name: str) -> BatchStage | None:
    """The stage's ``run_batch`` (several documents in one call), if it has one."""
    module_name = STAGES[name].split(":")[0] if name in STAGES else ""
    batch: BatchStage | None = getattr(importlib.import_module(module_name), "run_batch", None)
    return batch


def run_stages_batch(docs: Sequence[Document], settings: Settings) -> list[Document | Exception]:
    """Run the stages over several documents, each document or the exception it raised.

    A stage with a ``run_batch`` (the text stage, whose tagger batches sentences of
    equal length across documents) gets them all at once, and falls back to one
    document at a time when that fails, so one bad document fails alone. The
    documents are the same as ``run_stages`` makes one by one.
    """
    results: list[Document | Exception] = list(docs)
    with loading():
        for name in settings.stages:
            stage, batch = resolve_stage(name), resolve_batch_stage(name)
            alive = [doc for doc in results if isinstance(doc, Document)]
            try:
                if batch is not None:
                    batch(alive, settings)
                    continue
            except Exception:  # retried one by one below: the failure then has its document
                pass
            results = [_run_one(stage, doc, settings) for doc in results]
    for doc in results:
        if isinstance(doc, Document):
            finish(doc)
    return results


def _run_one(stage: Stage, doc: Document | Exception, settings: Settings) -> Document | Exception:
    if isinstance(doc, Exception):
        return doc
    try:
        stage(doc, settings)
    except Exception as error:  # the caller reports it with the document's name
        return error
    return doc


# One item of a batch: a text, a file, or either with its own metadata
# ({"published": ..., "outlet": ..., "id": ...}) as in spaCy's ``as_tuples``.
Text = str | Path
BatchItem = Text | tuple[Text, Mapping[str, str | None]]
METADATA_KEYS = frozenset({"published", "outlet", "id"})
# Documents one worker call reads and processes together (the tagger batches across them).
BATCH_DOCUMENTS = 8


@dataclasses.dataclass(frozen=True)
class _Job:
    """One document to make: what to read and the metadata it gets (None: its own)."""

    text: Text
    published: str | None = None
    outlet: str | None = None
    doc_id: str | None = None


@overload
def process(
    text: Text,
    published: str | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    doc_id: str | None = None,
) -> Document: ...


@overload
def process(
    text: list[BatchItem],
    published: str | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    doc_id: None = None,
) -> list[Document]: ...


def process(
    text: Text | list[BatchItem],
    published: str | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    doc_id: str | None = None,
) -> Document | list[Document]:
    """Run the whole pipeline over a text, a file (a ``Path``) or a list of either.

    A ``str`` is always the text itself; one that is only a file name is refused
    with a hint rather than processed as news (``jishi.read`` takes a file name).
    A file is read as ``jishi process`` reads it: encodings, HTML, PDF, and its
    sidecar FILE.meta.json, whose date and outlet ``published``/``outlet`` override.
    The document id comes from the content (``doc-`` or the file stem, then the
    start of the text's SHA-256), so the same text gets the same id on every run;
    ``doc_id`` sets another.
    """
    settings = settings or Settings()
    if isinstance(text, list):
        return list(process_batch(text, published, outlet, settings))
    return _run_job(settings, _Job(text, published, outlet, doc_id))


def read(
    path: str | Path,
    published: str | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
) -> Document:
    """Read one input file (.txt, .md, .html, .pdf) and run the pipeline over it."""
    return process(Path(path), published, outlet, settings)


def process_batch(
    items: Iterable[BatchItem],
    published: str | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    n_process: int = 1,
) -> Iterator[Document]:
    """Process many texts or files, in order, with the models loaded once per process.

    Each item is a text, a ``Path``, or a ``(text or Path, metadata)`` pair whose
    metadata (``published``, ``outlet``, ``id``) overrides the batch's for that item.
    ``n_process`` > 1 spreads the items over that many worker processes
    (jishi.parallel); the documents are the same, in the same order, for any value.
    """
    settings = settings or Settings()
    jobs = (_job(number, item, published, outlet) for number, item in enumerate(items))
    chunks = _chunks(jobs, BATCH_DOCUMENTS)
    for results in imap(_run_jobs, settings, chunks, n_process, warm=warm):
        for result in results:
            if isinstance(result, Exception):
                raise result
            yield result


def _chunks(jobs: Iterator[_Job], size: int) -> Iterator[list[_Job]]:
    """Consecutive jobs by `size`, read lazily: a batch may be a stream of any length."""
    while chunk := list(itertools.islice(jobs, size)):
        yield chunk


def _run_jobs(settings: Settings, jobs: list[_Job]) -> list[Document | Exception]:
    """Worker: read some documents, then run the stages over them together
    (run_stages_batch: the tagger batches sentences across documents), each document
    or the exception that stopped it, in order."""
    read: list[Document | Exception] = []
    for job in jobs:
        try:
            read.append(_document(settings, job))
        except Exception as error:  # raised in the parent when its item's turn comes
            read.append(error)
    processed = iter(run_stages_batch([d for d in read if isinstance(d, Document)], settings))
    return [next(processed) if isinstance(d, Document) else d for d in read]


def _job(number: int, item: BatchItem, published: str | None, outlet: str | None) -> _Job:
    """Check one batch item before it is sent to a worker, naming it when it is wrong."""
    if not isinstance(item, tuple):
        return _Job(item, published, outlet)
    if len(item) != 2 or not isinstance(item[1], Mapping):
        raise ValueError(f"batch item {number}: expected (text, metadata), got {item!r:.80}")
    text, metadata = item
    unknown = set(metadata) - METADATA_KEYS
    if unknown:
        known = ", ".join(sorted(METADATA_KEYS))
        raise ValueError(
            f"batch item {number}: unknown metadata {sorted(unknown)} (known: {known})"
        )
    return _Job(
        text,
        metadata.get("published", published),
        metadata.get("outlet", outlet),
        metadata.get("id"),
    )


def _run_job(settings: Settings, job: _Job) -> Document:
    """Read and process one document."""
    return run_stages(_document(settings, job), settings)


def _document(settings: Settings, job: _Job) -> Document:
    """The job's document, read and not yet processed. The job's date and outlet
    override the settings' (which override a sidecar's)."""
    options = dataclasses.replace(
        settings,
        published=job.published or settings.published,
        outlet=job.outlet or settings.outlet,
    )
    doc = _read(job.text, options) if isinstance(job.text, Path) else _from_text(job.text, options)
    if job.doc_id is not None:
        doc.id = job.doc_id
    return doc


def _read(path: Path, options: Settings) -> Document:
    from jishi.ingest import IngestError, check_date, read_document

    check_date(options.published, str(path))
    if path.is_dir():
        raise IngestError(str(path), "is a folder: pass its files (sorted(folder.glob('*.txt')))")
    return read_document(path, options)


def _from_text(text: str, options: Settings) -> Document:
    from jishi.ingest import content_hash, document_from_text, document_id

    _refuse_file_name(text)
    return document_from_text(
        text,
        doc_id=document_id("doc", content_hash(text)),
        published=options.published,
        outlet=options.outlet,
    )


def _refuse_file_name(text: str) -> None:
    """A one-line text ending in .txt/.html/.pdf is a file name passed by mistake."""
    from jishi.ingest import SUPPORTED_SUFFIXES

    stripped = text.strip()
    if "\n" in stripped or Path(stripped).suffix.lower() not in SUPPORTED_SUFFIXES:
        return
    where = "names a file" if Path(stripped).is_file() else "looks like a file name"
    raise ValueError(
        f"{stripped!r} {where}: a str is processed as text; pass Path({stripped!r}) "
        f"or use jishi.read({stripped!r}) to read the file"
    )
