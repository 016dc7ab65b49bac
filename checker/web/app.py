"""The review web app (``contract-checker serve``): upload a contract, read the review, download the reports.

:func:`create_app` builds a FastAPI application from :class:`WebSettings`. Pages are rendered
on the server with Jinja2 (autoescaping on for every template: contract text is hostile
input); ``static/app.js`` adds drag and drop, in-place review, filters, copy buttons and
downloads, and everything works without it.

Nothing is kept between requests. A form post or API call streams its file into a private
folder (:mod:`checker.web.uploads`), the file is checked in a worker process with the CLI's
limits (:mod:`checker.web.service`), the answer is rendered, and the folder is deleted before
the response is sent. Downloads therefore send the file again: without JavaScript the upload
form has one button per output, each posting straight to it; with JavaScript the page keeps
the chosen ``File`` and posts it again for each download.

Routes: ``GET /`` upload page; ``POST /review`` review page; ``POST /download/{fmt}`` (docx,
html, json, sarif); ``POST /api/check`` and ``GET /api/rules`` (JSON, documented at
``/openapi.json``); with a store, ``GET /audit``, ``GET /audit/{document_id}`` and
``GET /audit/export/{fmt}``; ``/static/*``.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi.middleware import Middleware
from fastapi.openapi.utils import get_openapi
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from checker import __version__
from checker.annotate import AnnotateError
from checker.limits import MEGABYTE, Limits
from checker.rules.options import RuleOptions, prepare_rules
from checker.rules.profiles import DEFAULT_PROFILE, load_profiles, rule_profiles
from checker.web.security import (
    CSRF_FIELD,
    MIN_TOKEN_CHARS,
    AccessLog,
    CsrfError,
    CsrfProtector,
    ErrorShield,
    HostCheck,
    SecurityHeaders,
    TokenAuth,
    is_loopback,
    wants_json,
)
from checker.web.service import (
    DOWNLOADS,
    CheckedUpload,
    CheckGate,
    check_upload,
    content_disposition,
    download_name,
    json_report,
    render_download,
)
from checker.web.uploads import Upload, UploadError, private_workspace, receive_upload
from checker.web.views import build_review

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
PROFILE_FIELD = "profile"
# How the review page counts findings of each severity (one, several).
TALLY_WORDS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}


class SettingsError(ValueError):
    """Settings the server must refuse to start with; one line each."""


@dataclass(frozen=True, slots=True)
class WebSettings:
    """How the server runs; the command line (``checker/cli_serve.py``) fills it in."""

    host: str = "127.0.0.1"
    port: int = 8000
    db: str | None = None
    profile: str = DEFAULT_PROFILE
    token: str | None = None
    max_upload_bytes: int = 50 * MEGABYTE
    timeout_seconds: float = Limits().timeout_seconds
    max_memory_bytes: int = Limits().max_memory_bytes
    max_concurrent_checks: int = 2
    # Host names requests may address; None derives them from ``host`` (see trusted_hosts).
    allowed_hosts: tuple[str, ...] | None = None
    # Signs CSRF tokens; a fresh random secret per process unless given (tests).
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @property
    def limits(self) -> Limits:
        """The CLI's limits, with the upload limit as the file size limit."""
        return Limits(
            max_file_bytes=self.max_upload_bytes,
            timeout_seconds=self.timeout_seconds,
            max_memory_bytes=self.max_memory_bytes,
        )

    def trusted_hosts(self) -> tuple[str, ...] | None:
        """A loopback server answers only to loopback names (no DNS rebinding); a token-guarded one to any."""
        if self.allowed_hosts is not None:
            return self.allowed_hosts
        if is_loopback(self.host):
            return (*LOOPBACK_HOSTS, self.host.strip("[]"))
        return None

    def check(self) -> None:
        """Raise :class:`SettingsError` for settings that would expose contracts."""
        if not is_loopback(self.host) and not self.token:
            raise SettingsError(
                f"refusing to listen on {self.host} without an access token: pass --token "
                "(or set CONTRACT_CHECKER_TOKEN), or keep the default --host 127.0.0.1"
            )
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise SettingsError(f"the access token must be at least {MIN_TOKEN_CHARS} characters long")


# -- JSON API models ----------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    status: int = Field(description="HTTP status")
    code: str = Field(description="stable machine-readable reason, e.g. zip_bomb, unsupported_format")
    message: str = Field(description="one line for a person; never contains contract text")


