"""The trajectory of the conflict around an operation: settled, frozen, recurring, escalated, or too little data.

Read from yearly deaths in the operation's area (the first of
``fatality_datasets`` that is loaded) and the registry's ceasefire and
settlement dates, with the thresholds of ``trajectory_thresholds.yaml``.

Reference year R: the latest ceasefire dated no later than
``ceasefire_grace_years`` after the deployment start, else the first
ceasefire after that, else the start of deployment. Years after R (and from
the start of deployment on) run to the end of the data, or to ``after_years``
after the end of an operation that has ended. Baseline: the years before R
within the linkage window, else R itself when the data start there.
A year within the dataset's coverage with no linked event counts as zero
deaths; a year outside it is unknown.

Rules, in order (T = active_deaths_per_year):

1. too-little-data: no area, no death counts loaded, or fewer than
   ``min_years_after`` years of data after R.
2. escalated: mean deaths after R >= T and above ``escalation_ratio`` × baseline.
3. recurring: a year >= T after at least ``min_quiet_years_before_recurrence``
   years below T (violence came back), or years >= T that do not end in a
   quiet stretch of ``min_years_after`` years (violence persisting) without
   reaching the baseline. Persisting violence at or above a known baseline is
   escalated.
4. settled: every year after R (or after the last active year) below T, and a
   comprehensive settlement signed by the end of the data.
5. frozen: the same without a comprehensive settlement (FRAMEWORK.md: deaths
   below the UCDP threshold, no status agreement).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace

from peaceops import milestones as milestones_module
from peaceops.events.errors import EventsError
from peaceops.events.metrics import period_metrics, tidy
from peaceops.events.scope import exclusions, kept, methods
from peaceops.events.session import Analysis
from peaceops.milestones import ended_by_force, yearly_deaths

CLASSES = ("settled", "frozen", "recurring", "escalated", "ended-by-force", "too-little-data")


@dataclass(frozen=True)
class Coverage:
    """What data the call rests on."""

    dataset: str | None
    first_year: int | None
    last_year: int | None
    date_precision: dict[str, int] = field(default_factory=dict)
    events_linked: int = 0
    area: dict = field(default_factory=dict)
    linkage: dict = field(default_factory=dict)  # method -> events counted (see peaceops.events.scope)
    excluded: list = field(default_factory=list)  # [{reason, events, deaths}], most deaths first
    linkage_note: str | None = None  # what the linkage could not tell apart, and the remedy


@dataclass(frozen=True)
class TrajectoryNumbers:
    """The numbers behind the call (deaths are the dataset's best estimates)."""

    reference_date: str | None
    reference_basis: str | None
    reference_year: int | None
    reference_year_deaths: int | None
    baseline_years: list[int]
    baseline_basis: str | None
    baseline_mean_deaths: float | None
    years_after: list[int]
    deaths_by_year: dict[int, int]
    mean_deaths_after: float | None
    max_deaths_after: int | None
    active_years_after: list[int]
    years_with_deaths_after: list[int]
    comprehensive_settlement: dict | None
    partial_settlements: list[dict]
    year_sources: dict[int, str] = field(default_factory=dict)  # year -> "dataset: ..." or "milestone: ..."
    ended_by_force: dict | None = None  # the curated milestone that ended the dispute, with its sources


@dataclass(frozen=True)
class Trajectory:
    """A classified conflict trajectory with its numbers, thresholds and data coverage."""

    operation_id: str
    classification: str
    reason: str
    numbers: TrajectoryNumbers
    thresholds: dict
    coverage: Coverage

    def to_dict(self) -> dict:
        out = asdict(self)
        out["numbers"]["deaths_by_year"] = {str(k): v for k, v in self.numbers.deaths_by_year.items()}
        out["numbers"]["year_sources"] = {str(k): v for k, v in self.numbers.year_sources.items()}
        return out


def reference_point(op, grace_years: int) -> tuple[dt.date | None, str | None]:
    """(date, basis): the ceasefire the operation relates to, else its start.

    The latest ceasefire dated up to ``grace_years`` after the start (the one
    the force deployed on); failing that, the first ceasefire after it (a
    force that was there before the ceasefire it then monitored); failing
    that, the start of deployment.
    """
    if op.start is None:
        return None, None
    start = op.start.date.earliest()
    limit = dt.date(start.year + grace_years, start.month, min(start.day, 28))
    ceasefires = sorted(op.conflict.ceasefires if op.conflict else [], key=lambda cf: cf.date.latest())
    chosen = [cf for cf in ceasefires if cf.date.earliest() <= limit]
    pick = chosen[-1] if chosen else (ceasefires[0] if ceasefires else None)
    if pick is not None:
        return pick.date.latest(), f"ceasefire: {pick.instrument} ({pick.date})"
    return start, f"start of deployment ({op.start.date})"


def classify(
    op,
    yearly: dict[int, int],
    coverage: Coverage,
    settings,
    linkage,
    window_start_year: int | None,
    unlinked_reason: str | None,
    milestones: list | None = None,
) -> Trajectory:
    """Classify from yearly deaths (years within coverage without events count as 0) and curated milestones.

    Years the dataset does not cover take their deaths from the milestones (:func:`peaceops.milestones.
    yearly_deaths`), and ``numbers.year_sources`` says which is which. A milestone of kind ended-by-force dated
    from the start of deployment to ``after_years`` after its end makes the class ``ended-by-force``, whatever the
    yearly deaths say.
    """
    result = _classify(op, yearly, coverage, settings, linkage, window_start_year, unlinked_reason, milestones or [])
    until = None
    if op.end is not None:  # the trajectory's window: up to after_years after the end of deployment
        last = op.end.date.latest()
        until = dt.date(last.year + linkage.after_years, 12, 31)
    forced = ended_by_force(milestones or [], op.start.date.earliest(), until) if op.start is not None else None
    if forced is None:
        return result
    when = f"{forced.date}" + (f" to {forced.end}" if forced.end else "")
    reason = (
        f"{forced.title} ({when}), by {forced.by}, ended the dispute by force"
        + (" during the deployment" if op.end is None or forced.last_day <= op.end.date.latest() else "")
        + f"; the yearly data alone said: {result.classification} ({result.reason})"
    )
    numbers = replace(result.numbers, ended_by_force=_milestone(forced))
    return replace(result, classification="ended-by-force", reason=reason, numbers=numbers)


def _classify(op, yearly, coverage, settings, linkage, window_start_year, unlinked_reason, milestones):
    ts = settings
    thresholds = {
        **ts.model_dump(),
        "before_years": linkage.before_years,
        "after_years": linkage.after_years,
        "geopko_radius_km": linkage.geopko_radius_km,
    }
    ref_date, basis = reference_point(op, ts.ceasefire_grace_years)
    settlements = list(op.conflict.settlements) if op.conflict else []

    def numbers(**kw) -> TrajectoryNumbers:
        base = dict(
            reference_date=str(ref_date) if ref_date else None,
            reference_basis=basis,
            reference_year=ref_date.year if ref_date else None,
            reference_year_deaths=None,
            baseline_years=[],
            baseline_basis=None,
            baseline_mean_deaths=None,
            years_after=[],
            deaths_by_year={},
            mean_deaths_after=None,
            max_deaths_after=None,
            active_years_after=[],
            years_with_deaths_after=[],
            comprehensive_settlement=None,
            partial_settlements=[_settlement(s) for s in settlements if not s.comprehensive],
        )
        base.update(kw)
        return TrajectoryNumbers(**base)

    def verdict(cls, reason, **kw) -> Trajectory:
        return Trajectory(op.id, cls, reason, numbers(**kw), thresholds, coverage)

    if ref_date is None:
        return verdict("too-little-data", "the operation was never deployed (no start date)")
    if unlinked_reason:
        return verdict("too-little-data", unlinked_reason)
    curated = yearly_deaths(milestones)
    if coverage.dataset is None and not curated:
        return verdict(
            "too-little-data",
            f"no dataset with death counts is loaded ({', '.join(ts.fatality_datasets)}) and no curated milestone "
            "gives deaths or quiet years",
        )

    ref_year = ref_date.year
    limit = op.end.date.latest().year + linkage.after_years if op.end is not None else None
    dataset_years = (
        list(range(coverage.first_year, coverage.last_year + 1))
        if coverage.dataset is not None and coverage.first_year is not None
        else []
    )
    year_sources = {y: f"dataset: {coverage.dataset}" for y in dataset_years}
    deaths = {y: int(yearly.get(y, 0)) for y in dataset_years}
    for year, entry in curated.items():
        if year not in deaths:  # a dataset year is never overwritten by a curated figure
            deaths[year], year_sources[year] = entry.deaths, entry.basis
    covered = sorted(y for y in deaths if limit is None or y <= limit)
    deaths = {y: deaths[y] for y in covered}
    year_sources = {y: year_sources[y] for y in covered}
    first = covered[0] if covered else ref_year
    last = covered[-1] if covered else ref_year
    start_year = op.start.date.earliest().year
    after = [y for y in covered if y > ref_year and y >= start_year]
    before_from = max(ref_year - linkage.before_years, window_start_year or first)
    baseline = [y for y in covered if before_from <= y < ref_year]
    baseline_basis = "years before the reference year"
    if not baseline and ref_year in deaths:
        baseline, baseline_basis = [ref_year], "the reference year itself (the data start there)"
    elif not baseline:
        baseline_basis = None
    base_mean = sum(deaths[y] for y in baseline) / len(baseline) if baseline else None
    series = [deaths[y] for y in after]
    T = ts.active_deaths_per_year
    active = [y for y in after if deaths[y] >= T]
    comprehensive = [s for s in settlements if s.comprehensive and s.date.earliest().year <= last]
    settle = _settlement(max(comprehensive, key=lambda s: s.date.earliest())) if comprehensive else None
    kw = dict(
        reference_year_deaths=deaths.get(ref_year),
        baseline_years=baseline,
        baseline_basis=baseline_basis,
        baseline_mean_deaths=_round(base_mean),
        years_after=after,
        deaths_by_year={y: deaths[y] for y in covered if y >= (baseline[0] if baseline else ref_year)},
        mean_deaths_after=_round(sum(series) / len(series)) if series else None,
        max_deaths_after=max(series) if series else None,
        active_years_after=active,
        years_with_deaths_after=[y for y in after if deaths[y] > 0],
        comprehensive_settlement=settle,
        year_sources={y: year_sources[y] for y in covered if y >= (baseline[0] if baseline else ref_year)},
    )

    if len(after) < ts.min_years_after:
        until = limit if limit is not None else "now"
        window = f"{max(ref_year + 1, start_year)}-{until}"
        what = " and curated milestones" if curated else ""
        return verdict(
            "too-little-data",
            f"only {len(after)} year(s) of {coverage.dataset or 'event'} data{what} in {window}, after the "
            f"reference year {ref_year} (the data cover {_span(covered)}; need {ts.min_years_after})",
            **kw,
        )
    mean_after = sum(series) / len(series)
    if mean_after >= T and base_mean is not None and mean_after > ts.escalation_ratio * base_mean:
        return verdict(
            "escalated",
            f"mean {mean_after:.1f} deaths a year after {ref_year}, above {ts.escalation_ratio} × "
            f"the baseline {base_mean:.1f} and at or above {T}",
            **kw,
        )
    quiet_tail = _trailing_quiet(after, deaths, T)
    if active:
        lull = _recurrence_after_lull(after, deaths, T, ts.min_quiet_years_before_recurrence)
        if lull is not None:
            return verdict(
                "recurring",
                f"{deaths[lull]} deaths in {lull}, at or above {T} after "
                f"{ts.min_quiet_years_before_recurrence}+ quieter year(s) following {ref_year}",
                **kw,
            )
        if len(quiet_tail) < ts.min_years_after:
            if base_mean is not None and mean_after >= base_mean:
                return verdict(
                    "escalated",
                    f"violence at or above {T} deaths a year went on after {ref_year} "
                    f"(mean {mean_after:.1f}, baseline {_fmt(base_mean)})",
                    **kw,
                )
            return verdict(
                "recurring",
                f"years at or above {T} deaths after {ref_year} ({', '.join(map(str, active))}), "
                f"not above the baseline ({_fmt(base_mean)}) but not ending",
                **kw,
            )
    quiet = quiet_tail if active else after
    since = f"after {active[-1]}" if active else f"after {ref_year}"
    with_deaths = [y for y in quiet if deaths[y] > 0]
    if settle is not None:
        return verdict(
            "settled",
            f"every year {since} below {T} deaths (max {max(deaths[y] for y in quiet)}), and a "
            f"comprehensive settlement: {settle['instrument']} ({settle['date']})",
            **kw,
        )
    texture = (
        f"deaths in {len(with_deaths)} of {len(quiet)} years, none at {T} or more"
        if with_deaths
        else f"no deaths recorded in {len(quiet)} years"
    )
    return verdict(
        "frozen",
        f"violence stayed below {T} deaths a year {since} ({texture}) and no comprehensive settlement is recorded",
        **kw,
    )


def _trailing_quiet(after: list[int], deaths: dict[int, int], T: int) -> list[int]:
    out = []
    for year in reversed(after):
        if deaths[year] >= T:
            break
        out.append(year)
    return list(reversed(out))


def _recurrence_after_lull(after: list[int], deaths: dict[int, int], T: int, min_quiet: int) -> int | None:
    """First year >= T preceded (since the reference year) by at least ``min_quiet`` consecutive years below T."""
    run = 0
    for year in after:
        if deaths[year] >= T:
            if run >= min_quiet:
                return year
            run = 0
        else:
            run += 1
    return None


def _span(years: list[int]) -> str:
    return f"{years[0]}-{years[-1]}" if years else "no year"


def _milestone(m) -> dict:
    return {
        "title": m.title,
        "kind": m.kind,
        "date": str(m.date),
        "end": str(m.end) if m.end else None,
        "by": m.by,
        "sources": list(m.sources),
    }


def _settlement(s) -> dict:
    return {"date": str(s.date), "instrument": s.instrument, "comprehensive": s.comprehensive}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _fmt(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.1f}"


def trajectory(
    op_id: str, *, workspace=None, registry=None, backend: str = "duckdb", spark_url: str | None = None
) -> Trajectory:
    """Classify the conflict around one operation (id, name or alias); see the module docstring for the rules."""

    analysis = Analysis.open(workspace=workspace, registry=registry, backend=backend, spark_url=spark_url)
    return trajectories(analysis, [analysis.operation(op_id)])[0]


def trajectories(analysis, ops, *, use_milestones: bool = True) -> list[Trajectory]:
    """Trajectories of several operations from one linkage run; ``use_milestones=False`` leaves the curated
    conflict milestones out (dataset years only: the sensitivity run of the thesis study)."""

    ops = list(ops)
    settings = analysis.thresholds.trajectory
    reg = analysis.registry
    conflicts = milestones_module.load(reg.data_dir, reg.operations, reg.sources) if use_milestones else {}
    cov_all = analysis.store.coverage()
    dataset = next((d for d in settings.fatality_datasets if d in cov_all and cov_all[d]["year_min"] is not None), None)
    try:
        linked, areas = analysis.linked(ops)
    except Exception as exc:
        if not isinstance(exc, EventsError):
            raise
        linked, areas = None, analysis.areas(ops)
    frame = excluded = method_counts = None
    if linked is not None and dataset is not None:
        mine = linked.filter(linked.dataset == dataset)
        frame = tidy(analysis.con.execute(period_metrics(kept(mine))))
        excluded = analysis.con.execute(exclusions(mine))
        method_counts = analysis.con.execute(methods(mine))
    windows = areas.windows.set_index("op_id") if not areas.windows.empty else None
    out = []
    for op in ops:
        yearly, linked_n = {}, 0
        if frame is not None and not frame.empty:
            mine = frame[frame.operation_id == op.id]
            yearly = mine.groupby("year")["fatalities_best"].sum().astype(int).to_dict()
            linked_n = int(mine["events"].sum())
        cov = cov_all.get(dataset, {}) if dataset else {}
        left_out = _excluded_of(excluded, op.id)
        linkage = _methods_of(method_counts, op.id)
        coverage = Coverage(
            dataset=dataset,
            first_year=cov.get("year_min"),
            last_year=cov.get("year_max"),
            date_precision=cov.get("date_precision", {}),
            events_linked=linked_n,
            area=areas.area_summary(op.id),
            linkage=linkage,
            excluded=left_out,
            linkage_note=_linkage_note(op, dataset, linkage, left_out) if dataset else None,
        )
        window_start = (
            windows.loc[op.id, "window_start"].year if windows is not None and op.id in windows.index else None
        )
        out.append(
            classify(
                op,
                yearly,
                coverage,
                settings,
                analysis.thresholds.linkage,
                window_start,
                areas.unlinked.get(op.id),
                milestones_module.for_operation(conflicts, op.id),
            )
        )
    return out


def _excluded_of(frame, op_id: str) -> list[dict]:
    if frame is None or frame.empty:
        return []
    mine = frame[frame.op_id == op_id]
    rows = [
        {"reason": r.excluded, "events": int(r.events), "deaths": int(r.fatalities_best or 0)}
        for r in mine.itertuples(index=False)
    ]
    return sorted(rows, key=lambda r: (-r["deaths"], -r["events"], r["reason"]))


def _methods_of(frame, op_id: str) -> dict:
    if frame is None or frame.empty:
        return {}
    mine = frame[frame.op_id == op_id]
    return {r.linkage_method: int(r.events) for r in mine.sort_values("linkage_method").itertuples(index=False)}


def _linkage_note(op, dataset: str, linkage: dict, excluded: list[dict]) -> str | None:
    """What this linkage cannot tell apart, said plainly, with the remedy."""
    if not linkage and not excluded:
        return None
    if "conflict-id" in linkage or any(e["reason"].startswith("other conflict") for e in excluded):
        return None
    if op.ucdp_conflicts:
        return (
            f"the {dataset} data carry no UCDP conflict ids, so events inside {op.host.state} are not told apart by "
            f"conflict (the operation's are {', '.join(map(str, op.ucdp_conflicts.value))}); load the full UCDP "
            "GED (peaceops events fetch ucdp-ged) to link by conflict"
        )
    return (
        f"no UCDP conflict id in the registry for {op.id}: events are restricted to the host state only, so other "
        f"conflicts inside {op.host.state} count as this operation's; add its UCDP conflict ids to the registry and "
        "load the full UCDP GED (peaceops events fetch ucdp-ged) to link by conflict"
    )
