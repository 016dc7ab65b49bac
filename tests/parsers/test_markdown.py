from checker.document import BlockKind
from checker.limits import Limits
from checker.parsers.markdown import parse_markdown

SAMPLE = b"""# Cloud Services Terms

## 5. Fees

Customer pays **monthly** <span class="x">in advance</span> per [the order form](https://example.com).

1. Fees are due in 30 days.
2. Late fees accrue.

| Tier | Credit |
|------|--------|
| 99.9% | 10% |
"""


def test_headings_lists_and_tables_become_structure() -> None:
    document = parse_markdown(SAMPLE, "terms.md", Limits())
    kinds = [block.kind for block in document.blocks]
    assert kinds[:2] == [BlockKind.HEADING, BlockKind.HEADING]
    assert document.blocks[1].heading_level == 2
    assert document.blocks[1].number == "5"
    items = [block for block in document.blocks if block.kind is BlockKind.LIST_ITEM]
    assert [item.number for item in items] == ["5(1)", "5(2)"]
    cells = [block for block in document.blocks if block.kind is BlockKind.TABLE_CELL]
    assert [cell.text for cell in cells] == ["Tier", "Credit", "99.9%", "10%"]
    assert cells[-1].table_cell.row == 1 and cells[-1].table_cell.column == 1


def test_inline_html_and_markup_are_stripped() -> None:
    document = parse_markdown(SAMPLE, "terms.md", Limits())
    assert "Customer pays monthly in advance per the order form." in document.text
    assert "<span" not in document.text and "https://" not in document.text and "**" not in document.text


def test_critic_markup_is_read_as_accepted_and_kept_as_review_marks() -> None:
    source = (
        b"# Terms\n\n## 2. Fees\n\n1. Fees are {--ten--}{++twenty++} dollars, "
        b"due {==on signature==}{>>Check<<} and {==[DATE]==}.\n\n{~~Old~>New~~} paragraph.\n"
    )
    document = parse_markdown(source, "terms.md", Limits())
    assert document.text.splitlines()[2] == "1. Fees are twenty dollars, due on signature and [DATE]."
    marks = [
        (mark["kind"], document.text[mark["start"] : mark["end"]], mark["note"])
        for mark in document.metadata["review_marks"]
    ]
    assert marks == [
        ("deletion", "", "ten"),
        ("insertion", "twenty", None),
        ("comment", "on signature", "Check"),
        ("highlight", "[DATE]", None),
        ("deletion", "", "Old"),
        ("insertion", "New", None),
    ]


def test_plain_markdown_has_no_review_marks() -> None:
    assert "review_marks" not in parse_markdown(SAMPLE, "terms.md", Limits()).metadata
