"""The HTML report: self-contained, escaped, and complete enough for a lawyer to act on."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest

from checker.clauses import identify_clauses
from checker.errors import EncryptedFileError
from checker.findings import Finding
from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.reports.html_report import CONTEXT_CHARS, ROW_SEPARATOR, excerpt, render_html
from checker.rules.options import RuleOptions, prepare_rules
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult, RunOptions, run_in_process

REPO_ROOT = Path(__file__).resolve().parents[2]
THIN = REPO_ROOT / "fixtures" / "contracts" / "thin-vendor-agreement.txt"
HOSTILE = "<script>alert('owned')</script><img src=http://evil.example/x.png>"


@pytest.fixture(scope="module")
def rules() -> tuple[ActiveRule, ...]:
    return prepare_rules(RuleOptions()).active


@pytest.fixture(scope="module")
def results() -> list[DocumentResult]:
    checked = list(run_in_process([str(THIN)], RunOptions()))
    assert checked[0].ok and checked[0].findings, "the thin vendor agreement must produce findings"
    unreadable = DocumentResult(
        path=str(REPO_ROOT / "fixtures" / "bad" / "encrypted.pdf"),
        error=EncryptedFileError("encrypted PDF: supply the password with --password"),
    )
    return [*checked, unreadable]


@pytest.fixture(scope="module")
def page(results: list[DocumentResult], rules: tuple[ActiveRule, ...]) -> str:
    return render_html(results, rules, root=REPO_ROOT)


@pytest.fixture(scope="module")
def tree(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


class _Collector(HTMLParser):
    """Every tag with its attributes and every <style> body, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _collect(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def _hostile_result() -> DocumentResult:
    text = (
        "1. SERVICES\n"
        f"1.1 The Supplier provides the services. {HOSTILE} The Supplier may change the Fees at any time.\n"
    ).encode()
    document = parse_text(text, "evil<b>name</b>.txt", Limits())
    start = document.text.index("<script>")
    end = document.text.index("change the Fees") + len("change the Fees")
    finding = Finding(
        rule_id="COM-001",
        title="The supplier cannot raise the fees unilaterally",
        severity="error",
        area="commercial",
        message=f'The supplier may change the fees ("{HOSTILE}").',
        section="1.1",
        start=start,
        end=end,
        evidence=document.text[start:end],
        remediation="The Charges are fixed.",
        document=document.path,
    )
    return DocumentResult(
        path="evil<b>name</b>.txt",
        document=document,
        clauses=identify_clauses(document),
        findings=[finding],
    )


def test_report_parses_as_one_html_document(page: str, tree: lxml.html.HtmlElement) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert tree.tag == "html"
    assert tree.find("head/title") is not None and tree.find("head/title").text.startswith("Contract review")
    # Anchors the table of contents points to all exist.
    ids = set(tree.xpath("//@id"))
    targets = [href[1:] for href in tree.xpath("//a/@href")]
    assert targets and all(target in ids for target in targets)


def test_report_loads_nothing_external(page: str) -> None:
    collected = _collect(page)
    names = {tag for tag, _ in collected.tags}
    assert "script" not in names and "link" not in names and "iframe" not in names and "img" not in names
    for tag, attributes in collected.tags:
        for name in ("src", "href", "srcset", "action", "data", "poster", "background"):
            value = (attributes.get(name) or "").strip().lower()
            assert not re.match(r"^(https?:|//|data:|file:|javascript:)", value), (tag, name, value)
        assert not (tag == "a" and attributes.get("href") and not attributes["href"].startswith("#"))
    css = "\n".join(collected.styles)
    assert css.strip(), "the stylesheet is inline"
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert not re.search(r"\sstyle=\"[^\"]*url\(", page)


def test_report_is_printable(page: str) -> None:
    css = "\n".join(_collect(page).styles)
    assert "@media print" in css
    print_css = css[css.index("@media print") :]
    assert "break-before: page" in print_css and "break-inside: avoid" in print_css
    assert "sticky" not in css and "position: fixed" not in css


def test_document_header_gives_file_format_pages_and_counts(
    results: list[DocumentResult], tree: lxml.html.HtmlElement
) -> None:
    checked = results[0]
    section = tree.get_element_by_id("doc-1")
    assert section.get("data-path") == "fixtures/contracts/thin-vendor-agreement.txt"
    header = section.find_class("doc-header")[0].text_content()
    assert "TEXT" in header
    for severity in ("error", "warning", "info"):
        count = sum(1 for finding in checked.findings if finding.severity == severity)
        badge = section.find_class("doc-counts")[0].find_class(f"count-{severity}")[0]
        assert badge.find_class("count-n")[0].text_content() == str(count)


def test_every_finding_has_its_rule_id_message_and_highlighted_evidence(
    results: list[DocumentResult], tree: lxml.html.HtmlElement
) -> None:
    checked = results[0]
    document = checked.document
    assert document is not None
    articles = tree.get_element_by_id("doc-1").find_class("finding")
    assert sorted(article.get("data-rule") for article in articles) == sorted(
        finding.rule_id for finding in checked.findings
    )
    by_rule = {article.get("data-rule"): article for article in articles}
    with_evidence = [finding for finding in checked.findings if finding.start is not None]
    assert with_evidence, "the fixture has findings that point at clause text"
    for finding in with_evidence:
        article = by_rule[finding.rule_id]
        assert finding.rule_id in article.find_class("rule-id")[0].text_content()
        assert " ".join(finding.message.split()) in " ".join(article.text_content().split())
        marked = article.xpath(".//mark")
        assert len(marked) == 1
        assert marked[0].text_content() == document.text[finding.start : finding.end]
        quote = article.find_class("contract-text")[0].text_content()
        assert len(quote) > len(marked[0].text_content()), "the evidence is shown in its context"
    missing = [finding for finding in checked.findings if finding.start is None]
    for finding in missing:
        article = by_rule[finding.rule_id]
        assert not article.xpath(".//mark") and article.find_class("absent")
        assert "Whole document" in article.find_class("location")[0].text_content()


def test_findings_carry_rationale_and_model_clause(
    results: list[DocumentResult], rules: tuple[ActiveRule, ...], tree: lxml.html.HtmlElement
) -> None:
    rule_by_id = {active.rule.id: active.rule for active in rules}
    finding = results[0].findings[0]
    article = next(
        a
        for a in tree.get_element_by_id("doc-1").find_class("finding")
        if a.get("data-rule") == finding.rule_id
    )
    assert (
        article.find_class("rationale")[0]
        .text_content()
        .strip()
        .endswith(rule_by_id[finding.rule_id].rationale[-40:])
    )
    assert finding.remediation and finding.remediation in article.find_class("model-clause")[0].text_content()


def test_checklist_lists_every_active_rule_with_pass_or_fail(
    results: list[DocumentResult], rules: tuple[ActiveRule, ...], tree: lxml.html.HtmlElement
) -> None:
    checklist = tree.get_element_by_id("doc-1-checklist")
    rows = checklist.xpath(".//tr[@data-status]")
    statuses = {row.get("data-rule"): row.get("data-status") for row in rows}
    assert len(rows) == len(rules) == len(statuses)
    failed = {finding.rule_id for finding in results[0].findings}
    assert statuses == {active.rule.id: "fail" if active.rule.id in failed else "pass" for active in rules}
    assert all(row.text_content().strip().startswith(("Pass", "Fail")) for row in rows)
    remedies = {
        row.get("data-rule"): row.text_content() for row in checklist.xpath(".//tr[@class='check-remedy']")
    }
    assert set(remedies) == failed
    for active in rules:
        if active.rule.id in failed:
            assert "Model clause" in remedies[active.rule.id]


def test_clause_map_lists_the_categories_found_with_section_and_confidence(
    results: list[DocumentResult], tree: lxml.html.HtmlElement
) -> None:
    clauses = results[0].clauses
    table = tree.get_element_by_id("doc-1-clauses")
    rows = table.xpath(".//tr[@data-category]")
    assert {row.get("data-category") for row in rows} == {clause.category for clause in clauses}
    clause = max(clauses, key=lambda item: item.confidence)
    row = next(row for row in rows if row.get("data-category") == clause.category)
    assert clause.section in row.text_content() and f"{clause.confidence:.2f}" in row.text_content()


def test_unreadable_documents_are_listed_with_their_error(tree: lxml.html.HtmlElement) -> None:
    entry = tree.get_element_by_id("doc-2")
    assert entry.get("data-error") == "encrypted"
    text = entry.text_content()
    assert "fixtures/bad/encrypted.pdf" in text and "encrypted PDF: supply the password" in text
    summary = tree.get_element_by_id("summary").text_content()
    assert "Not checked" in summary and "encrypted.pdf" in summary


def test_summary_appears_only_for_several_documents(
    results: list[DocumentResult], rules: tuple[ActiveRule, ...], tree: lxml.html.HtmlElement
) -> None:
    assert "thin-vendor-agreement.txt" in tree.get_element_by_id("summary").text_content()
    single = lxml.html.document_fromstring(render_html(results[:1], rules, root=REPO_ROOT))
    assert not single.xpath("//*[@id='summary']")
    assert single.xpath("//nav[contains(@class, 'toc')]//a[@href='#doc-1-checklist']")


def test_hostile_contract_text_is_escaped(rules: tuple[ActiveRule, ...]) -> None:
    page = render_html([_hostile_result()], rules, root=REPO_ROOT)
    collected = _collect(page)
    names = [tag for tag, _ in collected.tags]
    assert "script" not in names and "img" not in names and "b" not in names
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "evil&lt;b&gt;name&lt;/b&gt;.txt" in page
    tree = lxml.html.document_fromstring(page)
    marked = tree.xpath("//article[@data-rule='COM-001']//mark")[0].text_content()
    assert marked.startswith(HOSTILE) and marked.endswith("change the Fees")


def test_excerpt_shows_context_either_side_cut_at_words() -> None:
    words = " ".join(f"w{number:03d}" for number in range(400))
    document = parse_text(f"{words}\n".encode(), "long.txt", Limits())
    start = document.text.index("w200")
    found = excerpt(document, start, start + len("w200"))
    assert found is not None and found.evidence == "w200"
    assert found.clipped_before and found.clipped_after
    assert CONTEXT_CHARS - 5 <= len(found.before) <= CONTEXT_CHARS
    assert CONTEXT_CHARS - 5 <= len(found.after) <= CONTEXT_CHARS
    assert re.fullmatch(r"(w\d{3} )+", found.before) and re.fullmatch(r"( w\d{3})+", found.after)
    assert excerpt(document, None, None) is None and excerpt(document, 5, 5) is None
    assert excerpt(document, 0, len(document.text) + 1) is None


def test_excerpt_puts_the_cells_of_a_table_row_on_one_line() -> None:
    docx = REPO_ROOT / "fixtures" / "contracts" / "thin-vendor-agreement.docx"
    document = next(iter(run_in_process([str(docx)], RunOptions(rules=None)))).document
    assert document is not None
    cells = [block for block in document.blocks if block.table_cell is not None]
    assert cells, "the DOCX fixture has a table"
    found = excerpt(document, cells[0].start, cells[0].end)
    assert found is not None
    row = (cells[0].table_cell.table, cells[0].table_cell.row)
    first_row = [cell.text for cell in cells if (cell.table_cell.table, cell.table_cell.row) == row]
    assert len(first_row) > 1
    assert found.after.startswith(ROW_SEPARATOR + ROW_SEPARATOR.join(first_row[1:]) + "\n")
