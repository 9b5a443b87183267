"""/admin: accounts (add, change role, disable, enable) and the audit log. Admins only."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from peaceops import audit, users
from peaceops.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, NAME_PATTERN
from peaceops.web.context import WebContext
from peaceops.web.deps import actor, web
from peaceops.web.errors import ERROR_RESPONSES, FORM_RESPONSES, wants_json
from peaceops.web.render import JSON_TYPE, flash, json_response, render
from peaceops.web.security import require_admin

router = APIRouter(
    tags=["admin"],
    responses={
        **ERROR_RESPONSES,
        401: ERROR_RESPONSES[400] | {"description": "Unauthorized"},
        403: ERROR_RESPONSES[400] | {"description": "Forbidden"},
    },
)

Role = Literal["editor", "admin"]


def admin_data(ctx: WebContext, limit: int) -> dict:
    return {
        "users": [u.as_dict() for u in users.list_users(ctx.workspace)],
        "audit": audit.entries(ctx.workspace, limit=limit),
    }


AUDIT_LIMIT = Query(200, ge=1, le=5000, description="Newest audit entries to show.")


@router.get("/admin", include_in_schema=False)
def admin_page(
    request: Request, limit: int = AUDIT_LIMIT, admin=Depends(require_admin), ctx: WebContext = Depends(web)
):
    return render(request, "admin.html", {"data": admin_data(ctx, limit)}, alternates=[("/admin.json", JSON_TYPE)])


@router.get("/admin.json", summary="Accounts and the audit log (admins only)")
def admin_json(limit: int = AUDIT_LIMIT, admin=Depends(require_admin), ctx: WebContext = Depends(web)):
    return json_response(admin_data(ctx, limit), html="/admin")


def _done(request: Request, message: str, user):
    if wants_json(request):
        return json_response({"message": message, "user": user.as_dict()})
    flash(request, message)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users", responses=FORM_RESPONSES, summary="Add an account (admins only)")
def add_user(
    request: Request,
    name: str = Form(..., pattern=NAME_PATTERN.pattern, description="Letters, digits, '.', '_', '@' or '-'."),
    password: str = Form(..., min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH),
    role: Role = Form("editor"),
    admin=Depends(require_admin),
    ctx: WebContext = Depends(web),
):
    user = users.add_user(ctx.workspace, name, password, role=role, actor=actor(admin))
    return _done(request, f"Added {user.name} ({user.role}).", user)


@router.post("/admin/users/{name}/role", responses=FORM_RESPONSES, summary="Change an account's role (admins only)")
def set_role(
    request: Request, name: str, role: Role = Form(...), admin=Depends(require_admin), ctx: WebContext = Depends(web)
):
    user = users.set_role(ctx.workspace, name, role, actor=actor(admin))
    return _done(request, f"{user.name} is now {user.role}.", user)


@router.post("/admin/users/{name}/disable", responses=FORM_RESPONSES, summary="Disable an account (admins only)")
def disable(request: Request, name: str, admin=Depends(require_admin), ctx: WebContext = Depends(web)):
    user = users.disable(ctx.workspace, name, actor=actor(admin))
    return _done(request, f"Disabled {user.name}.", user)


@router.post("/admin/users/{name}/enable", responses=FORM_RESPONSES, summary="Re-enable an account (admins only)")
def enable(request: Request, name: str, admin=Depends(require_admin), ctx: WebContext = Depends(web)):
    user = users.enable(ctx.workspace, name, actor=actor(admin))
    return _done(request, f"Enabled {user.name}.", user)
