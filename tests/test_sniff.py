import io
import zipfile

import pytest

from checker.document import DocumentFormat
from checker.errors import CorruptFileError, EmptyFileError, UnsupportedFormatError
from checker.sniff import detect_format


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_format_comes_from_content_not_the_extension() -> None:
    assert detect_format(b"%PDF-1.7\n...", "contract.txt") is DocumentFormat.PDF
    assert detect_format(_zip(["word/document.xml"]), "contract.pdf") is DocumentFormat.DOCX
    assert detect_format(b"<!DOCTYPE html><html><body>x</body></html>", "terms.txt") is DocumentFormat.HTML
    assert detect_format(b"1. TERM\nThe term is one year.", "a.docx") is DocumentFormat.TEXT


def test_markdown_is_a_text_flavour_named_by_its_suffix() -> None:
    assert detect_format(b"# Terms\n\n1. One", "terms.md") is DocumentFormat.MARKDOWN


def test_utf16_text_with_bom_is_text() -> None:
    assert detect_format("Agreement".encode("utf-16"), "a.txt") is DocumentFormat.TEXT


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "DOCX or PDF"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "OCR"),
        (b"\x00\x01\x02\x03" * 100, "convert"),
    ],
)
def test_unsupported_formats_say_what_to_convert_to(data: bytes, hint: str) -> None:
    with pytest.raises(UnsupportedFormatError) as raised:
        detect_format(data, "x")
    assert hint in raised.value.message
    assert raised.value.code == "unsupported_format"


def test_spreadsheets_and_plain_zips_are_refused() -> None:
    with pytest.raises(UnsupportedFormatError, match="Excel"):
        detect_format(_zip(["xl/workbook.xml"]))
    with pytest.raises(UnsupportedFormatError, match="ZIP"):
        detect_format(_zip(["readme.txt"]))


def test_empty_and_broken_zip() -> None:
    with pytest.raises(EmptyFileError):
        detect_format(b"")
    with pytest.raises(CorruptFileError):
        detect_format(b"PK\x03\x04garbage")
