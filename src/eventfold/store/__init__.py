"""SQLite store: schema, migrations and the repositories that read and write records."""

from eventfold.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
