"""Alembic environment for the audit store; run by checker.store.database.migrate.

The connection comes from the caller (``config.attributes["connection"]``), so migrations run
inside the caller's transaction on SQLite and PostgreSQL alike. Batch mode lets SQLite, which
cannot alter most of a table in place, take later column changes.
"""

from alembic import context

from checker.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the audit store's migrations through checker.store.database.migrate")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
