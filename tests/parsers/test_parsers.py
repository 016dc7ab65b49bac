"""The dispatcher in checker/parsers/__init__.py: size limits and content-based routing."""

import subprocess
import sys
from pathlib import Path

import pytest

from checker.document import DocumentFormat
from checker.errors import FileTooLargeError, NotFoundError
from checker.limits import Limits
from checker.parsers import parse_bytes, parse_file, read_input

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3000)
    with pytest.raises(FileTooLargeError):
        read_input(path, Limits(max_file_bytes=1000))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        parse_file(tmp_path / "nope.pdf")


def test_routing_follows_content(tmp_path: Path) -> None:
    html_named_txt = tmp_path / "terms.txt"
    html_named_txt.write_text("<html><body><h1>Terms</h1><p>Text.</p></body></html>")
    assert parse_file(html_named_txt).format is DocumentFormat.HTML
    assert parse_bytes(b"# Terms\n\nText.", "terms.md", Limits()).format is DocumentFormat.MARKDOWN
    assert parse_bytes(b"TERMS\n\nText.", "terms.txt", Limits()).format is DocumentFormat.TEXT


@pytest.mark.parametrize(
    ("names", "loaded"),
    [
        (["a.txt", "b.md"], {"docx": False, "pypdfium2": False}),
        (["a.txt", "b.DOCX"], {"docx": True, "pypdfium2": False}),
        (["a.pdf"], {"docx": False, "pypdfium2": True}),
        (["contract"], {"docx": True, "pypdfium2": True}),  # the name does not tell: load all
        (None, {"docx": True, "pypdfium2": True}),
    ],
)
def test_preload_parsers_imports_the_readers_the_files_need(names: list[str] | None, loaded: dict) -> None:
    # In a fresh interpreter: this test process has long imported every reader.
    script = (
        "import sys; from checker.parsers import preload_parsers; "
        f"preload_parsers({names!r}); print(sorted(m for m in {sorted(loaded)!r} if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    ).stdout
    assert output.strip() == str(sorted(module for module, wanted in loaded.items() if wanted))
