"""/login, /logout and /session.json (who is logged in, and the form token for API clients)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from peaceops import users
from peaceops.web.context import WebContext
from peaceops.web.deps import web
from peaceops.web.errors import ERROR_RESPONSES, FORM_RESPONSES, LoginRequired, TooManyAttempts, wants_json
from peaceops.web.render import flash, json_response, render
from peaceops.web.security import client_address, csrf_token, current_user, end_session, safe_next, start_session

router = APIRouter(
    tags=["session"],
    responses={
        **ERROR_RESPONSES,
        401: ERROR_RESPONSES[400] | {"description": "Unauthorized"},
        403: ERROR_RESPONSES[400] | {"description": "Forbidden"},
    },
)
log = logging.getLogger("peaceops.web")


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = Query("/", max_length=2000)):
    return render(request, "login.html", {"next": safe_next(next), "error": None, "name": ""})


@router.post(
    "/login", responses=FORM_RESPONSES, summary="Log in (form fields name, password, csrf_token; optional next)"
)
def login(
    request: Request,
    name: str = Form(..., min_length=1, max_length=64),
    password: str = Form(..., min_length=1, max_length=1024),
    next: str = Form("/", max_length=2000),
    ctx: WebContext = Depends(web),
):
    limiter = request.app.state.login_limiter
    address = client_address(request)
    blocked = limiter.blocked(name, address)
    if blocked:
        wait, who = blocked
        log.warning("login refused for %r from %s: rate limit (%s)", name, address, who)
        raise TooManyAttempts(wait, who)
    user = users.verify(ctx.workspace, name, password)
    if user is None:
        limiter.failed(name, address)
        log.warning("failed login for %r from %s", name, address)
        message = "wrong name or password, or the account is disabled"
        if wants_json(request):
            raise LoginRequired(message)
        return render(request, "login.html", {"next": safe_next(next), "error": message, "name": name}, status_code=401)
    limiter.succeeded(name)
    start_session(request, user.name)
    log.info("login: %s from %s", user.name, address)
    if wants_json(request):
        return json_response({"user": user.as_dict(), "csrf_token": csrf_token(request)})
    flash(request, f"Logged in as {user.name} ({user.role}).")
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", responses=FORM_RESPONSES, summary="Log out (form field csrf_token)")
def logout(request: Request):
    end_session(request)
    if wants_json(request):
        return json_response({"user": None})
    return RedirectResponse("/", status_code=303)


@router.get("/session.json", summary="The logged-in account (or null) and this session's form token")
def session_json(request: Request):
    user = current_user(request)
    return json_response({"user": user.as_dict() if user else None, "csrf_token": csrf_token(request)})
