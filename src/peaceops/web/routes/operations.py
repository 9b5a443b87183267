"""/operations (list, filter, sort, CSV) and /operations/<id> (facts, timeline, map, assessment, events)."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BeforeValidator, Field

from peaceops.assess import assess_operation
from peaceops.errors import NotFoundError
from peaceops.registry.filters import OperationFilter
from peaceops.vocab import Decade, LeadGroup, OperationKind, OperationStatus
from peaceops.web import panels, views
from peaceops.web.context import WebContext
from peaceops.web.deps import web
from peaceops.web.errors import ERROR_RESPONSES
from peaceops.web.registry_visual import registry_overview, registry_svgs
from peaceops.web.render import (
    CSV_TYPE,
    JSON_TYPE,
    csv_response,
    json_bytes,
    json_response,
    render,
    templates,
    with_query,
)

router = APIRouter(tags=["operations"], responses=ERROR_RESPONSES)

BLANK_IS_NONE = BeforeValidator(lambda value: value or None)
"""A filter form sends an empty field for "any"; it means no filter, not an invalid value."""
Year = Annotated[int, Field(ge=1900, le=2100)]
SortKey = Literal["id", "name", "kind", "lead", "host", "start", "end", "status", "peak_strength", "sources"]


class OperationFilters:
    """The list's filters, shared by the page, its JSON twin and its CSV table."""

    def __init__(
        self,
        kind: Annotated[OperationKind | None, BLANK_IS_NONE, Query(description="Only this kind of operation.")] = None,
        lead: str | None = Query(
            None, max_length=200, description="Lead organisation, state or lead group (substring, any case)."
        ),
        lead_group: Annotated[
            LeadGroup | None, BLANK_IS_NONE, Query(description="Only operations of this lead group.")
        ] = None,
        host: str | None = Query(None, max_length=200, description="Host state or territory (substring, any case)."),
        status: Annotated[
            OperationStatus | None, BLANK_IS_NONE, Query(description="Only operations with this status.")
        ] = None,
        active_on: Annotated[
            dt.date | None, BLANK_IS_NONE, Query(description="Only operations deployed on this date (YYYY-MM-DD).")
        ] = None,
        year_from: Annotated[
            Year | None, BLANK_IS_NONE, Query(description="Deployed at some time in or after this year.")
        ] = None,
        year_to: Annotated[
            Year | None, BLANK_IS_NONE, Query(description="Deployed at some time in or before this year.")
        ] = None,
        q: str | None = Query(
            None,
            max_length=200,
            description="Words that must all appear in the id, a name, acronym, alias, lead or host.",
        ),
        decade: Annotated[
            Decade | None, BLANK_IS_NONE, Query(description="Active in any year of this decade, e.g. 1990s.")
        ] = None,
        regional_power: Annotated[
            bool | None,
            BLANK_IS_NONE,
            Query(description="true: only operations a regional power led into its neighbourhood; false: the others."),
        ] = None,
        cites: str | None = Query(
            None, max_length=200, description="Only operations citing this source id (e.g. a dataset's)."
        ),
        sort: SortKey = Query("start", description="Column to sort by."),
        order: Literal["asc", "desc"] = Query("asc", description="Sort direction (empty cells always last)."),
    ):
        self.kind, self.lead, self.host, self.status = kind or None, lead or None, host or None, status or None
        self.lead_group, self.decade = lead_group or None, decade or None
        self.active_on, self.q = active_on, q or None
        self.year_from, self.year_to, self.sort, self.order = year_from, year_to, sort, order
        self.regional_power, self.cites = regional_power, cites or None

    def criteria(self, *, live: bool = True) -> OperationFilter:
        """The registry filter; ``live=False`` leaves out lead group, status, decade and text, the filters the page's
        script applies in the browser too (operations failing only those are drawn hidden, not left out, so the
        script can show them again without asking the server)."""
        return OperationFilter(
            kind=self.kind,
            lead=self.lead,
            host=self.host,
            active_on=self.active_on,
            year_from=self.year_from,
            year_to=self.year_to,
            regional_power=self.regional_power,
            cites=self.cites,
            **(
                {"lead_group": self.lead_group, "status": self.status, "decade": self.decade, "search": self.q}
                if live
                else {}
            ),
        )

    def operations(self, ctx: WebContext, *, live: bool = True) -> list:
        return self.criteria(live=live).apply(ctx.registry)

    def sorted_rows(self, ctx: WebContext, ops) -> list[dict]:
        reg = ctx.registry
        every = ctx.cached("summary rows", lambda: {row["id"]: row for row in views.summary_rows(reg, reg)})
        return views.operation_sort([dict(every[op.id]) for op in ops], self.sort, self.order == "desc")

    def rows(self, ctx: WebContext) -> list[dict]:
        return self.sorted_rows(ctx, self.operations(ctx))

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in vars(self).items() if v is not None}


async def operation_filters(**params) -> OperationFilters:
    """The list's filters as an ``async`` dependency with the parameters of :class:`OperationFilters`: FastAPI runs a
    class (or plain ``def``) dependency in its thread pool, a hand-over to a thread and back on every request."""
    return OperationFilters(**params)


operation_filters.__signature__ = inspect.signature(OperationFilters)


def _list_alternates(request: Request) -> list[tuple[str, str]]:
    return [(with_query(request, "/operations.json"), JSON_TYPE), (with_query(request, "/operations.csv"), CSV_TYPE)]


def _list_key(filters: OperationFilters) -> tuple:
    """What a list response depends on besides the curated registry (fixed while serving): the filters, and the day
    (an operation without an end is active until today)."""
    return (dt.date.today(), tuple(sorted(filters.as_dict().items())))


