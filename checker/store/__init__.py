"""The audit store: what a batch audit learnt about each contract, in SQLite or PostgreSQL.

SQLAlchemy Core tables (:mod:`checker.store.schema`) migrated by Alembic
(:mod:`checker.store.migrations`); :mod:`checker.store.database` opens a store and brings its
schema up to date; :mod:`checker.store.records` writes and reads one document's result.
"""

# Here, not in database.py, so the CLI can show the default without importing SQLAlchemy.
DEFAULT_STORE = "contract-audit.sqlite"
