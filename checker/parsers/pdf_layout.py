"""Turn positioned words on PDF pages into the blocks a reader sees, whatever engine found them.

A PDF has no paragraphs, only glyphs at positions. Everything a reader infers from the page
(which lines are running headers, where a paragraph ends, which column comes first, where a
word was hyphenated across a line break, which cells form a table) is decided here, from
geometry alone, so the fast pypdfium2 engine and the pdfplumber reference engine give the
same document and differ only in how they locate words.

Coordinates are PDF points measured from the page's top-left corner (``top`` grows downward),
as pdfplumber reports them; the pypdfium2 engine converts before calling in.

The pipeline, in order:

1. words inside ruled tables are set aside as :class:`TableGrid` cells;
2. the other words are grouped into rows and split into :class:`TextLine` fragments at wide gaps;
3. rows that repeat at the top or bottom of many pages (digits may vary) are dropped as running
   headers, footers and page numbers;
4. each page is cut into vertical segments; a segment where a gutter separates two prose columns
   is read left column first;
5. lines are joined into paragraphs (spacing, indentation, sentence ends, clause labels, headings),
   repairing end-of-line hyphenation against the document's own vocabulary;
6. paragraphs become :class:`~checker.document.RawBlock` objects with ``label=None``: the
   structure builder finds printed labels such as ``12.3`` itself.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median

from checker.document import BlockKind, RawBlock, TableCellRef

# A gap wider than this many ems splits a row into fragments (column gutters, tab stops).
FRAGMENT_GAP_EM = 1.0
# A column gutter is at least this wide (points) and each column at least this many lines long
# (half as many beside a gutter twice as wide): word gaps in justified typewriter text can line up
# over a few lines and look like a narrow gutter.
MIN_GUTTER = 12.0
MIN_COLUMN_ROWS = 6
# Running headers and footers are looked for among this many rows at each end of a page,
# within this fraction of the page height.
HEADER_FOOTER_ROWS = 3
HEADER_FOOTER_ZONE = 0.15
# A row repeating on at least this share of pages (and on two pages at least) is furniture.
HEADER_FOOTER_MIN_SHARE = 0.3
# Furniture whose digits change from page to page ("Page 3 of 12", "Source: X, 10-K, 3/1/2018") is
# short; a longer line that repeats only up to its numbers is body text.
MAX_VARYING_FURNITURE_WORDS = 10


def _word_set(text: str) -> frozenset[str]:
    """A constant set of words written as one string, for readability."""
    return frozenset(text.split())


_BULLETS = "•●○◦▪■□◆◇►▶–·*"
_SENTENCE_END = ".:;!?"
_LABEL_START_RE = re.compile(
    r"^(?:\(?[a-zA-Z]{1,2}\)|\(?[ivxlcIVXLC]{1,6}\)|\(\d{1,2}\)|\d{1,3}(?:\.\d{1,3})*\.?(?=\s)"
    r"|(?:article|section|schedule|exhibit|annex|appendix)\s+[\dIVXLC]+\b)",
    re.IGNORECASE,
)
_ARTICLE_HEADING_RE = re.compile(
    r"^(?:article|schedule|exhibit|annex|appendix|part)\s+[\dA-Z]{1,6}\b", re.IGNORECASE
)
_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_INNER_SENTENCE_RE = re.compile(r"[.:;]\s+\S")
_DIGITS_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")
_LETTERS_RE = re.compile(r"[^\W\d_]")
# Left halves that keep their hyphen: "third-party", "non-exclusive", "sub-licence", "co-branded".
_HYPHEN_PREFIXES = _word_set(
    "self non third first second well cross long short full half all quasi vice pre re sub co "
    "anti multi bi tri counter post semi inter intra extra mid"
)
# Right halves that only occur as the end of a word broken across lines: "agree-/ment".
_SUFFIXES = _word_set(
    "ment ments ance ances ence ences tion tions sion sions ing ings ness able ible ity ities ed "
    "er ers ly al ally ive ous ful less ship ure ures ize ise ized ised ization isation"
)
_NUMBER_WORDS = _word_set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand"
)
_SPELLED_NUMBER_RE = re.compile(r"^\(\d[\d,.]*%?\)")
_FUNCTION_WORDS = _word_set(
    "a an the of to in on by for with and or nor any all such this that these those its his her "
    "their our your from at as is are be been shall will may must not no under upon into than "
    "which who whom whose each every either neither other"
)


# --------------------------------------------------------------------------- input types


@dataclass(slots=True)
class TextWord:
    """A word as an engine located it: text and box in points from the page's top-left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font_size: float
    bold: bool = False

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a ruled table; ``row`` and ``column`` are 0-based grid positions."""

    row: int
    column: int
    x0: float
    x1: float
    top: float
    bottom: float

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass(slots=True)
class TableGrid:
    """A table found from ruling lines (or by pdfplumber): its box and its cells."""

    x0: float
    x1: float
    top: float
    bottom: float
    cells: list[GridCell]

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - 1 <= x <= self.x1 + 1 and self.top - 1 <= y <= self.bottom + 1


@dataclass(frozen=True, slots=True)
class Rule:
    """An axis-aligned ruling segment (a drawn line or a thin rectangle), top-left coordinates."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class PageText:
    """What an engine hands over for one page; ``number`` is 1-based."""

    number: int
    width: float
    height: float
    words: list[TextWord]
    tables: list[TableGrid] = field(default_factory=list)
    # Drawn lines, when the engine reports them: a line across a gutter means a table, not columns.
    rules: list[Rule] = field(default_factory=list)


