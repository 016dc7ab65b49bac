"""File -> :class:`~checker.document.Document`, choosing the parser from the file's content.

Parser modules are imported only when a file of their format arrives: a CI gate checking a
Markdown template should not pay for loading a PDF engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from checker.document import Document, DocumentFormat
from checker.errors import FileTooLargeError, InputError, NotFoundError
from checker.limits import MEGABYTE, Limits
from checker.sniff import detect_format

PDF_ENGINES = ("fast", "pdfplumber")

# Modules each kind of file is read with, by file name suffix.
_READERS: dict[str, tuple[str, ...]] = {
    ".docx": ("checker.parsers.docx",),
    ".pdf": ("checker.parsers.pdf", "pypdfium2", "pypdfium2.raw"),
    ".html": ("checker.parsers.html",),
    ".htm": ("checker.parsers.html",),
    ".md": ("checker.parsers.markdown",),
    ".markdown": ("checker.parsers.markdown",),
    ".txt": ("checker.parsers.text",),
}


def preload_parsers(paths: Iterable[str] | None = None) -> None:
    """Import the readers these files will need, before workers are forked under a memory cap.

    A worker's address-space limit can leave no room to map a shared library: reading a DOCX
    failed with lxml's "failed to map segment from shared object" once the forking process had
    grown. Imported here, in the parent, the libraries are already mapped in every worker.
    ``None`` loads every reader (a server cannot know what will be uploaded), and so does a
    file whose name does not say what it is, since formats are recognised by content.
    """
    import importlib

    suffixes = {Path(path).suffix.lower() for path in paths} if paths is not None else None
    modules: set[str] = set()
    for suffix, readers in _READERS.items():
        if suffixes is None or suffix in suffixes:
            modules.update(readers)
    if suffixes is not None and suffixes - set(_READERS):
        modules = {module for readers in _READERS.values() for module in readers}
    for module in sorted(modules):
        importlib.import_module(module)


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
