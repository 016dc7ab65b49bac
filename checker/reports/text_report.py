"""Human-readable renderings for the terminal: the check summary and the parse dump."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import click

from checker.baseline import BaselineOutcome
from checker.document import Section
from checker.findings import SEVERITIES, Finding
from checker.runner import DocumentResult
from checker.waivers import WaiverOutcome

_EXCERPT = 70


def _excerpt(text: str, width: int = _EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _failure(result: DocumentResult, what: str) -> str:
    reason = result.error.message if result.error else "unknown error"
    return f"{result.path}: {what}: {reason}"


def _waiver_lines(waivers: WaiverOutcome) -> list[str]:
    lines = []
    for waiver in waivers.expired:
        lines.append(
            f"waiver expired: {waiver.rule} on {waiver.path} (expired {waiver.expires}; approved by "
            f"{waiver.approved_by}) — it no longer suppresses findings"
        )
    for waiver in waivers.unused:
        lines.append(f"waiver unused: {waiver.rule} on {waiver.path} matched no finding; remove it")
    if waivers.suppressed:
        lines.append(f"{len(waivers.suppressed)} finding(s) suppressed by waivers")
    return lines


# Terminal colours per severity; click strips them when stdout is not a terminal, and the
# CLI removes them from report files, so piped and saved reports stay plain.
SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _finding_line(finding: Finding) -> str:
    where = f" [{finding.section}]" if finding.section else ""
    rule = click.style(f"{finding.rule_id:<9}", fg=SEVERITY_COLOURS[finding.severity], bold=True)
    return f"    {rule}{where} {finding.message}"


def render_check(
    results: Iterable[DocumentResult],
    waivers: WaiverOutcome | None = None,
    baseline: BaselineOutcome | None = None,
) -> str:
    """Findings grouped by document and severity; the clause map is one line (see ``clauses``)."""
    results = list(results)
    lines: list[str] = []
    for result in results:
        document = result.document
        if document is None:
            lines.append(_failure(result, "not checked"))
            lines.append("")
            continue
        pages = f", {document.pages} pages" if document.pages else ""
        bundle = document.metadata.get("bundle")
        part_of = f", part of {bundle}" if bundle else ""
        counts = f"{len(result.clauses)} clauses{part_of}"
        lines.append(f"{result.path} ({document.format.value}{pages}, {counts})")
        categories = sorted({clause.category for clause in result.clauses})
        if categories:
            lines.extend(
                textwrap.wrap(
                    ", ".join(categories), 100, initial_indent="  clauses: ", subsequent_indent="           "
                )
            )
        if not result.findings:
            lines.append("  findings: none")
        for severity in SEVERITIES:
            group = [finding for finding in result.findings if finding.severity == severity]
            if group:
                heading = click.style(f"{severity} ({len(group)})", fg=SEVERITY_COLOURS[severity], bold=True)
                lines.append(f"  {heading}")
                lines.extend(_finding_line(finding) for finding in group)
        lines.append("")
    if waivers is not None:
        extra = _waiver_lines(waivers)
        if extra:
            lines.extend([*extra, ""])
    if baseline is not None:
        lines.append(
            f"baseline: {baseline.known} known finding(s) not shown, {baseline.new} new, "
            f"{baseline.fixed} fixed since the baseline"
        )
        lines.append("")
    checked = sum(1 for result in results if result.ok)
    failed = len(results) - checked
    findings = sum(len(result.findings) for result in results)
    lines.append(
        f"{len(results)} document(s): {checked} checked, {failed} not checked, {findings} finding(s)"
    )
    return "\n".join(lines) + "\n"


def _render_section(section: Section, depth: int, lines: list[str]) -> None:
    label = section.number or "-"
    heading = f"  {_excerpt(section.heading, 50)}" if section.heading else ""
    page = f"  (p.{section.page})" if section.page else ""
    lines.append(f"{'  ' * depth}{label}{heading}{page}")
    for child in section.children:
        _render_section(child, depth + 1, lines)


def render_parse(results: Iterable[DocumentResult]) -> str:
    lines: list[str] = []
    for result in results:
        document = result.document
        if document is None:
            lines.append(_failure(result, "not parsed"))
            lines.append("")
            continue
        pages = f", {document.pages} pages" if document.pages else ""
        lines.append(f"== {result.path} ({document.format.value}{pages}, sha256 {document.sha256[:12]}…)")
        lines.append("-- blocks")
        for block in document.blocks:
            where = (
                f"p.{block.page}"
                if block.page
                else (f"¶{block.paragraph}" if block.paragraph is not None else "")
            )
            number = block.number or ""
            lines.append(
                f"{block.index:>5} {where:>6} {block.kind.value:<10} {number:<14} {_excerpt(block.text)}"
            )
        lines.append("-- sections")
        for section in document.sections:
            _render_section(section, 0, lines)
        lines.append("")
    return "\n".join(lines) + "\n"


def render_clauses(results: Iterable[DocumentResult]) -> str:
    """One line per clause: where it is, what it is, how sure, and the first words of the evidence."""
    lines: list[str] = []
    for result in results:
        if result.document is None:
            lines.append(_failure(result, "not checked"))
            continue
        lines.append(f"{result.path}: {len(result.clauses)} clauses")
        lines.append(f"{'section':<18} {'page':>4}  {'category':<28} {'conf':>5}  evidence")
        for clause in result.clauses:
            page = str(clause.page) if clause.page else "-"
            section = (clause.section or "-")[:18]
            evidence = _excerpt(clause.text, 60)
            category, score = clause.category, clause.confidence
            lines.append(f"{section:<18} {page:>4}  {category:<28} {score:>5.2f}  {evidence}")
    return "\n".join(lines) + "\n"
