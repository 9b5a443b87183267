"""/review: the queue of candidate evidence; accept (indicator, stance, grades), reject or edit.

Reading the queue is open; acting on it needs an editor or admin account.
Every action is a call to :mod:`peaceops.review`, which writes the change and
its audit entry in one transaction.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from peaceops import review
from peaceops.vocab import CandidateStatus, Reliability, Stance
from peaceops.web import views
from peaceops.web.context import WebContext
from peaceops.web.deps import actor, web
from peaceops.web.errors import ERROR_RESPONSES, FORM_RESPONSES, wants_json
from peaceops.web.render import JSON_TYPE, flash, json_response, render, with_query
from peaceops.web.security import require_editor

router = APIRouter(
    tags=["review"],
    responses={
        **ERROR_RESPONSES,
        401: ERROR_RESPONSES[400] | {"description": "Unauthorized"},
        403: ERROR_RESPONSES[400] | {"description": "Forbidden"},
    },
)

Status = CandidateStatus


def queue_data(ctx: WebContext, status: str, operation: str | None, limit: int) -> dict:
    candidates = review.list_candidates(ctx.workspace, status=status, operation_id=operation, limit=limit)
    return {
        "status": status,
        "operation": operation,
        "count": len(candidates),
        "candidates": [views.candidate_dict(c) for c in candidates],
    }


STATUS_QUERY = Query("pending", description="Queue to show.")
OPERATION_QUERY = Query(None, max_length=200, description="Only candidates linked to this operation id.")
LIMIT_QUERY = Query(200, ge=1, le=2000, description="At most this many candidates.")


@router.get("/review", include_in_schema=False)
def review_page(
    request: Request,
    status: Status = STATUS_QUERY,
    operation: str | None = OPERATION_QUERY,
    limit: int = LIMIT_QUERY,
    ctx: WebContext = Depends(web),
):
    data = queue_data(ctx, status, operation or None, limit)
    return render(
        request,
        "review.html",
        {
            "data": data,
            "framework": ctx.framework,
            "operations": sorted(ctx.registry, key=lambda op: op.name.en.casefold()),
        },
        alternates=[(with_query(request, "/review.json"), JSON_TYPE)],
    )


@router.get("/review.json", summary="Candidate evidence in the review queue, with the cues that proposed it")
def review_json(
    request: Request,
    status: Status = STATUS_QUERY,
    operation: str | None = OPERATION_QUERY,
    limit: int = LIMIT_QUERY,
    ctx: WebContext = Depends(web),
):
    return json_response(queue_data(ctx, status, operation or None, limit), html=with_query(request, "/review"))


@router.get("/review/{candidate_id}.json", summary="One candidate")
def candidate_json(candidate_id: str, ctx: WebContext = Depends(web)):
    return json_response(
        views.candidate_dict(review.get_candidate(ctx.workspace, candidate_id)), html=f"/review/{candidate_id}"
    )


@router.get("/review/{candidate_id}", include_in_schema=False)
def candidate_page(request: Request, candidate_id: str, ctx: WebContext = Depends(web)):
    candidate = views.candidate_dict(review.get_candidate(ctx.workspace, candidate_id))
    return render(
        request,
        "candidate.html",
        {
            "c": candidate,
            "framework": ctx.framework,
            "operations": sorted(ctx.registry, key=lambda op: op.name.en.casefold()),
        },
        alternates=[(f"/review/{candidate_id}.json", JSON_TYPE)],
    )


def _done(request: Request, message: str, data: dict, back: str = "/review"):
    if wants_json(request):
        return json_response({"message": message, **data})
    flash(request, message)
    return RedirectResponse(back, status_code=303)


@router.post(
    "/review/{candidate_id}/accept", responses=FORM_RESPONSES, summary="Accept a candidate as evidence (editors)"
)
def accept(
    request: Request,
    candidate_id: str,
    indicator: str = Form(..., max_length=100),
    stance: Stance = Form(...),
    reliability: Reliability = Form(...),
    credibility: int = Form(..., ge=1, le=6),
    operation_id: str = Form("", max_length=200),
    paraphrase: str = Form("", max_length=5000),
    note: str = Form("", max_length=5000),
    user=Depends(require_editor),
    ctx: WebContext = Depends(web),
):
    ctx.framework.indicator(indicator)  # unknown indicator: 404 naming the known ones
    evidence_id = review.accept(
        ctx.workspace,
        ctx.catalog,
        candidate_id,
        actor=actor(user),
        indicator=indicator,
        stance=stance,
        reliability=reliability,
        credibility=credibility,
        operation_id=operation_id or None,
        paraphrase=paraphrase.strip() or None,
        note=note.strip() or None,
    )
    accepted = review.get_candidate(ctx.workspace, candidate_id)
    op_id = operation_id or accepted.operation_id
    message = f"Accepted as evidence {evidence_id} for {indicator} ({stance}); the assessment of {op_id} now counts it."
    return _done(request, message, {"evidence_id": evidence_id, "operation_id": op_id})


@router.post("/review/{candidate_id}/reject", responses=FORM_RESPONSES, summary="Reject a candidate (editors)")
def reject(
    request: Request,
    candidate_id: str,
    reason: str = Form("", max_length=2000),
    user=Depends(require_editor),
    ctx: WebContext = Depends(web),
):
    review.reject(ctx.workspace, candidate_id, actor=actor(user), reason=reason.strip() or None)
    return _done(request, f"Rejected {candidate_id}.", {"candidate_id": candidate_id})


@router.post(
    "/review/{candidate_id}/edit",
    responses=FORM_RESPONSES,
    summary="Edit a candidate's sentence, operation or indicators (editors)",
)
def edit(
    request: Request,
    candidate_id: str,
    sentence: str = Form("", max_length=5000),
    operation_id: str = Form("", max_length=200),
    indicators: list[str] = Form([]),
    user=Depends(require_editor),
    ctx: WebContext = Depends(web),
):
    review.edit(
        ctx.workspace,
        candidate_id,
        actor=actor(user),
        sentence=sentence.strip() or None,
        operation_id=operation_id or None,
        indicators=indicators or None,
        catalog=ctx.catalog,
    )
    return _done(request, f"Edited {candidate_id}.", {"candidate_id": candidate_id}, back=f"/review/{candidate_id}")
