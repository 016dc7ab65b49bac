"""Open an audit store and bring its schema up to date.

``--db`` takes a path (an SQLite file, the embedded default) or a database URL
(``postgresql://user@host/db``; ``sqlite:///path`` also works). SQLite runs in WAL mode so a
report can read while an audit writes, with foreign keys enforced and a busy timeout instead
of "database is locked" errors. Every open runs the Alembic migrations to the newest
revision, so an older store is upgraded in place and a new one is created.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from checker.store import DEFAULT_STORE

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or migrated; the message is one line."""


def store_url(target: str) -> str:
    """A SQLAlchemy URL for a path or URL given on the command line."""
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    url = make_url(target)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def describe(target: str) -> str:
    """The store's URL without its password, for messages."""
    return make_url(store_url(target)).render_as_string(hide_password=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL stays durable across a process kill
    cursor.close()


def create_store_engine(target: str) -> Engine:
    url = store_url(target)
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        if path.name and not path.parent.is_dir():
            raise StoreError(f"cannot create the store: folder {path.parent} does not exist")
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A server that accepts the connection and never answers must not hang the audit; a
    # connect_timeout in the URL wins over this default.
    connect_args = {} if "connect_timeout" in make_url(url).query else {"connect_timeout": 10}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def migrate(engine: Engine) -> None:
    """Run the Alembic migrations up to the newest revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(target: str = DEFAULT_STORE) -> Engine:
    """An engine on an up-to-date store. Raises :class:`StoreError` with a one-line reason."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_store_engine(target)
        migrate(engine)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StoreError(f"cannot open the audit store {describe(target)}: {reason}") from None
    return engine


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the store is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())
