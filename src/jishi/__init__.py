"""jishi (纪事): Chinese-language news to event data."""

from jishi.model import Article, Document, Entity, Event, Quote, TimeExpression
from jishi.pipeline import process, process_batch
from jishi.settings import Settings

__all__ = [
    "Article",
    "Document",
    "Entity",
    "Event",
    "Quote",
    "Settings",
    "TimeExpression",
    "process",
    "process_batch",
]
__version__ = "0.1.0"
