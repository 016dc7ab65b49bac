"""Receiving an uploaded contract: streamed, size-capped, into a private folder that dies with the request.

A contract is confidential and may be hostile, so the upload is handled with as little trust
and as little persistence as possible:

* the request body is read as a stream and counted as it arrives; the file is refused (HTTP
  413) the moment it passes the limit, so a huge upload is never buffered, written or parsed;
* the file goes straight into a folder made for this one request by :func:`private_workspace`
  (``mkdtemp``: mode 0700, a random name) and the folder is removed when the request ends,
  whatever happened — nothing is kept between requests;
* the client's file name is used only as a display name and as the Markdown hint the format
  sniffer reads, after :func:`safe_file_name` has reduced it to a plain base name; it never
  chooses where the file is written.

Starlette's own form parser is not used because it spools files into the shared temporary
folder and knows no overall size limit; python-multipart's streaming parser is, with callbacks
that write the one file part where it belongs.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from checker.limits import MEGABYTE

FILE_FIELD = "file"
# Room for the multipart framing and the small text fields (profile, CSRF token) beside the file.
FIELDS_ALLOWANCE = 64 * 1024
MAX_FIELD_BYTES = 4096
MAX_FIELDS = 16
MAX_NAME_CHARS = 120
WORKSPACE_PREFIX = "contract-checker-web-"


class UploadError(Exception):
    """The upload is refused; ``status`` is the HTTP status, ``code`` a stable machine-readable reason."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def too_large(limit_bytes: int) -> UploadError:
    return UploadError(
        413, "file_too_large", f"file too large: the limit for an upload is {limit_bytes / MEGABYTE:g} MB"
    )


@dataclass(frozen=True, slots=True)
class Upload:
    """The received file (inside the request's workspace) and the text fields sent with it."""

    path: Path
    name: str
    size: int
    fields: dict[str, str]


@contextmanager
def private_workspace() -> Iterator[Path]:
    """A folder only this process's user can enter, removed with everything in it on exit."""
    folder = Path(tempfile.mkdtemp(prefix=WORKSPACE_PREFIX))  # mkdtemp creates it with mode 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def safe_file_name(name: str | None, default: str = "contract") -> str:
    """A base name safe to show and to write inside the workspace: no folders, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(char for char in base if unicodedata.category(char)[0] not in ("C", "Z") or char == " ")
    base = re.sub(r"[^\w .()+,-]", "_", base).strip(" .")
    if len(base) > MAX_NAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        keep_suffix = dot and 0 < len(suffix) <= 10
        base = (
            stem[: MAX_NAME_CHARS - len(suffix) - 1] + "." + suffix if keep_suffix else base[:MAX_NAME_CHARS]
        )
    return base or default


def check_declared_length(request: Request, max_file_bytes: int) -> None:
    """Refuse before reading a byte when the client already says the body is too large."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_file_bytes + FIELDS_ALLOWANCE:
        raise too_large(max_file_bytes)


@dataclass(slots=True)
class _Part:
    """The multipart part being read: its headers, then its data."""

    disposition: bytes = b""
    header_name: bytes = b""
    header_value: bytes = b""
    name: str = ""
    is_file: bool = False
    data: bytearray = field(default_factory=bytearray)


class _UploadReader:
    """python-multipart callbacks: text fields kept in memory (small), the one file written to disk."""

    def __init__(self, folder: Path, max_file_bytes: int) -> None:
        self.folder = folder
        self.max_file_bytes = max_file_bytes
        self.part = _Part()
        self.fields: dict[str, str] = {}
        self.file_name: str | None = None
        self.file_path: Path | None = None
        self.file_size = 0
        self.handle: BinaryIO | None = None

    def callbacks(self) -> dict[str, Callable[..., None]]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.part.header_name.strip().lower() == b"content-disposition":
            self.part.disposition = self.part.header_value
        self.part.header_name = self.part.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.disposition)
        if b"name" not in options:
            raise UploadError(400, "bad_request", "malformed upload: a form part has no name")
        self.part.name = options[b"name"].decode("utf-8", errors="replace")
        self.part.is_file = b"filename" in options
        if self.part.is_file:
            self._open_file(options[b"filename"].decode("utf-8", errors="replace"))
        elif len(self.fields) >= MAX_FIELDS:
            raise UploadError(400, "bad_request", "malformed upload: too many form fields")

    def _open_file(self, client_name: str) -> None:
        if self.part.name != FILE_FIELD:
            raise UploadError(
                400, "bad_request", f"unexpected file field; send the contract as {FILE_FIELD!r}"
            )
        if self.handle is not None or self.file_path is not None:
            raise UploadError(400, "bad_request", "send one contract per request")
        self.file_name = safe_file_name(client_name)
        inbox = self.folder / "upload"
        inbox.mkdir(mode=0o700)
        self.file_path = inbox / self.file_name
        self.handle = self.file_path.open("xb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self.part.is_file:
            if len(self.part.data) + end - start > MAX_FIELD_BYTES:
                raise UploadError(400, "bad_request", "malformed upload: a form field is too long")
            self.part.data += data[start:end]
            return
        self.file_size += end - start
        if self.file_size > self.max_file_bytes:
            raise too_large(self.max_file_bytes)
        assert self.handle is not None
        self.handle.write(data[start:end])

    def on_part_end(self) -> None:
        if self.part.is_file:
            self.close()
        else:
            self.fields[self.part.name] = self.part.data.decode("utf-8", errors="replace")

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


async def receive_upload(request: Request, folder: Path, max_file_bytes: int) -> Upload:
    """Stream the multipart body of ``request`` into ``folder``; raise :class:`UploadError` on any problem."""
    boundary = _boundary(request)
    check_declared_length(request, max_file_bytes)
    reader = _UploadReader(folder, max_file_bytes)
    parser = MultipartParser(boundary, reader.callbacks())  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_file_bytes + FIELDS_ALLOWANCE:
                raise too_large(max_file_bytes)
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        raise UploadError(400, "bad_request", "malformed multipart/form-data body") from None
    except ClientDisconnect:
        raise UploadError(400, "bad_request", "the upload was interrupted") from None
    finally:
        reader.close()
    if reader.file_path is None or reader.file_name is None:
        raise UploadError(400, "bad_request", f"no file: send the contract in the {FILE_FIELD!r} field")
    return Upload(path=reader.file_path, name=reader.file_name, size=reader.file_size, fields=reader.fields)


def _boundary(request: Request) -> bytes:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or not options.get(b"boundary"):
        raise UploadError(
            400, "bad_request", f"send the contract as multipart/form-data with a {FILE_FIELD!r} field"
        )
    return options[b"boundary"]
