"""Sessions, form tokens, roles and the headers that keep untrusted text inert.

* Sessions: Starlette's signed-cookie session (itsdangerous), cookie
  ``peaceops_session``, HttpOnly, SameSite=Lax, 8 hours; ``Secure`` when the
  app is created with ``secure_cookies=True`` (behind HTTPS). The cookie holds
  only the account name, a session id and the session's form token; the
  account is re-read from the workspace on every request, so disabling it
  takes effect at once. The session id must also be live in the workspace
  (:mod:`peaceops.workspace.sessions`): logging out deletes it there, and so does
  any change to the account (role, disable, enable, password), so a copied
  cookie is refused by every server process and after a restart.
* CSRF: one random token per session, put in every form; every POST (and any
  other unsafe method) must send it back as the ``csrf_token`` form field or
  the ``X-CSRF-Token`` header. The check is an application-wide dependency, so
  no route can forget it.
* Headers: a strict Content-Security-Policy (scripts only from this server,
  no inline script, no plugins, no framing), nosniff, no referrer leaks.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request

from peaceops import users
from peaceops.web.errors import CsrfRefused, Forbidden, LoginRequired
from peaceops.workspace import sessions as sessions_store

SESSION_COOKIE = "peaceops_session"
SESSION_MAX_AGE = 8 * 60 * 60
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Add the security headers to every HTTP response that does not set its own."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name not in present:
                        headers.append((name.encode("latin-1"), value.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# -- session ----------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """This session's form token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def start_session(request: Request, user_name: str) -> None:
    """A fresh session for a user who just logged in (a new id and token: no fixation), recorded in the workspace."""

    request.session.clear()
    sid = secrets.token_urlsafe(16)
    sessions_store.create(request.app.state.web.workspace, sid, user_name, SESSION_MAX_AGE)
    request.session["user"] = user_name
    request.session["sid"] = sid
    request.session["csrf"] = secrets.token_urlsafe(32)


def end_session(request: Request) -> None:
    """Log out: the cookie is cleared and the session deleted from the workspace, so a replayed copy is refused."""

    sid = request.session.get("sid")
    if sid:
        sessions_store.end(request.app.state.web.workspace, sid)
    request.session.clear()


async def csrf_guard(request: Request) -> None:
    """Application-wide dependency: refuse an unsafe request without the session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfRefused()


def current_user(request: Request):
    """The logged-in, enabled account, or None."""

    cached = request.scope.get("peaceops.user", False)
    if cached is not False:
        return cached

    name = request.session.get("user")
    user = None
    sid = request.session.get("sid")
    if name and not (
        isinstance(sid, str)
        and isinstance(name, str)
        and sessions_store.is_active(request.app.state.web.workspace, sid, name, SESSION_MAX_AGE)
    ):
        request.session.clear()
        name = None
    if name:
        try:
            user = users.get_user(request.app.state.web.workspace, name)
        except users.UnknownUserError:
            user = None
        if user is not None and user.disabled:
            user = None
        if user is None:
            end_session(request)
    request.scope["peaceops.user"] = user
    return user


def require_editor(request: Request):
    """Dependency: an editor or admin account, else 401 (a browser is sent to the login page)."""
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return user


def require_admin(request: Request):
    """Dependency: an admin account, else 401 or 403."""
    user = require_editor(request)
    if not user.is_admin:
        raise Forbidden(f"{user.name!r} is an {user.role}; only admins may manage accounts and read the audit log")
    return user


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# -- links --------------------------------------------------------------------


def safe_href(value) -> str | None:
    """The value when it is an http(s) URL or a local path; None for anything else (javascript:, data:, //host)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    return None


def safe_next(value: str | None, default: str = "/") -> str:
    """Where to go after logging in: only a local path, never another site."""
    href = safe_href(value) if value else None
    return href if href and href.startswith("/") else default
