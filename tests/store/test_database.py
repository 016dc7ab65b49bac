"""checker.store.database on both backends: an SQLite file and a real PostgreSQL server.

The store is opened by every audit and report, on whichever backend the user names, so what
opening promises is checked on both: the migrated tables, the Alembic revision, idempotent
reopening, a schema equal to checker.store.schema, cascading deletes, and one-line errors
for stores that cannot be opened.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, Table, create_engine, delete, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from checker.store import schema
from checker.store.database import (
    StoreError,
    describe,
    open_store,
    schema_revision,
    store_url,
    table_names,
)

STORE_TABLES = {"runs", "documents", "clauses", "findings"}
HEAD_REVISION = "0001"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What a user passes to ``--db``: an SQLite path, or a URL of an empty PostgreSQL database.

    The PostgreSQL fixture is requested only for the PostgreSQL case, so the SQLite half runs
    (and the PostgreSQL half skips) on a machine without PostgreSQL.
    """
    if request.param == "sqlite":
        return str(tmp_path / "audit.sqlite")
    return request.getfixturevalue("postgres_store_url")


@pytest.fixture
def opened() -> Iterator[Callable[[str], Engine]]:
    """``open_store`` whose engines are disposed after the test, so pooled connections to a test
    database do not outlive it."""
    engines: list[Engine] = []

    def open_(target: str) -> Engine:
        engine = open_store(target)
        engines.append(engine)
        return engine

    yield open_
    for engine in engines:
        engine.dispose()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _add_run(engine: Engine) -> int:
    with engine.begin() as connection:
        return connection.execute(
            insert(schema.runs).values(
                started_at=_now(),
                status="running",
                engine="local",
                profile="default",
                ruleset_version="r1",
                model_version="m1",
                checker_version="0.0",
                sources=["contracts/"],
            )
        ).inserted_primary_key[0]


def _add_document(engine: Engine, run_id: int, path: str = "contracts/a.pdf") -> int:
    """A checked document with two clauses and one finding; returns its id."""
    with engine.begin() as connection:
        document_id = connection.execute(
            insert(schema.documents).values(path=path, status="checked", run_id=run_id, metadata={})
        ).inserted_primary_key[0]
        connection.execute(
            insert(schema.clauses),
            [
                {
                    "document_id": document_id,
                    "category": category,
                    "start_offset": 0,
                    "end_offset": 10,
                    "confidence": 0.9,
                    "text": "Some text.",
                }
                for category in ("termination", "audit_rights")
            ],
        )
        connection.execute(
            insert(schema.findings).values(
                document_id=document_id,
                rule_id="R001",
                title="No audit right",
                severity="high",
                area="oversight",
                message="The contract gives no right to audit.",
            )
        )
    return document_id


def _count(engine: Engine, table: Table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _one_line(message: str) -> bool:
    return bool(message) and "\n" not in message and "\r" not in message


# --- opening and migrating ---------------------------------------------------------------------


def test_open_store_creates_the_tables_at_the_head_revision(
    store_target: str, opened: Callable[[str], Engine]
) -> None:
    engine = opened(store_target)
    assert table_names(engine) == STORE_TABLES | {"alembic_version"}
    assert schema_revision(engine) == HEAD_REVISION


def test_opening_again_is_idempotent_and_keeps_the_rows(
    store_target: str, opened: Callable[[str], Engine]
) -> None:
    first = opened(store_target)
    run_id = _add_run(first)
    _add_document(first, run_id)
    first.dispose()

    second = opened(store_target)
    assert table_names(second) == STORE_TABLES | {"alembic_version"}
    assert schema_revision(second) == HEAD_REVISION
    with second.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    assert _count(second, schema.runs) == 1
    assert _count(second, schema.documents) == 1
    assert _count(second, schema.clauses) == 2


def test_migrated_schema_matches_the_table_definitions(
    store_target: str, opened: Callable[[str], Engine]
) -> None:
    """The migrations and schema.py are written separately; a column added to one only must fail here."""
    inspector = inspect(opened(store_target))
    assert set(inspector.get_table_names()) - {"alembic_version"} == set(schema.metadata.tables)
    for name, table in schema.metadata.tables.items():
        migrated = {column["name"]: column for column in inspector.get_columns(name)}
        assert list(migrated) == [column.name for column in table.columns], name
        for column in table.columns:
            assert migrated[column.name]["nullable"] == column.nullable, f"{name}.{column.name} nullable"
        assert set(inspector.get_pk_constraint(name)["constrained_columns"]) == {
            column.name for column in table.primary_key
        }, name
        indexes = {index["name"]: index["column_names"] for index in inspector.get_indexes(name)}
        for index in table.indexes:
            assert indexes.get(index.name) == [column.name for column in index.columns], index.name
        foreign_keys = {
            (
                tuple(key["constrained_columns"]),
                key["referred_table"],
                (key.get("options") or {}).get("ondelete"),
            )
            for key in inspector.get_foreign_keys(name)
        }
        expected = {((key.parent.name,), key.column.table.name, key.ondelete) for key in table.foreign_keys}
        assert foreign_keys == expected, name


def test_deleting_a_document_deletes_its_clauses_and_findings(
    store_target: str, opened: Callable[[str], Engine]
) -> None:
    """Re-checking a contract replaces its documents row; its old clauses and findings must go with it."""
    engine = opened(store_target)
    run_id = _add_run(engine)
    gone = _add_document(engine, run_id, "contracts/a.pdf")
    kept = _add_document(engine, run_id, "contracts/b.pdf")
    assert (_count(engine, schema.clauses), _count(engine, schema.findings)) == (4, 2)

    with engine.begin() as connection:
        connection.execute(delete(schema.documents).where(schema.documents.c.id == gone))

    with engine.connect() as connection:
        for table in (schema.clauses, schema.findings):
            owners = set(connection.execute(select(table.c.document_id)).scalars())
            assert owners == {kept}, table.name


def test_foreign_keys_are_enforced(store_target: str, opened: Callable[[str], Engine]) -> None:
    """SQLite ignores foreign keys unless asked; a clause of a missing document must be refused."""
    engine = opened(store_target)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            insert(schema.clauses).values(
                document_id=12345,
                category="termination",
                start_offset=0,
                end_offset=1,
                confidence=1.0,
                text="x",
            )
        )


