"""/watch: alerts of the watch (new alerts first; filter by type, operation and language), their JSON twin, an
Atom feed to subscribe to, and the editor's confirm and dismiss.

Reading is open; deciding needs an editor or admin account. Every action is a
call to :mod:`peaceops.watch`, which writes the change and its audit entry in
one transaction.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from peaceops.vocab import AlertKind, AlertStatus
from peaceops.watch import alerts, atom, sources
from peaceops.web.context import WebContext
from peaceops.web.deps import actor, web
from peaceops.web.errors import ERROR_RESPONSES, FORM_RESPONSES, wants_json
from peaceops.web.render import JSON_TYPE, flash, json_response, render, with_query
from peaceops.web.security import require_editor

router = APIRouter(
    tags=["watch"],
    responses={
        **ERROR_RESPONSES,
        401: ERROR_RESPONSES[400] | {"description": "Unauthorized"},
        403: ERROR_RESPONSES[400] | {"description": "Forbidden"},
    },
)
ATOM_TYPE = "application/atom+xml"

STATUS_QUERY = Query(None, description="Only alerts in this state: new, confirmed or dismissed.")
KIND_QUERY = Query(None, description="Only this type: new-deployment, change or disagreement.")
OPERATION_QUERY = Query(None, max_length=200, description="Only alerts on this operation id.")
LANGUAGE_QUERY = Query(None, max_length=8, description="Only alerts with a report in this language (ISO 639-1).")
LIMIT_QUERY = Query(200, ge=1, le=2000, description="At most this many alerts.")


def watch_data(ctx: WebContext, status, kind, operation, language, limit) -> dict:
    found = alerts.list_alerts(
        ctx.workspace, status=status, kind=kind, operation_id=operation or None, language=language or None, limit=limit
    )
    return {
        "filters": {"status": status, "kind": kind, "operation": operation, "language": language},
        "count": len(found),
        "alerts": found,
        "sources": [
            {k: s[k] for k in ("id", "kind", "target", "every_seconds", "items", "failures", "last_error")}
            for s in sources.list_sources(ctx.workspace)
        ],
    }


@router.get("/watch", include_in_schema=False)
def watch_page(
    request: Request,
    status: AlertStatus | None = STATUS_QUERY,
    kind: AlertKind | None = KIND_QUERY,
    operation: str | None = OPERATION_QUERY,
    language: str | None = LANGUAGE_QUERY,
    limit: int = LIMIT_QUERY,
    ctx: WebContext = Depends(web),
):
    data = watch_data(ctx, status, kind, operation, language, limit)
    data["details"] = {a["id"]: alerts.show(ctx.workspace, a["id"], claim_limit=20) for a in data["alerts"][:50]}
    return render(
        request,
        "watch.html",
        {"data": data},
        alternates=[(with_query(request, "/watch.json"), JSON_TYPE), ("/watch.atom", ATOM_TYPE)],
    )


@router.get("/watch.json", summary="Alerts of the watch, new first, with the state of each watched source")
def watch_json(
    request: Request,
    status: AlertStatus | None = STATUS_QUERY,
    kind: AlertKind | None = KIND_QUERY,
    operation: str | None = OPERATION_QUERY,
    language: str | None = LANGUAGE_QUERY,
    limit: int = LIMIT_QUERY,
    ctx: WebContext = Depends(web),
):
    return json_response(watch_data(ctx, status, kind, operation, language, limit), html=with_query(request, "/watch"))


ALERT_ID = Path(..., ge=1, le=2**62, description="The alert's number.")


@router.get("/watch/alerts/{alert_id}.json", summary="One alert with its claims, sentences and sources")
def alert_json(alert_id: int = ALERT_ID, ctx: WebContext = Depends(web)):
    return json_response(alerts.show(ctx.workspace, alert_id), html=f"/watch#alert-{alert_id}")


@router.get(
    "/watch.atom",
    summary="The alerts as an Atom feed (RFC 4287) to subscribe to",
    response_class=Response,
    responses={200: {"content": {ATOM_TYPE: {}}}},
)
def watch_atom(request: Request, ctx: WebContext = Depends(web)):
    found = [alerts.show(ctx.workspace, a["id"], claim_limit=10) for a in alerts.list_alerts(ctx.workspace, limit=100)]
    found.sort(key=lambda a: a["updated_at"], reverse=True)
    workspace_id = hashlib.sha256(str(ctx.workspace.root.resolve()).encode()).hexdigest()[:12]
    body = atom.feed(found, base_url=str(request.base_url), workspace_id=workspace_id)
    return Response(body, media_type=ATOM_TYPE)


@router.post(
    "/watch/alerts/{alert_id}/{decision}",
    responses=FORM_RESPONSES,
    summary="Confirm or dismiss an alert with a reason (editors)",
)
def decide(
    request: Request,
    decision: Literal["confirm", "dismiss"],
    alert_id: int = ALERT_ID,
    reason: str = Form(..., min_length=1, max_length=2000),
    user=Depends(require_editor),
    ctx: WebContext = Depends(web),
):
    statuses = {"confirm": "confirmed", "dismiss": "dismissed"}
    alert = alerts.decide(ctx.workspace, alert_id, status=statuses[decision], actor=actor(user), reason=reason)
    message = f"Alert #{alert_id} {statuses[decision]}: {alert['title']}."
    if wants_json(request):
        return json_response({"message": message, "alert": alert})
    flash(request, message)
    return RedirectResponse(f"/watch#alert-{alert_id}", status_code=303)
