"""The conflict trajectory section: deaths around the operation from the workspace's event data, or why not measured.

Numbers come from :mod:`peaceops.events` (linkage, per-period metrics, the
trajectory call and its thresholds); the report computes nothing of its own
except summing deaths per period for the chart, and it says so. Without event
data the section says "not measured" and how to load data, never zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from peaceops.report.charts import Period, fatalities_chart
from peaceops.report.model import ConflictView, Fact, Figure, Row, Table
from peaceops.report.profile import deployment_window

if TYPE_CHECKING:
    from peaceops.present.citations import Bibliography

DATASETS = {
    "ucdp-ged": (
        "UCDP Georeferenced Event Dataset (GED). Sundberg, Ralph and Erik Melander (2013), \u201cIntroducing the "
        "UCDP Georeferenced Event Dataset\u201d, Journal of Peace Research 50(4): 523\u2013532. Licence CC BY 4.0.",
        "https://ucdp.uu.se/downloads/",
    ),
    "acled": (
        "Armed Conflict Location & Event Data (ACLED). Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim "
        "Karlsen (2010), \u201cIntroducing ACLED: An Armed Conflict Location and Event Dataset\u201d, Journal of Peace "
        "Research 47(5): 651\u2013660.",
        "https://acleddata.com/",
    ),
    "gdelt1": (
        "GDELT 1.0 event data. Leetaru, Kalev and Philip A. Schrodt (2013), \u201cGDELT: Global Data on Events, "
        "Location and Tone, 1979\u20132012\u201d, ISA Annual Convention.",
        "https://www.gdeltproject.org/",
    ),
    "gdelt2": (
        "GDELT 2.0 event data. Leetaru, Kalev and Philip A. Schrodt (2013), \u201cGDELT: Global Data on Events, "
        "Location and Tone, 1979\u20132012\u201d, ISA Annual Convention.",
        "https://www.gdeltproject.org/",
    ),
}
MONTHLY_MAX_YEARS = 8


def load_hint(root: Path) -> str:
    return (
        f"Load UCDP GED or ACLED event files into the workspace and generate the report again: "
        f"`peaceops --workspace {root} events load FILE...`."
    )


@dataclass
class ConflictData:
    """What the events module says about one operation (computed before the assessment, which reads the trajectory)."""

    status: str  # "measured", "no-workspace", "not-loaded", "error"
    message: str
    trajectory: object = None
    frame: object = None  # pandas DataFrame of events.metrics rows for this operation
    manifest: list = field(default_factory=list)
    linkage: object = None
    thresholds_path: str | None = None


def load_conflict_data(ops, workspace, registry) -> dict[str, ConflictData]:
    """One :class:`ConflictData` per operation id, from one linkage run over the workspace's events."""
    if workspace is None:
        msg = (
            "No workspace was given, so no event data was read. Load UCDP GED or ACLED files into a workspace with "
            "`peaceops --workspace DIR events load FILE...` and generate the report with `--workspace DIR` "
            "(Python: ReportOptions(workspace=DIR))."
        )
        return {op.id: ConflictData("no-workspace", msg) for op in ops}
    # heavy: pulls in pandas and pyarrow
    from peaceops.events.store import EventStore

    store = EventStore(workspace.events_dir)
    if not store.event_files():
        msg = f"No conflict event data is loaded in the workspace {workspace.root}. " + load_hint(workspace.root)
        return {op.id: ConflictData("not-loaded", msg) for op in ops}
    from peaceops.events.errors import EventsError
    from peaceops.events.metrics import compute
    from peaceops.events.session import Analysis
    from peaceops.events.trajectory import trajectories

    try:
        analysis = Analysis.open(workspace=workspace, registry=registry)
        results = trajectories(analysis, ops)
        frame = compute(analysis, ops)
    except EventsError as exc:
        return {op.id: ConflictData("error", f"The event data could not be analysed: {exc}") for op in ops}
    manifest = store.manifest()
    out = {}
    for op, tr in zip(ops, results, strict=True):
        mine = frame[frame.operation_id == op.id] if not frame.empty else frame
        out[op.id] = ConflictData(
            "measured",
            "",
            tr,
            mine,
            manifest,
            analysis.thresholds.linkage,
            str(analysis.thresholds.path or "trajectory_thresholds.yaml"),
        )
    return out


