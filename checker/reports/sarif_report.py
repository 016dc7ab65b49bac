"""SARIF 2.1.0: the findings as CI systems and code-scanning services read them.

GitHub code scanning, Azure DevOps and most CI dashboards ingest SARIF, so a contract
repository can gate a pull request on the same findings a lawyer reads in the text report.
Those tools were built for source code, so three things need care here:

* **Every result has a location.** A missing protection has no evidence, but a result
  without a location is dropped (or rejected) by code scanning; it is anchored at the section
  it belongs to when the finding names one, otherwise at the start of the document (its title).
* **Line and column are computed by us.** For text formats (plain text, Markdown, HTML) the
  evidence is located in the file as it is stored, so an annotation lands on the right line;
  a PDF or DOCX has no lines, so its regions point at line 1. ``charOffset``/``charLength``
  always index the extracted text (``Document.text``), the text rendition every other report
  and the JSON report use.
* **Fingerprints are ours.** Left alone, GitHub hashes the lines around a result to track it
  across commits, which is meaningless for a binary file. Each result carries
  ``partialFingerprints`` computed from rule, relative path, clause number and the
  normalised clause text, so a finding keeps its identity when unrelated text moves.

Documents that could not be read are not results (there is no rule they broke): they are
reported as tool execution notifications, and the invocation is marked unsuccessful.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.document import Document, DocumentFormat, Section
from checker.findings import Finding
from checker.reports.json_report import TOOL_NAME
from checker.reports.paths import relative_to_root
from checker.rules.engine import fingerprint
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://contract-checker.dev/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "contractChecker/v1"

# Our severities -> SARIF levels; SARIF has no "info" level, "note" is its equivalent.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

MIME_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.TEXT: "text/plain",
    DocumentFormat.MARKDOWN: "text/markdown",
    DocumentFormat.HTML: "text/html",
}

# Formats whose stored bytes are the text a reviewer sees, so lines and columns mean something.
_TEXT_FORMATS = frozenset({DocumentFormat.TEXT, DocumentFormat.MARKDOWN, DocumentFormat.HTML})

# What may sit between two words of the extracted text in the stored file: whitespace always;
# emphasis and code marks in Markdown; tags in HTML.
_WORD_GAPS = {
    DocumentFormat.TEXT: r"\s+",
    DocumentFormat.MARKDOWN: r"(?:\s|[*_`\\])+",
    DocumentFormat.HTML: r"(?:\s|<[^>]*>)+",
}
# When the whole evidence cannot be found (markup inside a word, entities), its first words
# still place the annotation on the right line.
_PREFIX_WORDS = 8


# --------------------------------------------------------------------------- text positions


@dataclass(frozen=True, slots=True)
class _Region:
    """A 1-based line/column range in the stored file, end column exclusive as SARIF wants."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


_START_OF_FILE = _Region(1, 1, 1, 1)


