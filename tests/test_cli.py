import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker import __version__
from checker.cli import main
from checker.taxonomy import load_taxonomy


def _contract(tmp_path: Path) -> Path:
    path = tmp_path / "msa.txt"
    path.write_text(
        "MASTER SERVICES AGREEMENT\n\n1. SERVICES\n1.1 The Supplier shall provide the Services.\n"
        "2. LAW\n2.1 This Agreement is governed by the laws of England and Wales.\n"
    )
    return path


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_check_json_report_validates_and_exit_is_zero(tmp_path: Path, report_schema: dict) -> None:
    arguments = ["check", "--format", "json", "--fail-on", "never", str(_contract(tmp_path))]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema)
    document = report["documents"][0]
    # A services agreement with no service levels: the default playbook flags it.
    assert "SLA-001" in {finding["rule_id"] for finding in document["findings"]}
    assert document["format"] == "text"
    assert ("2.1", "governing_law") in {
        (clause["section"], clause["category"]) for clause in document["clauses"]
    }
    assert {clause["category"] for clause in document["clauses"]} <= set(load_taxonomy().ids)


def test_bad_file_in_a_batch_gives_one_stderr_line_and_exit_2(tmp_path: Path, report_schema: dict) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    output = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--output", str(output), str(empty), str(_contract(tmp_path))]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"contract-checker: {empty}: {_empty_message()} [empty_file]"
    ]
    report = json.loads(output.read_text())
    jsonschema.validate(report, report_schema)
    assert [doc["error"] and doc["error"]["code"] for doc in report["documents"]] == ["empty_file", None]
    assert report["summary"]["failed"] == 1 and report["summary"]["checked"] == 1


def _empty_message() -> str:
    return "empty file: there is no contract text to check"


def test_size_limit_option(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("1. TERM\n" + "The Supplier shall perform. " * 50000)
    result = CliRunner().invoke(main, ["check", "--max-size", "0.5", str(big)])
    assert result.exit_code == 2
    assert "[file_too_large]" in result.stderr


def test_parse_json_includes_blocks_and_sections(tmp_path: Path, report_schema: dict) -> None:
    result = CliRunner().invoke(main, ["parse", "--format", "json", str(_contract(tmp_path))])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema)
    document = report["documents"][0]
    assert [block["number"] for block in document["blocks"]] == [None, "1", "1.1", "2", "2.1"]
    assert document["sections"][1]["children"][0]["number"] == "1.1"


def test_parse_text_dump_shows_blocks_and_tree(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(_contract(tmp_path))])
    assert result.exit_code == 0
    assert "-- sections" in result.stdout and "1.1" in result.stdout


def test_usage_error_exits_2() -> None:
    assert CliRunner().invoke(main, ["check"]).exit_code == 2
    assert CliRunner().invoke(main, ["check", "--format", "yaml", "x"]).exit_code == 2


def test_console_script_module_entry_runs_without_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "random.docx"
    garbage.write_bytes(bytes(range(256)) * 40)
    completed = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(garbage)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.count("\n") == 1 and "[unsupported_format]" in completed.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    completed = subprocess.run(
        [sys.executable, "-m", "checker", "--debug", "check", str(empty)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" in completed.stderr


def _run_cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_every_bad_fixture_alone_gives_its_code_exit_2_and_no_traceback(
    bad_dir: Path, expected_errors: dict[str, str]
) -> None:
    assert len(expected_errors) >= 8
    for name, code in expected_errors.items():
        completed = _run_cli("check", "--format", "json", str(bad_dir / name))
        assert completed.returncode == 2, name
        assert "Traceback" not in completed.stderr, name
        lines = completed.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].endswith(f"[{code}]"), (name, lines)
        report = json.loads(completed.stdout)
        assert report["documents"][0]["error"]["code"] == code, name


def test_bad_fixtures_mixed_into_a_batch_leave_the_good_ones_checked(
    report_schema: dict, contracts_dir: Path, bad_dir: Path, expected_errors: dict[str, str]
) -> None:
    expected = expected_errors
    good = sorted(str(path) for path in contracts_dir.iterdir() if path.suffix in {".pdf", ".docx", ".txt"})
    bad = [str(bad_dir / name) for name in sorted(expected)]
    interleaved = [value for pair in zip(good, bad, strict=False) for value in pair]
    batch = interleaved + good[len(bad) :] + bad[len(good) :]
    completed = _run_cli("check", "--format", "json", "--jobs", "2", *batch)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == len(bad)
    report = json.loads(completed.stdout)
    jsonschema.validate(report, report_schema)
    by_path = {document["path"]: document for document in report["documents"]}
    assert [document["path"] for document in report["documents"]] == batch
    for path in good:
        assert by_path[path]["error"] is None and by_path[path]["clauses"], path
    for path in bad:
        assert by_path[path]["error"]["code"] == expected[Path(path).name], path


def test_checking_writes_nothing_next_to_the_input(tmp_path: Path, contracts_dir: Path) -> None:
    for source in contracts_dir.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    before = sorted(path.name for path in tmp_path.iterdir())
    completed = _run_cli("check", str(tmp_path))
    # The thin vendor agreement lacks protections: exit 1 (findings), never 2 (unreadable input).
    assert completed.returncode == 1, completed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_clauses_command_prints_a_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["clauses", str(_contract(tmp_path))])
    assert result.exit_code == 0, result.stderr
    assert "governing_law" in result.stdout and "section" in result.stdout


def test_clauses_command_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["clauses", "--format", "json", str(_contract(tmp_path))])
    clauses = json.loads(result.stdout)
    assert any(clause["category"] == "governing_law" and clause["section"] == "2.1" for clause in clauses)