@dataclass(frozen=True)
class _RuleInput:
    """What the engine's ``metric-trajectory`` rule reads: the class and a flat mapping of the numbers behind it."""

    classification: str
    numbers: dict


TRAJECTORY_NUMBERS = (
    "reference_year",
    "baseline_mean_deaths",
    "mean_deaths_after",
    "max_deaths_after",
    "active_years_after",
)


def trajectory_provider(data: dict[str, ConflictData]):
    """A provider for the assessment engine: the same trajectory the section shows, or None (not measured).

    The engine's rule copies ``numbers`` with ``dict()``; events returns them as a
    dataclass, so the provider hands over the headline numbers as a mapping.
    """

    def provide(op):
        entry = data.get(op.id)
        if entry is None or entry.status != "measured":
            return None
        tr = entry.trajectory
        numbers = {name: getattr(tr.numbers, name) for name in TRAJECTORY_NUMBERS if hasattr(tr.numbers, name)}
        return _RuleInput(tr.classification, numbers)

    return provide


def conflict_view(op, data: ConflictData, bib: Bibliography, *, prefix: str, key: str = "fatalities") -> ConflictView:
    """The section for one operation; ``prefix`` keeps the chart's SVG ids unique, ``key`` names its Markdown file."""
    if data.status != "measured":
        return ConflictView(False, data.message)
    tr = data.trajectory
    n, cov = tr.numbers, tr.coverage
    facts = [Fact("Trajectory", tr.classification, note=tr.reason)]
    dataset_ref = []
    if cov.dataset:
        text, url = DATASETS.get(cov.dataset, (f"Event dataset {cov.dataset}", None))
        dataset_ref = [bib.cite_text(f"dataset:{cov.dataset}", text, url=url)]
        facts.append(
            Fact(
                "Deaths from",
                f"{cov.dataset}, data {cov.first_year}–{cov.last_year}, "
                f"{cov.events_linked:,} events linked to the area",
                dataset_ref,
            )
        )
    area = cov.area or {}
    facts.append(
        Fact(
            "Area linked",
            f"{area.get('registry_points', 0)} registry point(s), "
            f"{area.get('geopko_locations', 0)} Geo-PKO location(s), "
            f"{len(area.get('admin_areas', []))} admin area(s)",
        )
    )
    if n.reference_basis:
        facts.append(Fact("Reference date", n.reference_basis))
    if n.baseline_years:
        facts.append(
            Fact(
                "Baseline",
                f"mean {n.baseline_mean_deaths} deaths a year over {n.baseline_years[0]}–"
                f"{n.baseline_years[-1]} ({n.baseline_basis})",
                dataset_ref,
            )
        )
    if n.years_after:
        active = ", ".join(map(str, n.active_years_after)) or "none"
        facts.append(
            Fact(
                "After the reference year",
                f"{n.years_after[0]}–{n.years_after[-1]}: mean {n.mean_deaths_after}, "
                f"max {n.max_deaths_after} deaths a year; years at or above "
                f"{tr.thresholds['active_deaths_per_year']}: {active}",
                dataset_ref,
            )
        )
    if n.comprehensive_settlement:
        s = n.comprehensive_settlement
        facts.append(Fact("Comprehensive settlement", f"{s['instrument']} ({s['date']})"))
    method_ref = bib.cite_text(
        "method:trajectory",
        "peaceops trajectory rules (peaceops.events.trajectory) with the "
        f"thresholds of {Path(data.thresholds_path).name}: "
        + ", ".join(f"{k} = {v}" for k, v in sorted(tr.thresholds.items()) if not isinstance(v, list)),
        kind="method",
    )
    facts.append(
        Fact(
            "Rules and thresholds",
            f"active conflict year: at least {tr.thresholds['active_deaths_per_year']} deaths; see the reference",
            [method_ref],
        )
    )

    periods, granularity = _periods(op, data, cov)
    figure = series = None
    if periods:
        label = "deaths per month" if granularity == "month" else "deaths per year"
        reference = None
        if n.reference_date:
            reference = (
                dt.date.fromisoformat(n.reference_date),
                "reference: " + (n.reference_basis or "").split(":")[0],
            )
        svg = fatalities_chart(
            periods,
            title=f"Deaths in the area of {op.acronym or op.name.en} ({cov.dataset})",
            prefix=prefix,
            deployment=deployment_window(op),
            reference=reference,
            ylabel=label,
        )
        caption = (
            f"Deaths ({cov.dataset} best estimates) linked to the operation's area, {label}; a period within the "
            "data's coverage with no linked event counts as 0 (peaceops.events). Shaded: deployment."
        )
        figure = Figure(key, svg, caption, f"Bar chart of {label} around {op.name.en}")
        series = Table(
            "Deaths by period",
            ["Period", "Deaths"],
            [Row([_period_label(p, granularity), f"{p.deaths:,}"], dataset_ref) for p in periods],
        )
    files = Table(
        "Event files loaded in the workspace",
        ["File", "Format", "SHA-256", "Rows", "Rejected"],
        [
            Row([Path(e.file).name, e.format, e.sha256[:12], f"{e.rows_written:,}", f"{e.rows_rejected:,}"])
            for e in sorted(data.manifest, key=lambda e: (Path(e.file).name, e.sha256))
        ],
    )
    message = "" if periods else _why_no_chart(op, data, cov, tr)
    return ConflictView(True, message, tr.classification, tr.reason, facts, figure, series, files)


