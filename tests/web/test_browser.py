"""The review app in a real browser: Playwright driving Debian's Chromium (never a downloaded one).

The server is started the way a user starts it (`contract-checker serve` on a free loopback
port). Skipped when /usr/bin/chromium or Playwright is missing, unless
CONTRACT_CHECKER_REQUIRE_BROWSER=1 (CI installs Chromium, so there the tests must run).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONTRACTS = REPO / "fixtures" / "contracts"
CHROMIUM = "/usr/bin/chromium"


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed"
    return None


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    missing = _browser_missing()
    if missing and os.environ.get("CONTRACT_CHECKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"a browser is required (CONTRACT_CHECKER_REQUIRE_BROWSER=1): {missing}", pytrace=False)
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    scratch = tmp_path_factory.mktemp("serve-tmp")
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--port", str(port)],
        cwd=tmp_path_factory.mktemp("serve-cwd"),
        env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(scratch)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(
                    f"serve exited: {process.stdout.read() if process.stdout else ''}"
                ) from None
            time.sleep(0.2)
    yield url
    process.terminate()
    log, _ = process.communicate(timeout=30)
    # Nothing of the contracts reviewed may reach the server's log, or stay on its disk.
    assert "Vendor Services Agreement" not in log and "Quickline" not in log
    assert list(scratch.iterdir()) == []


def _review(chromium: object, server: str, contract: Path):
    page = chromium.new_page(accept_downloads=True)  # type: ignore[attr-defined]
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(server + "/")
    page.set_input_files("#file-input", str(contract))
    page.click("button[data-output=review]")
    page.wait_for_selector("mark.clause", timeout=60_000)
    return page, violations


def test_upload_review_highlights_and_findings_then_word_copy(
    chromium: object, server: str, tmp_path: Path
) -> None:
    page, violations = _review(chromium, server, CONTRACTS / "thin-vendor-agreement.docx")
    categories = page.eval_on_selector_all("mark.clause", "marks => marks.map(m => m.dataset.category)")
    assert {"payment_terms", "limitation_of_liability"} <= set(categories) and len(set(categories)) >= 8
    finding = page.locator("article.finding[data-finding=BCP-001]")
    assert finding.is_visible()
    assert "business continuity" in finding.inner_text().lower()

    with page.expect_download(timeout=60_000) as download_info:
        page.click("button[data-download=docx]")
    saved = tmp_path / "review-copy.docx"
    download_info.value.save_as(saved)
    import docx

    comments = list(docx.Document(str(saved)).comments)
    assert len(comments) > 10
    assert any("BCP-001" in comment.text for comment in comments)
    assert violations == []
    page.close()


def test_filters_hide_and_show_findings(chromium: object, server: str) -> None:
    page, violations = _review(chromium, server, CONTRACTS / "thin-vendor-agreement.txt")
    errors = page.locator("article.finding[data-severity=error]")
    assert errors.first.is_visible()
    page.uncheck("input[name=severity][value=error]")
    assert not errors.first.is_visible()
    assert page.locator("article.finding[data-severity=warning]").first.is_visible()
    page.check("input[name=severity][value=error]")
    assert errors.first.is_visible()
    assert violations == []
    page.close()


def test_an_unsupported_file_gets_a_clear_message(chromium: object, server: str, tmp_path: Path) -> None:
    legacy = tmp_path / "old-contract.doc"
    shutil.copy(REPO / "fixtures" / "bad" / "legacy.doc", legacy)
    page = chromium.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.set_input_files("#file-input", str(legacy))
    page.click("button[data-output=review]")
    status = page.locator("#status")
    status.wait_for(state="visible")
    page.wait_for_function("document.querySelector('#status').textContent.length > 0", timeout=30_000)
    assert "unsupported" in status.inner_text().lower() or "not" in status.inner_text().lower()
    page.close()
