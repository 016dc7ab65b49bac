"""Word review copy: comments readable by python-docx and LibreOffice, on the right clause."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from click.testing import CliRunner, Result
from docx.oxml import parse_xml

from checker.annotate import AUTHOR, AnnotateError, annotate_docx, comment_text
from checker.cli_annotate import annotate
from checker.document import Document
from checker.findings import Finding
from checker.limits import Limits
from checker.parsers import parse_file
from checker.parsers.docx_numbering import W_NS
from checker.runner import DocumentResult, RunOptions, run_in_process

THIN = "thin-vendor-agreement.docx"
_W = f'xmlns:w="{W_NS}"'
_MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
_CHANGE = 'w:author="Reviewer" w:date="2024-01-02T09:00:00Z"'


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def squash(text: str) -> str:
    """Text without whitespace: cell paragraphs are joined with spaces in blocks, not in the file."""
    return "".join(text.split())


def commented_text(path: Path, *, deleted: bool = False) -> dict[int, str]:
    """For each comment id, the text between its range start and end, read from the saved XML."""
    with zipfile.ZipFile(path) as archive:
        root = parse_xml(archive.read("word/document.xml"))
    start, end = f"{{{W_NS}}}commentRangeStart", f"{{{W_NS}}}commentRangeEnd"
    text_tags = {f"{{{W_NS}}}t"} | ({f"{{{W_NS}}}delText"} if deleted else set())
    open_ids: set[int] = set()
    covered: dict[int, list[str]] = {}
    for element in root.iter():
        if element.tag == start:
            comment_id = int(element.get(f"{{{W_NS}}}id"))
            open_ids.add(comment_id)
            covered.setdefault(comment_id, [])
        elif element.tag == end:
            open_ids.discard(int(element.get(f"{{{W_NS}}}id")))
        elif element.tag in text_tags:
            for comment_id in open_ids:
                covered[comment_id].append(element.text or "")
    return {comment_id: "".join(pieces) for comment_id, pieces in covered.items()}


def comments_by_rule(path: Path) -> dict[str, list[tuple[int, str]]]:
    """Rule id (first word of each comment) -> [(comment id, comment text)]."""
    found: dict[str, list[tuple[int, str]]] = {}
    for comment in docx.Document(str(path)).comments:
        rule_id = comment.text.split(" ", 1)[0]
        found.setdefault(rule_id, []).append((comment.comment_id, comment.text))
    return found


def evidence_start(document: Document, finding: Finding, length: int = 40) -> str:
    """The first words of a finding's evidence as they are in the file (auto-numbers are not)."""
    assert finding.start is not None and finding.end is not None
    snippet = document.text[finding.start : finding.end]
    block = document.block_at(finding.start)
    if block is not None and block.label and snippet.startswith(block.label):
        snippet = snippet[len(block.label) :]
    return squash(snippet)[:length]


# -- the thin vendor agreement, checked once --------------------------------------------------


@pytest.fixture(scope="module")
def thin(tmp_path_factory: pytest.TempPathFactory, contracts_dir: Path) -> tuple[Path, DocumentResult]:
    """A private copy of the fixture and its check result (the model loads once per module)."""
    source = tmp_path_factory.mktemp("input") / THIN
    shutil.copyfile(contracts_dir / THIN, source)
    (result,) = run_in_process([str(source)], RunOptions())
    assert result.ok and result.findings
    return source, result


@pytest.fixture(scope="module")
def annotated(thin: tuple[Path, DocumentResult], tmp_path_factory: pytest.TempPathFactory) -> Path:
    source, result = thin
    output = tmp_path_factory.mktemp("output") / "review.docx"
    before = sha256(source)
    count = annotate_docx(source, output, result)
    assert sha256(source) == before
    assert count == len(result.findings)
    return output


