import io
import zipfile

import pytest

from checker.errors import CorruptFileError, UnsafeXmlError, ZipBombError
from checker.limits import Limits
from checker.parsers.safety import check_xml_parts, check_zip, read_member


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_highly_compressed_part_is_refused_before_inflating() -> None:
    data = _zip({"word/document.xml": b"<w/>", "word/media/blob.bin": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(ZipBombError, match="inflates"):
        check_zip(data, Limits())


def test_total_uncompressed_size_is_limited() -> None:
    data = _zip({f"part{i}.txt": bytes(range(256)) * 4096 for i in range(3)})
    with pytest.raises(ZipBombError, match="uncompressed"):
        check_zip(data, Limits(max_uncompressed_bytes=2 * 1024 * 1024))


def test_too_many_parts_are_refused() -> None:
    data = _zip({f"p{i}.xml": b"<a/>" for i in range(30)})
    with pytest.raises(ZipBombError, match="parts"):
        check_zip(data, Limits(max_zip_members=10))


def test_read_member_caps_what_it_reads_whatever_the_header_says() -> None:
    archive = check_zip(_zip({"a.xml": b"x" * 5000}), Limits())
    with pytest.raises(ZipBombError):
        read_member(archive, "a.xml", Limits(max_uncompressed_bytes=1000))


def test_xml_with_a_dtd_or_entities_is_refused() -> None:
    hostile = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'
    archive = check_zip(_zip({"word/document.xml": hostile}), Limits())
    with pytest.raises(UnsafeXmlError, match=r"word/document\.xml"):
        check_xml_parts(archive, Limits())


def test_ordinary_office_xml_passes() -> None:
    archive = check_zip(_zip({"word/document.xml": b'<?xml version="1.0"?><w:document/>'}), Limits())
    check_xml_parts(archive, Limits())


def test_garbage_is_a_corrupt_file() -> None:
    with pytest.raises(CorruptFileError):
        check_zip(b"PK\x03\x04 not really a zip", Limits())
