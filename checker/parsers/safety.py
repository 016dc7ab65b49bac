"""Checks that run before an untrusted container is opened by a third-party library.

python-docx and pdfplumber are excellent readers but were not written for hostile input: a
DOCX of a few kilobytes can inflate to gigabytes, and XML parts can declare entities. These
checks look at the ZIP directory and the raw XML bytes first, so nothing is inflated or
expanded before it is known to be safe.
"""

from __future__ import annotations

import io
import re
import zipfile

from checker.errors import CorruptFileError, UnsafeXmlError, ZipBombError
from checker.limits import Limits

_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels")


def check_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open a ZIP only after its declared sizes pass the limits; return the open archive.

    Declared sizes can lie, so XML parts are also read with a hard cap in :func:`read_member`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CorruptFileError(f"corrupt file: damaged ZIP container ({type(error).__name__})") from None
    if len(members) > limits.max_zip_members:
        raise ZipBombError(f"zip bomb refused: {len(members)} parts (limit {limits.max_zip_members})")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise ZipBombError(
                f"zip bomb refused: a part inflates {ratio:.0f}x (limit {limits.max_compression_ratio:.0f}x)"
            )
    if total > limits.max_uncompressed_bytes:
        raise ZipBombError(
            f"zip bomb refused: {total // (1024 * 1024)} MB uncompressed "
            f"(limit {limits.max_uncompressed_bytes // (1024 * 1024)} MB)"
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """Read one part with a hard cap, whatever its header claims."""
    try:
        with archive.open(name) as handle:
            content = handle.read(limits.max_uncompressed_bytes + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
        raise CorruptFileError(f"corrupt file: unreadable part {name} ({type(error).__name__})") from None
    if len(content) > limits.max_uncompressed_bytes:
        raise ZipBombError("zip bomb refused: a part inflates past the size limit")
    return content


def check_xml_parts(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse any XML part that declares a DTD or entities: Office files never need one."""
    for member in archive.infolist():
        if member.filename.lower().endswith(_XML_SUFFIXES):
            content = read_member(archive, member.filename, limits)
            if _DTD_RE.search(content[:65536]) or _DTD_RE.search(content):
                raise UnsafeXmlError(f"unsafe XML refused: part {member.filename} declares a DTD or entities")