# --------------------------------------------------------------------------- intermediate types


@dataclass(slots=True)
class TextLine:
    """Words on one baseline, read left to right, possibly only one column's part of a row."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    font_size: float
    bold: bool
    words: list[TextWord] = field(default_factory=list, repr=False)
    row: int = -1

    @property
    def first_word_width(self) -> float:
        return self.words[0].x1 - self.words[0].x0 if self.words else 0.0


@dataclass(slots=True)
class _Placed:
    """A line in reading order with the region (page column) it belongs to."""

    line: TextLine
    region: int
    local_right: float = 0.0
    justified: bool = False


@dataclass(slots=True)
class _TableItem:
    table: TableGrid
    page: int
    cell_words: dict[tuple[int, int], list[TextWord]]


@dataclass(slots=True)
class LayoutResult:
    """Blocks in reading order plus the facts the parser reports as metadata."""

    blocks: list[RawBlock]
    two_column_pages: list[int]
    removed_header_footer_lines: int
    tables: int
    # Pages with no body text once headers and footers are gone: scanned pages inside a
    # digital document, which need OCR before their clauses can be checked.
    pages_without_text: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- lines


def line_from_words(words: Sequence[TextWord], page: int, row: int = -1) -> TextLine:
    """Join words already sorted left to right with single spaces.

    Engines only split words at spaces or at real gaps, so every boundary is a space. A word
    printed twice on top of itself (simulated bold) is kept once.
    """
    kept: list[TextWord] = []
    x0 = top = float("inf")
    x1 = bottom = float("-inf")
    for word in words:
        if kept and _overprinted(kept[-1], word):
            continue
        kept.append(word)
        x0, x1 = min(x0, word.x0), max(x1, word.x1)
        top, bottom = min(top, word.top), max(bottom, word.bottom)
    sizes = sorted(word.font_size for word in kept)
    return TextLine(
        text=" ".join(word.text for word in kept),
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        page=page,
        font_size=sizes[len(sizes) // 2],
        bold=all(word.bold for word in kept),
        words=kept,
        row=row,
    )


def _overprinted(first: TextWord, second: TextWord) -> bool:
    width = max(first.x1 - first.x0, 1.0)
    return first.text == second.text and abs(first.x0 - second.x0) < 0.3 * width


def group_rows(words: Iterable[TextWord]) -> list[list[TextWord]]:
    """Group words sharing a baseline, top to bottom, each row sorted left to right.

    A word joins the current row when its vertical middle falls inside the row's box or the
    row's middle falls inside the word: raised footnote markers stay on their line, and the next
    line (whose middle lies a full line pitch lower) does not.
    """
    rows: list[list[TextWord]] = []
    top = bottom = 0.0
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if rows and (top <= word.middle <= bottom or word.top <= (top + bottom) / 2 <= word.bottom):
            rows[-1].append(word)
            top, bottom = min(top, word.top), max(bottom, word.bottom)
        else:
            rows.append([word])
            top, bottom = word.top, word.bottom
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return rows


def split_fragments(row: Sequence[TextWord], page: int, row_index: int) -> list[TextLine]:
    """Cut a row at gaps wider than an em or so: columns and tab stops become separate pieces."""
    fragments: list[TextLine] = []
    start = 0
    for index in range(1, len(row)):
        gap = row[index].x0 - row[index - 1].x1
        if gap > FRAGMENT_GAP_EM * max(row[index].font_size, row[index - 1].font_size, 1.0):
            fragments.append(line_from_words(row[start:index], page, row_index))
            start = index
    fragments.append(line_from_words(row[start:], page, row_index))
    return fragments


def merge_fragments(fragments: Sequence[TextLine]) -> TextLine:
    """Rejoin fragments of one row that belong to the same column."""
    if len(fragments) == 1:
        return fragments[0]
    words = [word for fragment in sorted(fragments, key=lambda f: f.x0) for word in fragment.words]
    return line_from_words(words, fragments[0].page, fragments[0].row)


# --------------------------------------------------------------------------- headers and footers


def furniture_key(text: str) -> str:
    """The form of a header/footer line that stays the same from page to page."""
    return " ".join(_DIGITS_RE.sub("#", text.lower()).split())


def is_page_number(text: str) -> bool:
    """'3', '- 3 -', 'Page 3', 'Page 3 of 12', '3/12', 'iii' on a line of their own."""
    return bool(_PAGE_NUMBER_RE.match(text.strip()))


def _zone_rows(rows: list[list[TextLine]], height: float) -> list[int]:
    """Indexes of the rows near the top and bottom edge where headers and footers live."""
    zone: list[int] = []
    for index in range(min(HEADER_FOOTER_ROWS, len(rows))):
        if rows[index][0].top <= height * HEADER_FOOTER_ZONE:
            zone.append(index)
    for index in range(max(0, len(rows) - HEADER_FOOTER_ROWS), len(rows)):
        if rows[index][0].bottom >= height * (1 - HEADER_FOOTER_ZONE) and index not in zone:
            zone.append(index)
    return zone


def _row_text(row: Sequence[TextLine]) -> str:
    return " ".join(fragment.text for fragment in row)


def remove_headers_footers(pages: list[tuple[PageText, list[list[TextLine]]]]) -> int:
    """Drop running headers, footers and page numbers in place; return how many rows went.

    A row is furniture when the same text (digits may vary in a short line, as in "Page 3 of
    12") sits in the top or bottom zone of at least a third of the pages at about the same
    height, or when it is a bare page number in that zone.
    """
    occurrences: dict[str, list[tuple[int, int, float]]] = {}
    variants: dict[str, set[str]] = {}
    for page_index, (page, rows) in enumerate(pages):
        for row_index in _zone_rows(rows, page.height):
            text = _row_text(rows[row_index])
            key = furniture_key(text)
            if key:
                occurrences.setdefault(key, []).append((page_index, row_index, rows[row_index][0].top))
                variants.setdefault(key, set()).add(text)
    needed = max(2, round(HEADER_FOOTER_MIN_SHARE * len(pages)))
    doomed: set[tuple[int, int]] = set()
    for key, places in occurrences.items():
        if is_page_number(key.replace("#", "1")):
            doomed.update((page_index, row_index) for page_index, row_index, _ in places)
            continue
        if len({page_index for page_index, _, _ in places}) < needed:
            continue
        if len(variants[key]) > 1 and len(key.split()) > MAX_VARYING_FURNITURE_WORDS:
            continue  # body lines differing only in numbers ("Clause 4 ...", "Clause 5 ...")
        usual = median(top for _, _, top in places)
        doomed.update((p, r) for p, r, top in places if abs(top - usual) <= 24)
    for page_index, (_, rows) in enumerate(pages):
        for row_index in sorted((r for p, r in doomed if p == page_index), reverse=True):
            del rows[row_index]
    return len(doomed)


# --------------------------------------------------------------------------- columns


@dataclass(slots=True)
class ColumnBand:
    """A vertical stretch of a page read as two columns split at ``gutter``."""

    top: float
    bottom: float
    gutter: float
    left: list[TextLine]
    right: list[TextLine]


def _prose_side(fragments: Sequence[TextLine], min_rows: int) -> bool:
    """Running text: enough lines, most filling the column, several words each.

    Measured on whole rows of the side, so a clause number hanging in the margin counts with
    its line. Signature blocks and notice addresses side by side have short lines of a few
    words and are read row by row, like the unruled tables they resemble.
    """
    rows = _merge_rows(list(fragments))
    if len(rows) < min_rows:
        return False
    left = min(row.x0 for row in rows)
    width = max(row.x1 for row in rows) - left
    if width <= 0:
        return False
    fill = median(row.x1 - left for row in rows) / width
    return (
        fill >= 0.6
        and median(len(row.text) for row in rows) >= 25
        and median(len(row.words) for row in rows) >= 4
    )


def _band_is_columns(left: list[TextLine], right: list[TextLine], gutter: float) -> bool:
    """Two prose columns of similar width side by side, either side of a clear gutter.

    Tables without rules have gutters with text on both sides too; their columns differ in
    width and each side holds further columns, so they stay with row-by-row reading.
    """
    left_width = max(f.x1 for f in left) - min(f.x0 for f in left)
    right_width = max(f.x1 for f in right) - min(f.x0 for f in right)
    if min(left_width, right_width) < 0.6 * max(left_width, right_width):
        return False
    strip = min(f.x0 for f in right) - max(f.x1 for f in left)
    if strip < MIN_GUTTER:
        return False
    rows = MIN_COLUMN_ROWS if strip < 2 * MIN_GUTTER else MIN_COLUMN_ROWS // 2  # a wide gutter is clear
    if _has_inner_gutter(left) or _has_inner_gutter(right):
        return False
    if not _flush_left(right):
        return False
    if not (_prose_side(left, rows) and _prose_side(right, rows)):
        return False
    left_rows = {f.row for f in left}
    return sum(1 for f in right if f.row in left_rows) >= 3


def _flush_left(fragments: Sequence[TextLine]) -> bool:
    """A column's lines start at one or two x positions (text, and clause numbers hanging left).

    Wide word gaps in justified or typewriter text can line up over a few rows and look like a
    gutter; what follows such a gap starts anywhere, a column's lines do not.
    """
    starts = Counter(round(row.x0) for row in _merge_rows(list(fragments)))
    total = sum(starts.values())
    aligned = sum(
        count for x, count in starts.items() for top, _ in starts.most_common(2) if abs(x - top) <= 2
    )
    return aligned >= 0.8 * total


def _has_inner_gutter(fragments: Sequence[TextLine]) -> bool:
    """An empty vertical strip inside the middle of a side: table columns, not a prose column.

    Word gaps in justified text fall at different places on each line and leave no strip; a
    clause number hanging in the margin leaves one, but at the side's left edge.
    """
    left = min(f.x0 for f in fragments)
    width = max(f.x1 for f in fragments) - left
    gap = _widest_gap(fragments, left + 0.2 * width, left + 0.8 * width)
    return gap is not None and gap[1] - gap[0] >= 6


def _runs(fragments: list[TextLine], gutter: float) -> list[list[TextLine]]:
    """Stretches of consecutive fragments (top to bottom) that no fragment crosses at ``gutter``."""
    runs: list[list[TextLine]] = [[]]
    for fragment in fragments:
        if fragment.x0 < gutter < fragment.x1:
            runs.append([])
        else:
            runs[-1].append(fragment)
    return [run for run in runs if run]


def _band(run: list[TextLine], gutter: float, rules: Sequence[Rule]) -> ColumnBand | None:
    shortest = MIN_COLUMN_ROWS // 2
    if len(run) < 2 * shortest:
        return None
    left = [f for f in run if f.x1 <= gutter]
    right = [f for f in run if f.x0 >= gutter]
    if len(left) < shortest or len(right) < shortest or not _band_is_columns(left, right, gutter):
        return None
    band = ColumnBand(min(f.top for f in run), max(f.bottom for f in run), gutter, left, right)
    ruled = any(
        rule.horizontal
        and rule.x0 < gutter < rule.x1
        and band.top < (rule.top + rule.bottom) / 2 < band.bottom
        for rule in rules
    )
    return None if ruled else band  # a line drawn across the gutter: a table's rows


def find_column_bands(fragments: list[TextLine], rules: Sequence[Rule] = ()) -> list[ColumnBand]:
    """Find two-column stretches: a vertical gutter no text crosses, with prose on both sides.

    Candidate gutters sit just left of an x where several fragments start in the middle of the
    text width (the right column's left edge); each stretch is also tried with the gutter in
    the middle of its widest empty strip, so a clause number hanging left of the right column's
    text goes with the right column. Where bands overlap, the one with the wider empty strip
    wins. The checks that both sides are prose filling their column and that no drawn line
    crosses the gutter keep tables, lists and signature blocks single-column.
    """
    if len(fragments) < 8:
        return []
    left_edge = min(f.x0 for f in fragments)
    width = max(f.x1 for f in fragments) - left_edge
    if width < 150:
        return []
    low, high = left_edge + 0.2 * width, left_edge + 0.8 * width
    starts = Counter(round(f.x0) for f in fragments if low <= f.x0 <= high)
    ordered = sorted(fragments, key=lambda f: (f.top, f.x0))
    gutters: set[float] = set()
    for start, count in starts.most_common(6):
        if count < 3:
            break
        gutters.add(start - 1.5)
        for run in _runs(ordered, start - 1.5):
            if len(run) < MIN_COLUMN_ROWS:
                continue
            gap = _widest_gap(run, low, high)
            if gap is not None:
                gutters.add(round((gap[0] + gap[1]) / 2, 1))
    found = [
        band
        for gutter in sorted(gutters)
        for run in _runs(ordered, gutter)
        if (band := _band(run, gutter, rules))
    ]
    chosen: list[ColumnBand] = []
    for band in sorted(found, key=lambda b: (-_strip_width(b), -len(b.left) - len(b.right))):
        if all(band.bottom < other.top or band.top > other.bottom for other in chosen):
            chosen.append(band)
    return sorted(chosen, key=lambda band: band.top)


def _strip_width(band: ColumnBand) -> float:
    return min(f.x0 for f in band.right) - max(f.x1 for f in band.left)


def _widest_gap(fragments: Sequence[TextLine], low: float, high: float) -> tuple[float, float] | None:
    """The widest x-interval between ``low`` and ``high`` that no fragment covers."""
    best: tuple[float, float] | None = None
    reach = float("-inf")
    for fragment in sorted(fragments, key=lambda f: f.x0):
        if reach > float("-inf") and fragment.x0 > reach:
            start, end = max(reach, low), min(fragment.x0, high)
            if end > start and (best is None or end - start > best[1] - best[0]):
                best = (start, end)
        reach = max(reach, fragment.x1)
    return best


# --------------------------------------------------------------------------- tables


def find_grid_tables(rules: Sequence[Rule], *, tolerance: float = 2.0) -> list[TableGrid]:
    """Tables from ruling lines: connected horizontal and vertical rules forming a grid.

    Cells span grid columns where no vertical rule separates them (merged cells). A single
    ruled box (one cell) is a frame around text, not a table.
    """
    horizontals = _merge_collinear([r for r in rules if r.horizontal and r.x1 - r.x0 > 3], tolerance)
    verticals = _merge_collinear([r for r in rules if not r.horizontal and r.bottom - r.top > 3], tolerance)
    tables: list[TableGrid] = []
    for group_h, group_v in _connected_groups(horizontals, verticals, tolerance):
        table = _grid_from_rules(group_h, group_v, tolerance)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: (t.top, t.x0))


def _merge_collinear(rules: list[Rule], tolerance: float) -> list[Rule]:
    """Join touching segments on one line (grids are often drawn one cell edge at a time)."""
    merged: list[Rule] = []
    if not rules:
        return merged
    horizontal = rules[0].horizontal

    def position(r: Rule) -> float:
        return (r.top + r.bottom) / 2 if horizontal else (r.x0 + r.x1) / 2

    def begin(r: Rule) -> float:
        return r.x0 if horizontal else r.top

    def end(r: Rule) -> float:
        return r.x1 if horizontal else r.bottom

    for rule in sorted(rules, key=lambda r: (round(position(r) / tolerance), begin(r))):
        last = merged[-1] if merged else None
        if (
            last is not None
            and abs(position(last) - position(rule)) <= tolerance
            and begin(rule) <= end(last) + tolerance
        ):
            merged[-1] = Rule(
                min(last.x0, rule.x0),
                max(last.x1, rule.x1),
                min(last.top, rule.top),
                max(last.bottom, rule.bottom),
            )
        else:
            merged.append(rule)
    return merged


def _touches(h: Rule, v: Rule, tolerance: float) -> bool:
    return (
        h.x0 - tolerance <= (v.x0 + v.x1) / 2 <= h.x1 + tolerance
        and v.top - tolerance <= (h.top + h.bottom) / 2 <= v.bottom + tolerance
    )


def _connected_groups(
    horizontals: list[Rule], verticals: list[Rule], tolerance: float
) -> list[tuple[list[Rule], list[Rule]]]:
    """Union-find over rule intersections: each group is one candidate table."""
    parent = list(range(len(horizontals) + len(verticals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontals):
        for j, v in enumerate(verticals):
            if _touches(h, v, tolerance):
                parent[find(i)] = find(len(horizontals) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontals):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(verticals):
        groups.setdefault(find(len(horizontals) + j), ([], []))[1].append(v)
    return [(h, v) for h, v in groups.values() if len(h) >= 2 and len(v) >= 2]


def _distinct(values: Iterable[float], tolerance: float) -> list[float]:
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > tolerance:
            result.append(value)
    return result


def _grid_from_rules(horizontals: list[Rule], verticals: list[Rule], tolerance: float) -> TableGrid | None:
    ys = _distinct(((h.top + h.bottom) / 2 for h in horizontals), tolerance)
    xs = _distinct(((v.x0 + v.x1) / 2 for v in verticals), tolerance)
    if len(ys) < 2 or len(xs) < 2:
        return None
    cells: list[GridCell] = []
    for row in range(len(ys) - 1):
        middle = (ys[row] + ys[row + 1]) / 2
        column_start = 0
        for column in range(1, len(xs)):
            boundary = column == len(xs) - 1 or any(
                abs((v.x0 + v.x1) / 2 - xs[column]) <= tolerance
                and v.top - tolerance <= middle <= v.bottom + tolerance
                for v in verticals
            )
            if boundary:
                cells.append(GridCell(row, column_start, xs[column_start], xs[column], ys[row], ys[row + 1]))
                column_start = column
    if len(cells) < 2:
        return None
    return TableGrid(xs[0], xs[-1], ys[0], ys[-1], cells)


def _assign_table_words(page: PageText) -> tuple[list[TextWord], list[_TableItem]]:
    """Set aside the words inside table cells; return the remaining words and the tables."""
    if not page.tables:
        return page.words, []
    items = [_TableItem(table, page.number, {}) for table in page.tables]
    free: list[TextWord] = []
    for word in page.words:
        x, y = (word.x0 + word.x1) / 2, word.middle
        placed = False
        for item in items:
            if not item.table.contains(x, y):
                continue
            cell = next((c for c in item.table.cells if c.contains(x, y)), None)
            if cell is not None:
                item.cell_words.setdefault((cell.row, cell.column), []).append(word)
                placed = True
            break
        if not placed:
            free.append(word)
    return free, [item for item in items if item.cell_words]


def _table_blocks(item: _TableItem, table_index: int) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    for (row, column), words in sorted(item.cell_words.items()):
        text = " ".join(line_from_words(r, item.page).text for r in group_rows(words))
        blocks.append(
            RawBlock(
                kind=BlockKind.TABLE_CELL,
                text=text,
                page=item.page,
                table_cell=TableCellRef(table=table_index, row=row, column=column),
            )
        )
    return blocks


# --------------------------------------------------------------------------- reading order


@dataclass(slots=True)
class _PageFlow:
    """One page in reading order: lines with their regions, and tables at their positions."""

    items: list[_Placed | _TableItem]
    two_column: bool


def _order_page(page: PageText, rows: list[list[TextLine]], tables: list[_TableItem]) -> _PageFlow:
    """Reading order for one page: single-column stretches, two-column bands and tables, top down.

    Regions number the page's separately flowing parts (a stretch, a band's left or right
    column); a paragraph only continues inside one region or across a region change.
    """
    fragments = [fragment for row in rows for fragment in row]
    bands = find_column_bands(fragments, page.rules)
    band_of = {id(fragment): index for index, band in enumerate(bands) for fragment in band.left + band.right}
    pending_tables = sorted(tables, key=lambda item: item.table.top)
    items: list[_Placed | _TableItem] = []
    single: list[TextLine] = []
    emitted: set[int] = set()
    region = 0

    def flush_single() -> None:
        nonlocal single, region
        if single:
            items.extend(_place(_merge_rows(single), region))
            region += 1
            single = []

    for fragment in sorted(fragments, key=lambda f: (f.top, f.x0)):
        while pending_tables and pending_tables[0].table.top <= fragment.top:
            flush_single()
            items.append(pending_tables.pop(0))
        band_index = band_of.get(id(fragment))
        if band_index is None:
            single.append(fragment)
        elif band_index not in emitted:
            flush_single()
            emitted.add(band_index)
            band = bands[band_index]
            items.extend(_place(_merge_rows(band.left), region) + _place(_merge_rows(band.right), region + 1))
            region += 2
    flush_single()
    items.extend(pending_tables)
    return _PageFlow(items, bool(bands))


def _merge_rows(fragments: list[TextLine]) -> list[TextLine]:
    by_row: dict[int, list[TextLine]] = {}
    for fragment in fragments:
        by_row.setdefault(fragment.row, []).append(fragment)
    lines = [merge_fragments(group) for group in by_row.values()]
    return sorted(lines, key=lambda line: (line.bottom, line.x0))


def _place(lines: list[TextLine], region: int) -> list[_Placed | _TableItem]:
    """Attach each line's local right margin: the widest line among its neighbours.

    Measuring "is this line short?" against neighbours rather than the page copes with
    indented blocks, columns and ragged-right text alike.
    """
    placed: list[_Placed | _TableItem] = []
    for index, line in enumerate(lines):
        window = lines[max(0, index - 4) : index + 5]
        right = max(other.x1 for other in window)
        flush = sum(1 for other in window if other.x1 >= right - 1.0)
        placed.append(_Placed(line, region, right, justified=flush >= 3))
    return placed


# --------------------------------------------------------------------------- paragraphs


def _letters(text: str) -> list[str]:
    return _LETTERS_RE.findall(text)


def _strip_label(text: str) -> str:
    match = _LABEL_START_RE.match(text)
    return text[match.end() :].strip() if match else text


def is_heading_line(line: TextLine) -> bool:
    """Short lines in capitals or bold, or 'ARTICLE IV' / '12. TERMINATION' forms."""
    text = line.text.strip()
    if not text or len(text) > 100 or len(text.split()) > 14 or text[-1] in ",;":
        return False
    if _ARTICLE_HEADING_RE.match(text) and len(text.split()) <= 10:
        return True
    body = _strip_label(text).lstrip(" .:-–—")
    if _INNER_SENTENCE_RE.search(body):
        return False  # a run-in title followed by its text: "8.3 TERMINATION. If a"
    letters = _letters(body)
    if len(letters) < 3:
        return False
    upper = sum(1 for letter in letters if letter.isupper())
    if upper / len(letters) >= 0.9:
        return True
    return line.bold and len(text.split()) <= 12


def _ends_sentence(text: str) -> bool:
    text = text.rstrip(" \"'”’)]")
    return bool(text) and text[-1] in _SENTENCE_END


def _starts_label(text: str) -> bool:
    return bool(_LABEL_START_RE.match(text)) or text[:1] in _BULLETS


def _starts_lower(text: str) -> bool:
    first = text.lstrip("\"'“‘(")[:1]
    return first.isalpha() and first.islower()


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower().strip("\"'”’),") if words else ""


def _deliberate_break(prev: _Placed, cur: TextLine) -> bool:
    """True when the next line's first word would have fitted: the writer ended the line."""
    room = prev.local_right - prev.line.x1
    return room > cur.first_word_width + 0.5 * max(prev.line.font_size, 1.0)


def _hyphen_break(previous: str, following: str) -> bool:
    return previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha() and following[:1].isalpha()


def _continues(prev: _Placed, cur: _Placed, pitch: float) -> bool:
    """Whether ``cur`` continues the paragraph that ``prev`` is in (same page and region)."""
    p, c = prev.line, cur.line
    size = max(p.font_size, c.font_size, 1.0)
    step = c.bottom - p.bottom
    if _hyphen_break(p.text, c.text) and -0.5 * size < step < 4 * pitch:
        return True
    if step < -0.5 * size or step > pitch + max(0.25 * pitch, 0.3 * size):
        return False
    if abs(c.font_size - p.font_size) > 1.5 or c.text[:1] in _BULLETS:
        return False
    deliberate = _deliberate_break(prev, c)
    prev_heading = is_heading_line(p)
    if _starts_label(c.text):
        # "... under Section / 12.3 of" is a wrapped reference, not a new clause.
        return _spelled_number(p.text, c.text) or not (_ends_sentence(p.text) or deliberate or prev_heading)
    if _starts_lower(c.text) and not _ends_sentence(p.text):
        return True
    cur_heading = is_heading_line(c)
    if prev_heading and cur_heading:
        return not _ends_sentence(p.text) and p.bold == c.bold
    if prev_heading or cur_heading:
        # Prose in capitals, or a capitalised run-in title wrapping onto its sentence.
        return not deliberate and not _ends_sentence(p.text)
    if deliberate and not _ends_sentence(p.text):
        # Some files wrap at a character count, leaving ragged lines that look short: only a
        # clearly short line before a capital is taken as the end of a paragraph.
        filled = (p.x1 - p.x0) / max(prev.local_right - p.x0, 1.0)
        return _last_word(p.text) in _FUNCTION_WORDS or filled >= 0.6
    if deliberate:
        return False
    first_line_indent = c.x0 > p.x0 + 0.8 * size and not _hanging(p, c)
    return not (first_line_indent and _ends_sentence(p.text))


def _hanging(prev: TextLine, cur: TextLine) -> bool:
    """A continuation line aligned with the text after the previous line's clause label."""
    return len(prev.words) > 1 and _starts_label(prev.text) and abs(cur.x0 - prev.words[1].x0) <= 3


def _spelled_number(previous: str, following: str) -> bool:
    """A number word ending a line before "(30) days": one phrase "thirty (30) days", not clause (30)."""
    return _last_word(previous) in _NUMBER_WORDS and bool(_SPELLED_NUMBER_RE.match(following))


def _continues_across(prev: _Placed, cur: _Placed) -> bool:
    """Whether a paragraph runs on over a page break or from one column to the next.

    The break hides the spacing between paragraphs, so the evidence is the last line: one that
    stops short ends its paragraph; a full one ends it only if it ends a sentence and is not
    flush with the margin (justified text fills every line but the last).
    """
    p, c = prev.line, cur.line
    if _hyphen_break(p.text, c.text) or _spelled_number(p.text, c.text):
        return True
    if is_heading_line(p) or is_heading_line(c) or _starts_label(c.text) or _deliberate_break(prev, c):
        return False
    flush = prev.justified and p.x1 >= prev.local_right - 1.0
    return not _ends_sentence(p.text) or flush


def _page_pitches(flows: list[_PageFlow]) -> list[float]:
    """Line pitch inside a paragraph, per page (the document's value for sparse pages).

    The lower fifth of baseline-to-baseline steps, not the median: in a list of one-line
    definitions most steps include the space between paragraphs.
    """
    per_page: list[list[float]] = []
    for flow in flows:
        steps: list[float] = []
        lines = [item for item in flow.items if isinstance(item, _Placed)]
        for prev, cur in itertools.pairwise(lines):
            size = max(prev.line.font_size, 1.0)
            step = cur.line.bottom - prev.line.bottom
            if prev.region == cur.region and 0.6 * size < step < 3 * size:
                steps.append(step)
        per_page.append(sorted(steps))
    everything = sorted(step for steps in per_page for step in steps)
    fallback = _low_fifth(everything) if everything else 14.0
    return [_low_fifth(steps) if len(steps) >= 6 else fallback for steps in per_page]


def _low_fifth(ordered: list[float]) -> float:
    return ordered[len(ordered) // 5]


# --------------------------------------------------------------------------- hyphenation


def document_vocabulary(lines: Iterable[TextLine]) -> set[str]:
    """Lower-case words the document spells out in full, to judge a hyphen at a line end.

    The halves of a word broken across two lines are left out: they are what is being judged.
    """
    vocabulary: set[str] = set()
    broken = False
    for line in lines:
        words = _WORD_RE.findall(line.text.lower())
        if broken and words:
            words = words[1:]
        broken = line.text.endswith("-")
        if broken and words:
            words = words[:-1]
        vocabulary.update(word.strip("'-") for word in words)
    return vocabulary


def join_hyphenated(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two lines where ``left`` ends with a hyphen: 'termi-' + 'nation' -> 'termination'.

    Word, which produces most contracts, does not hyphenate by default, so a hyphen at a line
    end is usually a real one ("third-party", "employee-employer"; on CUAD, 150 of 150 decided
    cases). The hyphen therefore stays unless the break looks syllabic: the document spells
    the joined word elsewhere, the right part is a suffix ("agree-ment"), or neither part is a
    word of the document ("termi-nation"). Prefixes that take a hyphen ("non", "sub",
    "pre") and a capital after the break ("non-United") keep it.
    """
    stem_match = re.search(r"([A-Za-z][A-Za-z'-]*)-$", left)
    tail_match = re.match(r"[A-Za-z]+", right)
    if stem_match is None or tail_match is None:
        return f"{left}{right}" if left.endswith("-") else f"{left} {right}"
    stem, tail = stem_match[1], tail_match[0]
    return left + right if _keep_hyphen(stem, tail, vocabulary) else left[:-1] + right


def _keep_hyphen(stem: str, tail: str, vocabulary: set[str]) -> bool:
    joined, hyphenated = (stem + tail).lower(), f"{stem}-{tail}".lower()
    if joined in vocabulary and hyphenated not in vocabulary:
        return False
    if hyphenated in vocabulary and joined not in vocabulary:
        return True
    if tail[0].isupper() and not stem.isupper():
        return True
    last_part = stem.rsplit("-", 1)[-1].lower()
    if "-" in stem or last_part in _HYPHEN_PREFIXES:
        return True
    if tail.lower() in _SUFFIXES:
        return False
    return last_part in vocabulary or (len(tail) >= 3 and tail.lower() in vocabulary)


def join_lines(lines: Sequence[TextLine], vocabulary: set[str]) -> str:
    """A paragraph's text: lines joined by a space, or glued where a hyphen broke a word."""
    text = lines[0].text.strip()
    for line in lines[1:]:
        following = line.text.strip()
        if _hyphen_break(text, following):
            text = join_hyphenated(text, following, vocabulary)
        else:
            text = f"{text} {following}"
    return text


# --------------------------------------------------------------------------- blocks


def _paragraph_block(lines: list[TextLine], vocabulary: set[str]) -> RawBlock:
    text = join_lines(lines, vocabulary)
    kind = BlockKind.PARAGRAPH
    if text[:1] in _BULLETS and len(text) > 1 and text[1:2].isspace():
        kind, text = BlockKind.LIST_ITEM, text[1:].strip()
    elif len(lines) <= 3 and all(is_heading_line(line) for line in lines) and len(text) <= 160:
        kind = BlockKind.HEADING
    return RawBlock(
        kind=kind,
        text=text,
        page=lines[0].page,
        heading_level=1 if kind is BlockKind.HEADING else None,
    )


def _paragraphs(flows: list[_PageFlow]) -> list[list[TextLine] | _TableItem]:
    """Group placed lines into paragraphs across the whole document, tables kept in place."""
    pitches = _page_pitches(flows)
    result: list[list[TextLine] | _TableItem] = []
    current: list[TextLine] = []
    previous: _Placed | None = None
    for flow, pitch in zip(flows, pitches, strict=True):
        for item in flow.items:
            if isinstance(item, _TableItem):
                if current:
                    result.append(current)
                current, previous = [], None
                result.append(item)
                continue
            if previous is not None and current:
                same_region = previous.region == item.region and previous.line.page == item.line.page
                joined = (
                    _continues(previous, item, pitch) if same_region else _continues_across(previous, item)
                )
                if not joined:
                    result.append(current)
                    current = []
            current.append(item.line)
            previous = item
    if current:
        result.append(current)
    return result


def layout_document(pages: list[PageText]) -> LayoutResult:
    """The whole pipeline: pages of positioned words in, blocks in reading order out."""
    prepared: list[tuple[PageText, list[list[TextLine]]]] = []
    page_tables: list[list[_TableItem]] = []
    for page in pages:
        free, tables = _assign_table_words(page)
        rows = [split_fragments(row, page.number, index) for index, row in enumerate(group_rows(free))]
        prepared.append((page, rows))
        page_tables.append(tables)
    removed = remove_headers_footers(prepared)
    flows = [
        _order_page(page, rows, tables) for (page, rows), tables in zip(prepared, page_tables, strict=True)
    ]
    vocabulary = document_vocabulary(
        item.line for flow in flows for item in flow.items if isinstance(item, _Placed)
    )
    blocks: list[RawBlock] = []
    table_count = 0
    page_paragraphs: Counter[int] = Counter()
    for paragraph in _paragraphs(flows):
        if isinstance(paragraph, _TableItem):
            blocks.extend(_table_blocks(paragraph, table_count))
            table_count += 1
            continue
        block = _paragraph_block(paragraph, vocabulary)
        page_paragraphs[block.page or 0] += 1
        block.paragraph = page_paragraphs[block.page or 0]
        blocks.append(block)
    two_column = [page.number for page, flow in zip(pages, flows, strict=True) if flow.two_column]
    empty = [page.number for page, flow in zip(pages, flows, strict=True) if not flow.items]
    return LayoutResult(blocks, two_column, removed, table_count, empty)