@router.get("/operations", include_in_schema=False)
async def operations_page(
    request: Request, filters: OperationFilters = Depends(operation_filters), ctx: WebContext = Depends(web)
):
    def body() -> bytes:  # the same for every visitor: rendered once per filter set and day
        drawn = filters.operations(ctx, live=False)  # the page draws these; those failing a live filter are hidden
        shown = {op.id for op in filters.criteria().apply(drawn)}
        hidden = frozenset(op.id for op in drawn if op.id not in shown)
        every = len(drawn) == len(ctx.registry)
        registry = registry_overview(ctx, None if every else drawn)
        return (
            templates()
            .env.get_template("_operations_body.html")
            .render(
                rows=filters.sorted_rows(ctx, drawn),
                hidden=hidden,
                shown=len(shown),
                filters=filters.as_dict(),
                total=len(ctx.registry),
                registry=registry,
                by_id={r["id"]: r for r in registry["operations"]},
                visual=registry_svgs(ctx, None if every else drawn, hidden),
            )
            .encode()
        )

    return render(
        request,
        "operations.html",
        {},
        body=await ctx.recent_async(("operations-html", _list_key(filters)), body),
        alternates=_list_alternates(request),
    )


@router.get("/operations.json", summary="Operations, filtered and sorted")
async def operations_json(
    request: Request, filters: OperationFilters = Depends(operation_filters), ctx: WebContext = Depends(web)
):
    def body() -> bytes:
        ops = filters.operations(ctx)
        rows = filters.sorted_rows(ctx, ops)
        return json_bytes(
            {
                "filters": filters.as_dict(),
                "count": len(rows),
                "total": len(ctx.registry),
                "rows": rows,
                "registry": registry_overview(ctx, ops),
            }
        )

    return json_response(
        None,
        body=await ctx.recent_async(("operations-json", _list_key(filters)), body),
        html=with_query(request, "/operations"),
        csv_href=with_query(request, "/operations.csv"),
    )


@router.get(
    "/operations.csv",
    summary="Operations as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per operation."}},
)
def operations_csv(
    request: Request, filters: OperationFilters = Depends(operation_filters), ctx: WebContext = Depends(web)
):
    return csv_response(
        filters.rows(ctx),
        filename="operations.csv",
        html=with_query(request, "/operations"),
        json_href=with_query(request, "/operations.json"),
    )


# -- one operation -------------------------------------------------------------------


def _resolve(ctx: WebContext, op_id: str):
    """The operation with this id; a name or alias that matches one operation redirects to its id."""
    try:
        return ctx.registry.get(op_id), None
    except NotFoundError:
        pass
    return None, ctx.registry.find(op_id)  # raises NotFoundError / AmbiguousNameError with the reason


def operation_data(ctx: WebContext, op) -> dict:
    """Everything the operation page shows, as data (the JSON twin is exactly this)."""

    def registry_part() -> dict:  # the curated registry does not change while serving: shaped once per operation
        facts, sources = views.facts_and_sources(ctx.registry, op)
        numbers = {s["id"]: s["number"] for s in sources}
        return {
            "operation": views.operation_json(ctx.registry, op),
            "facts": facts,
            "sources": sources,
            "timeline": views.timeline(op, numbers),
            "map": panels.map_panel(op),
        }

    static = ctx.cached(("operation", op.id), registry_part)

    def assessed() -> dict:
        cat = ctx.full_catalog()
        result = assess_operation(op, cat, trajectory=ctx.trajectory_provider())
        return {
            "assessment": {"filter": result.filter, "principles": views.assessment_view(result, cat)},
            "events": panels.event_panel(ctx, op),
        }

    # reassessed whenever reviewed evidence or the event files change, so an accepted candidate counts at once
    signature = (ctx.evidence_signature(), ctx.events_signature())
    dynamic = ctx.latest(("assessment", op.id), signature, assessed)
    return {"id": op.id, **static, **dynamic}  # shared between requests: read, never changed


@router.get("/operations/{op_id}.json", summary="One operation: facts, sources, timeline, assessment, event metrics")
async def operation_json(op_id: str, ctx: WebContext = Depends(web)):
    # async: the answer is almost always held already (see WebContext.latest_async)
    op, other = _resolve(ctx, op_id)
    if other is not None:
        return RedirectResponse(f"/operations/{other.id}.json", status_code=307)

    signature = (ctx.evidence_signature(), ctx.events_signature())
    body = await ctx.latest_async(("operation-json", op.id), signature, lambda: json_bytes(operation_data(ctx, op)))
    return json_response(None, html=f"/operations/{op.id}", body=body)


@router.get(
    "/operations/{op_id}/map.svg",
    summary="Map of the area of operation (SVG)",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "An SVG map."}},
)
def operation_map(op_id: str, ctx: WebContext = Depends(web)):
    op = ctx.registry.get(op_id)
    return panels.map_response(op)


@router.get("/operations/{op_id}", include_in_schema=False)
async def operation_page(request: Request, op_id: str, ctx: WebContext = Depends(web)):
    # async: the page's content is almost always held already (see WebContext.latest_async)
    op, other = _resolve(ctx, op_id)
    if other is not None:
        return RedirectResponse(f"/operations/{other.id}", status_code=307)
    signature = (ctx.evidence_signature(), ctx.events_signature())

    def body() -> bytes:  # the same for every visitor: rendered once per operation and evidence state
        data = operation_data(ctx, op)
        data["chart"] = views.strength_chart(data["timeline"])
        return templates().env.get_template("_operation_body.html").render(op=op, data=data).encode()

    return render(
        request,
        "operation.html",
        {"op": op},
        body=await ctx.latest_async(("operation-html", op.id), signature, body),
        alternates=[(f"/operations/{op.id}.json", JSON_TYPE)],
    )
