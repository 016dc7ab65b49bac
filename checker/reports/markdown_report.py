"""A short Markdown summary for a pull-request comment (GitHub-flavoured Markdown).

A reviewer of a pull request that changes a contract wants the verdict in one line, the findings
in a table they can scan, and the fix at hand without leaving the page. So the summary is a
headline with the counts, one table per document with findings (capped, so a contract with
hundreds of findings still fits in a comment), the documents that could not be read, and the
model clauses of the failing rules folded in a ``<details>`` block.

Messages and evidence quote the contract, and a contract is untrusted text: every piece of it is
escaped so that it renders as the words it is and cannot break a table (``|``), inject HTML
(``<``), open a code span (a backtick) or notify a GitHub user (``@name``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from checker.findings import SEVERITIES, Finding
from checker.reports.paths import display_path
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult

TOOL_NAME = "contract-checker"
MAX_ROWS = 50
MAX_CELL_CHARS = 300
MAX_LISTED = 20
# GitHub refuses comments over 65,536 characters; the model clauses are cut to stay below it.
MAX_CHARS = 60_000

_SEVERITY_ICON = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}
# ASCII punctuation that means something to Markdown or HTML inline; CommonMark lets any of it be
# backslash-escaped, and GFM tables take ``\\|`` as a literal pipe.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#$])")
# What starts a block only at the start of a line: a bullet or setext underline, an ordered item.
_BULLET_START = re.compile(r"^([-+=])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")
# ``@name`` notifies a GitHub user or team; a zero-width space after the ``@`` keeps the text.
_MENTION = re.compile(r"(^|[^\w`])@(?=\w)")


def escape_inline(text: str, limit: int | None = None) -> str:
    """Contract text as one line of literal Markdown: collapsed whitespace, every special escaped."""
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub("\\1@\u200b", text)


def _escape_line(line: str) -> str:
    """One line of a multi-line passage: inline escapes plus the block markers at its start."""
    return _ORDERED_START.sub(r"\1\\\2", _BULLET_START.sub(r"\\\1", escape_inline(line)))


def _plural(count: int, word: str) -> str:
    if word == "info":
        return f"{count} info"
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _readable(result: DocumentResult) -> bool:
    return result.ok and result.document is not None


def _severity_rank(finding: Finding) -> int:
    return SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else len(SEVERITIES)


def _headline(results: Sequence[DocumentResult]) -> str:
    """``contract-checker: 3 errors, 5 warnings in 2 of 4 documents`` — the verdict in one line."""
    counts = Counter(finding.severity for result in results for finding in result.findings)
    with_findings = sum(1 for result in results if result.findings)
    documents = _plural(len(results), "document")
    if not counts:
        verdict = f"no findings in {documents}"
    else:
        parts = [_plural(counts[severity], severity) for severity in SEVERITIES if counts[severity]]
        parts += [
            _plural(count, severity) for severity, count in counts.items() if severity not in SEVERITIES
        ]
        verdict = f"{', '.join(parts)} in {with_findings} of {documents}"
    unreadable = sum(1 for result in results if not _readable(result))
    if unreadable:
        verdict += f"; {_plural(unreadable, 'document')} could not be checked"
    icon = ":x:" if counts["error"] or unreadable else (":warning:" if counts else ":white_check_mark:")
    return f"### {icon} {TOOL_NAME}: {verdict}"


def _finding_row(finding: Finding) -> str:
    severity = f"{_SEVERITY_ICON.get(finding.severity, '')} {escape_inline(finding.severity)}".strip()
    where = escape_inline(finding.section) if finding.section else "whole document"
    if finding.page is not None:
        where += f" (p. {finding.page})"
    rule = f"**{escape_inline(finding.rule_id)}** {escape_inline(finding.title, MAX_CELL_CHARS)}"
    return f"| {severity} | {rule} | {where} | {escape_inline(finding.message, MAX_CELL_CHARS)} |"


def _document_tables(results: Sequence[DocumentResult], names: dict[int, str]) -> list[str]:
    """A table per document with findings, most severe first, at most ``MAX_ROWS`` rows in all."""
    lines: list[str] = []
    budget = MAX_ROWS
    left_out = 0
    for index, result in enumerate(results):
        if not result.findings:
            continue
        if budget <= 0:
            left_out += len(result.findings)
            continue
        findings = sorted(result.findings, key=_severity_rank)
        counts = Counter(finding.severity for finding in findings)
        summary = ", ".join(_plural(counts[s], s) for s in SEVERITIES if counts[s])
        lines += ["", f"#### {escape_inline(names[index])} — {summary}", ""]
        lines += ["| Severity | Rule | Section | Finding |", "|---|---|---|---|"]
        lines += [_finding_row(finding) for finding in findings[:budget]]
        left_out += max(0, len(findings) - budget)
        budget -= len(findings)
    if left_out:
        lines += ["", f"…and {left_out} more; the full list is in the text, JSON or HTML report."]
    return lines


def _listed(items: list[str]) -> list[str]:
    """At most ``MAX_LISTED`` items: a batch of a thousand clean contracts is one line, not a page."""
    if len(items) <= MAX_LISTED:
        return items
    return [*items[:MAX_LISTED], f"…and {len(items) - MAX_LISTED} more"]


def _clean_documents(results: Sequence[DocumentResult], names: dict[int, str]) -> list[str]:
    clean = [
        escape_inline(names[index])
        for index, result in enumerate(results)
        if _readable(result) and not result.findings
    ]
    return ["", f"**No findings:** {', '.join(_listed(clean))}"] if clean else []


def _unreadable_documents(results: Sequence[DocumentResult], names: dict[int, str]) -> list[str]:
    lines = []
    for index, result in enumerate(results):
        if _readable(result):
            continue
        message = result.error.message if result.error else "unknown error"
        code = result.error.code if result.error else "unreadable"
        lines.append(f"{escape_inline(names[index])}: {escape_inline(message)} (`{code}`)")
    return ["", "**Could not be checked:**", "", *(f"- {line}" for line in _listed(lines))] if lines else []


def _model_clause(rule_id: str, title: str, clause: str) -> list[str]:
    quoted = [f"> {_escape_line(line)}" if line.strip() else ">" for line in clause.strip().splitlines()]
    return [f"**{escape_inline(rule_id)}** {escape_inline(title)}", "", *quoted, ""]


def _model_clauses(results: Sequence[DocumentResult], rules: Sequence[ActiveRule], budget: int) -> list[str]:
    """The fix for each failing rule, in rule order, folded away and cut to fit the comment."""
    known = {active.rule.id: active.rule.remediation for active in rules}
    failing: dict[str, tuple[str, str]] = {}
    for result in results:
        for finding in result.findings:
            clause = finding.remediation or known.get(finding.rule_id)
            if clause and finding.rule_id not in failing:
                failing[finding.rule_id] = (finding.title, clause)
    order = [active.rule.id for active in rules if active.rule.id in failing]
    order += [rule_id for rule_id in failing if rule_id not in order]
    if not order:
        return []
    body: list[str] = []
    used = 0
    for shown, rule_id in enumerate(order):
        block = _model_clause(rule_id, *failing[rule_id])
        size = sum(len(line) + 1 for line in block)
        if used + size > budget:
            rest = len(order) - shown
            body.append(f"…and {rest} more; `contract-checker explain RULE-ID` shows each one.")
            break
        body += block
        used += size
    summary = f"Model clauses for the {_plural(len(order), 'failing rule')}"
    return ["", "<details>", f"<summary>{summary}</summary>", "", *body, "</details>"]


def render_markdown(
    results: Sequence[DocumentResult], rules: Sequence[ActiveRule], *, root: Path | None = None
) -> str:
    """The pull-request comment: headline, findings tables, unreadable documents, model clauses."""
    results = list(results)
    names = {index: display_path(result.path, root) for index, result in enumerate(results)}
    lines = [_headline(results)]
    lines += _document_tables(results, names)
    lines += _unreadable_documents(results, names)
    lines += _clean_documents(results, names)
    used = sum(len(line) + 1 for line in lines)
    lines += _model_clauses(results, rules, MAX_CHARS - used - 500)
    return "\n".join(lines) + "\n"