class ErrorBody(BaseModel):
    error: ErrorDetail


class RuleInfo(BaseModel):
    id: str
    title: str
    area: str
    severity: str = Field(description="the rule's severity (in the requested profile, when one is given)")
    profiles: list[str] = Field(description="profiles that select the rule")
    tags: list[str]


class ProfileInfo(BaseModel):
    name: str
    description: str


class RuleCatalogue(BaseModel):
    profile: str | None = Field(description="the profile the list is limited to, if any")
    rules: list[RuleInfo]
    profiles: list[ProfileInfo]


def _error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "Malformed request (not multipart/form-data, no file field)",
        401: "The server has an access token and the request did not carry it",
        413: "The file is larger than the upload limit",
        415: "The file's content is not a format the checker reads (decided from the bytes, not the name)",
        422: "The file could not be read (zip bomb, corrupt, encrypted, no text layer...) or unknown profile",
        503: "Too many checks running; try again",
    }
    return {status: {"model": ErrorBody, "description": descriptions[status]} for status in statuses}


# -- the app ------------------------------------------------------------------------------------


@cache
def _templates() -> Environment:
    """Autoescaping on for every template, whatever its name: contract text and file names are hostile."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["version"] = __version__
    return environment


@cache
def profile_descriptions() -> dict[str, str]:
    return {name: profile.description for name, profile in sorted(load_profiles().items())}


class ReviewApp:
    """The routes and what they share: settings, CSRF signer, check gate, store."""

    def __init__(self, settings: WebSettings, store: Engine | None) -> None:
        self.settings = settings
        self.store = store
        self.csrf = CsrfProtector(settings.secret)
        self.gate = CheckGate(settings.max_concurrent_checks, wait_seconds=settings.timeout_seconds)

    # -- rendering helpers

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page with a fresh CSRF token (and the cookie it pairs with, when the browser has none)."""
        token, new_cookie = self.csrf.token_for(request)
        html = (
            _templates()
            .get_template(template)
            .render(csrf_token=token, csrf_field=CSRF_FIELD, audit_enabled=self.store is not None, **context)
        )
        response = HTMLResponse(html, status_code=status)
        self.csrf.set_cookie(response, new_cookie, secure=request.url.scheme == "https")
        return response

    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        if wants_json(request.scope):
            body = {"error": {"status": status, "code": code, "message": message}}
            return JSONResponse(body, status_code=status)
        return self.page(request, "error.j2", status, http_status=status, code=code, message=message)

    def profile(self, requested: str | None) -> str:
        name = (requested or "").strip() or self.settings.profile
        if name not in profile_descriptions():
            known = ", ".join(profile_descriptions())
            raise UploadError(422, "unknown_profile", f"unknown profile {name!r} (known: {known})")
        return name

    # -- checking an upload

    async def checked(self, request: Request, folder: Path, *, form: bool) -> CheckedUpload:
        """Receive the upload (CSRF-checked for forms) and check it in a worker."""
        if form:
            self.csrf.require_cookie(request)
        upload: Upload = await receive_upload(request, folder, self.settings.max_upload_bytes)
        if form:
            self.csrf.verify(request, upload.fields.get(CSRF_FIELD))
        profile = self.profile(upload.fields.get(PROFILE_FIELD))
        return await run_in_threadpool(check_upload, upload, profile, self.settings.limits, self.gate)

    # -- pages

    async def upload_page(self, request: Request) -> Response:
        return self.page(
            request,
            "upload.j2",
            profiles=profile_descriptions(),
            default_profile=self.settings.profile,
            downloads=DOWNLOADS.values(),
            max_upload_mb=self.settings.max_upload_bytes / MEGABYTE,
        )

    async def review(self, request: Request) -> Response:
        with private_workspace() as folder:
            checked = await self.checked(request, folder, form=True)
            result = checked.result
            assert result.document is not None
            # Cutting a long contract into pieces and rendering it is CPU work: off the event loop.
            view = await run_in_threadpool(
                build_review,
                checked.upload.name,
                result.document,
                result.clauses,
                result.findings,
                checked.rules,
                checked.profile,
            )
            return await run_in_threadpool(
                self.page,
                request,
                "review.j2",
                review=view,
                tally_words=TALLY_WORDS,
                downloads=[fmt for fmt in DOWNLOADS.values() if checked.is_docx or not fmt.docx_only],
            )

    async def download(self, request: Request) -> Response:
        key = request.path_params["fmt"]
        if key not in DOWNLOADS:
            return self.error(request, 404, "not_found", f"no download format {key!r}")
        with private_workspace() as folder:
            checked = await self.checked(request, folder, form=True)
            try:
                content = await run_in_threadpool(render_download, checked, key)
            except AnnotateError as error:
                raise UploadError(422, "annotate_failed", str(error)) from None
            return Response(
                content,
                media_type=DOWNLOADS[key].media_type,
                headers={"Content-Disposition": content_disposition(download_name(checked.upload, key))},
            )

    # -- API

    async def api_check(self, request: Request) -> Response:
        with private_workspace() as folder:
            checked = await self.checked(request, folder, form=False)
            content = json_report(checked)
        return Response(content, media_type="application/json")

    def api_rules(self, profile: str | None) -> RuleCatalogue:
        prepared = prepare_rules(RuleOptions(profile=profile or self.settings.profile))
        active = {item.rule.id: item for item in prepared.active}
        rules = [
            RuleInfo(
                id=rule.id,
                title=rule.title,
                area=rule.area,
                severity=active[rule.id].severity if profile and rule.id in active else rule.severity,
                profiles=rule_profiles(rule, prepared.profiles),
                tags=list(rule.tags),
            )
            for rule in prepared.rules
            if profile is None or rule.id in active
        ]
        profiles = [ProfileInfo(name=name, description=text) for name, text in profile_descriptions().items()]
        return RuleCatalogue(profile=profile, rules=rules, profiles=profiles)

    # -- audit browser

    def portfolio(self) -> dict[str, Any]:
        from checker.reports.audit_report import portfolio_summary

        assert self.store is not None
        return portfolio_summary(self.store, rules=prepare_rules(RuleOptions(profile=self.settings.profile)))

    def contract(self, document_id: int) -> dict[str, Any] | None:
        from checker.reports.audit_report import contract_drill_down

        assert self.store is not None
        rules = prepare_rules(RuleOptions(profile=self.settings.profile))
        return contract_drill_down(self.store, document_id, rules=rules)

    async def audit_page(self, request: Request) -> Response:
        if self.store is None:
            return self.error(request, 404, "no_store", "no audit store: start the server with --db")
        summary = await run_in_threadpool(self.portfolio)
        from checker.web.audit_views import portfolio_view

        return self.page(request, "audit.j2", audit=portfolio_view(summary))

    async def audit_document(self, request: Request) -> Response:
        if self.store is None:
            return self.error(request, 404, "no_store", "no audit store: start the server with --db")
        try:
            document_id = int(request.path_params["document_id"])
        except ValueError:
            return self.error(request, 404, "not_found", "no such contract in the audit store")
        drill_down = await run_in_threadpool(self.contract, document_id)
        from checker.web.audit_views import document_view

        view = document_view(drill_down)
        if view is None:
            return self.error(request, 404, "not_found", "no such contract in the audit store")
        return self.page(request, "audit_document.j2", document=view)

    async def audit_export(self, request: Request) -> Response:
        from checker.reports.audit_report import FORMATS, render_audit_report

        fmt = request.path_params["fmt"]
        if self.store is None or fmt not in FORMATS:
            return self.error(request, 404, "not_found", "no such audit export")
        rules = prepare_rules(RuleOptions(profile=self.settings.profile))
        content = await run_in_threadpool(render_audit_report, self.store, fmt, rules=rules)
        return Response(
            content,
            media_type=AUDIT_MEDIA_TYPES[fmt],
            headers={"Content-Disposition": content_disposition(f"contract-audit.{fmt}")},
        )


