"""The ordered pipeline of stages, its settings and the batch form.

A stage is a plain function ``stage(doc, settings) -> None`` that reads what
earlier stages wrote on the document and adds its own fields. Stages are
registered by name so a user can run a prefix of the pipeline (``--until
layout``) or swap one out without touching the others, as in spaCy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator

from jishi.model import Document
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
    for name in settings.stages:
        resolve_stage(name)(doc, settings)
    return doc


def process(
    text: str,
    published: str | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    doc_id: str = "doc",
) -> Document:
    """Run the whole pipeline over one text already in memory."""
    from jishi.ingest import document_from_text

    settings = settings or Settings()
    doc = document_from_text(
        text,
        doc_id=doc_id,
        published=published or settings.published,
        outlet=outlet or settings.outlet,
    )
    return run_stages(doc, settings)


def process_batch(
    texts: Iterable[str],
    published: str | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
) -> Iterator[Document]:
    """Process many texts with one settings object (resources are loaded once)."""
    for number, text in enumerate(texts):
        yield process(text, published, outlet, settings, doc_id=f"doc{number}")
