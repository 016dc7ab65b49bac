from pathlib import Path

from checker.reports.paths import display_path, relative_to_root


def test_paths_are_shown_relative_to_the_root(tmp_path: Path) -> None:
    inside = tmp_path / "contracts" / "a.pdf"
    assert display_path(str(inside), tmp_path) == "contracts/a.pdf"
    assert display_path("/elsewhere/b.pdf", tmp_path) == "/elsewhere/b.pdf"


def test_relative_to_root_is_none_outside_the_root(tmp_path: Path) -> None:
    assert str(relative_to_root(str(tmp_path / "x" / "y.docx"), tmp_path)) == "x/y.docx"
    assert relative_to_root("/elsewhere/b.pdf", tmp_path) is None
