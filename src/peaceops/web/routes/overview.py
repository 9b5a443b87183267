"""/ : what is in the registry, the framework, the evidence and the review queue."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends, Request

from peaceops import review
from peaceops.web.context import WebContext
from peaceops.web.deps import web
from peaceops.web.errors import ERROR_RESPONSES
from peaceops.web.registry_visual import registry_overview, registry_svgs
from peaceops.web.render import JSON_TYPE, json_response, render

router = APIRouter(tags=["overview"], responses=ERROR_RESPONSES)

PAGES = [
    ("/operations", "Operations", "the registry: every operation with its cited facts"),
    ("/compare", "Compare", "operations side by side, principle by principle"),
    ("/evidence", "Evidence", "graded, cited statements behind every score"),
    ("/review", "Review queue", "candidate evidence found in ingested news, waiting for a person"),
    ("/ingest", "Ingest", "paste text, upload a file or give a URL (editors)"),
    ("/studies", "Studies", "reproductions of published findings"),
]


def overview_data(ctx: WebContext) -> dict:
    reg = ctx.registry
    cat = ctx.full_catalog()
    curated = len(ctx.catalog.evidence)
    return {
        "operations": len(reg),
        "by_kind": dict(Counter(op.kind for op in reg).most_common()),
        "by_lead_group": dict(Counter(op.lead_group for op in reg).most_common()),
        "sources": len(reg.sources),
        "principles": len(ctx.framework.principles),
        "indicators": len(ctx.framework.indicators),
        "evidence": {
            "curated": curated,
            "reviewed_in_workspace": len(cat.evidence) - curated,
            "total": len(cat.evidence),
        },
        "review_pending": len(review.list_candidates(ctx.workspace, status="pending", limit=100_000)),
        "event_data_loaded": bool(ctx.events_signature()),
        "registry": registry_overview(ctx),
        "pages": [{"href": href, "title": title, "about": about} for href, title, about in PAGES],
    }


@router.get("/", include_in_schema=False)
def overview_page(request: Request, ctx: WebContext = Depends(web)):
    return render(
        request,
        "overview.html",
        {"data": overview_data(ctx), "visual": registry_svgs(ctx)},
        alternates=[("/index.json", JSON_TYPE)],
    )


@router.get("/index.json", summary="Overview: counts of operations, sources, evidence and pending candidates")
def overview_json(ctx: WebContext = Depends(web)):
    return json_response(overview_data(ctx), html="/")