def _why_no_chart(op, data: ConflictData, cov, tr) -> str:
    if not cov.dataset or cov.first_year is None:
        return f"No chart: {tr.reason}."
    if op.start is None:
        return "No chart: the operation was never deployed."
    start, end = _window(op, data)
    began = op.start.date.earliest().year
    if cov.last_year < began:
        return (
            f"No chart: the loaded {cov.dataset} data cover {cov.first_year}–{cov.last_year} and end before the "
            f"deployment began ({began})."
        )
    return (
        f"No chart: the loaded {cov.dataset} data cover {cov.first_year}–{cov.last_year}, outside the years linked to "
        f"this operation ({start}–{end or 'now'}: {data.linkage.before_years} years before the deployment to "
        f"{data.linkage.after_years} after it)."
    )


def _window(op, data: ConflictData) -> tuple[int, int | None]:
    """Years linked to the operation: before_years before its start to after_years after its end (None: still
    deployed)."""
    start_year = op.start.date.earliest().year - data.linkage.before_years
    end_year = op.end.date.latest().year + data.linkage.after_years if op.end else None
    return start_year, end_year


def _periods(op, data: ConflictData, cov) -> tuple[list[Period], str]:
    """Deaths per period of the trajectory's dataset within the linkage window and the data's coverage."""
    import pandas as pd  # heavy: pandas, loaded on first use

    if not cov.dataset or cov.first_year is None or op.start is None:
        return [], "year"
    frame = data.frame
    rows = frame[frame.dataset == cov.dataset] if frame is not None and not frame.empty else None
    start_year, end_year = _window(op, data)
    first, last = max(cov.first_year, start_year), min(cov.last_year, end_year or cov.last_year)
    if first > last or last < op.start.date.earliest().year:  # no data at all from the deployment on: no chart
        return [], "year"
    monthly = (
        rows is not None
        and not rows.empty
        and (rows.granularity == "month").all()
        and last - first + 1 <= MONTHLY_MAX_YEARS
    )
    totals: dict[tuple[int, int], int] = {}
    if rows is not None and not rows.empty:
        for row in rows.itertuples(index=False):
            deaths = 0 if pd.isna(row.fatalities_best) else int(row.fatalities_best)
            key = (int(row.year), int(row.month) if monthly else 0)
            totals[key] = totals.get(key, 0) + deaths
    periods = []
    for year in range(first, last + 1):
        if monthly:
            for month in range(1, 13):
                start = dt.date(year, month, 1)
                end = dt.date(year + (month == 12), month % 12 + 1, 1)
                periods.append(Period(start, end, totals.get((year, month), 0)))
        else:
            periods.append(Period(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), totals.get((year, 0), 0)))
    return periods, "month" if monthly else "year"


def _period_label(period: Period, granularity: str) -> str:
    return f"{period.start:%Y-%m}" if granularity == "month" else f"{period.start:%Y}"