@dataclass(slots=True)
class _StoredText:
    """The file as stored, decoded, with its line starts for offset -> line/column lookups."""

    text: str
    line_starts: list[int]

    @classmethod
    def of(cls, text: str) -> _StoredText:
        starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
        return cls(text=text, line_starts=starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def region(self, start: int, end: int) -> _Region:
        """The region covering characters ``start`` to ``end`` (exclusive) of the stored text."""
        start_line, start_column = self.position(start)
        end_line, last_column = self.position(max(start, end - 1))
        return _Region(start_line, start_column, end_line, last_column + (1 if end > start else 0))


def _read_stored_text(path: str, document: Document) -> _StoredText | None:
    """The stored file's text, only if it is still the file that was checked.

    A file edited (or moved) since the run would put annotations on the wrong lines, so the
    bytes must hash to the document's sha256; undecodable text also falls back to line 1.
    """
    if document.format not in _TEXT_FORMATS:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        return None
    try:
        return _StoredText.of(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None


def _words_pattern(words: Sequence[str], gap: str) -> re.Pattern[str]:
    return re.compile(gap.join(re.escape(word) for word in words))


def _occurrence(pattern: re.Pattern[str], text: str, offset: int) -> int:
    """How many earlier matches precede the one at ``offset`` (repeated boilerplate clauses)."""
    return sum(1 for match in pattern.finditer(text) if match.start() < offset)


def _nth_match(pattern: re.Pattern[str], text: str, index: int) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    if not matches:
        return None
    return matches[min(index, len(matches) - 1)]


def _locate(stored: _StoredText, document: Document, start: int, end: int) -> _Region | None:
    """Where ``document.text[start:end]`` sits in the stored file, or None if it cannot be found.

    The extracted text is normalised (hard-wrapped lines joined, markup dropped), so the
    evidence is matched word by word with flexible gaps. When the same wording appears
    several times, the occurrence with the same rank as in the extracted text is chosen.
    """
    words = document.text[start:end].split()
    if not words:
        return None
    gap = _WORD_GAPS[document.format]
    for candidate in (words, words[:_PREFIX_WORDS]):
        in_document = _words_pattern(candidate, r"\s+")
        rank = _occurrence(in_document, document.text, start)
        match = _nth_match(_words_pattern(candidate, gap), stored.text, rank)
        if match is not None:
            return stored.region(match.start(), match.end())
    return None


# --------------------------------------------------------------------------- locations


@dataclass(frozen=True, slots=True)
class _Anchor:
    """The stretch of extracted text a result points at, and what to show as its snippet."""

    start: int
    end: int
    section: str | None
    snippet: str | None


def _find_section(document: Document, name: str) -> Section | None:
    sections = list(document.walk_sections())
    for section in sections:
        if section.path == name:
            return section
    return next((section for section in sections if section.number == name), None)


def _document_start(document: Document) -> _Anchor:
    """The title (first block) stands for the whole document, as on a Word review copy."""
    if document.blocks:
        first = document.blocks[0]
        return _Anchor(first.start, first.end, None, None)
    return _Anchor(0, 0, None, None)


def _anchor(finding: Finding, document: Document) -> _Anchor:
    """Evidence if the finding has it, else the section it belongs to, else the document start."""
    if finding.start is not None:
        end = finding.end if finding.end is not None else finding.start
        # The clause itself, untruncated, so the snippet is exactly the region's text.
        snippet = document.text[finding.start : end] or finding.evidence
        return _Anchor(finding.start, end, finding.section, snippet)
    if finding.section:
        section = _find_section(document, finding.section)
        if section is not None:
            return _Anchor(section.start, section.end, finding.section, None)
        title = _document_start(document)
        return _Anchor(title.start, title.end, finding.section, None)
    return _document_start(document)


def _region(anchor: _Anchor, document: Document, stored: _StoredText | None) -> dict[str, Any]:
    located = _locate(stored, document, anchor.start, anchor.end) if stored is not None else None
    lines = located or _START_OF_FILE
    region: dict[str, Any] = {
        "startLine": lines.start_line,
        "startColumn": lines.start_column,
        "endLine": lines.end_line,
        "endColumn": lines.end_column,
        "charOffset": anchor.start,
        "charLength": anchor.end - anchor.start,
    }
    if anchor.snippet:
        region["snippet"] = {"text": anchor.snippet}
    return region


def _logical_locations(section: str | None) -> list[dict[str, Any]]:
    """The clause path as a reviewer cites it ("Schedule 2 / 12.3"), innermost part as name."""
    if not section:
        return []
    name = section.rsplit("/", 1)[-1].strip() or section
    return [{"name": name, "fullyQualifiedName": section, "kind": "member"}]


# --------------------------------------------------------------------------- artifacts


@dataclass(frozen=True, slots=True)
class _Artifact:
    """One input file as SARIF names it: URI (relative to the root when inside it) and index."""

    index: int
    uri: str
    relative: bool

    def location(self) -> dict[str, Any]:
        location: dict[str, Any] = {"uri": self.uri, "index": self.index}
        if self.relative:
            location["uriBaseId"] = SRCROOT
        return location


def _uri(path: str, root: Path) -> tuple[str, bool]:
    """POSIX, percent-encoded URI relative to ``root``; an absolute file URI outside it."""
    relative = relative_to_root(path, root)
    if relative is None:
        return Path(path).resolve().as_uri(), False
    return quote(str(relative), safe="/"), True


def _artifact_entry(artifact: _Artifact, result: DocumentResult) -> dict[str, Any]:
    location = artifact.location()
    del location["index"]  # an artifact's own location must not point at an index
    entry: dict[str, Any] = {"location": location, "roles": ["analysisTarget"]}
    if result.document is not None:
        entry["hashes"] = {"sha-256": result.document.sha256}
        entry["mimeType"] = MIME_TYPES[result.document.format]
    return entry


# --------------------------------------------------------------------------- rules


def _identifier(title: str) -> str:
    """A rule name in the identifier style SARIF asks for ("SupplierCannotRaiseFees...")."""
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _help_text(active: ActiveRule) -> str:
    rule = active.rule
    parts = [rule.rationale.strip(), f"Model clause:\n{rule.remediation.strip()}"]
    if rule.references:
        parts.append("References:\n" + "\n".join(f"- {reference}" for reference in rule.references))
    return "\n\n".join(parts)


def _help_markdown(active: ActiveRule) -> str:
    rule = active.rule
    quoted = "\n".join(f"> {line}" if line else ">" for line in rule.remediation.strip().splitlines())
    parts = [f"**Why it matters.** {rule.rationale.strip()}", f"**Model clause.**\n\n{quoted}"]
    if rule.references:
        parts.append("**References.**\n\n" + "\n".join(f"- {reference}" for reference in rule.references))
    return "\n\n".join(parts)


def _rule_descriptor(active: ActiveRule) -> dict[str, Any]:
    rule = active.rule
    return {
        "id": rule.id,
        "name": _identifier(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale.strip()},
        "help": {"text": _help_text(active), "markdown": _help_markdown(active)},
        "defaultConfiguration": {"level": LEVELS[active.severity]},
        "properties": {"area": rule.area, "tags": list(rule.tags)},
    }


def _unlisted_rule(finding: Finding) -> dict[str, Any]:
    """A descriptor for a finding whose rule the caller did not list, so ``ruleIndex`` is valid."""
    return {
        "id": finding.rule_id,
        "name": _identifier(finding.title),
        "shortDescription": {"text": finding.title},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"area": finding.area, "tags": []},
    }


# --------------------------------------------------------------------------- results


def _result(
    finding: Finding,
    rule_index: int,
    artifact: _Artifact,
    document: Document,
    stored: _StoredText | None,
) -> dict[str, Any]:
    anchor = _anchor(finding, document)
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": artifact.location(),
            "region": _region(anchor, document, stored),
        }
    }
    logical = _logical_locations(anchor.section)
    if logical:
        location["logicalLocations"] = logical
    properties: dict[str, Any] = {
        "severity": finding.severity,
        "area": finding.area,
        "missingProtection": finding.start is None,
    }
    if finding.page is not None:
        properties["page"] = finding.page
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        # Recomputed from the URI relative to the root, not the path the run was given, so
        # the identity survives a different checkout directory or working directory.
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(finding.rule_id, artifact.uri, finding.section, finding.evidence)
        },
        "properties": properties,
    }


