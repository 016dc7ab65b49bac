from checker.document import BlockKind
from checker.limits import Limits
from checker.parsers.html import parse_html

PAGE = b"""<!doctype html><html><head><title>Terms</title><style>p {color: red}</style>
<script>var secret = "tracking";</script></head><body>
<nav>Home | Pricing | Login</nav><header>Acme Cloud</header>
<h1>Terms of Service</h1>
<p>These terms apply <b>to every</b> customer.<br>Read them.</p>
<div hidden>hidden text</div><p style="display:none">also hidden</p>
<h2>1. Data Protection</h2>
<ol><li>We process data on instructions.</li><li>We notify breaches within 72 hours.</li></ol>
<table><tr><th>Service</th><th>Uptime</th></tr><tr><td>API</td><td>99.9%</td></tr></table>
<footer>Copyright</footer></body></html>"""


def test_only_visible_content_is_kept() -> None:
    document = parse_html(PAGE, "terms.html", Limits())
    for hidden in (
        "tracking",
        "color: red",
        "Pricing",
        "Acme Cloud",
        "hidden text",
        "also hidden",
        "Copyright",
    ):
        assert hidden not in document.text
    assert "These terms apply to every customer. Read them." in document.text


def test_headings_ordered_lists_and_cells_keep_structure() -> None:
    document = parse_html(PAGE, "terms.html", Limits())
    headings = [block for block in document.blocks if block.kind is BlockKind.HEADING]
    assert [(h.text, h.heading_level) for h in headings] == [
        ("Terms of Service", 1),
        ("1. Data Protection", 2),
    ]
    items = [block for block in document.blocks if block.kind is BlockKind.LIST_ITEM]
    assert [item.number for item in items] == ["1(1)", "1(2)"]
    assert items[1].text == "2. We notify breaches within 72 hours."
    assert [b.text for b in document.blocks if b.kind is BlockKind.TABLE_CELL] == [
        "Service",
        "Uptime",
        "API",
        "99.9%",
    ]


def test_deeply_nested_markup_does_not_overflow_the_stack() -> None:
    page = b"<html><body>" + b"<div>" * 5000 + b"deep text" + b"</div>" * 5000 + b"</body></html>"
    document = parse_html(page, "deep.html", Limits())
    assert document.text == "deep text"
