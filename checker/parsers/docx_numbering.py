"""Word automatic numbering, resolved the way Word displays it.

A contract's clause numbers ("7.2", "(b)", "Article II") are usually not in the DOCX text at
all: Word computes them while rendering from ``word/numbering.xml`` and the paragraph styles.
Readers cite clauses by those numbers, so the parser has to recompute them, and it has to do
so exactly as Word does or every citation after the first difference is wrong.

Two pieces, both tolerant of missing or garbage XML (a bad definition yields no label, never
an exception, because a hostile or half-broken file must still be readable as text):

* :class:`StyleTable` - paragraph styles with ``basedOn`` inheritance: the numbering, outline
  level and heading level a paragraph gets from its style;
* :class:`NumberingResolver` - the list definitions and the running counters, fed paragraphs
  in document order, returning each paragraph's label as displayed.

The counter rules follow Word rather than a literal reading of ECMA-376: counters belong to
the abstract definition (several ``w:num`` sharing one ``w:abstractNum`` continue each other),
a ``startOverride`` restarts a level the first time its ``w:num`` is used, an ancestor level
never used in the list shows (and takes) its start value while a level restarted by a higher
one shows one less than its start (Word's "1.0.1" when a level is skipped), and a ``%n`` that
points below the current level makes Word drop the whole level text. LibreOffice differs on
skipped levels (it counts "2.2", "(a)", then "2.2.2"); we follow Word, the contracts' author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_LEVELS = 9  # Word lists have levels 0..8
_MAX_CHAIN = 32  # basedOn / numStyleLink chains longer than this are treated as garbage
_BULLET_FORMATS = frozenset({"bullet"})
_EMPTY_FORMATS = frozenset({"none", "bullet"})
_PLACEHOLDER_RE = re.compile(r"%([1-9])")
_HEADING_NAME_RE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


_VAL = w("val")


def _int(value: str | None, *, low: int = -(10**6), high: int = 10**6) -> int | None:
    """An integer attribute, or None when it is missing, not a number or out of range."""
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


def _child_val(element: etree._Element | None, tag: str) -> str | None:
    """``w:val`` of a direct child, the way almost every Word property is stored."""
    if element is None:
        return None
    child = element.find(w(tag))
    return None if child is None else child.get(_VAL)


def _on(element: etree._Element | None, tag: str) -> bool:
    """A Word on/off property: present and not explicitly switched off."""
    if element is None:
        return False
    child = element.find(w(tag))
    return child is not None and child.get(_VAL, "true").lower() not in {"0", "false", "off"}


# -- number formats -------------------------------------------------------------------------

_ROMAN_PARTS = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(value: int) -> str:
    parts: list[str] = []
    for amount, letters in _ROMAN_PARTS:
        count, value = divmod(value, amount)
        parts.append(letters * count)
    return "".join(parts)


def _letters(value: int) -> str:
    """Word's letter sequence: a..z, then aa..zz, aaa.. (the letter repeats, it does not carry)."""
    repeat, index = divmod(value - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def format_number(value: int, number_format: str) -> str:
    """A counter value in a ``w:numFmt``; formats we do not model fall back to decimal digits.

    Falling back (rather than giving no label) keeps an exotic list numbered and nested,
    which matters more to clause citation than the glyphs.
    """
    if number_format in _EMPTY_FORMATS:
        return ""
    if number_format == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if value > 0:
        if number_format in {"lowerLetter", "upperLetter"}:
            text = _letters(value)
            return text if number_format == "lowerLetter" else text.upper()
        if number_format in {"lowerRoman", "upperRoman"} and value < 4000:
            text = _roman(value)
            return text if number_format == "lowerRoman" else text.upper()
        if number_format == "ordinal":
            return _ordinal(value)
    if number_format == "decimalEnclosedParen":
        return f"({value})"
    if number_format == "decimalEnclosedFullstop":
        return f"{value}."
    return str(value)


# -- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    style_id: str
    name: str
    based_on: str | None
    num_id: int | None
    ilvl: int | None
    outline: int | None


class StyleTable:
    """Paragraph styles from ``word/styles.xml``, with ``basedOn`` inheritance resolved.

    Lawyers' templates number clauses through styles ("Level 2" based on "Level 1" carrying
    the list), so a paragraph with no ``w:numPr`` of its own may still be numbered.
    """

    def __init__(self, styles: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self._numbering_styles: dict[str, int | None] = {}
        if styles is not None:
            self._load(styles)
        self._num_cache: dict[str | None, tuple[int | None, int | None, tuple[str, ...]]] = {}
        self._heading_cache: dict[str | None, int | None] = {}

    def _load(self, styles: etree._Element) -> None:
        for element in styles.iterchildren(w("style")):
            style_id = element.get(w("styleId"))
            if not style_id:
                continue
            style_type = element.get(w("type"), "paragraph")
            p_pr = element.find(w("pPr"))
            num_pr = None if p_pr is None else p_pr.find(w("numPr"))
            num_id = _int(_child_val(num_pr, "numId"), low=0)
            if style_type == "numbering":
                self._numbering_styles[style_id] = num_id
                continue
            if style_type != "paragraph":
                continue
            if element.get(w("default")) in {"1", "true", "on"}:
                self.default_style = self.default_style or style_id
            self._styles[style_id] = _Style(
                style_id=style_id,
                name=(_child_val(element, "name") or "").strip(),
                based_on=_child_val(element, "basedOn"),
                num_id=num_id,
                ilvl=_int(_child_val(num_pr, "ilvl"), low=0, high=MAX_LEVELS - 1),
                outline=_int(_child_val(p_pr, "outlineLvl"), low=0, high=9),
            )

    def numbering_style_num(self, style_id: str) -> int | None:
        """The ``w:num`` a numbering style points at (for ``w:numStyleLink``)."""
        return self._numbering_styles.get(style_id)

    def _chain(self, style_id: str | None) -> list[_Style]:
        """The style and its ancestors, nearest first; unknown ids fall back to the default."""
        if style_id not in self._styles:
            style_id = self.default_style
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id is not None and style_id in self._styles and style_id not in seen:
            if len(chain) >= _MAX_CHAIN:
                break
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain

    def num_pr(self, style_id: str | None) -> tuple[int | None, int | None, tuple[str, ...]]:
        """``(numId, ilvl, chain ids)`` a style gives; numId and ilvl inherit independently.

        A derived style often states only ``w:ilvl`` and takes the list from its parent.
        """
        cached = self._num_cache.get(style_id)
        if cached is not None:
            return cached
        num_id: int | None = None
        ilvl: int | None = None
        chain = self._chain(style_id)
        for style in chain:
            if num_id is None:
                num_id = style.num_id
            if ilvl is None:
                ilvl = style.ilvl
        result = (num_id, ilvl, tuple(style.style_id for style in chain))
        self._num_cache[style_id] = result
        return result

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based heading level: Title, "heading N", or an outline level set on the style chain."""
        if style_id in self._heading_cache:
            return self._heading_cache[style_id]
        level: int | None = None
        for style in self._chain(style_id):
            match = _HEADING_NAME_RE.match(style.name)
            if style.outline is not None:
                level = None if style.outline >= MAX_LEVELS else style.outline + 1
                break
            if match:
                level = int(match[1])
                break
            if style.name.lower() == "title":
                level = 1
                break
        self._heading_cache[style_id] = level
        return level


# -- numbering ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LevelDefinition:
    """One ``w:lvl``: how a list level counts and how its label is written."""

    start: int = 1
    number_format: str = "decimal"
    text: str = ""
    restart_after: int | None = None  # 1-based lvlRestart; None = after any higher level, 0 = never
    is_legal: bool = False
    style_id: str | None = None


@dataclass(frozen=True, slots=True)
class ListLabel:
    """A numbered paragraph: its label as displayed (None for bullets) and its list level."""

    text: str | None
    level: int
    num_id: int


@dataclass(slots=True)
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, LevelDefinition] = field(default_factory=dict)


@dataclass(slots=True)
class _Counters:
    values: list[int | None] = field(default_factory=lambda: [None] * MAX_LEVELS)
    started_nums: set[int] = field(default_factory=set)


def _parse_level(element: etree._Element) -> LevelDefinition:
    start = _int(_child_val(element, "start"), low=0, high=32767)
    text_element = element.find(w("lvlText"))
    text = "" if text_element is None else (text_element.get(_VAL) or "")
    return LevelDefinition(
        start=1 if start is None else start,
        number_format=(_child_val(element, "numFmt") or "decimal").strip(),
        text=text,
        restart_after=_int(_child_val(element, "lvlRestart"), low=0, high=MAX_LEVELS),
        is_legal=_on(element, "isLgl"),
        style_id=_child_val(element, "pStyle"),
    )


def _parse_levels(parent: etree._Element) -> dict[int, LevelDefinition]:
    levels: dict[int, LevelDefinition] = {}
    for element in parent.iterchildren(w("lvl")):
        ilvl = _int(element.get(w("ilvl")), low=0, high=MAX_LEVELS - 1)
        if ilvl is not None and ilvl not in levels:
            levels[ilvl] = _parse_level(element)
    return levels


class NumberingResolver:
    """Running list counters; feed it numbered paragraphs in document order.

    One resolver per document: the counters are state, and a paragraph's number depends on
    every numbered paragraph before it.
    """

    def __init__(self, numbering: etree._Element | None, styles: StyleTable | None = None) -> None:
        self._styles = styles or StyleTable(None)
        self._abstract: dict[str, dict[int, LevelDefinition]] = {}
        self._style_links: dict[str, str] = {}
        self._nums: dict[int, _Num] = {}
        self._counters: dict[str, _Counters] = {}
        self._levels_cache: dict[int, tuple[str, dict[int, LevelDefinition]] | None] = {}
        if numbering is not None:
            self._load(numbering)

    def _load(self, numbering: etree._Element) -> None:
        for element in numbering.iterchildren(w("abstractNum")):
            abstract_id = element.get(w("abstractNumId"))
            if abstract_id is None or abstract_id in self._abstract:
                continue
            self._abstract[abstract_id] = _parse_levels(element)
            link = _child_val(element, "numStyleLink")
            if link:
                self._style_links[abstract_id] = link
        for element in numbering.iterchildren(w("num")):
            num_id = _int(element.get(w("numId")), low=1)
            abstract_id = _child_val(element, "abstractNumId")
            if num_id is None or abstract_id is None or num_id in self._nums:
                continue
            self._nums[num_id] = self._parse_num(abstract_id.strip(), element)

    @staticmethod
    def _parse_num(abstract_id: str, element: etree._Element) -> _Num:
        num = _Num(abstract_id)
        for override in element.iterchildren(w("lvlOverride")):
            ilvl = _int(override.get(w("ilvl")), low=0, high=MAX_LEVELS - 1)
            if ilvl is None:
                continue
            start = _int(_child_val(override, "startOverride"), low=0, high=32767)
            if start is not None:
                num.start_overrides[ilvl] = start
            level = override.find(w("lvl"))
            if level is not None:
                num.level_overrides[ilvl] = _parse_level(level)
        return num

    def _resolve_abstract(self, abstract_id: str) -> str | None:
        """Follow ``numStyleLink`` (a list that borrows its levels from a numbering style)."""
        seen: set[str] = set()
        while abstract_id in self._style_links and abstract_id not in seen and len(seen) < _MAX_CHAIN:
            seen.add(abstract_id)
            num_id = self._styles.numbering_style_num(self._style_links[abstract_id])
            target = self._nums.get(num_id) if num_id is not None else None
            if target is None:
                return None
            abstract_id = target.abstract_id
        return abstract_id if abstract_id in self._abstract else None

    def levels(self, num_id: int) -> tuple[str, dict[int, LevelDefinition]] | None:
        """The counter key and the effective level definitions of a ``w:num``, overrides applied."""
        if num_id in self._levels_cache:
            return self._levels_cache[num_id]
        result: tuple[str, dict[int, LevelDefinition]] | None = None
        num = self._nums.get(num_id)
        abstract_id = self._resolve_abstract(num.abstract_id) if num is not None else None
        if num is not None and abstract_id is not None:
            levels = dict(self._abstract[abstract_id])
            levels.update(num.level_overrides)
            for ilvl, start in num.start_overrides.items():
                if ilvl in levels:
                    levels[ilvl] = replace(levels[ilvl], start=start)
            result = (abstract_id, levels)
        self._levels_cache[num_id] = result
        return result

    def paragraph_label(self, num_id: int | None, ilvl: int | None, style_id: str | None) -> ListLabel | None:
        """Label of a paragraph from its direct ``w:numPr`` values folded over its style's.

        Direct values win field by field; ``numId`` 0 switches numbering off. When nothing
        states a level, the level linked to the paragraph's style (``w:lvl/w:pStyle``) is used,
        as Word does for heading-linked outline lists.
        """
        style_num, style_ilvl, chain = self._styles.num_pr(style_id)
        if num_id is None:
            num_id = style_num
        if not num_id:
            return None
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None:
            ilvl = self._linked_level(num_id, chain)
        return self.next_label(num_id, ilvl)

    def _linked_level(self, num_id: int, chain: tuple[str, ...]) -> int:
        resolved = self.levels(num_id)
        if resolved is not None:
            for style_id in chain:
                for ilvl, level in resolved[1].items():
                    if level.style_id == style_id:
                        return ilvl
        return 0

    def next_label(self, num_id: int, ilvl: int) -> ListLabel | None:
        """Advance the counters for one numbered paragraph and return its label.

        None when the paragraph is not really numbered (unknown list, undefined level).
        """
        resolved = self.levels(num_id)
        if resolved is None or not 0 <= ilvl < MAX_LEVELS:
            return None
        abstract_id, levels = resolved
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(abstract_id, _Counters())
        self._start_num(num_id, counters)
        values = counters.values
        current = values[ilvl]
        values[ilvl] = level.start if current is None else current + 1
        for ancestor in range(ilvl):
            if values[ancestor] is None:
                values[ancestor] = levels[ancestor].start if ancestor in levels else 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            definition = levels.get(deeper)
            if _restarts(deeper, definition, ilvl):
                # One before the start, not "unused": a skipped level then shows 0 ("1.0.1")
                # and its next use counts from the start, as in Word.
                values[deeper] = (definition.start if definition is not None else 1) - 1
        if level.number_format in _BULLET_FORMATS:
            return ListLabel(None, ilvl, num_id)
        return ListLabel(render_label(level, ilvl, values, levels), ilvl, num_id)

    def _start_num(self, num_id: int, counters: _Counters) -> None:
        """First use of a ``w:num``: its ``startOverride`` levels restart (only those levels)."""
        if num_id in counters.started_nums:
            return
        counters.started_nums.add(num_id)
        num = self._nums[num_id]
        for ilvl in num.start_overrides:
            counters.values[ilvl] = None


def _restarts(deeper: int, level: LevelDefinition | None, used: int) -> bool:
    """Whether using level ``used`` restarts level ``deeper`` (``w:lvlRestart``, 1-based)."""
    restart = None if level is None else level.restart_after
    if restart == 0:
        return False
    if restart is None or restart - 1 >= deeper:
        return True  # default, and a restart level below this one is ignored
    return used <= restart - 1


def render_label(
    level: LevelDefinition, ilvl: int, values: list[int | None], levels: dict[int, LevelDefinition]
) -> str | None:
    """Fill a ``w:lvlText`` template such as ``%1.%2`` or ``(%4)`` with the current counters.

    ``isLgl`` (legal numbering) writes every level in decimal, so "Article I" has clauses
    "1.1", not "I.1". Levels formatted as bullets or "none" print nothing.
    """
    references = [int(number) - 1 for number in _PLACEHOLDER_RE.findall(level.text)]
    if any(reference > ilvl for reference in references):
        return None  # Word ignores the whole lvlText (MS-OI29500 2.1.283)

    def substitute(match: re.Match[str]) -> str:
        reference = int(match[1]) - 1
        definition = levels.get(reference)
        if definition is None:
            return ""
        value = values[reference]
        value = definition.start if value is None else value
        number_format = definition.number_format
        if level.is_legal and number_format not in _EMPTY_FORMATS:
            number_format = "decimal"
        return format_number(value, number_format)

    text = _PLACEHOLDER_RE.sub(substitute, level.text).strip()
    return text or None
