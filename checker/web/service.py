"""From a received upload to a checked result and each download, reusing the CLI's own machinery.

Nothing here parses, checks or renders on its own: the format is sniffed by
:func:`checker.sniff.detect_format`, the file is checked by :func:`checker.runner.run_isolated`
(a worker process with the CLI's time and memory limits), and every download is the output of
the same writer ``contract-checker check --format ...`` or ``annotate`` uses. What this module
adds is the web's view of names: the report shows the uploaded file's name, never the path of
the private folder it was checked in.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from checker.document import DocumentFormat
from checker.errors import InputError
from checker.limits import Limits
from checker.rules.options import RuleOptions, prepare_rules
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult, RunOptions, run_isolated
from checker.sniff import detect_format
from checker.web.uploads import Upload, UploadError

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class DownloadFormat:
    """One download the review offers: how it is named and what type it is served as."""

    key: str
    label: str
    suffix: str
    media_type: str
    docx_only: bool = False


DOWNLOADS: dict[str, DownloadFormat] = {
    fmt.key: fmt
    for fmt in (
        DownloadFormat("docx", "Word copy with comments", ".review.docx", DOCX_MEDIA_TYPE, docx_only=True),
        DownloadFormat("html", "HTML report", ".report.html", "text/html; charset=utf-8"),
        DownloadFormat("json", "JSON report", ".report.json", "application/json"),
        DownloadFormat("sarif", "SARIF log", ".sarif", "application/sarif+json"),
    )
}


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    """An uploaded contract after the check: the result (real paths) and the rules it was checked with."""

    upload: Upload
    result: DocumentResult
    rules: tuple[ActiveRule, ...]
    profile: str

    @property
    def workspace(self) -> Path:
        return self.upload.path.parent.parent

    @property
    def is_docx(self) -> bool:
        return self.result.document is not None and self.result.document.format is DocumentFormat.DOCX


class CheckGate:
    """At most ``slots`` checks at once: each one is a worker process with a memory budget of its own."""

    def __init__(self, slots: int, wait_seconds: float) -> None:
        self.semaphore = threading.BoundedSemaphore(max(1, slots))
        self.wait_seconds = wait_seconds

    def __enter__(self) -> CheckGate:
        if not self.semaphore.acquire(timeout=self.wait_seconds):
            raise UploadError(503, "busy", "the server is busy checking other contracts; try again shortly")
        return self

    def __exit__(self, *exc: object) -> None:
        self.semaphore.release()


def input_error(error: InputError) -> UploadError:
    """An unreadable upload as an HTTP error: 415 for a format the checker does not read, 422 otherwise."""
    status = 415 if error.code == "unsupported_format" else 422
    message = WEB_MESSAGES.get(error.code, error.message)
    return UploadError(status, error.code, message)


# Command-line advice ("--password", "--ocr") means nothing in a browser.
WEB_MESSAGES = {
    "encrypted": "encrypted PDF: remove the password (print or save an unprotected copy) and upload that",
    "no_text_layer": "scanned PDF without a text layer: upload the Word original or run an OCR first",
}


def sniff(upload: Upload) -> DocumentFormat:
    """Refuse an unsupported or empty file before a worker is started; the content decides, not the name."""
    try:
        return detect_format(upload.path.read_bytes(), upload.name)
    except InputError as error:
        raise input_error(error) from None


def check_upload(upload: Upload, profile: str, limits: Limits, gate: CheckGate) -> CheckedUpload:
    """Check the uploaded file in a worker process; raise :class:`UploadError` when it cannot be read."""
    sniff(upload)
    rule_options = RuleOptions(profile=profile)
    with gate:
        result = next(
            iter(run_isolated([str(upload.path)], RunOptions(limits=limits, rules=rule_options), 1))
        )
    if result.error is not None:
        raise input_error(result.error)
    return CheckedUpload(upload, result, prepare_rules(rule_options).active, profile)


def shown_result(checked: CheckedUpload) -> DocumentResult:
    """The result as reports should show it: named after the uploaded file, not the private folder."""
    name = checked.upload.name
    result = checked.result
    findings = [dataclasses.replace(finding, document=name) for finding in result.findings]
    return dataclasses.replace(result, path=name, findings=findings, traceback=None)


def render_download(checked: CheckedUpload, key: str) -> bytes:
    """The bytes of one download, written by the writer the CLI uses for that format."""
    fmt = DOWNLOADS[key]
    if fmt.docx_only and not checked.is_docx:
        raise UploadError(
            415,
            "not_docx",
            "the Word copy with comments needs a Word (.docx) contract; download a report instead",
        )
    if key == "docx":
        return annotated_copy(checked)
    if key == "html":
        from checker.reports.html_report import render_html

        return render_html([shown_result(checked)], checked.rules, root=checked.workspace).encode("utf-8")
    if key == "sarif":
        return sarif_log(checked)
    return json_report(checked)


def json_report(checked: CheckedUpload) -> bytes:
    """The report document of ``check --format json``."""
    from checker.reports.json_report import build_report

    report = build_report([shown_result(checked)])
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sarif_log(checked: CheckedUpload) -> bytes:
    """``check --format sarif``, with artifact URIs relative to the upload folder and that folder left out.

    The writer reads the stored file (for line numbers in text formats), so it gets the real
    path; the absolute URI of the private folder it would record as the source root is dropped.
    """
    from checker.reports.sarif_report import build_sarif

    log = build_sarif([checked.result], checked.rules, root=checked.upload.path.parent)
    for run in log["runs"]:
        run.pop("originalUriBaseIds", None)
    return (json.dumps(log, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def annotated_copy(checked: CheckedUpload) -> bytes:
    """The Word review copy (``contract-checker annotate``), written inside the workspace and read back."""
    from checker.annotate import annotate_docx

    output = checked.workspace / "output"
    output.mkdir(mode=0o700, exist_ok=True)
    target = output / "review-copy.docx"
    annotate_docx(checked.upload.path, target, checked.result)
    return target.read_bytes()


def download_name(upload: Upload, key: str) -> str:
    stem = upload.name.rsplit(".", 1)[0] if "." in upload.name else upload.name
    return f"{stem or 'contract'}{DOWNLOADS[key].suffix}"


def content_disposition(file_name: str) -> str:
    """``attachment`` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987)."""
    fallback = "".join(char if char.isascii() and char not in '"\\' else "_" for char in file_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"