AUDIT_MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The ASGI app for ``settings``; raises :class:`SettingsError` for unsafe settings and
    :class:`checker.store.database.StoreError` when ``settings.db`` cannot be opened."""
    settings = settings or WebSettings()
    settings.check()
    store = _open_store(settings.db)
    review = ReviewApp(settings, store)
    app = FastAPI(
        title="contract-checker",
        version=__version__,
        summary="Check vendor and outsourcing contracts for missing protections.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not under this CSP
        redoc_url=None,
        lifespan=_lifespan(settings),
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(AccessLog),
            Middleware(ErrorShield),
            Middleware(HostCheck, allowed_hosts=settings.trusted_hosts()),
            Middleware(TokenAuth, token=settings.token),
        ],
    )
    _add_routes(app, review)
    _add_error_handlers(app, review)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    app.state.review = review
    return app


def _open_store(db: str | None) -> Engine | None:
    if db is None:
        return None
    from checker.store.database import open_store

    return open_store(db)


def _lifespan(settings: WebSettings) -> Callable[[FastAPI], Any]:
    """Load the clause pipeline and compile the rules once at start-up, so the first review is quick."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from checker.runner import RunOptions, prepare_workers

        options = RunOptions(limits=settings.limits, rules=RuleOptions(profile=settings.profile))
        await asyncio.to_thread(prepare_workers, options)
        yield

    return lifespan


