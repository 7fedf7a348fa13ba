"""The database: schema, migrations, ingest, queries and exports (SQLite or PostgreSQL)."""

from jishi.store.database import Store, StoreError, open_store
from jishi.store.ingest import Outcome, content_hash, store_document

__all__ = ["Outcome", "Store", "StoreError", "content_hash", "open_store", "store_document"]
