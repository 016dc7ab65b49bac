"""What the review page shows, as view objects: the text cut into highlighted pieces, the findings grouped.

The page reads a contract the way a lawyer marks one up: each clause the pipeline identified
is highlighted with a small label naming its categories, each finding's evidence is underlined
in its severity's colour, and the findings sit beside the text grouped by severity and area,
each with why it matters and the model clause that closes the gap.

Clause and finding offsets index ``Document.text``; blocks (headings, paragraphs, list items,
table cells) keep the page's structure. One sweep over every offset where something starts or
ends cuts each block into pieces that carry the clauses and findings covering them, so
overlapping spans (one unit labelled with two categories, evidence inside a clause) cost
nothing special. The templates only loop over these objects; contract text reaches the page
through Jinja2's autoescaping alone.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from checker.document import Block, BlockKind, Document
from checker.findings import SEVERITIES, Clause, Finding
from checker.reports.html_report import SEVERITY_HEADINGS, SEVERITY_LABELS, area_name
from checker.rules.profiles import ActiveRule
from checker.taxonomy import load_taxonomy


@dataclass(frozen=True, slots=True)
class Region:
    """One stretch of text the pipeline labelled, with every category it was labelled with."""

    index: int
    start: int
    end: int
    categories: tuple[str, ...]
    names: tuple[str, ...]
    group: str

    @property
    def label(self) -> str:
        return " · ".join(self.names)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text with the same clause region and the same findings throughout."""

    text: str
    region: Region | None
    region_starts: bool
    findings: tuple[int, ...]
    severity: str | None
    anchors: tuple[int, ...]
    rule_ids: str


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str
    level: int
    number: str | None
    page: int | None
    pieces: tuple[Piece, ...]
    title: bool = False
    type: Literal["block"] = "block"


@dataclass(frozen=True, slots=True)
class TableView:
    rows: tuple[tuple[BlockView, ...], ...]
    type: Literal["table"] = "table"


@dataclass(frozen=True, slots=True)
class FindingView:
    index: int
    finding: Finding
    severity_label: str
    area_name: str
    location: str
    located: bool
    rationale: str | None
    remediation: str | None


@dataclass(frozen=True, slots=True)
class AreaGroup:
    area: str
    name: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class SeverityGroup:
    severity: str
    heading: str
    areas: tuple[AreaGroup, ...]
    count: int


@dataclass(frozen=True, slots=True)
class CategoryCount:
    """A clause category found in the document, for the legend: how often, and where first."""

    category: str
    name: str
    group: str
    count: int
    first_region: int


@dataclass(frozen=True, slots=True)
class ReviewView:
    name: str
    format: str
    pages: int | None
    profile: str
    items: tuple[BlockView | TableView, ...]
    categories: tuple[CategoryCount, ...]
    severity_groups: tuple[SeverityGroup, ...]
    counts: dict[str, int]
    total: int
    areas: tuple[tuple[str, str], ...]
    clause_count: int
    rule_count: int


def build_review(
    name: str,
    document: Document,
    clauses: Sequence[Clause],
    findings: Sequence[Finding],
    rules: Sequence[ActiveRule],
    profile: str,
) -> ReviewView:
    """Everything the review template shows for one checked contract."""
    regions = clause_regions(clauses, len(document.text))
    views = finding_views(findings, rules, len(document.text))
    counts = Counter(finding.severity for finding in findings)
    return ReviewView(
        name=name,
        format=document.format.value,
        pages=document.pages,
        profile=profile,
        items=tuple(_items(document, regions, views)),
        categories=category_counts(regions),
        severity_groups=severity_groups(views),
        counts={severity: counts.get(severity, 0) for severity in SEVERITIES},
        total=len(findings),
        areas=tuple(
            sorted({(view.finding.area, view.area_name) for view in views}, key=lambda pair: pair[1])
        ),
        clause_count=len(regions),
        rule_count=len(rules),
    )


