"""jishi (纪事): Chinese-language news to event data.

The Python API (docs/api.md): ``process`` a text, a file or a list of them,
``read`` a file, ``process_batch`` many with ``n_process`` workers, and
``Store`` to query a database as the command line does.
"""

from jishi.model import (
    Article,
    Document,
    Entity,
    Event,
    EventView,
    Mention,
    Quote,
    QuoteView,
    TimeExpression,
)
from jishi.pipeline import BatchItem, process, process_batch, read
from jishi.settings import Settings

__all__ = [
    "Article",
    "BatchItem",
    "Document",
    "Entity",
    "Event",
    "EventView",
    "Mention",
    "Quote",
    "QuoteView",
    "Settings",
    "TimeExpression",
    "process",
    "process_batch",
    "read",
]
__version__ = "0.1.0"
