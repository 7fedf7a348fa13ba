"""Helpers for the event tests that run sentences written for them through the whole
pipeline: the article coded, the English names of a side, the events of one type."""

from __future__ import annotations

from jishi.model import Article, Document, Event
from jishi.pipeline import process


def coded(text: str, published: str = "2025-05-09") -> tuple[Article, list[Event]]:
    doc: Document = process(text, published=published)
    article = doc.articles[0]
    return article, [e for a in doc.articles for e in a.events]


def english(article: Article, ids: list[str]) -> set[str | None]:
    return {e.name_en for i in ids if (e := article.entity(i)) is not None}


def of_type(found: list[Event], event_type: str) -> list[Event]:
    return [e for e in found if e.type == event_type]
