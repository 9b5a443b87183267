"""The deployer study on the three-operation fixture, worked out by hand.

Fixture: kosovo-kfor-1999 (NATO/EU, UN mandate: legal-basis 2), transnistria-jpkf-1992 and
south-ossetia-jpkf-1992 (CIS/CSTO/Russia, agreements: legal-basis 1 each).
Trajectories given: KFOR settled; Transnistria frozen; South Ossetia escalated.
- CIS/CSTO/Russia: 2 of 2 frozen or worse; Wilson 95% interval for 2/2:
  lower = (1 + z^2/4 - z*sqrt(z^2/16)) / (1 + z^2/2) = 1 / 2.9208 = 0.342, upper 1.0.
- Legal basis and mandate: CIS mean (1 + 1) / 2 = 1.0, sd 0, so the interval is [1.0, 1.0];
  NATO/EU 2.0, n = 1, no interval.
- Fisher exact, [[2, 0], [0, 1]]: the only table at least as extreme with these margins is itself,
  P = C(2,2) C(1,0) / C(3,2) = 1/3 (two-sided, the other table has probability 2/3 > 1/3).
"""

from __future__ import annotations

import json

import pytest

from peaceops import catalog
from peaceops.studies import deployer_outcomes

TRAJECTORIES = {
    "kosovo-kfor-1999": "settled",
    "transnistria-jpkf-1992": "frozen",
    "south-ossetia-jpkf-1992": "escalated",
}


class Trajectory:
    def __init__(self, classification):
        self.classification = classification
        self.numbers = {}


def provider(op):
    return Trajectory(TRAJECTORIES[op.id])


@pytest.fixture
def result(mini_data):
    return deployer_outcomes(catalog.load(mini_data), trajectory=provider)


def _group(result, name):
    return next(g for g in result.groups if g.group == name)


def test_hand_worked_groups(result):
    russia = _group(result, "CIS/CSTO/Russia")
    assert russia.operations == ["south-ossetia-jpkf-1992", "transnistria-jpkf-1992"]
    assert (russia.not_settled, russia.measured, russia.not_settled_share) == (2, 2, 1.0)
    assert russia.not_settled_ci == (0.342, 1.0)
    assert russia.principle_means["legal-basis-mandate"] == {"mean": 1.0, "n": 2, "ci": (1.0, 1.0)}
    nato = _group(result, "NATO/EU")
    assert nato.principle_means["legal-basis-mandate"] == {"mean": 2.0, "n": 1, "ci": None}
    assert nato.trajectories == {"settled": 1}
    assert _group(result, "UN").operations == []


def test_hand_worked_fisher_and_small_numbers(result):
    assert result.fisher["contingency"] == [[2, 0], [0, 1]]
    assert result.fisher["p_value"] == pytest.approx(1 / 3, abs=1e-4)
    assert result.fisher["odds_ratio"] is None  # infinite with a zero cell: reported as undefined, not as a number
    assert all(g.small for g in result.groups)
    assert any("description, not as evidence" in note for note in result.notes)


def test_without_event_data_outcomes_are_not_measured(mini_data):
    result = deployer_outcomes(catalog.load(mini_data))
    assert _group(result, "CIS/CSTO/Russia").trajectories == {"not measured": 2}
    assert result.fisher is None
    assert any("load event data" in note for note in result.notes)


def test_cli(cli, mini_data):
    data = json.loads(cli("study", "deployer-outcomes", "--json", data=mini_data).stdout)
    assert [g["group"] for g in data["groups"]] == ["UN", "NATO/EU", "CIS/CSTO/Russia", "other"]
    text = cli("study", "deployer-outcomes", data=mini_data).stdout
    assert "Conflict trajectories by kind of lead" in text and "not measured 2" in text
