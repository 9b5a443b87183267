"""/compare: operations side by side by principle (or indicator), each cell linked to its evidence."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from peaceops.assess import compare
from peaceops.present import comparison, empty_comparison
from peaceops.web import views
from peaceops.web.context import WebContext
from peaceops.web.deps import web
from peaceops.web.errors import ERROR_RESPONSES
from peaceops.web.render import JSON_TYPE, json_response, render, with_query

router = APIRouter(tags=["compare"], responses=ERROR_RESPONSES)

MAX_OPERATIONS = 12


def _results(ctx: WebContext, ops: list[str]):
    chosen = [ctx.registry.find(q) for q in dict.fromkeys(ops)]
    cat = ctx.full_catalog()
    return chosen, compare(chosen, cat, trajectory=ctx.trajectory_provider()), cat


OPS_QUERY = Query(
    [],
    max_length=MAX_OPERATIONS,
    description=f"Operation ids (or names), repeated: ?ops=a&ops=b; at most {MAX_OPERATIONS}.",
)


@router.get("/compare", include_in_schema=False)
def compare_page(request: Request, ops: list[str] = OPS_QUERY, ctx: WebContext = Depends(web)):
    ops = [o for o in ops if o]
    chosen, results, cat = _results(ctx, ops) if ops else ([], [], ctx.catalog)
    return render(
        request,
        "compare.html",
        {
            "all_ops": sorted(ctx.registry, key=lambda op: op.name.en.casefold()),
            "chosen": chosen,
            "selected": {op.id for op in chosen},
            "rows": views.comparison_view(results, cat) if results else [],
        },
        alternates=[(with_query(request, "/compare.json"), JSON_TYPE)],
    )


@router.get("/compare.json", summary="Comparison of operations by principle or by indicator")
def compare_json(
    request: Request,
    ops: list[str] = OPS_QUERY,
    by: Literal["principle", "indicator"] = Query("principle", description="Rows: principles or indicators."),
    ctx: WebContext = Depends(web),
):
    ops = [o for o in ops if o]
    if not ops:
        return json_response(empty_comparison(by), html=with_query(request, "/compare"))
    _, results, cat = _results(ctx, ops)
    return json_response(comparison(results, cat, by), html=with_query(request, "/compare"))
