"""Plain-text renderings of trajectories and metrics, shared by the CLI and the demo."""

from __future__ import annotations


def trajectory_lines(tr) -> list[str]:
    """A trajectory as a few indented lines: the call, why, and the numbers behind it."""
    n, cov = tr.numbers, tr.coverage
    lines = [f"{tr.operation_id}: {tr.classification} — {tr.reason}"]
    if n.reference_date:
        lines.append(f"  reference: {n.reference_basis}")
    if cov.dataset:
        area = cov.area
        where = (
            f"{area.get('registry_points', 0)} registry point(s), {area.get('geopko_locations', 0)} Geo-PKO "
            f"location(s), {len(area.get('admin_areas', []))} admin area(s)"
        )
        lines.append(
            f"  data: {cov.dataset} {cov.first_year}-{cov.last_year}, {cov.events_linked} events linked; area: {where}"
        )
    if cov.linkage:
        lines.append(
            "  linkage: " + ", ".join(f"{events} events by {method}" for method, events in cov.linkage.items())
        )
    for e in cov.excluded:
        lines.append(f"  excluded: {e['deaths']} deaths in {e['events']} events ({e['reason']})")
    if cov.linkage_note:
        lines.append(f"  note: {cov.linkage_note}")
    if n.baseline_years:
        lines.append(
            f"  baseline ({n.baseline_basis}): {n.baseline_mean_deaths} deaths a year over "
            f"{n.baseline_years[0]}-{n.baseline_years[-1]}"
        )
    if n.reference_year_deaths is not None:
        lines.append(f"  reference year {n.reference_year}: {n.reference_year_deaths} deaths")
    if n.years_after:
        lines.append(
            f"  after ({n.years_after[0]}-{n.years_after[-1]}): mean {n.mean_deaths_after}, max "
            f"{n.max_deaths_after} deaths a year; years at or above {tr.thresholds['active_deaths_per_year']}: "
            f"{', '.join(map(str, n.active_years_after)) or 'none'}"
        )
    if n.deaths_by_year:
        series = ", ".join(f"{y}: {d}" for y, d in n.deaths_by_year.items())
        lines.append(f"  deaths by year: {series}")
    curated = {y: basis for y, basis in n.year_sources.items() if not basis.startswith("dataset")}
    if curated:
        lines.append(
            "  years from curated milestones, not event data: "
            + "; ".join(f"{y} ({basis.removeprefix('milestone: ')})" for y, basis in curated.items())
        )
    if n.ended_by_force:
        m = n.ended_by_force
        lines.append(f"  ended by force: {m['title']} ({m['date']}), by {m['by']} [{', '.join(m['sources'])}]")
    if n.comprehensive_settlement:
        s = n.comprehensive_settlement
        lines.append(f"  comprehensive settlement: {s['instrument']} ({s['date']})")
    return lines
