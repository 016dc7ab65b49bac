"""The dispatcher in checker/parsers/__init__.py: size limits and content-based routing."""

from pathlib import Path

import pytest

from checker.document import DocumentFormat
from checker.errors import FileTooLargeError, NotFoundError
from checker.limits import Limits
from checker.parsers import parse_bytes, parse_file, read_input


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
