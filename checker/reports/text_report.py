"""Human-readable renderings for the terminal: the check summary and the parse dump."""

from __future__ import annotations

from collections.abc import Iterable

from checker.document import Section
from checker.runner import DocumentResult

_EXCERPT = 70


def _excerpt(text: str, width: int = _EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _failure(result: DocumentResult, what: str) -> str:
    reason = result.error.message if result.error else "unknown error"
    return f"{result.path}: {what}: {reason}"


def render_check(results: Iterable[DocumentResult]) -> str:
    results = list(results)
    lines: list[str] = []
    for result in results:
        document = result.document
        if document is None:
            lines.append(_failure(result, "not checked"))
            lines.append("")
            continue
        pages = f", {document.pages} pages" if document.pages else ""
        lines.append(f"{result.path} ({document.format.value}{pages}, {len(result.clauses)} clauses)")
        for clause in result.clauses:
            where = clause.section or "-"
            page = f" p.{clause.page}" if clause.page else ""
            lines.append(
                f"  {where:<16} {clause.category:<28}{page}  {_excerpt(clause.heading or clause.text, 60)}"
            )
        if result.findings:
            for finding in result.findings:
                lines.append(f"  {finding.severity.upper():<8} {finding.rule_id} {finding.message}")
        else:
            lines.append("  findings: none")
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
