"""Property tests of the JSON API against its own OpenAPI document (schemathesis).

Schemathesis reads ``/openapi.json`` from the app and sends generated requests to each
operation — random multipart uploads to ``POST /api/check`` (mostly unreadable bytes, so 400,
415 and 422, and some plain text it checks for real), valid and invalid profiles to
``GET /api/rules`` — and checks that no response is a server error and that every status,
content type and body is one the document declares. A few examples per operation keep it quick.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from checker.web.app import WebSettings, create_app
from tests.web.conftest import SECRET

# Schemathesis addresses the app as "testserver".
app = create_app(WebSettings(secret=SECRET, allowed_hosts=("testserver",)))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)


def test_the_document_covers_the_api() -> None:
    operations = {(result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()}
    assert operations == {("POST", "/api/check"), ("GET", "/api/rules")}
