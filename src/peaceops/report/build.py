"""Assemble a report: one operation's brief, or a comparison of several.

Sections are built in the order they are read, so reference numbers run down
the page. Everything the report shows is read from the catalog (registry,
framework, evidence), the workspace (reviewed evidence, event data) and the
assessment engine; nothing is typed in here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from peaceops import __version__, maps, review
from peaceops import catalog as catalog_module
from peaceops.assess import compare
from peaceops.errors import UsageError
from peaceops.evidence import GradeFilter
from peaceops.maps import ATTRIBUTION
from peaceops.present import comparison, operation_facts
from peaceops.present import format as fmt
from peaceops.present.citations import Bibliography
from peaceops.report import assessment as views
from peaceops.report import profile
from peaceops.report.charts import StrengthPoint, strength_chart
from peaceops.report.conflict import conflict_view, load_conflict_data, trajectory_provider
from peaceops.report.model import (
    ComparisonCell,
    ComparisonReport,
    ComparisonRow,
    Fact,
    Figure,
    Header,
    MapView,
    OperationColumn,
    OperationReport,
    Row,
    Table,
)
from peaceops.workspace import Workspace, open_workspace


@dataclass(frozen=True)
class ReportOptions:
    """How to build a report.

    ``workspace``: a :class:`peaceops.workspace.Workspace`, a directory, or None
    (then no event data and only curated evidence are used). ``as_of``: the
    date the rules assess at (default: the generation date). ``generated_at``:
    the generation timestamp (default: now, UTC) — the one thing that differs
    between two runs on the same data.
    """

    workspace: object = None
    as_of: dt.date | None = None
    generated_at: dt.datetime | None = None
    grade_filter: object = None
    workspace_evidence: bool = True


def build_report(queries: list[str], catalog=None, *, data_dir=None, options: ReportOptions | None = None):
    """An :class:`OperationReport` for one id or name, a :class:`ComparisonReport` for several."""

    options = options or ReportOptions()
    if not queries:
        raise UsageError("give at least one operation id or name")
    cat = catalog or catalog_module.load(data_dir)
    ops = [cat.registry.find(q) for q in queries]
    seen = set()
    for op in ops:
        if op.id in seen:
            raise UsageError(f"{op.id} is named twice; give each operation once")
        seen.add(op.id)
    ws = _workspace(options.workspace)
    if ws is not None and options.workspace_evidence:
        cat = review.catalog_with_workspace(cat, ws)
    generated = (options.generated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    as_of = options.as_of or generated.date()
    context = _Context(cat, ws, as_of, generated, options.grade_filter)
    if len(ops) == 1:
        return _operation_report(ops[0], context)
    return _comparison_report(ops, context)


@dataclass
class _Context:
    catalog: object
    workspace: object
    as_of: dt.date
    generated: dt.datetime
    grade_filter: object

    def assess(self, ops, conflict_data):

        return compare(
            ops,
            self.catalog,
            grade_filter=self.grade_filter or GradeFilter(),
            trajectory=trajectory_provider(conflict_data),
            as_of=self.as_of,
        )


def _workspace(value):
    if value is None:
        return None

    return value if isinstance(value, Workspace) else open_workspace(value)


def data_fingerprint(data_dir: Path) -> str:
    """SHA-256 (first 12 hex digits) of every curated YAML file's path and bytes: the same data gives the same value
    anywhere."""
    digest = hashlib.sha256()
    for path in sorted(Path(data_dir).rglob("*.yaml"), key=lambda p: p.relative_to(data_dir).as_posix()):
        digest.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _header(context: _Context, title: str, subtitle: str, grade_filter_text: str) -> Header:
    cat = context.catalog
    workspace_items = sum(1 for ev in cat.evidence if ev.origin == "workspace")
    curated = len(cat.evidence) - workspace_items
    origin = f"{curated} curated item(s) (data/evidence)"
    if context.workspace is not None:
        origin += f" and {workspace_items} accepted in the workspace's review queue"
    data = (
        f"{len(cat.registry)} operations, {len(cat.registry.sources)} sources, framework version "
        f"{cat.framework.model.version}; fingerprint {data_fingerprint(cat.registry.data_dir)}"
    )
    return Header(
        title,
        subtitle,
        context.generated.isoformat().replace("+00:00", "Z"),
        context.as_of,
        grade_filter_text,
        origin,
        __version__,
        data,
    )


def _method(context: _Context, bib: Bibliography, *, with_map: bool) -> list[Fact]:
    fw = context.catalog.framework.model
    levels = ", ".join(f"{k} {v}" for k, v in sorted(fw.scale.levels.items()))
    out = [
        Fact(
            "Scores",
            f"each indicator is scored {levels} by the rules of data/framework.yaml; a principle's score is "
            "the mean of its scored indicators (k/n = indicators scored). 'insufficient evidence' and 'not "
            "measured' are never counted as 0.",
        )
    ]
    grading = fw.grading
    weights = (
        "reliability "
        + ", ".join(f"{k} {v:g}" for k, v in grading.reliability.items())
        + "; credibility "
        + ", ".join(f"{k} {v:g}" for k, v in grading.credibility.items())
        + "; stance "
        + ", ".join(f"{k} {v:+d}" for k, v in grading.stance.items())
    )
    ref = [views.reference_number(context.catalog, bib, "stanag2511")] if "stanag2511" in fw.references else []
    out.append(
        Fact("Evidence weight", "weight of an item = reliability weight × credibility weight (" + weights + ")", ref)
    )
    out.append(
        Fact("Assessed as of", f"{context.as_of.isoformat()} (rules that count years since a ceasefire use this date)")
    )
    if with_map:
        out.append(Fact("Map", f"{ATTRIBUTION}; equirectangular projection; circles are the registry's area radii"))
    out.append(
        Fact("Charts", "matplotlib, from the registry's strength entries and the workspace's event data as cited")
    )
    return out


# ------------------------------------------------------------------ one operation
def _operation_report(op, context: _Context) -> OperationReport:
    cat = context.catalog
    bib = Bibliography(cat.registry.sources)
    conflict_data = load_conflict_data([op], context.workspace, cat.registry)
    result = context.assess([op], conflict_data)[0]
    header = _header(
        context, op.name.en + (f" ({op.acronym})" if op.acronym else ""), profile.subtitle(op), result.filter
    )
    gaps = profile.gaps(op, len(cat.evidence_for(op.id)))
    shown = operation_facts(cat.registry, op, bib)
    facts = profile.facts(op, shown)
    tables = profile.tables(op, shown) + profile.later_tables(op, shown)
    strength = profile.strength_table(op, shown)
    strength_figure = _strength_figure(op, strength, prefix=f"chart-{op.id}-strength")
    map_view = _map_view(op, bib)
    principles = [views.principle_view(result, p.id, cat, bib) for p in cat.framework.principles]
    conflict = conflict_view(op, conflict_data[op.id], bib, prefix=f"chart-{op.id}-deaths")
    method = _method(context, bib, with_map=True)
    return OperationReport(
        header,
        op.id,
        gaps,
        facts,
        tables,
        strength,
        strength_figure,
        map_view,
        principles,
        conflict,
        method,
        bib.entries,
    )


def _strength_figure(op, table: Table, *, prefix: str) -> Figure | None:
    if not op.strength:
        return None
    ordered = sorted(op.strength, key=lambda s: (s.date.earliest(), s.total))
    points = [
        StrengthPoint(s.date.earliest(), s.total, s.basis, "[" + ", ".join(map(str, row.refs)) + "]")
        for s, row in zip(ordered, table.rows, strict=True)
    ]
    window = profile.deployment_window(op)
    svg = strength_chart(
        points,
        title=f"Strength of {op.acronym or op.name.en} over time",
        prefix=prefix,
        start=window[0] if window else None,
        end=window[1] if window else None,
    )
    caption = (
        "Personnel by date as the registry records it (one marker per source figure; the bracketed numbers are the "
        "references). Disagreeing figures are shown side by side, not averaged. Shaded: deployment."
    )
    return Figure("strength", svg, caption, f"Chart of the strength of {op.name.en} over time")


def _map_view(op, bib: Bibliography) -> MapView:
    places = maps.area_places(op)
    rows = []
    for place in places:
        where = f"{place.lat:.3f}, {place.lon:.3f}" if place.drawn else "no point (admin areas only; not drawn)"
        radius = f"{place.radius_km:g} km" if place.radius_km else ""
        rows.append(
            Row(
                [str(place.number) if place.drawn else "–", place.name, where, radius, "; ".join(place.admin)],
                bib.cite(place.sources),
            )
        )
    table = Table(
        "Places of the area",
        ["#", "Place", "Lat, lon", "Radius", "Admin areas"],
        rows,
        "No area of operation is recorded.",
    )
    try:
        svg = maps.area_svg(op, width=680, height=440)
    except maps.MapUnavailableError as exc:
        return MapView(None, table, f"No map: {exc}")
    _, fitted = maps.area_frame(op, 680, 440)
    message = None
    if fitted == "host":
        message = "No area point (latitude, longitude) is recorded, so the map shows the host state only."
    caption = (
        "Area of operation: numbered points and radii from the registry (table below); borders: Natural Earth "
        "1:110m, which draws de facto lines with its own conventions."
    )
    return MapView(Figure("map", svg, caption, f"Map of the area of {op.name.en}"), table, message)


# ------------------------------------------------------------------ comparison
def _comparison_report(ops, context: _Context) -> ComparisonReport:
    cat = context.catalog
    bib = Bibliography(cat.registry.sources)
    conflict_data = load_conflict_data(ops, context.workspace, cat.registry)
    results = context.assess(ops, conflict_data)
    acronyms = [op.acronym for op in ops]
    short = {op.id: op.acronym if op.acronym and acronyms.count(op.acronym) == 1 else op.id for op in ops}
    names = ", ".join(short[op.id] for op in ops)
    header = _header(
        context,
        f"Comparison: {names}",
        f"{len(ops)} operations by the principles of the peaceops framework, each cell linked to its evidence",
        results[0].filter,
    )
    columns_facts = {op.id: _overview_facts(op, bib) for op in ops}
    shaped = comparison(results, cat, "principle")  # the same cells as `ops compare --json` and /compare.json
    rows = []
    for principle, shaped_row in zip(cat.framework.principles, shaped["rows"], strict=True):
        details = [views.principle_view(result, principle.id, cat, bib) for result in results]
        cells = []
        for result, d in zip(results, details, strict=True):
            cell = shaped_row["operations"][result.operation]
            cells.append(
                ComparisonCell(
                    result.operation, fmt.score(cell["score"]), d.level, d.css, cell["scored"], cell["total"], d.anchor
                )
            )
        ref = views.reference_number(cat, bib, principle.reference)
        rows.append(
            ComparisonRow(principle.id, principle.name, principle.group, principle.summary, [ref], cells, details)
        )
    columns = []
    for op in ops:
        conflict = conflict_view(
            op, conflict_data[op.id], bib, prefix=f"chart-{op.id}-deaths", key=f"fatalities-{op.id}"
        )
        columns.append(
            OperationColumn(
                op.id,
                op.name.en,
                short[op.id],
                columns_facts[op.id],
                profile.gaps(op, len(cat.evidence_for(op.id))),
                conflict,
                f"{op.id}--profile",
            )
        )
    method = _method(context, bib, with_map=False)
    return ComparisonReport(header, columns, rows, method, bib.entries)


def _overview_facts(op, bib: Bibliography) -> list[Fact]:
    out = [
        Fact("Lead", op.lead.value, bib.cite(op.lead.sources)),
        Fact("Kind", fmt.kind(op)),
        Fact("Host", fmt.host(op), bib.cite(op.host.sources)),
    ]
    period_refs = bib.cite([*(op.start.sources if op.start else []), *(op.end.sources if op.end else [])])
    out.append(Fact("Deployed", fmt.period(op), period_refs))
    best = fmt.strongest_legal_basis(op)
    if best is not None:
        out.append(Fact("Strongest legal basis", f"{best.rung}: {best.instrument}", bib.cite(best.sources)))
    else:
        out.append(Fact("Strongest legal basis", fmt.NOT_RECORDED))
    peak = fmt.peak_figure(op)
    out.append(
        Fact(
            "Largest figure",
            fmt.peak_text(peak) if peak else fmt.NOT_RECORDED,
            bib.cite(peak.sources) if peak else [],
            "the largest peak, actual or reported figure recorded" if peak else None,
        )
    )
    contributors = [c for c in op.contributors if c.role != "observer-provider"]
    out.append(
        Fact(
            "Contributing parties",
            str(len({c.party for c in contributors})) if contributors else "not recorded",
            bib.cite([s for c in contributors for s in c.sources]),
            "count of distinct contributing states and organisations, lead included" if contributors else None,
        )
    )
    return out