def _profile_enum() -> Any:
    """The bundled profiles as an enum, so the API validates and documents ``?profile=``."""
    return Enum("ProfileName", {name.replace("-", "_"): name for name in profile_descriptions()}, type=str)


ProfileName = _profile_enum()


def _add_routes(app: FastAPI, review: ReviewApp) -> None:
    app.add_api_route("/", review.upload_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/review", review.review, methods=["POST"], include_in_schema=False)
    app.add_api_route("/download/{fmt}", review.download, methods=["POST"], include_in_schema=False)
    app.add_api_route("/audit", review.audit_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/audit/export/{fmt}", review.audit_export, methods=["GET"], include_in_schema=False)
    app.add_api_route("/audit/{document_id}", review.audit_document, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        "/api/check",
        review.api_check,
        methods=["POST"],
        summary="Check one contract",
        description=(
            "Upload one contract (DOCX, PDF, text, Markdown or HTML; the format is read from the content) "
            "as multipart/form-data. Returns the report document of `contract-checker check --format json` "
            "(schemas/report.schema.json). The file is deleted before the response is sent."
        ),
        responses={
            200: {
                "description": "The report document",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}},
            },
            **_error_responses(400, 401, 413, 415, 422, 503),
        },
        openapi_extra={"requestBody": _check_request_body()},
        tags=["check"],
    )

    def api_rules(
        profile: Annotated[
            ProfileName | None, Query(description="only the rules this profile selects")
        ] = None,
    ) -> RuleCatalogue:
        return review.api_rules(profile.value if profile is not None else None)

    app.add_api_route(
        "/api/rules",
        api_rules,
        methods=["GET"],
        response_model=RuleCatalogue,
        summary="List the rules",
        description="Every rule of the bundled playbook: area, severity and the profiles that select it.",
        responses=_error_responses(401),
        tags=["rules"],
    )


def _check_request_body() -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "the contract"},
                        "profile": {
                            "type": "string",
                            "enum": list(profile_descriptions()),
                            "description": "playbook (default: the server's --profile)",
                        },
                    },
                },
                "encoding": {"file": {"contentType": "application/octet-stream"}},
            }
        },
    }


def _add_error_handlers(app: FastAPI, review: ReviewApp) -> None:
    async def upload_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, UploadError)
        return review.error(request, error.status, error.code, error.message)

    async def csrf_error(request: Request, error: Exception) -> Response:
        return review.error(request, 403, "csrf", str(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        response = review.error(request, error.status_code, code, str(error.detail))
        response.headers.update(error.headers or {})
        return response

    app.add_exception_handler(UploadError, upload_error)
    app.add_exception_handler(CsrfError, csrf_error)
    app.add_exception_handler(StarletteHTTPException, http_error)


# -- OpenAPI: the report schema as components ------------------------------------------------------


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description="JSON API of the contract-checker review server.",
                routes=app.routes,
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(report_components())
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi


@cache
def report_components() -> dict[str, Any]:
    """The report schema as OpenAPI components: ``Report`` and a ``Report_<def>`` per definition."""
    schema = json.loads(
        resources.files("checker").joinpath("schemas", "report.schema.json").read_text("utf-8")
    )
    definitions = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    components = {"Report": _rewrite_refs(schema)}
    components.update({f"Report_{name}": _rewrite_refs(value) for name, value in definitions.items()})
    return components


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: f"#/components/schemas/Report_{value.rsplit('/', 1)[-1]}"
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
            else _rewrite_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node