def test_every_finding_is_a_comment_python_docx_reads_back(
    thin: tuple[Path, DocumentResult], annotated: Path
) -> None:
    _, result = thin
    comments = list(docx.Document(str(annotated)).comments)
    assert len(comments) == len(result.findings) > 40
    by_rule = {comment.text.split(" ", 1)[0]: comment for comment in comments}
    for finding in result.findings:
        comment = by_rule[finding.rule_id]
        assert comment.author == AUTHOR
        assert comment.text.startswith(f"{finding.rule_id} ({finding.severity}): {finding.title}")
        assert squash(finding.message) in squash(comment.text)
        assert finding.remediation
        assert f"Model clause: {finding.remediation.strip()}" in comment.text


def test_located_findings_are_anchored_on_their_clause(
    thin: tuple[Path, DocumentResult], annotated: Path
) -> None:
    _, result = thin
    assert result.document is not None
    covered = commented_text(annotated)
    by_rule = comments_by_rule(annotated)
    located = [finding for finding in result.findings if finding.start is not None]
    assert len(located) >= 20
    for finding in located:
        ((comment_id, _),) = by_rule[finding.rule_id]
        snippet = evidence_start(result.document, finding)
        assert snippet in squash(covered[comment_id]), finding.rule_id
        # The anchor is the clause, not the whole document.
        assert len(covered[comment_id]) < 600


def test_clause_with_a_tracked_change_is_covered_whole(
    thin: tuple[Path, DocumentResult], annotated: Path
) -> None:
    """3.3 holds a tracked deletion and insertion; the comment covers the accepted text."""
    covered = commented_text(annotated)
    ((comment_id, _),) = comments_by_rule(annotated)["COM-001"]
    assert "giving Customer fifteen (15) days' notice" in covered[comment_id]
    assert covered[comment_id].endswith("apply from the next invoice.")


def test_missing_protections_are_anchored_on_the_title(
    thin: tuple[Path, DocumentResult], annotated: Path
) -> None:
    _, result = thin
    covered = commented_text(annotated)
    by_rule = comments_by_rule(annotated)
    missing = [finding for finding in result.findings if finding.start is None]
    assert len(missing) >= 10
    for finding in missing:
        ((comment_id, text),) = by_rule[finding.rule_id]
        assert covered[comment_id] == "Vendor Services Agreement"
        assert "Missing from the contract." in text


def test_input_is_never_modified_and_no_temporary_file_is_left(
    thin: tuple[Path, DocumentResult], tmp_path: Path
) -> None:
    source, result = thin
    before, modified = sha256(source), source.stat().st_mtime_ns
    output = tmp_path / "copy.docx"
    output.write_bytes(b"old copy")
    annotate_docx(source, output, result)
    assert (sha256(source), source.stat().st_mtime_ns) == (before, modified)
    assert [path.name for path in tmp_path.iterdir()] == ["copy.docx"]
    assert zipfile.is_zipfile(output)


def test_output_over_the_input_is_refused(thin: tuple[Path, DocumentResult], tmp_path: Path) -> None:
    source, result = thin
    before = sha256(source)
    link = tmp_path / "link.docx"
    link.symlink_to(source)
    for target in (source, link, source.parent / ".." / source.parent.name / source.name):
        with pytest.raises(AnnotateError, match="input file"):
            annotate_docx(source, target, result)
    assert sha256(source) == before


