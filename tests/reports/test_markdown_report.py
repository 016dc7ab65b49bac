import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from checker.errors import EncryptedFileError
from checker.findings import Finding
from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.reports import markdown_report
from checker.reports.markdown_report import MAX_ROWS, render_markdown
from checker.rules.checks import Requires
from checker.rules.model import Rule
from checker.rules.options import RuleOptions, prepare_rules
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult, RunOptions, run_in_process

HOSTILE = "Fees | charges <script>alert(1)</script> `rm -rf` *all* [x](http://e.vil) $5 and $6 @legal-team"


def _active(rule_id: str, remediation: str = "The Charges are fixed.") -> ActiveRule:
    rule = Rule(
        id=rule_id,
        title=f"Title of {rule_id}",
        area="commercial",
        severity="error",
        check=Requires(("payment_terms",)),
        message="message",
        rationale="rationale",
        remediation=remediation,
        source=Path("pack.yaml"),
    )
    return ActiveRule(rule, "error", {})


def _finding(
    rule_id: str, severity: str = "error", message: str = "Something is missing.", **extra: object
) -> Finding:
    return Finding(
        rule_id=rule_id,
        title=f"Title of {rule_id}",
        severity=severity,
        area="commercial",
        message=message,
        remediation=f"Model clause for {rule_id}.",
        **extra,
    )


def _document(name: str) -> DocumentResult:
    document = parse_text(b"1. FEES\n1.1 Vendor may change the Fees.\n", name, Limits())
    return DocumentResult(path=name, document=document)


def _rendered_cells(markdown: str) -> list[list[str]]:
    """Render with a CommonMark + GFM-table parser and return the text of each body row's cells."""
    html = MarkdownIt("commonmark").enable("table").render(markdown)

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.in_body = self.in_cell = False

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "tbody":
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.rows.append([])
            elif tag == "td":
                self.in_cell = True
                self.rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            self.in_cell = self.in_cell and tag != "td"
            self.in_body = self.in_body and tag != "tbody"

        def handle_data(self, data: str) -> None:
            if self.in_cell:
                self.rows[-1][-1] += data

    parser = Cells()
    parser.feed(html)
    return parser.rows


def test_headline_counts_findings_and_documents(tmp_path: Path) -> None:
    first, second, clean = _document("a.txt"), _document("b.txt"), _document("c.txt")
    first.findings = [_finding("COM-001"), _finding("COM-002", "warning"), _finding("COM-003", "warning")]
    second.findings = [_finding("EXIT-001"), _finding("EXIT-002", "warning"), _finding("EXIT-003", "info")]
    locked = DocumentResult(path="locked.pdf", error=EncryptedFileError("encrypted PDF"))
    text = render_markdown([first, second, clean, locked], [], root=Path.cwd())
    headline = text.splitlines()[0]
    assert headline.endswith(
        "contract-checker: 2 errors, 3 warnings, 1 info in 2 of 4 documents; 1 document could not be checked"
    )
    assert "**Could not be checked:**" in text and "- locked.pdf: encrypted PDF (`encrypted`)" in text
    assert "**No findings:** c.txt" in text


def test_headline_without_findings_and_singular_counts() -> None:
    assert (
        render_markdown([_document("a.txt")], [])
        .splitlines()[0]
        .endswith("contract-checker: no findings in 1 document")
    )
    result = _document("a.txt")
    result.findings = [_finding("COM-001")]
    assert (
        render_markdown([result], []).splitlines()[0].endswith("contract-checker: 1 error in 1 of 1 document")
    )


def test_table_lists_severity_rule_section_and_message_most_severe_first() -> None:
    result = _document("a.txt")
    result.findings = [
        _finding("COM-002", "warning", "Notice too short.", section="3.3", page=4),
        _finding("COM-001", "error", "No dispute right."),
    ]
    text = render_markdown([result], [])
    assert "#### a.txt — 1 error, 1 warning" in text
    assert _rendered_cells(text) == [
        [":x: error", "COM-001 Title of COM-001", "whole document", "No dispute right."],
        [":warning: warning", "COM-002 Title of COM-002", "3.3 (p. 4)", "Notice too short."],
    ]


