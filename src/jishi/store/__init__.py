"""The database: schema, migrations, ingest, queries and exports (SQLite or PostgreSQL).

Submodules: database (open, migrate, errors), schema (tables), ingest (write
documents), queries (read), export (files). Only the opening API is imported
here, so that jishi.store.link can use the schema without an import cycle.
"""

from jishi.store.database import DatabaseURLError, Store, StoreError, open_store

__all__ = ["DatabaseURLError", "Store", "StoreError", "open_store"]
