"""One error shape for the whole application.

Data routes (paths ending in ``.json``, ``.csv``, ``.svg`` or ``.png``, or a
request from a client that asks only for JSON) answer every error with::

    {"error": {"status": 404, "message": "what went wrong and what to do", "detail": ...}}

Pages answer with the HTML error page carrying the same status and message.
A page that needs an account redirects a browser to the login form instead.

The exceptions raised by the web layer itself::

    HTTPException (starlette)
    ├── LoginRequired      401: no session, or the account was disabled
    ├── Forbidden          403: the account's role does not allow it
    ├── CsrfRefused        403: a POST without the session's form token
    └── TooManyAttempts    429: login rate limit hit (carries Retry-After)

Domain errors map by class: NotFoundError 404, AmbiguousNameError and
DuplicateUserError 409,
UsageError and AccountError 400, WorkspaceError 503, any other
PeaceopsError 400; anything unexpected is a 500 whose message hides the
internals (the traceback goes to the server log).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from urllib.parse import quote

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from peaceops.errors import (
    AmbiguousNameError,
    DataValidationError,
    NotFoundError,
    PeaceopsError,
    UsageError,
    WorkspaceError,
)
from peaceops.users import AccountError, DuplicateUserError
from peaceops.web.limits import too_large_message

log = logging.getLogger("peaceops.web")


class LoginRequired(HTTPException):
    def __init__(self, message: str = "log in with an editor or admin account to do this"):
        super().__init__(401, message)


class Forbidden(HTTPException):
    def __init__(self, message: str):
        super().__init__(403, message)


class CsrfRefused(HTTPException):
    def __init__(self):
        super().__init__(
            403, "the form's security token is missing or does not match this session; reload the page and try again"
        )


class TooManyAttempts(HTTPException):
    def __init__(self, retry_after: int, who: str):
        super().__init__(
            429,
            f"too many failed logins for this {who}; wait {retry_after} seconds and try again",
            headers={"Retry-After": str(retry_after)},
        )


# -- the documented shape (also used in the OpenAPI document) -----------------


class ErrorDetail(BaseModel):
    status: int
    message: str
    detail: object | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES = {
    code: {"model": ErrorBody, "description": HTTPStatus(code).phrase} for code in (400, 404, 409, 422, 429, 500)
}
"""``responses=`` for every API route: replaces FastAPI's default 422 body with ours."""


def _both(description: str, schema: dict | None = None) -> dict:
    json_part = {"schema": schema} if schema else {}
    return {"description": description, "content": {"application/json": json_part, "text/html": {}}}


_ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorBody"}

FORM_RESPONSES = {
    200: _both("The result: an HTML page, or JSON when the client accepts only JSON."),
    303: {"description": "Done: the browser is sent to the page that shows the change."},
    **{
        code: {"model": ErrorBody, **_both(HTTPStatus(code).phrase, _ERROR_SCHEMA)}
        for code in (400, 401, 403, 404, 409, 413, 422, 429, 500)
    },
}
"""``responses=`` for form routes: a browser gets HTML, an API client (Accept: application/json) the same as JSON."""


DATA_SUFFIXES = (".json", ".csv", ".svg", ".png")
"""Paths that are data, not pages: their errors are JSON whatever the client accepts."""


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.endswith(DATA_SUFFIXES):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_body(status: int, message: str, detail=None) -> dict:
    return {"error": {"status": status, "message": message, "detail": jsonable_encoder(detail)}}


def _respond(request: Request, status: int, message: str, detail=None, headers=None):
    from peaceops.web.security import SECURITY_HEADERS  # circular: peaceops.web.security imports this module

    headers = {**SECURITY_HEADERS, **(headers or {})}  # a 500 is answered outside the middleware that adds them
    if wants_json(request):
        return JSONResponse(error_body(status, message, detail), status_code=status, headers=headers)
    if status == 401 and request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    from peaceops.web.render import render  # heavy: pulls in jinja2

    return render(
        request,
        "error.html",
        {"status": status, "phrase": _phrase(status), "message": message, "detail": detail},
        status_code=status,
        headers=headers,
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


async def http_error(request: Request, exc: HTTPException):
    message = exc.detail if isinstance(exc.detail, str) else _phrase(exc.status_code)
    detail = None if isinstance(exc.detail, str) else exc.detail
    if exc.status_code == 404 and message == "Not Found":
        message = f"no page at {request.url.path}; the overview at / links to every page"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    elif exc.status_code == 413:
        message = too_large_message(request.url.path)
    return _respond(request, exc.status_code, message, detail, getattr(exc, "headers", None))


async def validation_error(request: Request, exc: RequestValidationError):
    errors = jsonable_encoder(exc.errors(), custom_encoder={Exception: str})
    for error in errors:
        error.pop("url", None)
        error.pop("input", None)  # never echo a client's input back
    where = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in errors[:3])
    return _respond(request, 422, f"invalid request: {where}", errors)


async def domain_error(request: Request, exc: PeaceopsError):
    if isinstance(exc, NotFoundError):
        return _respond(request, 404, str(exc))
    if isinstance(exc, AmbiguousNameError):
        return _respond(request, 409, str(exc), {"candidates": exc.candidates})
    if isinstance(exc, DuplicateUserError):
        return _respond(request, 409, str(exc))
    if isinstance(exc, (UsageError, AccountError)):
        return _respond(request, 400, str(exc))
    if isinstance(exc, WorkspaceError):
        log.error("workspace error on %s: %s", request.url.path, exc)
        return _respond(request, 503, str(exc))
    if isinstance(exc, DataValidationError):
        log.error("curated data invalid: %s", exc)
        return _respond(request, 500, str(exc), [str(p) for p in exc.problems])
    return _respond(request, 400, str(exc))


async def unexpected_error(request: Request, exc: Exception):
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return _respond(request, 500, "internal server error; the details are in the server log")


def install(app) -> None:
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(PeaceopsError, domain_error)
    app.add_exception_handler(Exception, unexpected_error)
