"""Legitimacy reads the registry too: the Security Council's mandate or a UN organ's response, and the breadth
of participation, so that one misconduct report no longer decides the principle."""

from __future__ import annotations

import pytest

from peaceops import catalog as catalog_module
from peaceops.assess import SCORED, assess_operation
from peaceops.assess.result import NO_SCORE
from peaceops.registry.models import UnResponse


@pytest.fixture(scope="module")
def cat():
    return catalog_module.load()


def _with_responses(cat, op_id, *responses):
    op = cat.registry.get(op_id)
    source = op.host.sources[0]  # any source the operation already cites: the rule reads the response, not the text
    made = [
        UnResponse(organ=organ, response=response, date=date, instrument=instrument, sources=[source])
        for organ, response, date, instrument in responses
    ]
    return op.model_copy(update={"un_responses": made})


def _mandate(cat, op):
    return assess_operation(op, cat).indicator("legitimacy-un-mandate")


def test_a_security_council_resolution_is_a_mandate(cat):
    shown = _mandate(cat, cat.registry.get("lebanon-unifil-1978"))
    assert shown.status == SCORED and shown.score == 2
    assert "S/RES/425 (1978)" in shown.rationale


def test_nothing_recorded_is_no_score_not_a_zero(cat):
    op = cat.registry.get("transnistria-jpkf-1992").model_copy(update={"un_responses": [], "legal_basis": []})
    shown = _mandate(cat, op)
    assert shown.score is None and shown.rules[0].status == NO_SCORE


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        ([("General Assembly", "called-for-withdrawal", "2018-06-22", "A/RES/72/282")], 0),
        (
            [
                ("Security Council", "welcomed", "2001-01-10", "statement"),
                ("General Assembly", "condemned", "2005-03-01", "resolution"),
            ],
            0,
        ),
        (
            [
                ("General Assembly", "condemned", "2001-01-10", "resolution"),
                ("Security Council", "endorsed", "2005-03-01", "resolution"),
            ],
            2,
        ),
        ([("Secretary-General", "noted", "2001-01-10", "report")], 1),
        (  # same day, two organs: the lower score is kept
            [
                ("Security Council", "welcomed", "2001-01-10", "statement"),
                ("General Assembly", "condemned", "2001-01-10", "resolution"),
            ],
            0,
        ),
    ],
)
def test_the_latest_response_decides(cat, responses, expected):
    op = _with_responses(cat, "transnistria-jpkf-1992", *responses)
    op = op.model_copy(update={"legal_basis": [lb for lb in op.legal_basis if not lb.un_resolutions]})
    shown = _mandate(cat, op)
    assert shown.score == expected
    for _, response, _, _ in responses:
        assert response in shown.rationale  # every response is listed, not only the decisive one


def test_legitimacy_is_no_longer_one_indicator(cat):
    for op_id in ("lebanon-unifil-1978", "kazakhstan-csto-cpf-2022", "transnistria-jpkf-1992"):
        assessed = assess_operation(cat.registry.get(op_id), cat)
        ids = {i.indicator for i in assessed.indicators if i.principle == "legitimacy"}
        assert {"legitimacy-conduct", "legitimacy-un-mandate", "legitimacy-participation"} <= ids