def test_train_and_eval_refuse_a_missing_data_folder(tmp_path: Path) -> None:
    for command in (
        ["train", "--data", str(tmp_path), "--output", str(tmp_path / "m")],
        ["eval", "--labels", str(tmp_path / "labels.jsonl")],
    ):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2 and "no CUAD data" in result.output


def test_eval_runs_cross_validation_on_cuad(cuad_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "eval",
            "--labels",
            str(cuad_dir / "labels.jsonl"),
            "--limit",
            "24",
            "--folds",
            "2",
            "--min-support",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "governing_law" in result.stdout and "macro-F1" in result.stdout


def _services(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(f"MANAGED SERVICES AGREEMENT\n\n{body}")
    return path


def test_check_select_profile_config_and_fail_on(tmp_path: Path) -> None:
    contract = _services(tmp_path, "a.txt", "1. SERVICES\n1.1 The Supplier shall provide the Services.\n")
    runner = CliRunner()
    base = ["check", "--no-config", "--format", "json"]
    selected = runner.invoke(main, [*base, "--select", "SLA-001", str(contract)])
    assert selected.exit_code == 1
    rules = {f["rule_id"] for f in json.loads(selected.stdout)["documents"][0]["findings"]}
    assert rules == {"SLA-001"}
    ignored = runner.invoke(main, [*base, "--select", "SLA-001", "--ignore", "SLA-001", str(contract)])
    assert ignored.exit_code == 0
    config = tmp_path / "contract-checker.toml"
    config.write_text('select = ["SLA-001"]\nfail-on = "never"\n')
    from_file = runner.invoke(main, ["check", "--config", str(config), str(contract)])
    assert from_file.exit_code == 0 and "SLA-001" in from_file.stdout
    overridden = runner.invoke(main, ["check", "--config", str(config), "--fail-on", "error", str(contract)])
    assert overridden.exit_code == 1
    unknown = runner.invoke(main, ["check", "--no-config", "--profile", "nope", str(contract)])
    assert unknown.exit_code == 2 and "unknown profile" in unknown.stderr


def test_check_waivers_suppress_and_report_unused(tmp_path: Path) -> None:
    contract = _services(tmp_path, "a.txt", "1. SERVICES\n1.1 The Supplier shall provide the Services.\n")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - {path: '*a.txt', rule: SLA-001, reason: Staffing deal, approved_by: Legal}\n"
        "  - {path: '*b.txt', rule: SLA-001, reason: Contract ended, approved_by: Legal}\n"
    )
    arguments = ["check", "--no-config", "--select", "SLA-001", "--waivers", str(waivers), str(contract)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert "waiver unused: SLA-001 on *b.txt" in result.stdout
    assert "1 finding(s) suppressed by waivers" in result.stdout
    report = json.loads(CliRunner().invoke(main, [*arguments, "--format", "json"]).stdout)
    assert len(report["waivers"]["suppressed"]) == 1 and len(report["waivers"]["unused"]) == 1


def test_check_bundle_sees_the_union_of_documents(tmp_path: Path) -> None:
    msa = _services(tmp_path, "msa.txt", "1. SERVICES\n1.1 The Supplier shall provide the Services.\n")
    schedule = tmp_path / "sla.txt"
    schedule.write_text(
        "SCHEDULE 2 SERVICE LEVELS\n\n1. SERVICE LEVELS\n1.1 The Supplier shall ensure that the Platform is "
        "available at least 99.9% of the time in each calendar month, measured monthly.\n"
    )
    runner = CliRunner()
    alone = runner.invoke(main, ["check", "--no-config", "--select", "SLA-001", "--format", "json", str(msa)])
    assert {f["rule_id"] for f in json.loads(alone.stdout)["documents"][0]["findings"]} == {"SLA-001"}
    arguments = ["check", "--no-config", "--select", "SLA-001", "--format", "json", "--bundle", "acme"]
    together = runner.invoke(main, [*arguments, str(msa), str(schedule)])
    assert together.exit_code == 0, together.output
    report = json.loads(together.stdout)
    assert [d["findings"] for d in report["documents"]] == [[], []]


@pytest.mark.parametrize("output_format", ["sarif", "junit", "markdown", "html", "csv"])
def test_check_writes_every_report_format_with_the_same_exit_status(
    tmp_path: Path, output_format: str
) -> None:
    contract = _services(tmp_path, "a.txt", "1. SERVICES\n1.1 The Supplier shall provide the Services.\n")
    output = tmp_path / f"report.{output_format}"
    arguments = ["check", "--no-config", "--format", output_format, "--output", str(output), str(contract)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1, result.output  # SLA-001 is an error
    assert "SLA-001" in output.read_text(encoding="utf-8")
    never = CliRunner().invoke(main, [*arguments, "--fail-on", "never"])
    assert never.exit_code == 0


def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    contract = _services(tmp_path, "a.txt", "1. SERVICES\n1.1 The Supplier shall provide the Services.\n")
    target = tmp_path / "missing-folder" / "report.json"
    result = CliRunner().invoke(
        main, ["check", "--no-config", "--format", "json", "-o", str(target), str(contract)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "cannot write" in result.stderr


def test_jobs_default_to_the_cores_this_process_may_use() -> None:
    import os

    from checker.cli import available_cores

    assert available_cores() == len(os.sched_getaffinity(0))
    assert "all cores" in CliRunner().invoke(main, ["check", "--help"]).output


def test_the_command_line_loads_no_heavy_library_it_does_not_need() -> None:
    """A cold `check` pays for every import: the web, audit and Word libraries load on use only."""
    probe = (
        "import sys, checker.cli; "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'fastapi', 'uvicorn', 'dask', 'distributed', "
        "'docx', 'openpyxl', 'pytesseract', 'jsonschema') if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"
