"""`peaceops ops gaps`: for each operation, the fields no source has given."""

from __future__ import annotations

import json

from peaceops import registry
from peaceops.registry.gaps import FIELDS, gaps


def test_a_field_removed_shows_as_a_gap_and_a_field_given_does_not(mini_data):
    op = registry.load(mini_data, use_cache=False).get("kosovo-kfor-1999")
    before = [g.name for g in gaps(op)]
    assert set(before) <= set(FIELDS)
    assert "legal basis" not in before and "host codes" in before  # the fixture gives no ISO or GW code
    thinner = op.model_copy(update={"legal_basis": [], "area": [], "strength": []})
    after = [g.name for g in gaps(thinner)]
    assert {"legal basis", "area point"} <= set(after) - set(before) and "deployed strength" in after
    assert after == [f for f in FIELDS if f in after]  # always in the same order


def test_never_deployed_operations_are_not_asked_for_strength_or_tasks():
    op = registry.load().get("kyrgyzstan-csto-2010")
    assert not {"deployed strength", "tasks", "legal basis", "contributors"} & {g.name for g in gaps(op)}


def test_cli_lists_every_operation_with_a_gap(cli):
    rows = json.loads(cli("ops", "gaps", "--kind", "un", "--json").stdout)
    assert rows and all(r["kind"] == "un" and r["gaps"] for r in rows)
    text = cli("ops", "gaps", "--kind", "un").stdout
    assert f"{len(rows)} of " in text and rows[0]["id"] in text
