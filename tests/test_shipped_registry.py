"""The curated registry shipped in data/: valid, complete, and answering the lookups other tools rely on."""

from __future__ import annotations

import json

import pytest

from peaceops import registry

REQUIRED_IDS = [
    # every operation or case the seed analysis names
    "kazakhstan-csto-cpf-2022",
    "transnistria-jpkf-1992",
    "south-ossetia-jpkf-1992",
    "abkhazia-cis-cpkf-1994",
    "tajikistan-cis-cpkf-1993",
    "nagorno-karabakh-rpc-2020",
    "afghanistan-isaf-2001",
    "bosnia-ifor-1995",
    "bosnia-sfor-1996",
    "kosovo-kfor-1999",
    "lebanon-mnf-1982",
    "kyrgyzstan-csto-2010",
    "donbas-russia-2022",
    # comparators
    "lebanon-unifil-1978",
    "cyprus-unficyp-1964",
    "mali-minusma-2013",
    "drc-monusco-2010",
    "georgia-unomig-1993",
    "tajikistan-unmot-1994",
    "azerbaijan-rtjmc-2021",
    "bosnia-eufor-althea-2004",
    "sinai-mfo-1982",
    "yugoslavia-unprofor-1992",
]
POST_SOVIET = [
    "kazakhstan-csto-cpf-2022",
    "transnistria-jpkf-1992",
    "south-ossetia-jpkf-1992",
    "abkhazia-cis-cpkf-1994",
    "tajikistan-cis-cpkf-1993",
    "nagorno-karabakh-rpc-2020",
    "kyrgyzstan-csto-2010",
    "donbas-russia-2022",
]


@pytest.fixture(scope="module")
def shipped():
    return registry.load()  # raises with every problem listed if the shipped data is invalid


def test_shipped_registry_is_valid_and_large_enough(shipped):
    assert len(shipped) >= 24
    missing = [i for i in REQUIRED_IDS if i not in shipped.operations]
    assert not missing, f"required operations missing: {missing}"


def test_every_operation_has_the_core_facts(shipped):
    for op in shipped:
        assert op.area, f"{op.id}: no area of operation"
        if op.is_deployed:
            # a legal basis or a strength no source gives must be declared unknown in the notes, not left silently blank
            assert op.legal_basis or "legal basis" in (op.notes or "").lower(), f"{op.id}: no legal basis, no note why"
            assert op.strength or "strength" in (op.notes or "").lower(), f"{op.id}: no strength figure and no note why"
            assert op.tasks, f"{op.id}: no tasks"
            assert op.contributors, f"{op.id}: no contributors"


def test_post_soviet_cases_have_russian_names(shipped):
    for op_id in POST_SOVIET:
        assert shipped.get(op_id).name.ru, f"{op_id}: no Russian name"


def test_a_place_shared_by_two_operations_is_ambiguous(shipped):
    from peaceops.errors import AmbiguousNameError

    with pytest.raises(AmbiguousNameError) as info:
        shipped.find("Карабах")
    assert "nagorno-karabakh-rpc-2020" in info.value.candidates and len(info.value.candidates) >= 2


def test_declined_request_and_self_declared_peacekeeping(shipped):
    kyrgyzstan = shipped.get("kyrgyzstan-csto-2010")
    assert kyrgyzstan.status.value == "requested-not-deployed"
    assert kyrgyzstan.request is not None and kyrgyzstan.request.date.year == 2010
    donbas = shipped.get("donbas-russia-2022")
    assert donbas.kind == "unilateral"
    assert shipped.strongest_rung(donbas) in ("unilateral", "political-statement")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("KFOR", "kosovo-kfor-1999"),
        ("ISAF", "afghanistan-isaf-2001"),
        ("UNIFIL", "lebanon-unifil-1978"),
        ("ОДКБ Казахстан 2022", "kazakhstan-csto-cpf-2022"),
        ("миротворцы ОДКБ в Казахстане", "kazakhstan-csto-cpf-2022"),
        ("российских миротворцев в Карабахе", "nagorno-karabakh-rpc-2020"),  # inflected: matched through lemmas
    ],
)
def test_lookups_in_both_languages(shipped, query, expected):
    assert shipped.find(query).id == expected


def test_kazakhstan_show_json_has_request_decision_contributors_dates_strength(cli):
    result = cli("ops", "show", "kazakhstan-csto-cpf-2022", "--json")
    assert result.exit_code == 0, result.stderr
    op = json.loads(result.stdout)
    for block in [op["request"], op["start"], op["end"], *op["legal_basis"], *op["contributors"], *op["strength"]]:
        assert block["sources"], block
        for source_id in block["sources"]:
            assert source_id in op["cited_sources"]
    assert any(lb["rung"] == "regional-decision" for lb in op["legal_basis"])
    assert {c["party"] for c in op["contributors"]} >= {"Russia", "Belarus", "Armenia", "Tajikistan", "Kyrgyzstan"}


EVIDENCE_REQUIRED = [
    "kazakhstan-csto-cpf-2022",
    "transnistria-jpkf-1992",
    "south-ossetia-jpkf-1992",
    "abkhazia-cis-cpkf-1994",
    "tajikistan-cis-cpkf-1993",
    "nagorno-karabakh-rpc-2020",
    "afghanistan-isaf-2001",
    "bosnia-ifor-1995",
    "kosovo-kfor-1999",
    "lebanon-mnf-1982",
    "lebanon-unifil-1978",
    "drc-monusco-2010",
    "mali-minusma-2013",
]
# principle groups the issue asks evidence for, by the principle each indicator belongs to
EVIDENCE_PRINCIPLES = {
    "consent": "consent",
    "impartiality": "impartiality",
    "use of force": "non-use-of-force",
    "conflict outcome": "conflict-outcome",
}


def test_shipped_evidence_is_valid_and_covers_every_required_operation():
    from peaceops import catalog

    cat = catalog.load()  # every item validates and cites an existing source, or this raises with all problems
    for op_id in EVIDENCE_REQUIRED:
        items = cat.evidence_for(op_id)
        principles = {cat.framework.indicator(ev.indicator).principle for ev in items}
        indicators = {ev.indicator for ev in items}
        for label, principle in EVIDENCE_PRINCIPLES.items():
            assert principle in principles, f"{op_id}: no evidence on {label}"
        assert "legal-basis" in indicators, f"{op_id}: no evidence on the legal basis"


def test_evidence_is_even_handed():
    """Evidence against compliance exists for UN/NATO operations, and for compliance for Russia-led ones."""
    from peaceops import catalog

    cat = catalog.load()
    groups = {}
    for ev in cat.evidence:
        group = cat.registry.get(ev.operation).lead_group
        groups.setdefault(group, set()).add(ev.item.stance)
    for group in ("un", "nato-eu", "cis-csto-russia"):
        assert {"supports", "contradicts"} <= groups.get(group, set()), f"{group}: evidence only one way"
