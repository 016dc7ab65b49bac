import time
from pathlib import Path

import pytest

from checker.limits import Limits
from checker.runner import DocumentResult, RunOptions, analyse_file, run_in_process, run_isolated


def _text_file(tmp_path: Path, name: str = "a.txt") -> str:
    path = tmp_path / name
    path.write_text("1. TERM\n1.1 The term is one year.\n")
    return str(path)


def test_results_come_back_in_input_order_with_errors_isolated(tmp_path: Path) -> None:
    good = _text_file(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    results = list(run_isolated([good, str(empty), good], RunOptions(), jobs=2))
    assert [result.ok for result in results] == [True, False, True]
    assert results[1].error.code == "empty_file"
    assert results[0].document.text.startswith("1. TERM")


def test_parser_exceptions_become_errors_not_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args, **kwargs):
        raise ValueError("contract text must never appear in messages")

    monkeypatch.setattr("checker.runner.parse_file", explode)
    result = analyse_file(_text_file(tmp_path), RunOptions())
    assert result.error.code == "parser_error"
    assert "contract text" not in result.error.message
    assert "ValueError" in result.traceback


def hang_on_one_file(path: str, options: RunOptions) -> DocumentResult:
    if path.endswith("hang.txt"):
        time.sleep(60)
    return analyse_file(path, options)


def allocate_on_one_file(path: str, options: RunOptions) -> DocumentResult:
    if path.endswith("hungry.txt"):
        blob = bytearray(3 * 1024 * 1024 * 1024)
        return DocumentResult(path=f"{path}{len(blob)}")
    return analyse_file(path, options)


def test_a_hanging_file_is_killed_at_the_time_limit_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = _text_file(tmp_path)
    started = time.monotonic()
    options = RunOptions(limits=Limits(timeout_seconds=1.0))
    results = list(run_isolated([str(tmp_path / "hang.txt"), good], options, jobs=1, task=hang_on_one_file))
    assert time.monotonic() - started < 20
    assert results[0].error.code == "timeout"
    assert results[1].ok


def test_memory_hungry_file_hits_the_memory_limit(tmp_path: Path) -> None:
    good = _text_file(tmp_path)
    options = RunOptions(limits=Limits(max_memory_bytes=256 * 1024 * 1024))
    paths = [str(tmp_path / "hungry.txt"), good]
    results = list(run_isolated(paths, options, jobs=1, task=allocate_on_one_file))
    assert results[0].error.code == "memory_limit"
    assert results[1].ok


def test_in_process_run_is_available_for_debugging(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_text("9. LAW\n9.1 This Agreement is governed by the laws of the State of New York.\n")
    results = list(run_in_process([str(path)], RunOptions()))
    assert results[0].ok
    assert [clause.category for clause in results[0].clauses if clause.section == "9.1"] == ["governing_law"]
