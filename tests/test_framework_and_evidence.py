"""A broken framework or evidence file fails at load with the file, the key and what was expected."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from peaceops import catalog, framework
from peaceops.errors import DataValidationError
from peaceops.evidence import EvidenceItem, content_id


def _edit(path: Path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _indicator(data, indicator_id):
    return next(i for i in data["indicators"] if i["id"] == indicator_id)


BROKEN_FRAMEWORK = {
    "unknown rule type": (
        lambda d: _indicator(d, "legal-basis")["rules"].__setitem__(0, {"type": "vibes"}),
        "indicators[3].rules[0]",
        "does not match any of the expected tags",
    ),
    "misspelt rule parameter": (
        lambda d: _indicator(d, "impartiality-even-handed")["rules"][0].__setitem__("min_wieght", 1),
        "indicators[1].rules[0].evidence.min_wieght",
        "unknown key",
    ),
    "unknown principle": (
        lambda d: _indicator(d, "multilateralism").__setitem__("principle", "popularity"),
        "",
        "unknown principle 'popularity'",
    ),
    "incomplete ladder": (
        lambda d: _indicator(d, "legal-basis")["rules"][0]["scores"].pop("unilateral"),
        "indicators[3].rules[0].registry-legal-rung",
        "missing ['unilateral']",
    ),
    "score outside the scale": (
        lambda d: _indicator(d, "legal-basis")["rules"][0]["scores"].__setitem__("agreement", 5),
        "indicators[3].rules[0].registry-legal-rung.scores.agreement",
        "less than or equal to 2",
    ),
    "scale with a gap": (
        lambda d: _indicator(d, "legal-basis")["scale"].pop(1),
        "indicators[3]",
        "scale must describe each of the scores",
    ),
    "no cues in Russian": (
        lambda d: _indicator(d, "legal-basis")["cues"].pop("ru"),
        "indicators[3].cues.ru",
        "required field is missing",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FRAMEWORK))
def test_broken_framework_names_file_key_expectation(mini_data, case):
    change, field, fragment = BROKEN_FRAMEWORK[case]
    _edit(mini_data / "framework.yaml", change)
    with pytest.raises(DataValidationError) as info:
        framework.load(mini_data)
    problems = info.value.problems
    assert any(
        p.file.endswith("framework.yaml") and p.field.startswith(field) and fragment in p.message for p in problems
    ), [str(p) for p in problems]


def test_missing_framework_is_reported(mini_data):
    (mini_data / "framework.yaml").unlink()
    _, problems = catalog.check(mini_data)
    assert [p.message for p in problems] == ["framework file not found; expected data/framework.yaml"]


BROKEN_EVIDENCE = {
    "unknown indicator": (
        lambda d: d["items"][0].__setitem__("indicator", "vibes"),
        "items[0].indicator",
        "unknown indicator 'vibes'",
    ),
    "unknown source": (
        lambda d: d["items"][0].__setitem__("source", "nowhere"),
        "items[0].source",
        "cites unknown source 'nowhere'",
    ),
    "quote and paraphrase": (lambda d: d["items"][1].__setitem__("quote", "both"), "items[1]", "not both"),
    "bad credibility": (
        lambda d: d["items"][0].__setitem__("credibility", 9),
        "items[0].credibility",
        "Input should be",
    ),
    "bad stance": (lambda d: d["items"][0].__setitem__("stance", "agrees"), "items[0].stance", "Input should be"),
    "wrong operation": (
        lambda d: d.__setitem__("operation", "kosovo-kfor-1999"),
        "operation",
        "must equal the file name",
    ),
    "duplicate item": (lambda d: d["items"].append(dict(d["items"][0])), "items[3]", "duplicate of evidence"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_EVIDENCE))
def test_broken_evidence_names_file_field(mini_data, case):
    change, field, fragment = BROKEN_EVIDENCE[case]
    _edit(mini_data / "evidence" / "transnistria-jpkf-1992.yaml", change)
    _, problems = catalog.check(mini_data)
    assert any(
        p.file.endswith("evidence/transnistria-jpkf-1992.yaml") and p.field == field and fragment in p.message
        for p in problems
    ), [str(p) for p in problems]


def test_evidence_ids_come_from_content():
    item = EvidenceItem(
        indicator="legal-basis", stance="supports", quote="A  Quote", locator="p. 1", source="s", credibility=2
    )
    same = EvidenceItem(
        indicator="legal-basis", stance="contradicts", quote="a quote", locator="P. 1", source="s", credibility=5
    )
    other = EvidenceItem(
        indicator="legal-basis", stance="supports", quote="another quote", locator="p. 1", source="s", credibility=2
    )
    assert content_id("op-1999", item) == content_id("op-1999", same)  # grades and stance are judgements, not content
    assert content_id("op-1999", item) != content_id("op-1999", other)
    assert re.fullmatch(r"ev-[0-9a-f]{12}", content_id("op-1999", item))


def test_validate_counts_evidence(cli, mini_data):
    report = json.loads(cli("validate", "--json", data=mini_data).stdout)
    assert report["valid"] and report["evidence"] == 3 and report["indicators"] == 6
