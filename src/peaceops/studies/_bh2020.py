"""Bara & Hultman (2020): does the UN deploy to more violent conflicts than non-UN actors do?

Bara and Hultman (2020, *International Peacekeeping* 27(3): 341-368) report that, on average, the UN deploys to
more violent conflicts than regional organisations and other non-UN actors. Their replication files measure
violence by UCDP battle deaths per conflict, which do not ship here. What ships is their mission table
(``data/studies/bh2020_mission_years.csv``: each mission's organisation, conflict country and years, 1993-2016,
derived from their dataset) and UCDP GED 20.1 events (reduced export, 1995-2019, in ``examples/events``). So the
comparison is rebuilt on those:

* unit: a mission-year in 1995-2016 (the years both cover);
* violence: UCDP GED best-estimate deaths in the mission's conflict country that year (every kind of organised
  violence the GED records, located by the vendored map, since the reduced export has neither conflict ids nor
  country names);
* test: UN against non-UN mission-years (mean, median, a two-sided Mann-Whitney U test), and the same at the
  level of missions (each mission's mean over its years), so long missions do not weigh more.

What this can and cannot check is said in the result: the direction of the difference, not their numbers.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path

MISSION_YEARS = "studies/bh2020_mission_years.csv"
FIRST_YEAR, LAST_YEAR = 1995, 2016


@dataclass
class GroupViolence:
    group: str
    mission_years: int
    missions: int
    mean_deaths: float
    median_deaths: float
    mission_mean_deaths: float


@dataclass
class Bh2020Result:
    groups: list[GroupViolence]
    mann_whitney_mission_years: dict
    mann_whitney_missions: dict
    matches: str
    cannot_check: list[str] = field(default_factory=list)
    unplaced_locations: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _mission_years(data_dir: Path) -> list[dict]:
    with (Path(data_dir) / MISSION_YEARS).open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if FIRST_YEAR <= int(row["year"]) <= LAST_YEAR]


def _deaths_by_country_year(ged_file: Path):
    import pandas as pd  # heavy: pandas, loaded on first use

    from peaceops.maps.locate import countries_at

    events = pd.read_csv(ged_file, usecols=["year", "latitude", "longitude", "best"])
    events["country"] = countries_at(events.latitude, events.longitude)
    return events.dropna(subset=["country"]).groupby(["country", "year"]).best.sum().to_dict()


def bh2020_violence(data_dir: Path, ged_file: Path) -> Bh2020Result:
    """UN against non-UN mission-years and missions, by deaths in the conflict country (see the module docstring)."""
    import numpy as np
    from scipy.stats import mannwhitneyu  # heavy: scipy, loaded on first use

    from peaceops.maps.locate import country_name

    deaths = _deaths_by_country_year(ged_file)
    rows, unplaced = [], set()
    for row in _mission_years(data_dir):
        country = country_name(row["location"])
        if country is None:
            unplaced.add(row["location"])
            continue
        group = "UN" if row["organisation"] == "UN" else "non-UN"
        rows.append((row["missionid"], group, float(deaths.get((country, int(row["year"])), 0))))
    groups, per_group, per_mission = [], {}, {}
    for name in ("UN", "non-UN"):
        values = [d for _, g, d in rows if g == name]
        by_mission: dict[str, list[float]] = {}
        for mission, g, d in rows:
            if g == name:
                by_mission.setdefault(mission, []).append(d)
        mission_means = [float(np.mean(v)) for v in by_mission.values()]
        per_group[name], per_mission[name] = values, mission_means
        groups.append(
            GroupViolence(
                name,
                len(values),
                len(by_mission),
                round(float(np.mean(values)), 1) if values else 0.0,
                round(float(np.median(values)), 1) if values else 0.0,
                round(float(np.mean(mission_means)), 1) if mission_means else 0.0,
            )
        )

    def test(a, b) -> dict:
        if not a or not b:
            return {"u": None, "p_value": None}
        u, p = mannwhitneyu(a, b, alternative="two-sided")
        return {"u": float(u), "p_value": round(float(p), 4)}

    un, other = groups
    direction = "more" if un.mean_deaths > other.mean_deaths else "less"
    by_years, by_missions = test(per_group["UN"], per_group["non-UN"]), test(per_mission["UN"], per_mission["non-UN"])
    matches = (
        f"UN mission-years saw {direction} violence in their conflict country than non-UN ones (mean "
        f"{un.mean_deaths:,.0f} against {other.mean_deaths:,.0f} deaths a year; median {un.median_deaths:,.0f} against "
        f"{other.median_deaths:,.0f}; Mann-Whitney p = {by_years['p_value']}); per mission, "
        f"{un.mission_mean_deaths:,.0f} against {other.mission_mean_deaths:,.0f} (p = {by_missions['p_value']}). "
        + (
            "The direction matches Bara & Hultman's finding."
            if direction == "more"
            else "The direction does not match Bara & Hultman's finding."
        )
    )
    return Bh2020Result(
        groups,
        by_years,
        by_missions,
        matches,
        cannot_check=[
            "their figures themselves: their violence measure is UCDP battle deaths per conflict, and their "
            "replication files with it are not shipped",
            "conflict-level attribution: the reduced GED has no conflict ids, so deaths are those of the whole "
            "conflict country that year, including other conflicts and one-sided violence",
            "1993-1994: the shipped GED starts in 1995",
        ],
        unplaced_locations=sorted(unplaced),
    )
