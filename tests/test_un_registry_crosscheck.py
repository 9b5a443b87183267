"""The registry against the reference lists of the field (copies in tests/data/registry_crosscheck, see its README).

- every operation on the UN's list of peacekeeping operations 1948-2019 is in the registry as a UN operation;
- start and end dates agree with the UN Peace and Security Data Hub within a month, or the date's note says why;
- the largest deployed strength agrees with Passmore-Shannon-Hart (2018) and Bara-Hultman (2020) within 10%, or
  the registry records the dataset's figure with the dataset as its source beside the other figures.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from peaceops import panels, registry

REFERENCE = Path(__file__).parent / "data" / "registry_crosscheck"
PSH_SOURCE = "passmore-shannon-hart-2018-un-mission-months"
BH_SOURCE = "bara-hultman-2020-un-nonun-peacekeeping-dataset"
HUB_SOURCE = "un-peace-security-data-hub-pko-list"
HUB_SPELLINGS = {"UNPSG": "UNCPSG"}  # the Data Hub's spelling of the UN Civilian Police Support Group
# Passmore-Shannon-Hart code UNAVEM I-III under one name: not comparable with one operation.
AMBIGUOUS = {"UNAVEM"}
TOLERANCE = 0.10
MONTH = dt.timedelta(days=31)


def _key(label: str) -> str:
    return " ".join(label.upper().replace("-", " ").split())


@pytest.fixture(scope="module")
def un_by_acronym():
    reg = registry.load()
    out = {}
    for op in reg:
        if op.kind != "un":
            continue
        for label in [op.acronym or "", *op.aliases.all()]:
            if label:
                out.setdefault(_key(label), op)
    return out


def _rows(name: str) -> list[dict]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_operation_on_the_un_list_is_in_the_registry(un_by_acronym):
    listed = [row["Acronym"] for row in _rows("un_pko_list_1948_2019.csv")]
    assert len(listed) == 71
    missing = [acronym for acronym in listed if _key(acronym) not in un_by_acronym]
    assert not missing, f"on the UN's list but not in the registry as kind: un: {missing}"


def _hub_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _explained(cited) -> bool:
    """A date block whose note or sources say how it relates to the Data Hub's date."""
    return cited is not None and (HUB_SOURCE in cited.sources or "data hub" in (cited.note or "").lower())


def test_dates_agree_with_the_data_hub_within_a_month_or_say_why(un_by_acronym):
    problems = []
    for row in _rows("un_data_hub_pko.csv"):
        acronym = HUB_SPELLINGS.get(row["mission_acronym"], row["mission_acronym"])
        op = un_by_acronym.get(_key(acronym))
        if op is None:
            continue  # umbrella rows (UNPF) and special political missions are not peacekeeping operations
        for which, hub in (("start", _hub_date(row["start_date"])), ("end", _hub_date(row["end_date"]))):
            cited = getattr(op, which)
            if hub is None:
                if which == "end" and cited is not None and row["mission_isactive"] == "Yes" and not _explained(cited):
                    problems.append(f"{op.id}: ended {cited.date} in the registry, active in the Data Hub")
                continue
            if cited is None:
                if which == "end" and op.status.value == "active" and not _explained(op.start):
                    problems.append(f"{op.id}: active in the registry, ended {hub} in the Data Hub")
                continue
            near = cited.date.earliest() - MONTH <= hub <= cited.date.latest() + MONTH
            if not near and not _explained(cited):
                problems.append(f"{op.id}: {which} {cited.date} in the registry, {hub} in the Data Hub, no note")
    assert not problems, "\n".join(problems)


def _deployed_totals(op) -> list[int]:
    return [panels.total_personnel(s) for s in op.strength if s.basis in panels.DEPLOYED_BASES]


def _records(op, source: str, figure: int) -> bool:
    """The registry states the dataset's figure (within rounding) with the dataset as its source."""
    return any(
        source in s.sources and abs(panels.total_personnel(s) - figure) <= max(1, 0.01 * figure) for s in op.strength
    )


def _check_peak(op, figure: int, source: str, what: str, problems: list[str]) -> None:
    totals = _deployed_totals(op)
    if not totals:
        problems.append(f"{op.id}: no deployed strength recorded; {what} gives {figure}")
        return
    peak = max(totals)
    if abs(peak - figure) > TOLERANCE * max(figure, 1) and not _records(op, source, figure):
        problems.append(f"{op.id}: largest {peak} in the registry, {figure} in {what}, and {source} not cited for it")


def _months(op) -> tuple[tuple[int, int], tuple[int, int]]:
    first = op.start.date.earliest()
    last = op.end.date.latest() if op.end else dt.date.today()
    return (first.year, first.month), (last.year, last.month)


def test_peak_strength_agrees_with_passmore_shannon_hart_or_records_both(un_by_acronym):
    """Compared within the operation's own months: the dataset files some months under a neighbouring mission."""
    series: dict[str, list[dict]] = {}
    for row in _rows("psh_2018_mission_months.csv"):
        series.setdefault(row["mission"], []).append(row)
    problems, compared = [], 0
    for mission, rows in series.items():
        op = None if mission in AMBIGUOUS else un_by_acronym.get(_key(mission))
        if op is None or op.start is None:
            continue  # political missions and support groups that are not on the UN's list
        first, last = _months(op)
        inside = [r for r in rows if first <= (int(r["year"]), int(r["month"])) <= last and r["total"]]
        if not inside:
            continue
        compared += 1
        _check_peak(op, max(int(r["total"]) for r in inside), PSH_SOURCE, "Passmore-Shannon-Hart", problems)
    assert compared >= 40, f"only {compared} operations compared: the acronyms no longer match"
    assert not problems, "\n".join(problems)


def test_peak_strength_agrees_with_bara_hultman_or_records_both(un_by_acronym):
    """Bara and Hultman count a mission once per conflict country (UNPROFOR: Croatia and Bosnia): each is checked."""
    problems, compared = [], 0
    for row in _rows("bh_2020_mission_summary.csv"):
        if row["org_label"] != "UN" or not row["max_total"]:
            continue
        op = un_by_acronym.get(_key(row["mission"].replace("(ONUCI)", "")))
        if op is None:
            continue
        compared += 1
        _check_peak(op, int(float(row["max_total"])), BH_SOURCE, f"Bara-Hultman ({row['location']})", problems)
    assert compared >= 40, f"only {compared} operations compared: the acronyms no longer match"
    assert not problems, "\n".join(problems)
