"""A real, throwaway PostgreSQL server for the audit store's tests.

The store must work on PostgreSQL as well as on SQLite, and the differences that matter (DDL in
transactions, cascades, types, connection errors) only show on a real server, so the tests
start one rather than mocking it: ``initdb`` into a temporary folder, ``pg_ctl start`` on a free
port of 127.0.0.1 with its Unix socket in that folder (so it never meets a system cluster on
5432 or /var/run/postgresql), fsync off because the data is thrown away. Startup takes about a
second.

PostgreSQL refuses to run as root; as root (CI containers) the server runs as the ``postgres``
system user of the Debian package, owning the temporary folder. Clients connect over TCP with
trust authentication, so URLs carry no password.

Without PostgreSQL binaries the tests skip, unless ``CONTRACT_CHECKER_REQUIRE_POSTGRES=1`` (set
by CI, which installs PostgreSQL) makes that a failure, so the PostgreSQL tests cannot silently
stop running.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql

REQUIRE_ENV = "CONTRACT_CHECKER_REQUIRE_POSTGRES"
SERVER_USER = "postgres"  # the OS user the server runs as when the tests run as root
SUPERUSER = "postgres"  # the database role clients connect as (trust authentication)
DEFAULT_DATABASE = "audit"
START_TIMEOUT_SECONDS = 30


class PostgresUnavailable(Exception):
    """PostgreSQL cannot be run here at all (no binaries, no unprivileged user); tests skip."""


def postgres_required() -> bool:
    """Whether a missing PostgreSQL must fail the tests rather than skip them (set in CI)."""
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in ("1", "true", "yes")


def _has_server_binaries(bindir: Path) -> bool:
    return all(
        (bindir / name).is_file() and os.access(bindir / name, os.X_OK) for name in ("initdb", "pg_ctl")
    )


def _version_key(bindir: Path) -> tuple[int, ...]:
    """Sort /usr/lib/postgresql/<version>/bin by version, so the newest installed server wins."""
    try:
        return tuple(int(part) for part in bindir.parent.name.split("."))
    except ValueError:
        return (0,)


def find_bindir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``.

    Debian keeps them off PATH in /usr/lib/postgresql/<version>/bin; ``pg_config --bindir`` names
    that folder when the server's pg_config is installed (libpq-dev's pg_config may point at a
    folder without a server, so the binaries are checked). PATH comes last and symlinks are
    resolved, so a /usr/local/bin/pg_ctl linking into a Debian install finds its initdb beside it.
    """
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            result = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False
            )
            if result.returncode == 0 and result.stdout.strip():
                candidates.append(Path(result.stdout.strip()))
    candidates += sorted(
        (Path(path) for path in glob.glob("/usr/lib/postgresql/*/bin")), key=_version_key, reverse=True
    )
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        candidates.append(Path(pg_ctl).resolve().parent)
    for bindir in candidates:
        if _has_server_binaries(bindir):
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: tried pg_config --bindir, "
        "/usr/lib/postgresql/*/bin and PATH (install Debian's postgresql package)"
    )


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on now (the server may still lose a race for it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _clean_environment() -> dict[str, str]:
    """The environment for the server's commands, without PG* variables that could redirect them."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    environment["LC_ALL"] = "C"
    return environment


class PostgresServer:
    """One throwaway server: ``start()`` then ``stop()``, or use it as a context manager."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.port = 0
        self.root: Path | None = None
        self._run_as: list[str] = []
        self._owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self._owner = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PostgresUnavailable(
                    f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as "
                    "(PostgreSQL refuses to run as root)"
                ) from None
            runuser = shutil.which("runuser")
            self._run_as = [runuser, "-u", SERVER_USER, "--"] if runuser else []

    @property
    def data_dir(self) -> Path:
        assert self.root is not None, "the server is not started"
        return self.root / "data"

    def url(self, database: str = DEFAULT_DATABASE) -> str:
        """A ``postgresql://`` URL of a database on this server, as a user would pass to ``--db``."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _command(self, *arguments: str, timeout: float = START_TIMEOUT_SECONDS) -> None:
        """Run a server binary, as the unprivileged user when we are root; raise with its output."""
        assert self.root is not None
        command = [str(self.bindir / arguments[0]), *arguments[1:]]
        if self._owner is not None and not self._run_as:  # no runuser: su takes one shell string
            command = ["su", SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(command)]
        else:
            command = [*self._run_as, *command]
        result = subprocess.run(
            command,
            cwd=self.root,  # the unprivileged user may not be allowed into the caller's folder
            env=_clean_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            log = self.root / "server.log"
            if log.is_file():
                output += "\n--- server.log ---\n" + log.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"{shlex.join(command)} failed with exit code {result.returncode}:\n{output}")

    def start(self) -> PostgresServer:
        """initdb a cluster in a new temporary folder, start it and create the ``audit`` database.

        As root, the folder (and its parent, the system temporary folder) must be reachable by the
        unprivileged user, which /tmp is; a failed start stops what was started and removes it.
        """
        self.root = Path(tempfile.mkdtemp(prefix="contract-checker-pg-"))
        try:
            if self._owner is not None:
                os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
            self._command(
                "initdb",
                f"--pgdata={self.data_dir}",
                f"--username={SUPERUSER}",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",  # throwaway data: skip the fsync of every created file
            )
            for attempt in range(3):  # another process may take the free port before the server binds it
                self.port = free_port()
                options = [
                    "-c listen_addresses=127.0.0.1",
                    f"-c port={self.port}",
                    f"-c unix_socket_directories={shlex.quote(str(self.root))}",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                ]
                try:
                    self._command(
                        "pg_ctl",
                        "start",
                        f"--pgdata={self.data_dir}",
                        f"--log={self.root / 'server.log'}",
                        "--wait",
                        f"--timeout={START_TIMEOUT_SECONDS}",
                        "--silent",
                        f"--options={' '.join(options)}",
                        timeout=START_TIMEOUT_SECONDS + 10,
                    )
                    break
                except RuntimeError:
                    if attempt == 2 or "Address already in use" not in self._log():
                        raise
            self.create_database(DEFAULT_DATABASE)
        except BaseException:
            self.stop()
            raise
        return self

    def _log(self) -> str:
        log = self.root / "server.log" if self.root else None
        return log.read_text(errors="replace") if log and log.is_file() else ""

    def _admin(self) -> psycopg.Connection:
        """An autocommit connection to the maintenance database (CREATE/DROP DATABASE need one)."""
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        )

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database (a unique name by default) and return its URL."""
        name = name or f"audit_{uuid.uuid4().hex[:16]}"
        with self._admin() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing connections a test's engine pool may still hold open."""
        with self._admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        """Stop the server at once (its data is thrown away) and remove its folder."""
        if self.root is None:
            return
        try:
            if (self.data_dir / "postmaster.pid").is_file():
                try:
                    self._command("pg_ctl", "stop", f"--pgdata={self.data_dir}", "--mode=immediate", "--wait")
                except (RuntimeError, subprocess.TimeoutExpired):
                    self._kill_postmaster()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def _kill_postmaster(self) -> None:
        """Last resort when pg_ctl cannot stop it: SIGQUIT to the postmaster this server started."""
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGQUIT)
            for _ in range(50):
                os.kill(pid, 0)  # raises once the process is gone
                time.sleep(0.1)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """A started server, stopped and removed on exit. Raises PostgresUnavailable without PostgreSQL."""
    with PostgresServer() as server:
        yield server
