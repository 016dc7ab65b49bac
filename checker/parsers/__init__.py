"""File -> :class:`~checker.document.Document`, choosing the parser from the file's content.

Parser modules are imported only when a file of their format arrives: a CI gate checking a
Markdown template should not pay for loading a PDF engine.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.document import Document, DocumentFormat
from checker.errors import FileTooLargeError, InputError, NotFoundError
from checker.limits import MEGABYTE, Limits
from checker.sniff import detect_format

PDF_ENGINES = ("fast", "pdfplumber")


def read_input(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """Read a file, refusing it before reading when it is over the size limit."""
    file_path = Path(path)
    try:
        size = file_path.stat().st_size
        if not file_path.is_file():
            raise InputError("not a regular file", code="not_a_file")
        if size > limits.max_file_bytes:
            raise FileTooLargeError(
                f"file too large: {size / MEGABYTE:.1f} MB (limit {limits.max_file_bytes / MEGABYTE:.0f} MB)"
            )
        with file_path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise NotFoundError("file not found") from None
    except PermissionError:
        raise InputError("permission denied", code="permission_denied") from None
    except IsADirectoryError:
        raise InputError("not a regular file", code="not_a_file") from None
    if len(data) > limits.max_file_bytes:
        raise FileTooLargeError(f"file too large (limit {limits.max_file_bytes / MEGABYTE:.0f} MB)")
    return data


def parse_bytes(
    data: bytes, path: str, limits: Limits, *, pdf_engine: str = "fast", ocr: bool = False
) -> Document:
    """Parse file content; ``path`` is only a name for the report and a Markdown hint.

    ``ocr`` lets a PDF without a text layer be read with Tesseract instead of refused.
    """
    file_format = detect_format(data, path)
    if file_format is DocumentFormat.PDF:
        from checker.parsers.pdf import parse_pdf

        return parse_pdf(data, path, limits, engine=pdf_engine, ocr=ocr)
    if file_format is DocumentFormat.DOCX:
        from checker.parsers.docx import parse_docx

        return parse_docx(data, path, limits)
    if file_format is DocumentFormat.HTML:
        from checker.parsers.html import parse_html

        return parse_html(data, path, limits)
    if file_format is DocumentFormat.MARKDOWN:
        from checker.parsers.markdown import parse_markdown

        return parse_markdown(data, path, limits)
    from checker.parsers.text import parse_text

    return parse_text(data, path, limits)


def parse_file(
    path: str | os.PathLike[str], limits: Limits | None = None, *, pdf_engine: str = "fast", ocr: bool = False
) -> Document:
    """Parse one contract file. Raises :class:`InputError` for anything the checker refuses."""
    limits = limits or Limits()
    data = read_input(path, limits)
    return parse_bytes(data, os.fspath(path), limits, pdf_engine=pdf_engine, ocr=ocr)
