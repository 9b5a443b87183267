"""/studies: the reproductions of published findings, with their plots.

Each study runs once per server process (a second or two) and is cached; its
plots are drawn by :mod:`peaceops.studies.plots` into the workspace's
``web-cache/studies`` folder on first request. A study whose data is missing
is shown as "not available" with the reason.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from peaceops import studies
from peaceops.errors import NotFoundError, PeaceopsError
from peaceops.studies import plots
from peaceops.web.context import WebContext
from peaceops.web.deps import web
from peaceops.web.errors import ERROR_RESPONSES
from peaceops.web.render import JSON_TYPE, json_response, render

router = APIRouter(tags=["studies"], responses=ERROR_RESPONSES)

STUDIES = {
    # name: (title, runner attribute in peaceops.studies, plot function in peaceops.studies.plots, plot file stem)
    "hks2013": (
        "UN peacekeeping and civilian deaths (Hultman, Kathman & Shannon 2013)",
        "hks2013",
        "hks2013_effects",
        "hks2013_predicted_deaths",
    ),
    "fortna": (
        "Peacekeeping and the duration of peace after ceasefires (Fortna)",
        "fortna",
        "fortna_survival",
        "fortna_survival",
    ),
    "deployer": ("Peace operations by type of deployer (peaceops)", "deployer", "deployer", "deployer"),
}
PlotName = Literal["hks2013_predicted_deaths", "fortna_survival", "deployer", "deployer_outcomes_forest"]


def _run(ctx: WebContext, name: str):
    """The study's result object, or a string saying why it is not available."""

    if name == "deployer":  # reads the registry, the reviewed evidence and the loaded event data, not replication files
        catalog = ctx.full_catalog()
        key = ("study", name, len(catalog.evidence), ctx.events_signature())

        def deployer():
            from peaceops.assess.metrics import trajectory_provider  # deferred: events machinery, on first use

            without_milestones = trajectory_provider(ctx.workspace.root, ctx.data_dir, use_milestones=False)
            return studies.deployer_outcomes(
                catalog, trajectory=ctx.trajectory_provider(), sensitivity=without_milestones
            )

        return ctx.cached(key, deployer)
    runner = getattr(studies, STUDIES[name][1], None)
    if runner is None:
        return "not available: this version of peaceops has no such study yet"

    def compute():
        try:
            return runner(ctx.data_dir / "studies")
        except PeaceopsError as exc:
            return f"not available: {exc}"

    return ctx.cached(("study", name), compute)


def studies_data(ctx: WebContext) -> list[dict]:
    out = []
    for name, (title, _, _, stem) in STUDIES.items():
        result = _run(ctx, name)
        if isinstance(result, str):
            out.append({"study": name, "title": title, "status": "not available", "reason": result})
            continue
        out.append(
            {
                "study": name,
                "title": title,
                "status": "reproduced",
                "result": result.to_dict(),
                "plots": {"png": f"/studies/plots/{stem}.png", "svg": f"/studies/plots/{stem}.svg"},
            }
        )
    return out


@router.get("/studies", include_in_schema=False)
def studies_page(request: Request, ctx: WebContext = Depends(web)):
    return render(request, "studies.html", {"studies": studies_data(ctx)}, alternates=[("/studies.json", JSON_TYPE)])


@router.get("/studies.json", summary="Reproductions of published studies, with the published figures beside them")
def studies_json(ctx: WebContext = Depends(web)):
    return json_response({"studies": studies_data(ctx)}, html="/studies")


@router.get(
    "/studies/plots/{name}.{fmt}",
    summary="A study's plot (PNG or SVG)",
    response_class=FileResponse,
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}, "description": "The plot."}},
)
def study_plot(name: PlotName, fmt: Literal["png", "svg"], ctx: WebContext = Depends(web)):
    if name == "deployer_outcomes_forest":  # the thesis model's forest plot, from the deployer study's result
        study = "deployer"
        result = _run(ctx, study)
        model = getattr(result, "model", None)
        if not model or not model.get("models"):
            raise NotFoundError("no plot 'deployer_outcomes_forest': no trajectories are measured in this workspace")

        def draw(result, folder):
            return plots.thesis_forest(result.model, folder / name)
    else:
        study = next((key for key, spec in STUDIES.items() if spec[3] == name), None)
        result = _run(ctx, study)
        draw = getattr(plots, STUDIES[study][2], None)
    if isinstance(result, str) or draw is None:
        raise NotFoundError(f"no plot {name!r}: the study is {result if isinstance(result, str) else 'not drawable'}")
    folder = ctx.cache_dir / "studies"
    path = folder / f"{name}.{fmt}"

    def write():
        draw(result, folder)
        return True

    plot_key = ("plot", name) if study != "deployer" else ("plot", name, id(result))  # redrawn for new events
    ctx.cached(plot_key, write)
    media = "image/png" if fmt == "png" else "image/svg+xml"
    return FileResponse(
        path, media_type=media, headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"}
    )
