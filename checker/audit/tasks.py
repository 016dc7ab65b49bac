"""The work an audit does for one contract, in a worker: read, hash, check, summarise.

The function is module-level and its inputs and outputs are plain picklable data, so the
same task runs in the local process pool and on Dask workers. It returns an
:class:`AuditOutcome` — the clauses and findings, not the parsed Document (whose text would
cost a pickle round trip for nothing) — and never raises for a bad file: the outcome says
why the file failed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass, field

from checker.audit.sources import is_url
from checker.errors import FileTooLargeError, InputError, NoTextLayerError
from checker.findings import Clause, Finding
from checker.limits import MEGABYTE, Limits
from checker.runner import DocumentResult, RunOptions, analyse_file

STATUS_CHECKED = "checked"
STATUS_FAILED = "failed"
STATUS_NEEDS_OCR = "needs_ocr"
STATUS_UNCHANGED = "unchanged"  # content identical to what the store holds: nothing to redo


@dataclass(slots=True)
class AuditOutcome:
    """What one contract's check produced, ready to be written to the store."""

    path: str
    status: str
    content_sha256: str | None = None
    size_bytes: int | None = None
    format: str | None = None
    pages: int | None = None
    error_code: str | None = None
    error_message: str | None = None
    ocr: bool = False
    ocr_confidence: float | None = None
    clauses: list[Clause] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0


def read_bytes(path: str, limits: Limits) -> bytes:
    """The file's content, local or through fsspec, refusing it past the size limit."""
    if not is_url(path):
        from checker.parsers import read_input

        return read_input(path, limits)
    import fsspec

    try:
        with fsspec.open(path, "rb") as stream:
            data = stream.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise InputError("file not found", code="not_found") from None
    except Exception as error:  # any backend's failure is this file's failure
        raise InputError(f"cannot read the URL ({type(error).__name__})", code="unreadable") from None
    if len(data) > limits.max_file_bytes:
        raise FileTooLargeError(f"file too large (limit {limits.max_file_bytes / MEGABYTE:.0f} MB)")
    return data


def audit_document(path: str, options: RunOptions, known_sha256: str | None = None) -> AuditOutcome:
    """Check one contract; ``known_sha256`` short-cuts a file whose content has not changed."""
    started = time.perf_counter()
    try:
        data = read_bytes(path, options.limits)
    except InputError as error:
        return failed_outcome(path, error, time.perf_counter() - started)
    digest = hashlib.sha256(data).hexdigest()
    if known_sha256 is not None and digest == known_sha256:
        return AuditOutcome(path, STATUS_UNCHANGED, digest, len(data), seconds=time.perf_counter() - started)
    result = analyse_file(path, options) if not is_url(path) else _analyse_url(path, data, options)
    outcome = outcome_of(result, digest, len(data))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _analyse_url(path: str, data: bytes, options: RunOptions) -> DocumentResult:
    import os
    import tempfile

    # The parsers read paths; the downloaded copy lives in a private temporary folder and is
    # deleted at once, so nothing of the contract stays on the worker.
    with tempfile.TemporaryDirectory(prefix="contract-checker-") as folder:
        local = os.path.join(folder, os.path.basename(path.rstrip("/")) or "contract")
        with open(local, "wb") as stream:
            stream.write(data)
        result = analyse_file(local, options)
    result.path = path
    if result.document is not None:
        result.document.path = path
    result.findings = [dataclasses.replace(finding, document=path) for finding in result.findings]
    return result


def outcome_of(result: DocumentResult, digest: str, size: int) -> AuditOutcome:
    """Flatten a check result into what the store keeps."""
    if result.error is not None:
        outcome = failed_outcome(result.path, result.error)
        outcome.content_sha256, outcome.size_bytes = digest, size
        return outcome
    document = result.document
    assert document is not None
    return AuditOutcome(
        result.path,
        STATUS_CHECKED,
        digest,
        size,
        format=document.format.value,
        pages=document.pages,
        ocr=bool(document.metadata.get("ocr", False)),
        ocr_confidence=document.metadata.get("ocr_confidence"),
        clauses=list(result.clauses),
        findings=list(result.findings),
    )


def failed_outcome(path: str, error: InputError, seconds: float = 0.0) -> AuditOutcome:
    status = STATUS_NEEDS_OCR if error.code == NoTextLayerError.code else STATUS_FAILED
    return AuditOutcome(path, status, error_code=error.code, error_message=error.message, seconds=seconds)
