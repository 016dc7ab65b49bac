import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from checker.cli import main
from checker.store.database import open_store
from checker.store.schema import documents, runs

REPO = Path(__file__).resolve().parents[1]
CONTRACTS = REPO / "fixtures" / "contracts"


def _folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "contracts"
    folder.mkdir(exist_ok=True)
    for name in names:
        source = CONTRACTS / name if (CONTRACTS / name).exists() else REPO / "fixtures" / "bad" / name
        shutil.copy(source, folder / name)
    return folder


def _audit(*arguments: str):
    return CliRunner().invoke(main, ["audit", "--no-config", *arguments])


def test_audit_exits_0_when_every_contract_is_checked(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "thin-vendor-agreement.txt", "managed-services-msa.docx")
    store = tmp_path / "audit.sqlite"
    result = _audit(str(folder), "--db", str(store), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "2 contracts: 2 checked, 0 unchanged, 0 failed" in result.output
    again = _audit(str(folder), "--db", str(store))
    assert again.exit_code == 0 and "0 checked, 2 unchanged" in again.output


def test_unreadable_and_scanned_contracts_are_listed_and_exit_2(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "thin-vendor-agreement.txt", "zip-bomb.docx", "scanned.pdf")
    store = tmp_path / "audit.sqlite"
    result = _audit(str(folder), "--db", str(store))
    assert result.exit_code == 2
    assert "not checked: " in result.output and "[zip_bomb]" in result.output
    assert "[no_text_layer]" in result.output and "need --ocr" in result.output
    # Still listed on the next run, although nothing was retried for the scan.
    again = _audit(str(folder), "--db", str(store))
    assert again.exit_code == 2 and "[no_text_layer]" in again.output


def test_manifest_metadata_lands_in_the_store(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "thin-vendor-agreement.txt")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,counterparty,contract_type,owner,signed_date,cost_centre\n"
        "contracts/thin-vendor-agreement.txt,QuickServe Ltd,outsourcing,Procurement,2024-05-01,CC-42\n",
        encoding="utf-8",
    )
    store = tmp_path / "audit.sqlite"
    assert _audit(str(manifest), "--db", str(store)).exit_code == 0
    with open_store(str(store)).connect() as connection:
        row = connection.execute(select(documents)).one()
    assert (row.counterparty, row.contract_type, row.owner, row.signed_date) == (
        "QuickServe Ltd",
        "outsourcing",
        "Procurement",
        "2024-05-01",
    )
    assert row.metadata == {"cost_centre": "CC-42"} and row.path == str(folder / "thin-vendor-agreement.txt")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["{tmp}/nowhere-at-all", "--db", "{tmp}/audit.sqlite"], "no such file or folder"),
        (["{tmp}/empty", "--db", "{tmp}/audit.sqlite"], "no contracts found"),
        (["{folder}", "--db", "/no/such/folder/audit.sqlite"], "does not exist"),
        (["{folder}", "--db", "postgresql://nobody@127.0.0.1:1/audit"], "cannot open the audit store"),
        (["{folder}", "--profile", "no-such-profile"], "profile"),
    ],
)
def test_usage_and_store_problems_are_one_line_and_exit_2(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    folder = _folder(tmp_path, "thin-vendor-agreement.txt")
    (tmp_path / "empty").mkdir()
    result = _audit(
        *(argument.replace("{folder}", str(folder)).replace("{tmp}", str(tmp_path)) for argument in arguments)
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def _take_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_keeps_what_is_done_and_exits_130(tmp_path: Path) -> None:
    text = (CONTRACTS / "thin-vendor-agreement.txt").read_text(encoding="utf-8")
    folder = tmp_path / "contracts"
    folder.mkdir()
    for index in range(40):
        (folder / f"vendor-{index:02d}.txt").write_text(
            text + f"\nAgreement number {index}.\n", encoding="utf-8"
        )
    store = tmp_path / "audit.sqlite"
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "audit", str(folder), "--db", str(store), "--no-config", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        start_new_session=True,
        # A terminal's foreground job takes Ctrl-C; a test runner started in the background by a
        # non-interactive shell ignores SIGINT, and an ignored signal is inherited across exec.
        preexec_fn=_take_interrupts,
    )

    def committed() -> int:
        if not store.exists():
            return 0
        try:
            with open_store(str(store)).connect() as connection:
                return connection.execute(select(func.count()).select_from(documents)).scalar_one()
        except Exception:
            return 0

    deadline = time.monotonic() + 120
    while committed() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    kept = committed()
    assert 2 <= kept < 40
    with open_store(str(store)).connect() as connection:
        assert connection.execute(select(runs.c.status)).scalar_one() == "interrupted"


def test_audit_report_writes_every_format_from_the_store(tmp_path: Path) -> None:
    import csv
    import io
    import json

    from openpyxl import load_workbook

    folder = _folder(tmp_path, "thin-vendor-agreement.txt", "zip-bomb.docx")
    store = tmp_path / "audit.sqlite"
    assert _audit(str(folder), "--db", str(store)).exit_code == 2
    runner = CliRunner()

    def report(*arguments: str):
        return runner.invoke(main, ["audit-report", "--no-config", "--db", str(store), *arguments])

    page = tmp_path / "portfolio.html"
    assert report("--format", "html", "--output", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "thin-vendor-agreement.txt" in html and "zip_bomb" in html
    rows = list(csv.DictReader(io.StringIO(report("--format", "csv").output)))
    assert {Path(row["path"]).name: row["status"] for row in rows} == {
        "thin-vendor-agreement.txt": "checked",
        "zip-bomb.docx": "failed",
    }
    summary = json.loads(report("--format", "json").output)
    assert (summary["totals"]["documents"], summary["totals"]["by_status"]["failed"]) == (2, 1)
    workbook_path = tmp_path / "portfolio.xlsx"
    assert report("--format", "xlsx", "--output", str(workbook_path)).exit_code == 0
    assert "Coverage" in load_workbook(workbook_path, read_only=True).sheetnames
    needs_file = report("--format", "xlsx")
    assert needs_file.exit_code == 2 and "--output" in needs_file.output


def test_audit_report_without_a_store_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit-report", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2 and "no audit store" in result.output
    assert not (tmp_path / "none.sqlite").exists()  # a report never creates an empty store