def clause_regions(clauses: Sequence[Clause], text_length: int) -> list[Region]:
    """Clauses merged by span: a unit labelled with two categories is one highlight with two names."""
    taxonomy = load_taxonomy()
    by_span: dict[tuple[int, int], list[str]] = defaultdict(list)
    for clause in clauses:
        if (
            0 <= clause.start < clause.end <= text_length
            and clause.category not in by_span[(clause.start, clause.end)]
        ):
            by_span[(clause.start, clause.end)].append(clause.category)
    regions = []
    for index, ((start, end), categories) in enumerate(sorted(by_span.items())):
        names = tuple(
            taxonomy[c].name if c in taxonomy else c.replace("_", " ").capitalize() for c in categories
        )
        group = taxonomy[categories[0]].group if categories[0] in taxonomy else "general"
        regions.append(Region(index, start, end, tuple(categories), names, group))
    return regions


def category_counts(regions: Sequence[Region]) -> tuple[CategoryCount, ...]:
    """Categories in taxonomy order with how many highlights carry each and where the first is."""
    taxonomy = load_taxonomy()
    order = {category.id: position for position, category in enumerate(taxonomy.categories)}
    counts: Counter[str] = Counter()
    first: dict[str, Region] = {}
    for region in regions:
        for category, _name in zip(region.categories, region.names, strict=True):
            counts[category] += 1
            first.setdefault(category, region)
    return tuple(
        CategoryCount(
            category=category,
            name=first[category].names[first[category].categories.index(category)],
            group=taxonomy[category].group if category in taxonomy else "general",
            count=counts[category],
            first_region=first[category].index,
        )
        for category in sorted(counts, key=lambda cid: (order.get(cid, len(order)), cid))
    )


def finding_views(
    findings: Sequence[Finding], rules: Sequence[ActiveRule], text_length: int
) -> list[FindingView]:
    by_id = {active.rule.id: active.rule for active in rules}
    views = []
    for index, finding in enumerate(findings):
        rule = by_id.get(finding.rule_id)
        located = (
            finding.start is not None
            and finding.end is not None
            and 0 <= finding.start < finding.end <= text_length
        )
        views.append(
            FindingView(
                index=index,
                finding=finding,
                severity_label=SEVERITY_LABELS.get(finding.severity, finding.severity.title()),
                area_name=area_name(finding.area),
                location=location(finding),
                located=located,
                rationale=rule.rationale if rule is not None else None,
                remediation=(finding.remediation or (rule.remediation if rule is not None else None)),
            )
        )
    return views


def location(finding: Finding) -> str:
    """Where a lawyer finds it: the clause and page, or that the whole contract lacks it."""
    parts = [f"Clause {finding.section}"] if finding.section else []
    if finding.page:
        parts.append(f"page {finding.page}")
    if parts:
        return ", ".join(parts)
    return "Missing from the contract" if finding.start is None else "Unnumbered text"


def severity_groups(views: Sequence[FindingView]) -> tuple[SeverityGroup, ...]:
    """Severities in order (errors first), areas by name inside each, findings in reading order."""
    groups = []
    present = {view.finding.severity for view in views}
    for severity in (*SEVERITIES, *sorted(present - set(SEVERITIES))):
        members = [view for view in views if view.finding.severity == severity]
        if not members:
            continue
        by_area: dict[str, list[FindingView]] = defaultdict(list)
        for view in members:
            by_area[view.finding.area].append(view)
        areas = tuple(
            AreaGroup(area, items[0].area_name, tuple(sorted(items, key=_reading_order)))
            for area, items in sorted(by_area.items(), key=lambda pair: pair[1][0].area_name)
        )
        groups.append(
            SeverityGroup(severity, SEVERITY_HEADINGS.get(severity, severity.title()), areas, len(members))
        )
    return tuple(groups)


def _reading_order(view: FindingView) -> tuple[bool, int, str]:
    return (not view.located, view.finding.start or 0, view.finding.rule_id)


# -- the text, cut into pieces ----------------------------------------------------------------


