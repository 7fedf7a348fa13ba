"""PLOVER event coding: who did what to whom, when and where, in one article.

A dictionary coder in the tradition of TABARI and PETRARCH, fitted to how
Chinese news clauses are built: a trigger word from ``event_triggers.tsv``
gives the PLOVER type (and often the mode); the actors come from the entities
earlier stages found, read off the clause around the trigger (the first actor
before it is the subject, 与/同 X is the counterpart, 向/对 X the recipient,
在 X the place); the grammatical cue words of ``event_cues.tsv`` give the
modality and negation, and the PLOVER type table (``plover_types.tsv``) the
rules that differ by type. The same event reported several times in one
article (lead, body, pull quote) becomes one event with several mentions.

The engine knows no Chinese word and names no PLOVER type: the language lives
in the data files, read through jishi.lang.zh.events, so an analyst extends it
without touching the code; docs/events.md explains the rules.

Modules, in the order a trigger meets them: ``reading`` (names, cues, verbs and
noun phrases of a paragraph), ``site`` (the clause and trigger site, what earlier
clauses established), ``acts`` (does the trigger report an act), ``sides`` (who
acted on whom), ``modality``, ``setting`` (place and date), ``merge`` (one event,
several mentions) and ``coder`` (the walk through the article).
"""

from __future__ import annotations

from jishi.lang.data import data_files
from jishi.model import Document
from jishi.settings import Settings
from jishi.stages.events.coder import code_article

__all__ = ["code_article", "run"]


def run(doc: Document, settings: Settings) -> None:
    """Pipeline stage: fill ``article.events`` for every article."""
    files = data_files(settings.data_dir)
    for article in doc.articles:
        article.events = code_article(article, doc.published, files)