def test_a_failed_save_leaves_the_old_output_and_no_temporary_file(
    thin: tuple[Path, DocumentResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, result = thin
    output = tmp_path / "copy.docx"
    output.write_bytes(b"previous review copy")

    def broken_save(self: object, stream: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        annotate_docx(source, output, result)
    assert output.read_bytes() == b"previous review copy"
    assert [path.name for path in tmp_path.iterdir()] == ["copy.docx"]


def test_results_that_do_not_describe_the_file_are_refused(
    thin: tuple[Path, DocumentResult], tmp_path: Path, contracts_dir: Path
) -> None:
    source, result = thin
    other = tmp_path / "msa.docx"
    shutil.copyfile(contracts_dir / "managed-services-msa.docx", other)
    with pytest.raises(AnnotateError, match="changed since it was checked"):
        annotate_docx(other, tmp_path / "a.docx", result)
    from checker.errors import CorruptFileError

    failed = DocumentResult(path=str(source), error=CorruptFileError("corrupt file: damaged"))
    with pytest.raises(AnnotateError, match="could not be checked"):
        annotate_docx(source, tmp_path / "b.docx", failed)
    text = tmp_path / "contract.txt"
    shutil.copyfile(contracts_dir / "thin-vendor-agreement.txt", text)
    as_text = DocumentResult(path=str(text), document=parse_file(text))
    with pytest.raises(AnnotateError, match="DOCX"):
        annotate_docx(text, tmp_path / "c.docx", as_text)
    assert not any(path.suffix == ".docx" and path.name != "msa.docx" for path in tmp_path.iterdir())


# -- paragraph mapping through tables, text boxes, controls and tracked changes -----------------


def para(content: str, *, style: str | None = None, properties: str = "") -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + properties
    inner = content if content.startswith("<") or not content else f"<w:r><w:t>{content}</w:t></w:r>"
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


def cell(*paragraphs: str) -> str:
    return f"<w:tc>{''.join(paragraphs)}</w:tc>"


def build_docx(body: str) -> bytes:
    """A python-docx package whose body is replaced by test XML (styles and section kept)."""
    document = docx.Document()
    body_element = document.element.body
    section = body_element.find(f"{{{W_NS}}}sectPr")
    for child in list(body_element):
        if child is not section:
            body_element.remove(child)
    for child in parse_xml(f"<w:body {_W} {_MC}>{body}</w:body>"):
        section.addprevious(child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BOX = para("Boxed note on escrow.")
AWKWARD_BODY = "".join(
    [
        para("Outsourcing Agreement", style="Title"),
        para(""),
        para('<w:hyperlink w:history="1"><w:r><w:t>Portal terms apply.</w:t></w:r></w:hyperlink>'),
        para(
            f'<w:del w:id="901" {_CHANGE}><w:r><w:delText>Removed clause.</w:delText></w:r></w:del>',
            properties=f'<w:rPr><w:del w:id="902" {_CHANGE}/></w:rPr>',
        ),
        # Whole paragraphs wrapped in tracked changes: which are counted depends on the view.
        f'<w:del w:id="904" {_CHANGE}>{para("<w:r><w:delText>Old wrapped.</w:delText></w:r>")}</w:del>',
        f'<w:ins w:id="905" {_CHANGE}>{para("New wrapped clause.")}</w:ins>',
        "<w:tbl><w:tr>",
        cell(para("Service credits apply."), para("Credits are capped.")),
        cell(
            f"<w:tbl><w:tr>{cell(para('Nested cell text.'))}</w:tr></w:tbl>",
            para("After the nested table."),
        ),
        "</w:tr></w:tbl>",
        para(
            "<w:r><w:t>Anchor text.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires='wps'>"
            f"<w:drawing><w:txbxContent>{BOX}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback>"
            f"<w:pict><w:txbxContent>{BOX}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        ),
        f"<w:sdt><w:sdtContent>{para('Controlled clause.')}</w:sdtContent></w:sdt>",
        para(
            f'<w:ins w:id="903" {_CHANGE}><w:r><w:t xml:space="preserve">Inserted start.</w:t></w:r></w:ins>'
            '<w:r><w:t xml:space="preserve"> Plain end.</w:t></w:r>'
        ),
        para("Final clause."),
    ]
)


def finding_on(rule_id: str, start: int | None, end: int | None) -> Finding:
    return Finding(
        rule_id=rule_id,
        title="Test rule",
        severity="warning",
        area="test",
        message="Something is off.",
        start=start,
        end=end,
        remediation="Model clause text.",
    )


@pytest.mark.parametrize("original", [False, True], ids=["accepted", "original"])
def test_every_block_kind_maps_back_to_its_paragraphs(tmp_path: Path, original: bool) -> None:
    source = tmp_path / "awkward.docx"
    source.write_bytes(build_docx(AWKWARD_BODY))
    document = parse_file(source, Limits(docx_original_text=original))
    assert "Removed clause." in document.text if original else "Removed clause." not in document.text
    findings = [finding_on(f"T-{block.index:03}", block.start, block.end) for block in document.blocks]
    findings.append(finding_on("MISSING", None, None))
    spanning = finding_on("SPAN", document.blocks[1].start, document.blocks[-1].end)
    findings.append(spanning)
    result = DocumentResult(path=str(source), document=document, findings=findings)
    output = tmp_path / "review.docx"

    assert annotate_docx(source, output, result) == len(findings)

    covered = commented_text(output, deleted=original)
    by_rule = comments_by_rule(output)
    for block in document.blocks:
        ((comment_id, _),) = by_rule[f"T-{block.index:03}"]
        assert squash(block.text) in squash(covered[comment_id]), block.text
    ((title_id, _),) = by_rule["MISSING"]
    assert covered[title_id] == "Outsourcing Agreement"
    ((span_id, _),) = by_rule["SPAN"]
    assert squash(covered[span_id]).startswith("Portalterms")
    assert squash(covered[span_id]).endswith("Finalclause.")
    # The copy reads back with the same text: anchoring added no visible characters.
    assert parse_file(output, Limits(docx_original_text=original)).text == document.text


def test_the_nested_table_cell_and_its_outer_cell_are_told_apart(tmp_path: Path) -> None:
    """Both cells start at the nested table's first paragraph; the cell reference separates them."""
    source = tmp_path / "awkward.docx"
    source.write_bytes(build_docx(AWKWARD_BODY))
    document = parse_file(source)
    outer = next(block for block in document.blocks if block.text == "After the nested table.")
    nested = next(block for block in document.blocks if block.text == "Nested cell text.")
    assert outer.paragraph == nested.paragraph
    result = DocumentResult(
        path=str(source),
        document=document,
        findings=[
            finding_on("OUTER", outer.start, outer.end),
            finding_on("NESTED", nested.start, nested.end),
        ],
    )
    output = tmp_path / "review.docx"
    annotate_docx(source, output, result)
    covered = commented_text(output)
    by_rule = comments_by_rule(output)
    assert covered[by_rule["NESTED"][0][0]] == "Nested cell text."
    assert covered[by_rule["OUTER"][0][0]] == "After the nested table."


def test_spans_word_cannot_show_shrink_to_their_first_block(tmp_path: Path) -> None:
    """A range may not leave a text box, nor end before it starts (outer cell -> nested table)."""
    source = tmp_path / "awkward.docx"
    source.write_bytes(build_docx(AWKWARD_BODY))
    document = parse_file(source)
    text = {block.text: block for block in document.blocks}
    box, final = text["Boxed note on escrow."], text["Final clause."]
    outer, nested = text["After the nested table."], text["Nested cell text."]
    assert outer.index < nested.index
    findings = [finding_on("BOX", box.start, final.end), finding_on("CELL", outer.start, nested.end)]
    result = DocumentResult(path=str(source), document=document, findings=findings)
    output = tmp_path / "review.docx"
    annotate_docx(source, output, result)
    covered = commented_text(output)
    by_rule = comments_by_rule(output)
    assert covered[by_rule["BOX"][0][0]] == "Boxed note on escrow."
    assert covered[by_rule["CELL"][0][0]] == "After the nested table."


def test_comment_text_drops_characters_xml_cannot_hold() -> None:
    finding = finding_on("X-1", None, None)
    text = comment_text(Finding(**{**finding.to_dict(), "message": "Bad\x00 \x0bchars."}))
    assert "Bad chars." in text and "\x00" not in text


# -- LibreOffice ------------------------------------------------------------------------------------


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_copy_and_reads_every_comment(
    annotated: Path, tmp_path: Path, thin: tuple[Path, DocumentResult]
) -> None:
    office = libreoffice()
    assert office is not None
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    for target in ("pdf", "odt"):
        completed = subprocess.run(
            [
                office,
                profile,
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path),
                str(annotated),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        converted = tmp_path / f"{annotated.stem}.{target}"
        assert completed.returncode == 0, completed.stderr
        assert converted.is_file() and converted.stat().st_size > 0, completed.stdout + completed.stderr
    assert (tmp_path / "review.pdf").read_bytes().startswith(b"%PDF-")
    with zipfile.ZipFile(tmp_path / "review.odt") as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == len(
        thin[1].findings
    )


# -- the command -----------------------------------------------------------------------------------


def invoke(*args: str, debug: bool = False) -> Result:
    return CliRunner().invoke(annotate, list(args), obj=SimpleNamespace(debug=debug))


def test_command_writes_the_review_copy(thin: tuple[Path, DocumentResult], tmp_path: Path) -> None:
    source, result = thin
    before = sha256(source)
    output = tmp_path / "review.docx"
    outcome = invoke(str(source), "--output", str(output), "--no-config")
    assert outcome.exit_code == 0, outcome.output
    comments = list(docx.Document(str(output)).comments)
    assert len(comments) == len(result.findings)
    assert f"{len(comments)} comment(s) written to {output}" in outcome.stdout
    assert sha256(source) == before


def test_command_selects_rules(thin: tuple[Path, DocumentResult], tmp_path: Path) -> None:
    source, _ = thin
    output = tmp_path / "review.docx"
    outcome = invoke(str(source), "-o", str(output), "--no-config", "--select", "SLA", "--ignore", "SLA-002")
    assert outcome.exit_code == 0, outcome.output
    rules = {comment.text.split(" ", 1)[0] for comment in docx.Document(str(output)).comments}
    assert rules and all(rule.startswith("SLA-") for rule in rules) and "SLA-002" not in rules


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("legacy.doc", "unsupported_format"),
        ("xml-entity-bomb.docx", "unsafe_xml"),
        ("missing.docx", "not_found"),
    ],
)
def test_command_refuses_unreadable_input_in_one_line(
    bad_dir: Path, tmp_path: Path, name: str, expected: str
) -> None:
    output = tmp_path / "review.docx"
    outcome = invoke(str(bad_dir / name), "-o", str(output), "--no-config")
    assert outcome.exit_code == 2
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and f"[{expected}]" in lines[0] and "Traceback" not in lines[0]
    assert not output.exists()


def test_command_refuses_a_pdf_and_the_input_as_output(contracts_dir: Path, tmp_path: Path) -> None:
    pdf = invoke(str(contracts_dir / "thin-vendor-agreement.pdf"), "-o", str(tmp_path / "x.docx"))
    assert pdf.exit_code == 2 and "not a Word document (pdf)" in pdf.stderr
    source = tmp_path / "contract.docx"
    shutil.copyfile(contracts_dir / THIN, source)
    before = sha256(source)
    same = invoke(str(source), "-o", str(source))
    assert same.exit_code == 2 and "input file" in same.stderr
    assert len(same.stderr.strip().splitlines()) == 1
    assert sha256(source) == before


def test_command_shows_a_traceback_only_with_debug(bad_dir: Path, tmp_path: Path) -> None:
    arguments = (str(bad_dir / "legacy.doc"), "-o", str(tmp_path / "x.docx"), "--no-config")
    assert "Traceback" not in invoke(*arguments).stderr
    assert "Traceback" in invoke(*arguments, debug=True).stderr


def test_command_reports_an_unwritable_output_in_one_line(
    thin: tuple[Path, DocumentResult], tmp_path: Path
) -> None:
    source, _ = thin
    output = tmp_path / "no-such-folder" / "review.docx"
    outcome = invoke(str(source), "-o", str(output), "--no-config")
    assert outcome.exit_code == 2
    assert outcome.stderr.strip().splitlines() == [
        f"contract-checker: {output}: the output folder {output.parent} does not exist"
    ]
    assert not os.path.exists(output.parent)


def test_command_refuses_an_unknown_selector(thin: tuple[Path, DocumentResult], tmp_path: Path) -> None:
    source, _ = thin
    output = tmp_path / "review.docx"
    outcome = invoke(str(source), "-o", str(output), "--no-config", "--select", "NOPE-999")
    assert outcome.exit_code == 2
    assert "NOPE-999" in outcome.stderr and len(outcome.stderr.strip().splitlines()) == 1
    assert not output.exists()
