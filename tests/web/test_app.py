"""The review web app through TestClient: pages, downloads, API and the safety points of docs/web.md."""

from __future__ import annotations

import io
import json
import logging
import os
import stat
import tempfile
from pathlib import Path

import docx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from checker.web.security import CONTENT_SECURITY_POLICY
from checker.web.uploads import WORKSPACE_PREFIX, private_workspace, safe_file_name
from tests.conftest import BAD, CONTRACTS, REPO_ROOT, SCHEMAS
from tests.web.conftest import TOKEN, AppFactory, csrf_token, post_file

THIN = "thin-vendor-agreement"
# Findings the thin vendor agreement raises (see `contract-checker check` on it).
KNOWN_FINDINGS = ("EXIT-001", "SLA-001")
# Sentences of the contract that must never reach a log line.
CONTRACT_SENTENCES = (
    "Vendor may use third-party hosting providers",
    "Customer shall pay the Fees for the plan selected",
)
SARIF_SCHEMA = REPO_ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def assert_security_headers(response) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


# -- pages -----------------------------------------------------------------------------------------


def test_upload_page_offers_every_output_and_profile(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="file"' in html
    assert 'name="csrf_token"' in html
    for target in ("/download/docx", "/download/html", "/download/json", "/download/sarif"):
        assert f'formaction="{target}"' in html
    for profile in ("outsourcing", "saas", "data-processing", "offshore"):
        assert f'value="{profile}"' in html
    assert "<script>" not in html and "style=" not in html  # nothing inline: the CSP forbids it
    assert '<script src="/static/app.js" defer>' in html


@pytest.mark.parametrize("suffix", ["txt", "docx", "pdf"])
def test_review_page_highlights_clauses_and_lists_findings(client: TestClient, suffix: str) -> None:
    response = post_file(client, "/review", CONTRACTS / f"{THIN}.{suffix}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert html.count("data-category=") >= 10
    assert 'data-category="payment_terms"' in html
    assert '<span class="clause-label"' in html
    for rule_id in KNOWN_FINDINGS:
        assert f'data-finding="{rule_id}"' in html
    assert 'class="evidence sev-error"' in html  # located findings are marked in the text
    assert "Model clause" in html and "Why it matters" in html
    assert f"{THIN}.{suffix}" in html
    assert WORKSPACE_PREFIX not in html  # the private folder's path never reaches the page
    assert ' style="' not in html and "<script>" not in html  # nothing inline: the CSP forbids it


def test_review_downloads_offer_the_word_copy_only_for_word_files(client: TestClient) -> None:
    from_docx = post_file(client, "/review", CONTRACTS / f"{THIN}.docx").text
    from_pdf = post_file(client, "/review", CONTRACTS / f"{THIN}.pdf").text
    assert 'data-download="docx"' in from_docx
    assert 'data-download="docx"' not in from_pdf
    assert 'data-download="sarif"' in from_pdf


def test_contract_text_is_escaped(client: TestClient) -> None:
    hostile = (
        b"SERVICES AGREEMENT\n\n1. Services\n\n1.1 The Supplier shall <script>alert(1)</script> perform.\n"
    )
    response = post_file(client, "/review", content=hostile, name='"><img src=x onerror=alert(1)>.txt')
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<img src=x" not in response.text


# -- downloads -------------------------------------------------------------------------------------


def test_annotated_docx_download_has_comments(client: TestClient) -> None:
    response = post_file(client, "/download/docx", CONTRACTS / f"{THIN}.docx")
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX_TYPE
    assert f'filename="{THIN}.review.docx"' in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    comments = list(docx.Document(io.BytesIO(response.content)).comments)
    assert len(comments) > 10
    assert any("EXIT-001" in comment.text for comment in comments)


def test_annotated_docx_needs_a_word_file(client: TestClient) -> None:
    response = post_file(client, "/download/docx", CONTRACTS / f"{THIN}.pdf")
    assert response.status_code == 415
    assert "Word" in response.text


def test_html_report_download(client: TestClient) -> None:
    response = post_file(client, "/download/html", CONTRACTS / f"{THIN}.txt")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.text.lstrip().lower().startswith("<!doctype html")
    assert "EXIT-001" in response.text
    assert WORKSPACE_PREFIX not in response.text


def test_json_report_download_validates_against_the_report_schema(client: TestClient) -> None:
    response = post_file(client, "/download/json", CONTRACTS / f"{THIN}.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    report = response.json()
    jsonschema.validate(report, json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8")))
    document = report["documents"][0]
    assert document["path"] == f"{THIN}.pdf"
    assert {finding["document"] for finding in document["findings"]} == {f"{THIN}.pdf"}
    assert {"EXIT-001", "SLA-001"} <= {finding["rule_id"] for finding in document["findings"]}
    assert WORKSPACE_PREFIX not in response.text


def test_sarif_download_validates_against_the_sarif_schema(client: TestClient) -> None:
    response = post_file(client, "/download/sarif", CONTRACTS / f"{THIN}.txt")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sarif+json"
    log = response.json()
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == f"{THIN}.txt"
    assert {result["ruleId"] for result in run["results"]} >= set(KNOWN_FINDINGS)
    assert WORKSPACE_PREFIX not in response.text
    if SARIF_SCHEMA.is_file():
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(schema).validate(log)


def test_unknown_download_format_is_404(client: TestClient) -> None:
    assert post_file(client, "/download/pdf", CONTRACTS / f"{THIN}.txt").status_code == 404


# -- JSON API --------------------------------------------------------------------------------------


def test_api_check_returns_the_report_document(client: TestClient, report_schema: dict) -> None:
    with (CONTRACTS / f"{THIN}.docx").open("rb") as handle:
        response = client.post("/api/check", files={"file": (f"{THIN}.docx", handle)})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    report = response.json()
    jsonschema.validate(report, report_schema)
    assert report["summary"]["findings"] > 0
    assert report["documents"][0]["clauses"]


def test_api_check_takes_a_profile_and_refuses_an_unknown_one(client: TestClient) -> None:
    content = (CONTRACTS / f"{THIN}.txt").read_bytes()
    saas = client.post("/api/check", files={"file": ("c.txt", content)}, data={"profile": "saas"})
    assert saas.status_code == 200
    unknown = client.post("/api/check", files={"file": ("c.txt", content)}, data={"profile": "nope"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_profile"


def test_api_check_needs_a_multipart_file(client: TestClient) -> None:
    assert client.post("/api/check", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 400
    no_file = client.post("/api/check", data={"profile": "saas"}, files={"other": ("a", b"")})
    assert no_file.status_code == 400
    assert no_file.json()["error"]["code"] == "bad_request"


def test_api_rules_lists_rules_with_profiles(client: TestClient) -> None:
    response = client.get("/api/rules")
    assert response.status_code == 200
    catalogue = response.json()
    rules = {rule["id"]: rule for rule in catalogue["rules"]}
    assert {"EXIT-001", "SLA-001"} <= set(rules)
    assert set(rules["EXIT-001"]) == {"id", "title", "area", "severity", "profiles", "tags"}
    assert "outsourcing" in rules["EXIT-001"]["profiles"]
    assert {profile["name"] for profile in catalogue["profiles"]} >= {"outsourcing", "saas"}
    saas = client.get("/api/rules", params={"profile": "saas"}).json()
    assert saas["profile"] == "saas"
    assert 0 < len(saas["rules"]) <= len(catalogue["rules"])
    assert all("saas" in rule["profiles"] for rule in saas["rules"])
    assert client.get("/api/rules", params={"profile": "nope"}).status_code == 422


def test_openapi_is_published(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/check", "/api/rules"} <= set(spec["paths"])
    assert "/review" not in spec["paths"]
    assert "Report" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


# -- refusals: size, type, unreadable --------------------------------------------------------------


def test_oversized_upload_is_413(make_client: AppFactory) -> None:
    small = make_client(max_upload_bytes=1024)
    content = (CONTRACTS / f"{THIN}.docx").read_bytes()
    api = small.post("/api/check", files={"file": ("big.docx", content)})
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "file_too_large"
    assert "limit" in api.json()["error"]["message"]
    page = post_file(small, "/review", content=content, name="big.docx")
    assert page.status_code == 413
    assert 'class="error-message" data-code="file_too_large"' in page.text
    assert_security_headers(page)


def test_oversized_upload_is_refused_while_streaming(make_client: AppFactory) -> None:
    """No Content-Length to trust: the body is counted as it arrives."""
    small = make_client(max_upload_bytes=1024)
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'.encode()
        + b"x" * 200_000
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def chunks():
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]

    response = small.post(
        "/api/check", content=chunks(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("random.bin", bytes(range(256)) * 8),
        ("contract.docx", b"\x00\x00" + os.urandom(4096)),
        ("legacy.doc", (BAD / "legacy.doc").read_bytes()),
    ],
)
def test_unsupported_format_is_415(client: TestClient, name: str, content: bytes) -> None:
    response = client.post("/api/check", files={"file": (name, content, "application/pdf")})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_format"
    page = post_file(client, "/review", content=content, name=name)
    assert page.status_code == 415
    assert "unsupported format" in page.text


@pytest.mark.parametrize("name", ["zip-bomb.docx", "encrypted.pdf", "truncated.pdf", "empty.txt"])
def test_unreadable_file_is_422_with_its_code(
    client: TestClient, name: str, expected_errors: dict[str, str]
) -> None:
    response = client.post("/api/check", files={"file": (name, (BAD / name).read_bytes())})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == expected_errors[name]
    assert error["message"]
    page = post_file(client, "/review", BAD / name)
    assert page.status_code == 422
    assert f'data-code="{expected_errors[name]}"' in page.text
    assert "--" not in error["message"]  # no command-line options in a browser's message


# -- headers, CSRF, token, host ----------------------------------------------------------------------


def test_security_headers_on_every_response(client: TestClient) -> None:
    responses = [
        client.get("/"),
        client.get("/static/app.css"),
        client.get("/static/app.js"),
        client.get("/api/rules"),
        client.get("/openapi.json"),
        client.get("/no-such-page", headers={"Accept": "text/html"}),
        client.get("/audit"),
        post_file(client, "/review", CONTRACTS / f"{THIN}.txt"),
        post_file(client, "/download/json", CONTRACTS / f"{THIN}.txt"),
        post_file(client, "/review", CONTRACTS / f"{THIN}.txt", csrf=False),
        client.post("/api/check", files={"file": ("x.bin", bytes(range(256)))}),
    ]
    for response in responses:
        assert_security_headers(response)
    assert responses[1].headers["content-type"].startswith("text/css")
    assert responses[2].headers["cache-control"] == "private, max-age=300"


def test_form_post_without_csrf_token_is_403(client: TestClient) -> None:
    path = CONTRACTS / f"{THIN}.txt"
    csrf_token(client)  # the browser has the cookie, the post lacks the field
    assert post_file(client, "/review", path, csrf=False).status_code == 403
    assert post_file(client, "/download/json", path, csrf=False).status_code == 403
    forged = post_file(client, "/review", path, csrf=False, fields={"csrf_token": "forged.value.sig"})
    assert forged.status_code == 403
    assert "CSRF" in forged.text


def test_form_post_without_csrf_cookie_is_403(make_client: AppFactory) -> None:
    fresh = make_client()
    token = csrf_token(fresh)
    fresh.cookies.clear()  # a cross-site post carries no SameSite=Strict cookie
    response = post_file(
        fresh, "/review", CONTRACTS / f"{THIN}.txt", csrf=False, fields={"csrf_token": token}
    )
    assert response.status_code == 403


def test_csrf_token_of_another_cookie_is_refused(make_client: AppFactory) -> None:
    first, second = make_client(), make_client()
    token = csrf_token(first)
    csrf_token(second)
    response = post_file(
        second, "/review", CONTRACTS / f"{THIN}.txt", csrf=False, fields={"csrf_token": token}
    )
    assert response.status_code == 403


def test_csrf_token_may_come_as_a_header(client: TestClient) -> None:
    token = csrf_token(client)
    response = post_file(
        client, "/review", CONTRACTS / f"{THIN}.txt", csrf=False, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200


def test_csrf_cookie_is_httponly_and_strict(make_client: AppFactory) -> None:
    cookie = make_client().get("/").headers["set-cookie"]
    assert (
        "cc_csrf=" in cookie
        and "HttpOnly" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
    )


def test_token_mode_needs_the_token_everywhere(make_client: AppFactory) -> None:
    guarded = make_client(host="0.0.0.0", token=TOKEN)
    for path in ("/", "/api/rules", "/openapi.json", "/static/app.css"):
        refused = guarded.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["www-authenticate"] == "Bearer"
        assert_security_headers(refused)
    assert (
        guarded.get("/api/rules", headers={"Authorization": "Bearer wrong-token-wrong-token"}).status_code
        == 401
    )
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/rules", headers=bearer).status_code == 200
    content = (CONTRACTS / f"{THIN}.txt").read_bytes()
    assert guarded.post("/api/check", files={"file": ("c.txt", content)}).status_code == 401
    assert guarded.post("/api/check", files={"file": ("c.txt", content)}, headers=bearer).status_code == 200


def test_token_query_parameter_sets_a_session_cookie(make_client: AppFactory) -> None:
    guarded = make_client(host="0.0.0.0", token=TOKEN)
    first = guarded.get("/", params={"token": TOKEN})
    assert first.status_code == 200
    cookie = next(value for value in first.headers.get_list("set-cookie") if value.startswith("cc_session="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
    # The browser now carries the cookie: pages, static files and form posts work without the token.
    assert guarded.get("/static/app.js").status_code == 200
    assert post_file(guarded, "/review", CONTRACTS / f"{THIN}.txt").status_code == 200
    guarded.cookies.clear()
    assert guarded.get("/").status_code == 401


def test_loopback_server_refuses_foreign_host_names(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not read the server."""
    assert client.get("/api/rules", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/rules", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/api/rules", headers={"Host": "[::1]:8000"}).status_code == 200


def test_non_loopback_host_without_token_is_refused_by_the_factory() -> None:
    from checker.web.app import SettingsError, WebSettings, create_app

    with pytest.raises(SettingsError, match="token"):
        create_app(WebSettings(host="0.0.0.0"))
    with pytest.raises(SettingsError, match="at least"):
        create_app(WebSettings(host="0.0.0.0", token="short"))


# -- nothing kept, nothing logged ------------------------------------------------------------------


def test_uploads_leave_no_temporary_files(
    make_client: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    app = make_client(max_upload_bytes=2_000_000)
    seen: list[Path] = []
    import checker.web.service as service

    real_sniff = service.sniff

    def spying_sniff(upload):  # type: ignore[no-untyped-def]
        seen.append(upload.path)
        assert upload.path.is_relative_to(scratch)
        assert stat.S_IMODE(upload.path.parent.parent.stat().st_mode) == 0o700
        return real_sniff(upload)

    monkeypatch.setattr(service, "sniff", spying_sniff)
    assert post_file(app, "/review", CONTRACTS / f"{THIN}.txt").status_code == 200
    assert post_file(app, "/download/docx", CONTRACTS / f"{THIN}.docx").status_code == 200
    assert post_file(app, "/download/sarif", CONTRACTS / f"{THIN}.txt").status_code == 200
    assert (
        app.post("/api/check", files={"file": ("b.docx", (BAD / "zip-bomb.docx").read_bytes())}).status_code
        == 422
    )
    assert app.post("/api/check", files={"file": ("big.pdf", b"%PDF-" + b"0" * 2_100_000)}).status_code == 413
    assert len(seen) == 4
    assert list(scratch.iterdir()) == []


def test_private_workspace_is_owner_only_and_removed() -> None:
    with private_workspace() as folder:
        assert folder.name.startswith(WORKSPACE_PREFIX)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        (folder / "inside").write_text("x")
    assert not folder.exists()
    with pytest.raises(RuntimeError), private_workspace() as folder:
        raise RuntimeError
    assert not folder.exists()


def test_logs_hold_no_contract_text_file_names_or_tokens(
    make_client: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    guarded = make_client(host="0.0.0.0", token=TOKEN)
    assert guarded.get("/", params={"token": TOKEN}).status_code == 200
    secret_name = "Project-Nightingale-draft.txt"
    content = (CONTRACTS / f"{THIN}.txt").read_bytes()
    assert post_file(guarded, "/review", content=content, name=secret_name).status_code == 200
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert (
        guarded.post("/api/check", files={"file": (secret_name, content)}, headers=bearer).status_code == 200
    )
    bomb = (BAD / "zip-bomb.docx").read_bytes()
    assert guarded.post("/api/check", files={"file": (secret_name, bomb)}, headers=bearer).status_code == 422
    # What the server logged (the test client's own request log, which shows URLs, is not the server's).
    logged = "\n".join(
        record.getMessage() for record in caplog.records if not record.name.startswith("httpx")
    )
    assert "POST /review 200" in logged  # the access log is there, with method, path and status
    assert "Nightingale" not in logged
    assert TOKEN not in logged
    for sentence in CONTRACT_SENTENCES:
        assert sentence not in logged


def test_internal_errors_are_500_without_details(
    make_client: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.web.app as app_module

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("Customer shall pay the Fees for the plan selected")

    monkeypatch.setattr(app_module, "build_review", broken)
    app = make_client()
    response = post_file(app, "/review", CONTRACTS / f"{THIN}.txt")
    assert response.status_code == 500
    assert "Customer shall pay" not in response.text
    assert_security_headers(response)


# -- small pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("contract.docx", "contract.docx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Vertrag über IT.docx", "Vertrag über IT.docx"),
        ("a\x00b\nc.txt", "abc.txt"),
        ("<script>.md", "_script_.md"),
        ("..", "contract"),
        ("", "contract"),
        (None, "contract"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_safe_file_name(given: str | None, expected: str) -> None:
    assert safe_file_name(given) == expected
