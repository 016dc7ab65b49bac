import io

from checker.audit.progress import AuditProgress


def test_plain_lines_carry_counts_rate_eta_and_failures_but_no_text() -> None:
    stream = io.StringIO()
    progress = AuditProgress(4, stream=stream, interval=0.0)
    progress.advance(pages=12, failed=False)
    progress.advance(pages=None, failed=True)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3  # one per document (interval 0) and the final one
    assert lines[-1].startswith("audit: 2/4 documents, 12 pages, ")
    assert "docs/s" in lines[-1] and "ETA " in lines[-1] and lines[-1].endswith("1 failed")
    assert "\r" not in stream.getvalue()  # no carriage-return redraws in logs


def test_lines_are_spaced_by_the_interval() -> None:
    stream = io.StringIO()
    progress = AuditProgress(100, stream=stream, interval=3600.0)
    for _ in range(50):
        progress.advance(pages=1, failed=False)
    assert stream.getvalue() == ""
    progress.close()
    assert stream.getvalue().count("\n") == 1
