"""jishi (纪事): Chinese-language news to event data.

The Python API (docs/api.md): ``process`` a text, a file or a list of them,
``read`` a file, ``process_batch`` many with ``n_process`` workers, and
``Store`` to query a database as the command line does.
"""

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from jishi.api import Store
    from jishi.store.database import StoreError
    from jishi.store.queries import NotFound, QueryError

__all__ = [
    "Article",
    "BatchItem",
    "Document",
    "Entity",
    "Event",
    "EventView",
    "Mention",
    "NotFound",
    "QueryError",
    "Quote",
    "QuoteView",
    "Settings",
    "Store",
    "StoreError",
    "TimeExpression",
    "process",
    "process_batch",
    "read",
]
__version__ = "0.1.0"

# Imported when first used, so that `import jishi` does not load SQLAlchemy and Alembic.
_LAZY = {
    "Store": "jishi.api",
    "StoreError": "jishi.store.database",
    "NotFound": "jishi.store.queries",
    "QueryError": "jishi.store.queries",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name not in _LAZY:
        raise AttributeError(f"module 'jishi' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
