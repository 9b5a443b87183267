"""Every operation in the registry is assessed by the same rules: facts decide what they can, evidence the rest.

An indicator whose every rule reads evidence stays "insufficient evidence" for an operation without evidence on it:
never a guess. An indicator with a registry rule is scored wherever the registry holds that fact.
"""

from __future__ import annotations

import pytest

from peaceops import catalog
from peaceops.assess import INSUFFICIENT, SCORED, assess_operation


@pytest.fixture(scope="module")
def shipped():
    return catalog.load()


def test_every_operation_gets_every_indicator(shipped):
    indicators = {i.id for i in shipped.framework.indicators}
    for op in shipped.registry:
        result = assess_operation(op, shipped)
        assert {i.indicator for i in result.indicators} == indicators, op.id


def test_evidence_only_indicators_without_evidence_are_insufficient_not_guessed(shipped):
    evidence_only = [i for i in shipped.framework.indicators if all(r.type == "evidence" for r in i.rules)]
    assert evidence_only, "the framework has evidence-only indicators"
    checked = 0
    for op in shipped.registry:
        result = assess_operation(op, shipped)
        for indicator in evidence_only:
            if shipped.evidence_for(op.id, indicator.id):
                continue
            checked += 1
            assert result.indicator(indicator.id).status == INSUFFICIENT, (op.id, indicator.id)
    assert checked > 0


def test_the_legal_basis_is_scored_for_every_operation_that_records_one(shipped):
    legal = next(i for i in shipped.framework.indicators if i.id == "legal-basis")
    for op in shipped.registry:
        if op.legal_basis and op.is_deployed:
            assert assess_operation(op, shipped).indicator(legal.id).status == SCORED, op.id