# --- SQLite specifics --------------------------------------------------------------------------


def test_sqlite_store_runs_in_wal_mode_with_foreign_keys_on(
    tmp_path: Path, opened: Callable[[str], Engine]
) -> None:
    """WAL lets a report read while an audit writes; the busy timeout waits instead of failing."""
    engine = opened(str(tmp_path / "audit.sqlite"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30000


def test_sqlite_path_in_a_missing_folder_is_a_one_line_store_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "audit.sqlite"
    with pytest.raises(StoreError) as raised:
        open_store(str(missing))
    message = str(raised.value)
    assert _one_line(message)
    assert str(missing.parent) in message
    assert not missing.parent.exists()


# --- URLs --------------------------------------------------------------------------------------


def test_store_url_maps_paths_to_absolute_sqlite_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert store_url("audit.sqlite") == f"sqlite:///{tmp_path.resolve() / 'audit.sqlite'}"
    assert store_url("sub/../audit.sqlite") == f"sqlite:///{tmp_path.resolve() / 'audit.sqlite'}"
    assert store_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path.resolve() / 'x.db'}"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store_url("~/audit.sqlite") == f"sqlite:///{tmp_path.resolve() / 'audit.sqlite'}"


def test_store_url_leaves_sqlite_urls_alone() -> None:
    assert store_url("sqlite:////var/audit.sqlite") == "sqlite:////var/audit.sqlite"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_store_url_uses_psycopg_3_for_postgresql(scheme: str) -> None:
    """psycopg (v3) is the installed driver; SQLAlchemy's default for postgresql:// is psycopg2."""
    assert store_url(f"{scheme}://alice:s3cret@db.example:5433/audit") == (
        "postgresql+psycopg://alice:s3cret@db.example:5433/audit"
    )
    assert store_url("postgresql+psycopg://alice@db/audit") == "postgresql+psycopg://alice@db/audit"


def test_describe_hides_the_password() -> None:
    described = describe("postgresql://alice:s3cret@db.example:5433/audit")
    assert "s3cret" not in described
    assert described == "postgresql+psycopg://alice:***@db.example:5433/audit"
    assert describe("postgresql://alice@db.example/audit") == "postgresql+psycopg://alice@db.example/audit"


# --- PostgreSQL errors -------------------------------------------------------------------------


def test_unreachable_postgresql_is_a_quick_one_line_store_error() -> None:
    """Nothing listens on port 1: the error must come at once, on one line, without the password."""
    started = time.monotonic()
    with pytest.raises(StoreError) as raised:
        open_store("postgresql://alice:s3cret@127.0.0.1:1/audit?connect_timeout=5")
    elapsed = time.monotonic() - started
    message = str(raised.value)
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert _one_line(message)
    assert "s3cret" not in message
    assert "127.0.0.1" in message


def test_postgresql_server_that_never_answers_times_out(opened: Callable[[str], Engine]) -> None:
    """A server that takes the connection and then says nothing (a hung host, a firewall that
    accepts) must not hang an audit: ``connect_timeout`` in the URL reaches the driver. A local
    socket that listens but never accepts stands in for it, so the test needs no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(StoreError) as raised:
            opened(f"postgresql://alice@127.0.0.1:{port}/audit?connect_timeout=2")
        elapsed = time.monotonic() - started
    assert elapsed < 10, f"took {elapsed:.1f} s"
    assert _one_line(str(raised.value))
    assert "timeout" in str(raised.value)


def test_missing_postgresql_database_is_a_one_line_store_error(postgres_url: str) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(StoreError) as raised:
        open_store(missing)
    message = str(raised.value)
    assert _one_line(message)
    assert "no_such_database" in message


def test_postgres_url_fixture_is_a_working_database(postgres_url: str) -> None:
    """The session database the fixture promises: reachable over TCP on 127.0.0.1 without a password."""
    assert postgres_url.startswith("postgresql://") and "@127.0.0.1:" in postgres_url
    engine = create_engine(store_url(postgres_url))  # not open_store: the shared database stays empty
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT current_database()")).scalar_one() == "audit"
    finally:
        engine.dispose()
