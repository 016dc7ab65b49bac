"""Killing an audit halfway and running it again gives the same store as one uninterrupted run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from checker.store.database import open_store
from checker.store.schema import documents
from tests.audit.store_content import store_content

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "fixtures" / "contracts" / "thin-vendor-agreement.txt"
COPIES = 12


def _portfolio(folder: Path) -> Path:
    folder.mkdir()
    text = CONTRACT.read_text(encoding="utf-8")
    for index in range(COPIES):  # distinct contents, so none is skipped as a duplicate
        (folder / f"vendor-{index:02d}.txt").write_text(
            text + f"\n30. Reference. This agreement is number {index}.\n", encoding="utf-8"
        )
    return folder


def _audit_command(folder: Path, store: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "checker",
        "audit",
        str(folder),
        "--db",
        str(store),
        "--no-config",
        "-j",
        "1",
    ]


def _count(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with open_store(str(store)).connect() as connection:
            return connection.execute(select(func.count()).select_from(documents)).scalar_one()
    except Exception:  # the audit may still be creating the store
        return 0


def test_killed_audit_resumes_to_the_same_store(tmp_path: Path) -> None:
    folder = _portfolio(tmp_path / "contracts")
    environment = {**os.environ, "PYTHONPATH": str(REPO)}

    whole = tmp_path / "whole.sqlite"
    subprocess.run(
        _audit_command(folder, whole), check=True, capture_output=True, env=environment, cwd=tmp_path
    )

    resumed = tmp_path / "resumed.sqlite"
    process = subprocess.Popen(
        _audit_command(folder, resumed),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        cwd=tmp_path,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    deadline = time.monotonic() + 120
    while _count(resumed) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # no chance to clean up, like a power cut
    process.wait()
    committed = _count(resumed)
    assert 3 <= committed < COPIES, "the audit must be killed halfway for this test to mean anything"

    rerun = subprocess.run(
        _audit_command(folder, resumed),
        check=True,
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    assert f"{COPIES - committed} checked, {committed} unchanged" in rerun.stderr
    assert store_content(open_store(str(resumed))) == store_content(open_store(str(whole)))
