"""The HTML report: one self-contained, printable page a lawyer can read or file.

Everything the page needs travels inside it (inline CSS, no scripts, fonts, images or links
to anywhere else), because a contract review is often read offline, attached to an e-mail or
printed, and because a report that fetches nothing cannot leak which contract was checked.
Contract text is untrusted: it only ever reaches the page through Jinja2's autoescaping.

The module turns results into small view objects (what each part of the page shows) and
leaves layout to the templates in ``templates/``; it never prints, writes or logs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from checker import __version__
from checker.document import Document
from checker.findings import SEVERITIES, Clause, Finding
from checker.reports.paths import display_path
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult
from checker.taxonomy import load_taxonomy

TEMPLATES = Path(__file__).parent / "templates"
MAIN_TEMPLATE = "report.html.j2"

# Characters of contract text shown on each side of a finding's evidence.
CONTEXT_CHARS = 300
# How the cells of one table row are joined in an excerpt (the text has one cell per line).
ROW_SEPARATOR = "  │  "

SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
SEVERITY_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Information"}

AREA_NAMES = {
    "sla": "Service levels",
    "kpi": "Performance indicators",
    "ip": "Intellectual property",
    "data_protection": "Data protection",
    "security": "Security",
    "governance": "Governance",
    "exit": "Exit and transition",
    "dispute_resolution": "Disputes",
    "liability": "Liability",
    "commercial": "Commercial terms",
    "compliance": "Compliance",
    "continuity": "Business continuity",
    "drafting": "Drafting",
}


def area_name(area: str) -> str:
    """An area's reader-facing name; an area of a custom rule pack gets its id, capitalised."""
    return AREA_NAMES.get(area, area.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The evidence with the text around it, so the reader sees the clause, not a fragment."""

    before: str
    evidence: str
    after: str
    clipped_before: bool
    clipped_after: bool


@dataclass(frozen=True, slots=True)
class FindingView:
    finding: Finding
    anchor: str
    severity_label: str
    location: str
    excerpt: Excerpt | None
    rationale: str | None
    references: tuple[str, ...]
    more_locations: int


@dataclass(frozen=True, slots=True)
class SeverityGroup:
    severity: str
    heading: str
    anchor: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One line of the missing-protection checklist: a rule and whether this document meets it."""

    rule_id: str
    title: str
    severity: str
    severity_label: str
    passed: bool
    finding_anchor: str | None
    remediation: str


@dataclass(frozen=True, slots=True)
class CheckArea:
    name: str
    items: tuple[CheckItem, ...]

    @property
    def failed(self) -> int:
        return sum(1 for item in self.items if not item.passed)


@dataclass(frozen=True, slots=True)
class ClauseLocation:
    section: str
    heading: str | None
    page: int | None
    confidence: float


@dataclass(frozen=True, slots=True)
class ClauseGroup:
    """A clause category with every place the contract deals with it."""

    category: str
    name: str
    group: str
    locations: tuple[ClauseLocation, ...]


@dataclass(frozen=True, slots=True)
class DocumentView:
    anchor: str
    path: str
    format: str
    pages: int | None
    characters: int
    counts: dict[str, int]
    total: int
    severity_groups: tuple[SeverityGroup, ...]
    checklist: tuple[CheckArea, ...]
    passed: int
    failed: int
    clause_map: tuple[ClauseGroup, ...]
    clause_count: int
    categories_absent: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FailedDocument:
    anchor: str
    path: str
    code: str
    message: str


def render_html(
    results: Sequence[DocumentResult], rules: Sequence[ActiveRule], *, root: Path | None = None
) -> str:
    """The whole report as one HTML string; ``rules`` are the active rules the run evaluated."""
    base = Path.cwd() if root is None else root
    documents: list[DocumentView] = []
    failed: list[FailedDocument] = []
    for index, result in enumerate(results, start=1):
        path = display_path(result.path, base)
        if result.document is None:
            failed.append(_failed_document(result, path, f"doc-{index}"))
        else:
            documents.append(_document_view(result, result.document, rules, path, f"doc-{index}"))
    totals = Counter({severity: 0 for severity in SEVERITIES})
    for view in documents:
        totals.update(view.counts)
    return (
        _environment()
        .get_template(MAIN_TEMPLATE)
        .render(
            documents=documents,
            failed=failed,
            totals={severity: totals[severity] for severity in SEVERITIES},
            total_findings=sum(totals.values()),
            rule_count=len(rules),
            severity_labels=SEVERITY_LABELS,
            severities=SEVERITIES,
            version=__version__,
            title=_title(documents, failed),
        )
    )


@cache
def _environment() -> Environment:
    """Autoescaping is on for every template, whatever its name: contract text is hostile input."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _title(documents: Sequence[DocumentView], failed: Sequence[FailedDocument]) -> str:
    names = [view.path for view in documents] + [item.path for item in failed]
    if len(names) == 1:
        return f"Contract review: {Path(names[0]).name}"
    return f"Contract review: {len(names)} documents"


def _failed_document(result: DocumentResult, path: str, anchor: str) -> FailedDocument:
    error = result.error
    code = error.code if error is not None else "unreadable"
    message = error.message if error is not None else "the document could not be read"
    return FailedDocument(anchor=anchor, path=path, code=code, message=message)


def _document_view(
    result: DocumentResult, document: Document, rules: Sequence[ActiveRule], path: str, anchor: str
) -> DocumentView:
    rule_by_id = {active.rule.id: active for active in rules}
    findings = [
        _finding_view(finding, document, rule_by_id.get(finding.rule_id), f"{anchor}-f{number}")
        for number, finding in enumerate(result.findings, start=1)
    ]
    counts = Counter(finding.severity for finding in result.findings)
    checklist = _checklist(rules, findings)
    failed = sum(area.failed for area in checklist)
    clause_map = _clause_map(result.clauses)
    return DocumentView(
        anchor=anchor,
        path=path,
        format=document.format.value,
        pages=document.pages,
        characters=len(document.text),
        counts={severity: counts.get(severity, 0) for severity in SEVERITIES},
        total=len(result.findings),
        severity_groups=_severity_groups(findings, anchor),
        checklist=checklist,
        passed=sum(len(area.items) for area in checklist) - failed,
        failed=failed,
        clause_map=clause_map,
        clause_count=len(result.clauses),
        categories_absent=_categories_absent(clause_map),
    )


def _finding_view(
    finding: Finding, document: Document, active: ActiveRule | None, anchor: str
) -> FindingView:
    rule = active.rule if active is not None else None
    more = finding.extra.get("more_locations", 0)
    return FindingView(
        finding=finding,
        anchor=anchor,
        severity_label=SEVERITY_LABELS.get(finding.severity, finding.severity.title()),
        location=_location(finding),
        excerpt=excerpt(document, finding.start, finding.end),
        rationale=rule.rationale if rule is not None else None,
        references=rule.references if rule is not None else (),
        more_locations=more if isinstance(more, int) else 0,
    )


def _location(finding: Finding) -> str:
    """Where a lawyer finds it: the clause number and page, or the whole document for a gap."""
    parts = []
    if finding.section:
        parts.append(f"Clause {finding.section}")
    if finding.page:
        parts.append(f"page {finding.page}")
    if not parts:
        return "Whole document (no clause provides this)" if finding.start is None else "Unnumbered text"
    return ", ".join(parts)


def excerpt(
    document: Document, start: int | None, end: int | None, context: int = CONTEXT_CHARS
) -> Excerpt | None:
    """The evidence ``text[start:end]`` with about ``context`` characters either side.

    The context is cut back to a word boundary so the excerpt does not begin or end mid-word,
    and the cells of one table row are shown on one line, as the reader saw them, rather than
    one per line. ``None`` when the finding has no valid position (a protection missing
    altogether).
    """
    text = document.text
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    left = max(0, start - context)
    right = min(len(text), end + context)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    joins = _row_joins(document, left, right)
    return Excerpt(
        before=_shown(text, left, start, joins),
        evidence=_shown(text, start, end, joins),
        after=_shown(text, end, right, joins),
        clipped_before=left > 0,
        clipped_after=right < len(text),
    )


def _row_joins(document: Document, left: int, right: int) -> set[int]:
    """Offsets of the line breaks that separate two cells of the same table row."""
    joins: set[int] = set()
    blocks = document.blocks
    first = bisect_left(blocks, left, key=lambda block: block.end)
    for current, following in zip(blocks[first:], blocks[first + 1 :], strict=False):
        if current.end >= right:
            break
        here, there = current.table_cell, following.table_cell
        if here is not None and there is not None and (here.table, here.row) == (there.table, there.row):
            joins.add(current.end)
    return joins


def _shown(text: str, start: int, end: int, joins: set[int]) -> str:
    if not any(start <= offset < end for offset in joins):
        return text[start:end]
    return "".join(
        ROW_SEPARATOR if offset in joins and text[offset] == "\n" else text[offset]
        for offset in range(start, end)
    )


def _position_key(view: FindingView) -> tuple[bool, int, str]:
    """Findings with a place in the text first, in reading order; missing protections after."""
    start = view.finding.start
    return (start is None, start or 0, view.finding.rule_id)


def _severity_groups(findings: Sequence[FindingView], anchor: str) -> tuple[SeverityGroup, ...]:
    groups = []
    known = set(SEVERITIES)
    for severity in (*SEVERITIES, *sorted({view.finding.severity for view in findings} - known)):
        members = sorted((view for view in findings if view.finding.severity == severity), key=_position_key)
        if members:
            heading = SEVERITY_HEADINGS.get(severity, severity.title())
            groups.append(SeverityGroup(severity, heading, f"{anchor}-{severity}", tuple(members)))
    return tuple(groups)


def _checklist(rules: Sequence[ActiveRule], findings: Sequence[FindingView]) -> tuple[CheckArea, ...]:
    """Every active rule, grouped by area: failed when the document has a finding for it."""
    first_finding: dict[str, FindingView] = {}
    for view in findings:
        first_finding.setdefault(view.finding.rule_id, view)
    by_area: dict[str, list[CheckItem]] = defaultdict(list)
    for active in rules:
        rule = active.rule
        found = first_finding.get(rule.id)
        remediation = found.finding.remediation if found and found.finding.remediation else rule.remediation
        by_area[rule.area].append(
            CheckItem(
                rule_id=rule.id,
                title=rule.title,
                severity=active.severity,
                severity_label=SEVERITY_LABELS.get(active.severity, active.severity.title()),
                passed=found is None,
                finding_anchor=found.anchor if found else None,
                remediation=remediation,
            )
        )
    return tuple(CheckArea(name=area_name(area), items=tuple(items)) for area, items in by_area.items())


def _clause_map(clauses: Sequence[Clause]) -> tuple[ClauseGroup, ...]:
    """Categories in taxonomy order, each with the sections that deal with it (best score per section)."""
    taxonomy = load_taxonomy()
    best: dict[str, dict[str, ClauseLocation]] = defaultdict(dict)
    for clause in clauses:
        section = clause.section or "Unnumbered text"
        key = f"{section}\x00{clause.heading or ''}"
        known = best[clause.category].get(key)
        if known is None or clause.confidence > known.confidence:
            page = clause.page if known is None or known.page is None else known.page
            best[clause.category][key] = ClauseLocation(section, clause.heading, page, clause.confidence)
    order = {category.id: position for position, category in enumerate(taxonomy.categories)}
    groups = []
    for category_id in sorted(best, key=lambda cid: (order.get(cid, len(order)), cid)):
        name, group = category_id.replace("_", " ").capitalize(), ""
        if category_id in taxonomy:
            category = taxonomy[category_id]
            name, group = category.name, taxonomy.groups.get(category.group, category.group)
        groups.append(ClauseGroup(category_id, name, group, tuple(best[category_id].values())))
    return tuple(groups)


def _categories_absent(clause_map: Sequence[ClauseGroup]) -> tuple[str, ...]:
    present = {group.category for group in clause_map}
    return tuple(category.name for category in load_taxonomy().categories if category.id not in present)
