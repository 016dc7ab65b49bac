"""Decide a file's format from its bytes, never from its name.

Files arrive renamed, mislabelled or hostile ("contract.docx" that is really a legacy .doc,
a PDF saved as .txt). Sniffing the content first means the right parser runs, and the
refusal message for an unsupported format can say what to convert the file to.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from checker.document import DocumentFormat
from checker.errors import CorruptFileError, EmptyFileError, UnsupportedFormatError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGICS = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"II*\x00": "TIFF image",
    b"MM\x00*": "TIFF image",
    b"BM": "BMP image",
}
_OTHER_BINARY = {
    b"\x1f\x8b": "gzip archive",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf\x27\x1c": "7-Zip archive",
}
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
_CONVERT_HINT = "convert it to DOCX, PDF or plain text"


def detect_format(data: bytes, name: str = "") -> DocumentFormat:
    """Return the format of ``data`` or raise an :class:`InputError` saying what to do."""
    if not data:
        raise EmptyFileError("empty file: there is no contract text to check")
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return DocumentFormat.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _detect_zip_format(data)
    if head.startswith(_OLE_MAGIC):
        raise UnsupportedFormatError(
            "unsupported format: legacy Microsoft Office binary file (.doc/.xls); save it as DOCX or PDF"
        )
    if head.lstrip().startswith(b"{\\rtf"):
        raise UnsupportedFormatError("unsupported format: RTF; save it as DOCX or PDF")
    for magic, what in _IMAGE_MAGICS.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(
                f"unsupported format: {what}; convert a scanned contract to a PDF with a text layer (OCR)"
            )
    for magic, what in _OTHER_BINARY.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(
                f"unsupported format: {what}; extract the contract and check it directly"
            )
    if _looks_like_text(head):
        if _looks_like_html(head):
            return DocumentFormat.HTML
        if PurePath(name).suffix.lower() in _MARKDOWN_SUFFIXES:
            return DocumentFormat.MARKDOWN
        return DocumentFormat.TEXT
    raise UnsupportedFormatError(f"unsupported format: unrecognised binary file; {_CONVERT_HINT}")


def _detect_zip_format(data: bytes) -> DocumentFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CorruptFileError(f"corrupt file: damaged ZIP container ({type(error).__name__})") from None
    if "word/document.xml" in names:
        return DocumentFormat.DOCX
    if any(name.startswith("xl/") for name in names):
        raise UnsupportedFormatError(
            "unsupported format: Excel spreadsheet; export the contract to DOCX or PDF"
        )
    if any(name.startswith("ppt/") for name in names):
        raise UnsupportedFormatError("unsupported format: PowerPoint presentation; export it to PDF")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnsupportedFormatError("unsupported format: OpenDocument file; save it as DOCX or PDF")
    raise UnsupportedFormatError(
        f"unsupported format: ZIP archive that is not a Word document; {_CONVERT_HINT}"
    )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with a byte-order mark
    if b"\x00" in head:
        return False
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return control <= max(2, len(head) // 100)


def _looks_like_html(head: bytes) -> bool:
    sample = head.lower()
    for encoding_bom in (b"\xef\xbb\xbf",):
        sample = sample.removeprefix(encoding_bom)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        sample = head.decode("utf-16", errors="ignore").lower().encode("ascii", errors="ignore")
    stripped = sample.lstrip()
    return stripped.startswith((b"<!doctype html", b"<html")) or (
        stripped.startswith(b"<") and (b"<body" in sample or b"<head" in sample)
    )
