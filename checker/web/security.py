"""The web app's safety layer: headers, host check, access token, CSRF, logs that hold no contract text.

Each piece is a small pure-ASGI middleware (or, for CSRF, a helper the form routes call), so
it applies to every response — error pages, static files and the 401 of a missing token
included — and so the order they run in is explicit in :func:`checker.web.app.create_app`:

``SecurityHeaders`` (outermost: every response gets the headers) -> ``AccessLog`` (method,
path and status only: never a query string, which may carry the access token, never a file
name or contract text) -> ``ErrorShield`` (an unexpected exception becomes a plain 500 and a
log line naming only the exception type and the code path) -> ``HostCheck`` (refuses Host
headers the server does not answer to: DNS rebinding cannot turn a loopback server into one a
web page may read) -> ``TokenAuth`` (when a token is configured, every request must carry it).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from itsdangerous import BadSignature, TimestampSigner
from starlette.requests import Request
from starlette.responses import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("checker.web.access")
error_log = logging.getLogger("checker.web.error")

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
TOKEN_COOKIE = "cc_session"
TOKEN_QUERY = "token"
CSRF_COOKIE = "cc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
CSRF_MAX_AGE = 12 * 3600
MIN_TOKEN_CHARS = 16

# No inline script or style anywhere: scripts and styles come from /static only, nothing from
# another origin, no plugins, no framing, forms post only back here.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
STATIC_PREFIX = "/static/"
# Results (the review page, reports, the API's JSON) hold contract text: never stored by a
# browser or a proxy. The static assets hold none and may be kept a little while.
NO_STORE = "no-store"
STATIC_CACHE = "private, max-age=300"


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server reachable from this machine only."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def wants_json(scope: Scope) -> bool:
    """API clients get JSON errors; a browser asking for a page gets a page."""
    if scope.get("path", "").startswith("/api/"):
        return True
    accept = _header(scope, b"accept") or ""
    return "text/html" not in accept


def error_response(scope: Scope, status: int, code: str, message: str, **headers: str) -> Response:
    """A minimal error response in the shape the rest of the app uses, for the middlewares."""
    if wants_json(scope):
        body = json.dumps({"error": {"status": status, "code": code, "message": message}})
        return Response(body, status_code=status, media_type="application/json", headers=headers)
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>contract-checker</title>"
        '<link rel=stylesheet href="/static/app.css"></head><body class="bare">'
        f'<main class="error-page"><h1>{status}</h1><p class="error-message" data-code="{code}">'
        f"{_escape(message)}</p></main></body></html>"
    )
    return Response(page, status_code=status, media_type="text/html", headers=headers)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class SecurityHeaders:
    """Adds the security headers (and the right Cache-Control) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cache = STATIC_CACHE if scope["path"].startswith(STATIC_PREFIX) else NO_STORE

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (key, value)
                    for key, value in message.get("headers", [])
                    if key.lower() != b"cache-control"
                ]
                present = {key.lower() for key, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                headers.append((b"cache-control", cache.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessLog:
    """One line per request: method, path without its query string, status, duration. Nothing else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            access_log.info("%s %s %d %.0f ms", scope["method"], scope["path"], status, elapsed)


class ErrorShield:
    """A bug becomes a generic 500; the log names the exception type and code path, never its message.

    An exception's message may quote what it was working on — contract text — so only the
    frames (file, line, function) are logged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def track(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, track)
        except Exception as error:
            frames = "".join(traceback.format_tb(error.__traceback__))
            error_log.error(
                "internal error %s in %s %s\n%s", type(error).__name__, scope["method"], scope["path"], frames
            )
            if not response_started:
                response = error_response(scope, 500, "internal_error", "internal error: the request failed")
                await response(scope, receive, send)


class HostCheck:
    """Answer only to the host names the server was started for (DNS-rebinding protection)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {host.lower() for host in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.allowed is not None:
            host = _host_name(_header(scope, b"host") or "")
            if host not in self.allowed:
                response = error_response(scope, 400, "bad_host", "unknown host name in the request")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _host_name(host_header: str) -> str:
    """The host of a Host header without its port: ``[::1]:8000`` -> ``::1``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def session_value(token: str) -> str:
    """What the browser's cookie holds: a digest of the token, so the cookie is not the token itself."""
    return hmac.new(token.encode(), b"contract-checker web session", hashlib.sha256).hexdigest()


class TokenAuth:
    """With a token configured, every request needs it: a Bearer header, the session cookie, or ``?token=``.

    ``?token=`` is how a browser starts: the response sets an HttpOnly, SameSite=Strict cookie
    so the token need not travel again (the page's script then drops it from the address bar).
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token
        self.session = session_value(token) if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.token is None:
            await self.app(scope, receive, send)
            return
        if self._header_or_cookie_ok(scope):
            await self.app(scope, receive, send)
            return
        if self._query_ok(scope):
            await self.app(scope, receive, self._setting_cookie(scope, send))
            return
        response = error_response(
            scope,
            401,
            "unauthorized",
            "this server needs its access token: open the address printed by `contract-checker serve` "
            "(with ?token=...) or send Authorization: Bearer <token>",
            **{"WWW-Authenticate": "Bearer"},
        )
        await response(scope, receive, send)

    def _header_or_cookie_ok(self, scope: Scope) -> bool:
        assert self.token is not None and self.session is not None
        authorization = _header(scope, b"authorization") or ""
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() == "bearer" and _same(credential.strip(), self.token):
            return True
        request = Request(scope)
        return _same(request.cookies.get(TOKEN_COOKIE, ""), self.session)

    def _query_ok(self, scope: Scope) -> bool:
        assert self.token is not None
        query = scope.get("query_string", b"").decode("latin-1")
        values = [value for key, value in parse_qsl(query) if key == TOKEN_QUERY]
        return any(_same(value, self.token) for value in values)

    def _setting_cookie(self, scope: Scope, send: Send) -> Send:
        assert self.session is not None
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie = f"{TOKEN_COOKIE}={self.session}; Path=/; HttpOnly; SameSite=Strict{secure}"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        return send_with_cookie


def _same(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


class CsrfError(Exception):
    """A form post without a valid CSRF token (HTTP 403)."""


class CsrfProtector:
    """Signed double-submit tokens for the forms.

    The browser holds a random value in an HttpOnly, SameSite=Strict cookie; each page carries
    that value signed with the server's secret (a hidden field, and a meta tag the script sends
    as the ``X-CSRF-Token`` header). A post is accepted only when the signed value matches the
    cookie, so another site can neither read the token nor forge one for a cookie it planted.
    """

    def __init__(self, secret: bytes) -> None:
        self.signer = TimestampSigner(secret, salt="contract-checker-csrf")

    def token_for(self, request: Request) -> tuple[str, str | None]:
        """The token for the page and, when the browser has no usable cookie yet, the cookie to set."""
        cookie = request.cookies.get(CSRF_COOKIE, "")
        new_cookie = None
        if len(cookie) < 32:
            cookie = new_cookie = secrets.token_urlsafe(32)
        return self.signer.sign(cookie).decode("ascii"), new_cookie

    @staticmethod
    def set_cookie(response: Response, value: str | None, secure: bool) -> None:
        if value is not None:
            response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", secure=secure, path="/")

    @staticmethod
    def require_cookie(request: Request) -> None:
        """Checked before the body is read: a cross-site post carries no SameSite=Strict cookie."""
        if not request.cookies.get(CSRF_COOKIE):
            raise CsrfError("missing CSRF cookie: reload the upload page and try again")

    def verify(self, request: Request, submitted: str | None) -> None:
        """Raise :class:`CsrfError` unless ``submitted`` (field or header) is the signed cookie value."""
        cookie = request.cookies.get(CSRF_COOKIE, "")
        token = request.headers.get(CSRF_HEADER) or submitted or ""
        if not cookie or not token:
            raise CsrfError("missing CSRF token: reload the upload page and try again")
        try:
            value = self.signer.unsign(token, max_age=CSRF_MAX_AGE).decode("ascii")
        except (BadSignature, UnicodeDecodeError):
            raise CsrfError("invalid or expired CSRF token: reload the upload page and try again") from None
        if not hmac.compare_digest(value.encode(), cookie.encode()):
            raise CsrfError("CSRF token does not match: reload the upload page and try again")
