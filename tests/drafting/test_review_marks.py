"""Highlights, comments and tracked changes: counted, located, a replacement read as one edit."""

from __future__ import annotations

from checker.drafting import DraftingAnalysis
from tests.drafting.conftest import drafting_of, found
from tests.parsers.test_docx import _CHANGE, make_docx, para, parse


def test_critic_markup_marks_become_slips_at_their_text() -> None:
    drafting = drafting_of(
        "# Agreement\n\n## 1. Term\n\n1.1 Starts on {==1 March==}, fee {~~ten~>twenty~~} and "
        "{==cap==}{>>too high<<} and{++ more++}.\n\n{--A deleted paragraph.--}\n"
    )
    assert found(drafting, "highlights") == [("highlight", "1 March")]
    assert found(drafting, "comments") == [("comment", "cap")]
    changes = drafting.slips("tracked_changes")
    assert [(slip.kind, slip.facts["change"]) for slip in changes] == [
        ("replacement", "replaced “ten” with “twenty”"),
        ("insertion", "inserted “more”"),
        ("deletion", "deleted “A deleted paragraph.”"),
    ]
    assert [slip.facts["index"] for slip in changes] == ["1", "2", "3"]
    assert {slip.facts["count"] for slip in changes} == {"3"}
    comment = drafting.slips("comments")[0]
    assert comment.facts["note"] == "too high"


def test_a_deletion_points_at_the_paragraph_it_was_in() -> None:
    drafting = drafting_of("# Agreement\n\n1.1 The fee is {--not --}payable.\n")
    [slip] = drafting.slips("tracked_changes")
    assert drafting.agreement.documents[0].text[slip.start : slip.end] == "1.1 The fee is payable."


def test_docx_comment_highlight_and_change_with_author() -> None:
    highlighted = '<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t>[DATE]</w:t></w:r>'
    body = para("The Supplier indemnifies the Customer.") + para(
        f"<w:r><w:t xml:space='preserve'>Starts on </w:t></w:r>{highlighted}"
        f'<w:ins w:id="9" {_CHANGE}><w:r><w:t xml:space="preserve"> at noon</w:t></w:r></w:ins>'
    )
    document = parse(make_docx(body, comment_on_first_paragraph="Resist this"))
    drafting = DraftingAnalysis([document])
    assert found(drafting, "highlights") == [("highlight", "[DATE]")]
    assert found(drafting, "comments") == [("comment", "The Supplier indemnifies the Customer.")]
    [comment] = drafting.slips("comments")
    assert comment.facts["author"] == "Reviewer" and comment.facts["note"] == "Resist this"
    assert found(drafting, "tracked_changes") == [("insertion", "at noon")]