@dataclass(slots=True)
class _Sweep:
    """Which regions and findings cover each stretch between two consecutive boundaries."""

    regions: Sequence[Region]
    findings: Sequence[FindingView]

    def pieces(self, document: Document) -> dict[int, list[tuple[int, int, Region | None, tuple[int, ...]]]]:
        text_length = len(document.text)
        starts: dict[int, list[tuple[str, int]]] = defaultdict(list)
        ends: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for region in self.regions:
            starts[region.start].append(("r", region.index))
            ends[region.end].append(("r", region.index))
        for view in self.findings:
            if view.located:
                assert view.finding.start is not None and view.finding.end is not None
                starts[view.finding.start].append(("f", view.index))
                ends[view.finding.end].append(("f", view.index))
        points = sorted(
            {
                0,
                text_length,
                *starts,
                *ends,
                *(b.start for b in document.blocks),
                *(b.end for b in document.blocks),
            }
        )
        by_block: dict[int, list[tuple[int, int, Region | None, tuple[int, ...]]]] = defaultdict(list)
        active_regions: set[int] = set()
        active_findings: set[int] = set()
        block_index = 0
        blocks = document.blocks
        for left, right in itertools.pairwise(points):
            for kind, index in ends.get(left, ()):
                (active_regions if kind == "r" else active_findings).discard(index)
            for kind, index in starts.get(left, ()):
                (active_regions if kind == "r" else active_findings).add(index)
            while block_index < len(blocks) and blocks[block_index].end <= left:
                block_index += 1
            if block_index >= len(blocks) or blocks[block_index].start > left:
                continue  # the separator between two blocks
            region = self.regions[min(active_regions)] if active_regions else None
            by_block[block_index].append((left, right, region, tuple(sorted(active_findings))))
        return by_block


def _items(
    document: Document, regions: Sequence[Region], views: Sequence[FindingView]
) -> list[BlockView | TableView]:
    """Blocks in reading order; consecutive table cells of one table become a table."""
    pieces = _Sweep(regions, views).pieces(document)
    labelled: set[int] = set()
    anchored: set[int] = set()
    items: list[BlockView | TableView] = []
    table: dict[int, list[BlockView]] | None = None
    table_id: int | None = None
    for position, block in enumerate(document.blocks):
        view = _block_view(document, block, pieces.get(position, []), views, labelled, anchored)
        cell = block.table_cell
        if cell is None:
            table = table_id = None
            items.append(view)
            continue
        if table is None or table_id != cell.table:
            table, table_id = defaultdict(list), cell.table
            items.append(TableView(rows=()))
        table[cell.row].append(view)
        items[-1] = TableView(rows=tuple(tuple(row) for _, row in sorted(table.items())))
    return items


def _block_view(
    document: Document,
    block: Block,
    spans: Sequence[tuple[int, int, Region | None, tuple[int, ...]]],
    views: Sequence[FindingView],
    labelled: set[int],
    anchored: set[int],
) -> BlockView:
    text = document.text
    pieces = []
    for left, right, region, finding_ids in spans:
        starts = region is not None and region.index not in labelled
        if region is not None:
            labelled.add(region.index)
        new_anchors = tuple(index for index in finding_ids if index not in anchored)
        anchored.update(new_anchors)
        severities = [views[index].finding.severity for index in finding_ids]
        worst = (
            min(severities, key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else len(SEVERITIES))
            if severities
            else None
        )
        rule_ids = ", ".join(dict.fromkeys(views[index].finding.rule_id for index in finding_ids))
        pieces.append(Piece(text[left:right], region, starts, finding_ids, worst, new_anchors, rule_ids))
    number = block.number if block.number and not block.text.startswith(block.label or block.number) else None
    return BlockView(
        kind=block.kind.value,
        level=min(block.heading_level or 2, 4) if block.kind is BlockKind.HEADING else 0,
        number=number,
        page=block.page,
        pieces=tuple(pieces),
        title=block.index == 0 and block.kind is BlockKind.HEADING,
    )