def _notification(result: DocumentResult, artifact: _Artifact) -> dict[str, Any]:
    """A document that could not be checked: the reason, its stable code and where it is."""
    code = result.error.code if result.error else "unreadable"
    message = result.error.message if result.error else "unknown error"
    return {
        "level": "error",
        "message": {"text": f"{artifact.uri}: not checked: {message} ({code})"},
        "descriptor": {"id": code},
        "locations": [{"physicalLocation": {"artifactLocation": artifact.location()}}],
        "properties": {"code": code},
    }


# --------------------------------------------------------------------------- the log


def build_sarif(
    results: Sequence[DocumentResult], rules: Sequence[ActiveRule], *, root: Path | None = None
) -> dict[str, Any]:
    """The SARIF log as a dictionary (tests and callers that embed it use this directly)."""
    root = (root or Path.cwd()).resolve()
    descriptors = [_rule_descriptor(active) for active in rules]
    rule_index = {active.rule.id: index for index, active in enumerate(rules)}

    artifacts: list[dict[str, Any]] = []
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for index, result in enumerate(results):
        uri, relative = _uri(result.path, root)
        artifact = _Artifact(index=index, uri=uri, relative=relative)
        artifacts.append(_artifact_entry(artifact, result))
        document = result.document
        if document is None:
            notifications.append(_notification(result, artifact))
            continue
        stored = _read_stored_text(result.path, document) if result.findings else None
        for finding in result.findings:
            if finding.rule_id not in rule_index:
                rule_index[finding.rule_id] = len(descriptors)
                descriptors.append(_unlisted_rule(finding))
            sarif_results.append(_result(finding, rule_index[finding.rule_id], artifact, document, stored))

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(
    results: Sequence[DocumentResult], rules: Sequence[ActiveRule], *, root: Path | None = None
) -> str:
    """SARIF 2.1.0 JSON text for ``check --format sarif`` (one run, every active rule listed)."""
    return json.dumps(build_sarif(results, rules, root=root), indent=2, ensure_ascii=False) + "\n"
