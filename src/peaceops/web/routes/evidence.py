"""/evidence: search and filter the graded evidence (curated and reviewed in this workspace)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from peaceops.errors import NotFoundError
from peaceops.evidence import GradeFilter, parse_grade
from peaceops.vocab import EvidenceOrigin, Stance
from peaceops.web import views
from peaceops.web.context import WebContext
from peaceops.web.deps import web
from peaceops.web.errors import ERROR_RESPONSES
from peaceops.web.render import CSV_TYPE, JSON_TYPE, csv_response, json_response, render, with_query

router = APIRouter(tags=["evidence"], responses=ERROR_RESPONSES)

CSV_COLUMNS = [
    "id",
    "operation",
    "principle",
    "indicator",
    "stance",
    "grade",
    "reliability",
    "credibility",
    "text",
    "locator",
    "source",
    "origin",
    "reviewed_by",
    "reviewed_at",
    "note",
]


class EvidenceFilters:
    def __init__(
        self,
        q: str | None = Query(
            None, max_length=200, description="Words that must all appear in the text, note or source (any case)."
        ),
        operation: str | None = Query(None, max_length=200, description="Operation id."),
        principle: str | None = Query(None, max_length=100, description="Principle id."),
        indicator: str | None = Query(None, max_length=100, description="Indicator id."),
        stance: Stance | None = Query(None, description="Stance on compliance."),
        source: str | None = Query(None, max_length=200, description="Source id."),
        min_grade: str | None = Query(
            None, pattern=r"^[A-Fa-f][1-6]$", description="Only items graded this or better, e.g. B3."
        ),
        origin: EvidenceOrigin | None = Query(
            None, description="Curated (data/evidence) or reviewed in this workspace."
        ),
    ):
        self.q, self.operation, self.principle, self.indicator = (
            q or None,
            operation or None,
            principle or None,
            indicator or None,
        )
        self.stance, self.source, self.min_grade, self.origin = (
            stance or None,
            source or None,
            min_grade or None,
            origin or None,
        )

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if v is not None}

    def items(self, ctx: WebContext) -> list[dict]:
        cat = ctx.full_catalog()
        grade = GradeFilter(min_grade=parse_grade(self.min_grade)) if self.min_grade else None
        words = (self.q or "").casefold().split()
        out = []
        for ev in cat.evidence:
            if self.operation and ev.operation != self.operation:
                continue
            if self.indicator and ev.indicator != self.indicator:
                continue
            if self.stance and ev.item.stance != self.stance:
                continue
            if self.source and ev.source != self.source:
                continue
            if grade and not grade.keeps(ev):
                continue
            if self.origin and (ev.origin == "workspace") != (self.origin == "workspace"):
                continue
            data = views.evidence_dict(cat, ev)
            if self.principle and data["principle"] != self.principle:
                continue
            if words:
                haystack = " ".join(
                    str(x)
                    for x in (
                        ev.item.text,
                        ev.item.note or "",
                        ev.source,
                        data["source_record"].get("title", ""),
                        data["source_record"].get("publisher", ""),
                    )
                ).casefold()
                if not all(w in haystack for w in words):
                    continue
            out.append(data)
        return out


def _alternates(request: Request):
    return [(with_query(request, "/evidence.json"), JSON_TYPE), (with_query(request, "/evidence.csv"), CSV_TYPE)]


@router.get("/evidence", include_in_schema=False)
def evidence_page(request: Request, filters: EvidenceFilters = Depends(), ctx: WebContext = Depends(web)):
    items = filters.items(ctx)
    return render(
        request,
        "evidence.html",
        {
            "items": items,
            "filters": filters.as_dict(),
            "operations": sorted(ctx.registry.operations),
            "framework": ctx.framework,
        },
        alternates=_alternates(request),
    )


@router.get("/evidence.json", summary="Evidence items, filtered")
def evidence_json(request: Request, filters: EvidenceFilters = Depends(), ctx: WebContext = Depends(web)):
    items = filters.items(ctx)
    return json_response(
        {"filters": filters.as_dict(), "count": len(items), "rows": items},
        html=with_query(request, "/evidence"),
        csv_href=with_query(request, "/evidence.csv"),
    )


@router.get(
    "/evidence.csv",
    summary="Evidence items as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per evidence item."}},
)
def evidence_csv(request: Request, filters: EvidenceFilters = Depends(), ctx: WebContext = Depends(web)):
    rows = [{**item, "text": item["text"]} for item in filters.items(ctx)]
    return csv_response(
        rows,
        filename="evidence.csv",
        columns=CSV_COLUMNS,
        html=with_query(request, "/evidence"),
        json_href=with_query(request, "/evidence.json"),
    )


def _item(ctx: WebContext, ev_id: str) -> dict:
    cat = ctx.full_catalog()
    for ev in cat.evidence:
        if ev.id == ev_id:
            return views.evidence_dict(cat, ev)
    raise NotFoundError(f"no evidence item with id {ev_id!r}; /evidence lists them all")


@router.get("/evidence/{ev_id}.json", summary="One evidence item with its source and grades")
def evidence_item_json(ev_id: str, ctx: WebContext = Depends(web)):
    return json_response(_item(ctx, ev_id), html=f"/evidence/{ev_id}")


@router.get("/evidence/{ev_id}", include_in_schema=False)
def evidence_item_page(request: Request, ev_id: str, ctx: WebContext = Depends(web)):
    return render(
        request, "evidence_item.html", {"item": _item(ctx, ev_id)}, alternates=[(f"/evidence/{ev_id}.json", JSON_TYPE)]
    )
