"""Derive data/strength/un-psh-2018.csv from the Passmore-Shannon-Hart mission-month copy in tests/data.

A curation tool, run by hand when the registry's UN operations or the copy change; peaceops never reads the
dataset at run time. For every UN operation of the registry, it takes the dataset's months that fall within
the operation's own deployment (the dataset files some months under a neighbouring mission) and keeps:

* deployed troops, police and military observers (basis ``actual``) for the first month, for December of
  every year (or the last month of the year the operation was deployed) and for the last month;
* the authorised troops, police and observers (basis ``authorised``) for the first month and every month in
  which the authorised strength changed.

Months in which the dataset counts nobody are skipped: they are gaps in reporting, not empty missions.

    python scripts/strength_series_from_psh.py            # rewrite the file
    python scripts/strength_series_from_psh.py --check    # exit 1 when the file is out of date
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from peaceops import registry
from peaceops.registry.series import to_csv, write_or_check

ROOT = Path(__file__).resolve().parents[1]
COPY = ROOT / "tests" / "data" / "registry_crosscheck" / "psh_2018_mission_months.csv"
OUT = ROOT / "data" / "strength" / "un-psh-2018.csv"
SOURCE = "passmore-shannon-hart-2018-un-mission-months"
ALIASES = {"UNOSOM": "UNOSOM I", "UNPSG": "UNCPSG"}  # the dataset's spelling -> the registry's acronym
SHARED = {"UNAVEM"}  # one dataset name for UNAVEM I, II and III: told apart by the operation's dates


def _int(value: str) -> int | None:
    return None if value in ("", None) else round(float(value))


def _within(op, year: int, month: int) -> bool:
    first = op.start.date.earliest().replace(day=1)
    last = (op.end.date.latest() if op.end else dt.date.today()).replace(day=1)
    return first <= dt.date(year, month, 1) <= last


def _operations_for(name: str, by_acronym: dict, un_ops: list) -> list:
    if name in SHARED:
        return [op for op in un_ops if (op.acronym or "").startswith(name)]
    op = by_acronym.get(ALIASES.get(name, name))
    return [op] if op else []


def build() -> str:
    reg, _ = registry.check(ROOT / "data")  # problems in the series file itself must not stop its rebuild
    un_ops = [op for op in reg if op.kind == "un" and op.start is not None]
    by_acronym = {op.acronym: op for op in un_ops if op.acronym}
    months: dict[str, list[dict]] = {}
    with COPY.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year, month = int(row["year"]), int(row["month"])
            for op in _operations_for(row["mission"], by_acronym, un_ops):
                if _within(op, year, month):
                    months.setdefault(op.id, []).append(row)
    lines = []
    for op_id in sorted(months):
        rows = sorted(months[op_id], key=lambda r: (int(r["year"]), int(r["month"])))
        lines += _deployed(op_id, rows) + _authorised(op_id, rows)
    return to_csv(lines)


def _deployed(op_id: str, rows: list[dict]) -> list[list]:
    counted = [r for r in rows if (_int(r["total"]) or 0) > 0]
    keep: dict[tuple[int, int], tuple[dict, str]] = {}
    for index, row in enumerate(counted):
        year, month = int(row["year"]), int(row["month"])
        is_last_of_year = index + 1 == len(counted) or int(counted[index + 1]["year"]) != year
        if index == 0:
            keep[(year, month)] = (row, "first month the dataset counts")
        elif index + 1 == len(counted):
            keep[(year, month)] = (row, "last month the dataset counts")
        elif is_last_of_year:
            keep[(year, month)] = (row, "December" if month == 12 else "last month of the year the dataset counts")
    return [
        [
            op_id,
            f"{year:04d}-{month:02d}",
            "actual",
            _int(row["troop"]) or 0,
            _int(row["police"]) or 0,
            _int(row["milobs"]) or 0,
            SOURCE,
            f"Deployed, {why} (Passmore, Shannon & Hart 2018 mission-month series)",
        ]
        for (year, month), (row, why) in sorted(keep.items())
    ]


def _authorised(op_id: str, rows: list[dict]) -> list[list]:
    lines, previous = [], None
    for row in rows:
        ceiling = (_int(row["authtroop"]), _int(row["authpolice"]), _int(row["authmilobs"]))
        if all(v in (None, 0) for v in ceiling) or ceiling == previous:
            continue
        why = "first authorised strength in the series" if previous is None else "authorised strength changed"
        previous = ceiling
        troops, police, observers = (v or 0 for v in ceiling)
        lines.append(
            [
                op_id,
                f"{int(row['year']):04d}-{int(row['month']):02d}",
                "authorised",
                troops,
                police,
                observers,
                SOURCE,
                f"Authorised ceiling, {why} (Passmore, Shannon & Hart 2018 mission-month series)",
            ]
        )
    return lines


def main() -> int:
    return write_or_check(build(), OUT, "scripts/strength_series_from_psh.py")


if __name__ == "__main__":
    sys.exit(main())
