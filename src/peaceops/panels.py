"""Panels for analysis: operation-year, country-year and conflict-year tables built from the registry.

Each panel is keyed so that it joins directly to the data researchers already use:

- ``operation-year``: ``operation_id`` and ``year``; the host's ``host_gwno`` (Gleditsch-Ward number, the state
  code of UCDP and of peacesciencer's ``gwcode``) and ``host_iso3`` join it to country-year data, and
  ``ucdp_conflict_ids`` to UCDP's conflict-year tables.
- ``country-year``: ``gwno`` and ``year`` (with ``iso3``): one row per host state and year with an operation
  deployed, for a left join onto a peacesciencer-style country-year frame.
- ``conflict-year``: ``ucdp_conflict_id`` and ``year``: one row per UCDP conflict and year with an operation
  deployed to it (UCDP/PRIO's ``conflict_id``).

Strength is read from the registry's dated strength entries, which are sparse: ``personnel_deployed_max`` is
the largest deployed figure dated in that year (empty when none is), ``personnel_last_known`` carries the latest
deployed figure dated on or before the end of the year forward, with its date, so a reader always sees how old
a figure is. Principle scores come from the assessment (the same rules for every operation; empty where the
evidence is insufficient) and the trajectory from event data in the workspace (empty where none is loaded).

The columns, their types and meanings are in :data:`COLUMNS`; ``docs/data-dictionary.md`` is generated from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peaceops.errors import UsageError
from peaceops.registry.models import Operation, Strength
from peaceops.vocab import LEGAL_RUNGS

PANELS = ("operation-year", "country-year", "conflict-year")
FORMATS = ("csv", "parquet")
DEPLOYED_BASES = ("peak", "actual", "reported")
CEILING_BASES = ("authorised", "announced")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    description: str


_IDS = "string; ';'-separated"


def _summary_columns(where: str) -> list[Column]:
    """The columns :func:`_summary` fills, shared by the country-year and conflict-year panels."""
    return [
        Column("operations", "int", f"Number of operations deployed {where} during the year."),
        Column("operation_ids", _IDS, "Their registry ids."),
        Column("un_operations", "int", "How many of them are UN operations (lead group un)."),
        Column("non_un_operations", "int", "How many are not."),
        Column("lead_groups", _IDS, "Lead groups present."),
        Column("personnel_last_known_sum", "int", "Sum of the operations' personnel_last_known (a lower bound)."),
    ]


COLUMNS: dict[str, list[Column]] = {
    "operation-year": [
        Column("operation_id", "string", "Registry id of the operation (key, with year)."),
        Column("year", "int", "Calendar year in which the operation was deployed for at least part of the year (key)."),
        Column("acronym", "string", "Usual acronym."),
        Column("name_en", "string", "Name in English."),
        Column("kind", "string", "Kind of operation: un, regional, alliance, coalition, bilateral, unilateral."),
        Column("lead", "string", "Organisation or state that leads it."),
        Column("lead_group", "string", "Group of lead used in comparisons: un, nato-eu, cis-csto-russia, ..."),
        Column("status", "string", "Status today: active or ended."),
        Column("start", "string", "Start of deployment as recorded (YYYY, YYYY-MM or YYYY-MM-DD)."),
        Column("end", "string", "End of deployment as recorded; empty while active."),
        Column("host_state", "string", "Internationally recognised host state."),
        Column("host_territory", "string", "Sub-state or disputed territory, if any."),
        Column("host_iso3", "string", "ISO 3166-1 alpha-3 code of the host state; empty where the registry has none."),
        Column("host_gwno", "int", "Gleditsch-Ward number of the host state (UCDP's and peacesciencer's gwcode)."),
        Column("other_host_gwnos", _IDS, "Gleditsch-Ward numbers of further host states of the same operation."),
        Column("ucdp_conflict_ids", _IDS, "UCDP conflict ids of the conflict(s) the operation was deployed to."),
        Column("personnel_deployed_max", "int", "Largest deployed figure (peak, actual, reported) dated in the year."),
        Column("personnel_authorised_max", "int", "Largest authorised or announced ceiling dated in the year."),
        Column("personnel_last_known", "int", "Latest deployed figure dated on or before 31 December of the year."),
        Column("personnel_last_known_date", "string", "Date of personnel_last_known, to show how old it is."),
        Column(
            "legal_rung", "string", "Strongest rung of the legal-basis ladder reached by instruments dated by then."
        ),
        Column(
            "chapter_vii", "bool", "Whether an instrument dated by the end of the year invokes UN Charter Chapter VII."
        ),
        Column(
            "score_<principle>", "float", "Assessment score (0-2) of each framework principle; empty if insufficient."
        ),
        Column("trajectory", "string", "Conflict trajectory class from event data; empty where none is loaded."),
    ],
    "country-year": [
        Column("gwno", "int", "Gleditsch-Ward number of the host state (key, with year); empty where unknown."),
        Column("iso3", "string", "ISO 3166-1 alpha-3 code of the host state."),
        Column("state", "string", "Host state as named in the registry (key where gwno is unknown)."),
        Column("year", "int", "Calendar year (key)."),
        *_summary_columns("in the state"),
    ],
    "conflict-year": [
        Column("ucdp_conflict_id", "int", "UCDP conflict id (key, with year)."),
        Column("year", "int", "Calendar year (key)."),
        *_summary_columns("to the conflict"),
    ],
}

ScoreProvider = Callable[[Operation], dict[str, float | None]]
TrajectoryProvider = Callable[[Operation], str | None]


def total_personnel(entry: Strength) -> int:
    """Troops plus police and observers where the source counts them apart."""
    return entry.total


def deployed_years(op: Operation, today: dt.date) -> range:
    """Years in which the operation was deployed; empty for one never deployed."""
    if not op.is_deployed or op.start is None:
        return range(0)
    first = op.start.date.earliest().year
    last = op.end.date.latest().year if op.end else today.year
    return range(first, max(first, last) + 1)


def operation_year(
    registry,
    *,
    scores: ScoreProvider | None = None,
    trajectory: TrajectoryProvider | None = None,
    principles: list[str] = (),
    today: dt.date | None = None,
) -> list[dict]:
    """One row per operation and year of deployment, in id and year order."""
    today = today or dt.date.today()
    rows = []
    for op in sorted(registry, key=lambda o: o.id):
        years = deployed_years(op, today)
        if not years:
            continue
        op_scores = scores(op) if scores else {}
        op_trajectory = trajectory(op) if trajectory else None
        dated = sorted(op.strength, key=lambda s: s.date.earliest())
        for year in years:
            year_end = dt.date(year, 12, 31)
            in_year = [s for s in dated if s.date.earliest().year == year]
            deployed = [total_personnel(s) for s in in_year if s.basis in DEPLOYED_BASES]
            ceilings = [total_personnel(s) for s in in_year if s.basis in CEILING_BASES]
            known = [s for s in dated if s.basis in DEPLOYED_BASES and s.date.earliest() <= year_end]
            last = known[-1] if known else None
            bases = [lb for lb in op.legal_basis if lb.date is None or lb.date.earliest() <= year_end]
            rungs = [lb.rung for lb in bases]
            row = {
                "operation_id": op.id,
                "year": year,
                "acronym": op.acronym,
                "name_en": op.name.en,
                "kind": op.kind,
                "lead": op.lead.value,
                "lead_group": op.lead_group,
                "status": op.status.value,
                "start": str(op.start.date) if op.start else None,
                "end": str(op.end.date) if op.end else None,
                "host_state": op.host.state,
                "host_territory": op.host.territory,
                "host_iso3": op.host.iso3,
                "host_gwno": op.host.gwno,
                "other_host_gwnos": ";".join(str(h.gwno) for h in op.host.other_states if h.gwno) or None,
                "ucdp_conflict_ids": ";".join(map(str, op.ucdp_conflicts.value)) if op.ucdp_conflicts else None,
                "personnel_deployed_max": max(deployed, default=None),
                "personnel_authorised_max": max(ceilings, default=None),
                "personnel_last_known": total_personnel(last) if last else None,
                "personnel_last_known_date": str(last.date) if last else None,
                "legal_rung": min(rungs, key=LEGAL_RUNGS.index) if rungs else None,
                "chapter_vii": any(lb.charter_chapter == "VII" for lb in bases),
            }
            for principle in principles:
                row[f"score_{principle}"] = op_scores.get(principle)
            row["trajectory"] = op_trajectory
            rows.append(row)
    return rows


def _grouped(op_rows: list[dict], registry, keys_of) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in op_rows:
        for key in keys_of(registry.get(row["operation_id"])):
            groups[(*key, row["year"])].append(row)
    return groups


def _summary(rows: list[dict]) -> dict:
    un = sum(1 for r in rows if r["lead_group"] == "un")
    known = [r["personnel_last_known"] for r in rows if r["personnel_last_known"] is not None]
    return {
        "operations": len(rows),
        "operation_ids": ";".join(sorted(r["operation_id"] for r in rows)),
        "un_operations": un,
        "non_un_operations": len(rows) - un,
        "lead_groups": ";".join(sorted({r["lead_group"] for r in rows})),
        "personnel_last_known_sum": sum(known) if known else None,
    }


def country_year(registry, op_rows: list[dict]) -> list[dict]:
    """One row per host state (the main one and any further host states) and year with an operation deployed.

    States are grouped by Gleditsch-Ward number where one is recorded (names vary: "Serbia", "FR Yugoslavia"),
    else by the name the registry gives.
    """
    names: dict[object, tuple] = {}

    def hosts(op):
        for host in (op.host, *op.host.other_states):
            key = host.gwno if host.gwno is not None else host.state
            names.setdefault(key, (host.gwno, host.iso3, host.state))
            yield (key,)

    groups = _grouped(op_rows, registry, hosts)
    out = []
    for (key, year), rows in groups.items():
        gwno, iso3, state = names[key]
        out.append({"gwno": gwno, "iso3": iso3, "state": state, "year": year, **_summary(rows)})
    return sorted(out, key=lambda r: (r["state"], r["year"]))


def conflict_year(registry, op_rows: list[dict]) -> list[dict]:
    """One row per UCDP conflict id and year with an operation deployed to that conflict."""

    def conflicts(op):
        for conflict_id in op.ucdp_conflicts.value if op.ucdp_conflicts else []:
            yield (conflict_id,)

    groups = _grouped(op_rows, registry, conflicts)
    out = [{"ucdp_conflict_id": cid, "year": year, **_summary(rows)} for (cid, year), rows in groups.items()]
    return sorted(out, key=lambda r: (r["ucdp_conflict_id"], r["year"]))


def build(panel: str, catalog, *, trajectory: TrajectoryProvider | None = None, today: dt.date | None = None):
    """The panel as a pandas DataFrame, with the assessment's principle scores and the given trajectories."""
    import pandas as pd  # heavy: only the export needs it

    from peaceops.assess import assess_operation

    if panel not in PANELS:
        raise UsageError(f"unknown panel {panel!r}; use one of {', '.join(PANELS)}")
    registry = catalog.registry
    principles = [p.id for p in catalog.framework.principles]

    def scores(op):
        result = assess_operation(op, catalog, as_of=today)
        return {p.principle: p.score for p in result.principles}

    op_rows = operation_year(registry, scores=scores, trajectory=trajectory, principles=principles, today=today)
    if panel == "operation-year":
        rows, columns = op_rows, _expanded(COLUMNS[panel], principles)
    elif panel == "country-year":
        rows, columns = country_year(registry, op_rows), [c.name for c in COLUMNS[panel]]
    else:
        rows, columns = conflict_year(registry, op_rows), [c.name for c in COLUMNS[panel]]
    frame = pd.DataFrame(rows, columns=columns)
    return _typed(frame, panel, principles)


def _expanded(columns: list[Column], principles: list[str]) -> list[str]:
    names = []
    for column in columns:
        if column.name == "score_<principle>":
            names += [f"score_{p}" for p in principles]
        else:
            names.append(column.name)
    return names


def _typed(frame, panel: str, principles: list[str]):
    """Nullable pandas types per the column spec, so CSV and Parquet keep integers as integers."""
    kinds = {c.name: c.dtype for c in COLUMNS[panel]}
    kinds.update({f"score_{p}": "float" for p in principles})
    pandas_type = {"int": "Int64", "float": "Float64", "bool": "boolean"}
    return frame.astype({name: pandas_type.get(kind, "string") for name, kind in kinds.items() if name in frame})


def write(panel: str, catalog, out_dir: Path, fmt: str, **kwargs) -> Path:
    """Write the panel to ``out_dir/<panel>.<fmt>`` and return the path."""
    if fmt not in FORMATS:
        raise UsageError(f"panels are written as {' or '.join(FORMATS)}, not {fmt!r}")
    frame = build(panel, catalog, **kwargs)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{panel}.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    else:
        frame.to_parquet(path, index=False)
    return path