def test_table_is_capped_across_documents_with_a_count_of_the_rest() -> None:
    first, second = _document("a.txt"), _document("b.txt")
    first.findings = [_finding(f"COM-{n:03}") for n in range(30)]
    second.findings = [_finding(f"EXIT-{n:03}", "warning") for n in range(30)]
    text = render_markdown([first, second], [])
    assert len(_rendered_cells(text)) == MAX_ROWS
    assert "…and 10 more" in text
    assert "60 findings" not in text and text.splitlines()[0].endswith(
        "30 errors, 30 warnings in 2 of 2 documents"
    )


def test_contract_text_is_escaped_in_tables_and_renders_as_written() -> None:
    result = _document("a.txt")
    result.findings = [_finding("COM-001", message=HOSTILE, section="3.3 | x")]
    text = render_markdown([result], [])
    assert "<script>" not in text and re.search(r"(?<!\\)`rm", text) is None
    (row,) = _rendered_cells(text)
    assert len(row) == 4
    assert row[2] == "3.3 | x"
    # What the reviewer reads is the contract's words, with the mention defused by a zero-width space.
    assert row[3] == HOSTILE.replace("@legal", "@\u200blegal")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "<code>" not in html and "<em>" not in html and "<a " not in html


def test_model_clauses_of_failing_rules_are_folded_and_escaped() -> None:
    result = _document("a.txt")
    result.findings = [_finding("COM-001"), _finding("EXIT-001")]
    result.findings[1] = Finding(
        rule_id="EXIT-001", title="Exit", severity="error", area="exit", message="m", remediation=None
    )
    rules = [_active("EXIT-001", "1. The Supplier <shall>\n- assist | exit."), _active("COM-001")]
    text = render_markdown([result], rules)
    details = text[text.index("<details>") :]
    assert "<summary>Model clauses for the 2 failing rules</summary>" in details
    assert details.index("**EXIT-001**") < details.index("**COM-001**")  # the rules' order
    assert "> 1\\. The Supplier \\<shall\\>" in details and "> \\- assist \\| exit." in details
    html = MarkdownIt("commonmark").render(text)
    assert "<ol>" not in html and "<ul>" not in html and "&lt;shall&gt;" in html
    assert details.rstrip().endswith("</details>")


def test_model_clauses_are_cut_to_keep_the_comment_under_githubs_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(markdown_report, "MAX_CHARS", 3000)
    result = _document("a.txt")
    result.findings = [_finding(f"COM-{n:03}") for n in range(20)]
    rules = [_active(f"COM-{n:03}", "word " * 100) for n in range(20)]
    text = render_markdown([result], rules)
    assert len(text) <= 3000
    shown = len(re.findall(r"^\*\*COM-\d+\*\* ", text, flags=re.MULTILINE))
    assert 0 < shown < 20
    assert f"…and {20 - shown} more; `contract-checker explain RULE-ID` shows each one." in text


@pytest.fixture(scope="module")
def real_run(contracts_dir: Path, bad_dir: Path) -> tuple[list[DocumentResult], tuple[ActiveRule, ...]]:
    prepared = prepare_rules(RuleOptions())
    paths = [
        str(contracts_dir / "thin-vendor-agreement.txt"),
        str(contracts_dir / "managed-services-msa.docx"),
        str(bad_dir / "empty.txt"),
    ]
    return list(run_in_process(paths, RunOptions())), prepared.active


def test_real_run_summary(
    real_run: tuple[list[DocumentResult], tuple[ActiveRule, ...]], contracts_dir: Path
) -> None:
    results, rules = real_run
    text = render_markdown(results, rules, root=contracts_dir.parent.parent)
    findings = results[0].findings
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    assert text.splitlines()[0].endswith(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info in 1 of 3 documents; "
        "1 document could not be checked"
    )
    assert "#### fixtures/contracts/thin\\-vendor\\-agreement.txt" not in text  # hyphens need no escape
    assert "#### fixtures/contracts/thin-vendor-agreement.txt — " in text
    assert len(_rendered_cells(text)) == min(len(findings), MAX_ROWS)
    assert f"Model clauses for the {len({f.rule_id for f in findings})} failing rules" in text
    assert "**No findings:** fixtures/contracts/managed-services-msa.docx" in text
    assert "- fixtures/bad/empty.txt: " in text and "(`empty_file`)" in text
    assert len(text) < 65_536
