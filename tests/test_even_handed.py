"""The same rules for every operation: no rule or rule code names an operation, a force or a lead."""

from __future__ import annotations

import json
import re
from pathlib import Path

from peaceops import framework, registry

REPO = Path(__file__).resolve().parents[1]


def _forbidden_names():
    reg = registry.load()
    names = set()
    for op in reg:
        names.add(op.id)
        if op.acronym and len(op.acronym) >= 3:
            names.add(op.acronym)
        names.add(op.lead.value)
        names.add(op.host.state)
        if op.host.territory:
            names.add(op.host.territory)
    return {n for n in names if len(n) >= 3}


def _mentions(text: str, names) -> list[str]:
    return sorted(n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, re.IGNORECASE))


def test_rules_in_the_framework_name_no_operation():
    fw = framework.load()
    names = _forbidden_names()
    for indicator in fw.indicators:
        rules = json.dumps([r.model_dump() for r in indicator.rules], ensure_ascii=False)
        assert not _mentions(rules, names), f"{indicator.id}: rules name {_mentions(rules, names)}"


def test_rule_engine_code_names_no_operation():
    names = _forbidden_names()
    for path in sorted((REPO / "src" / "peaceops" / "assess").glob("*.py")):
        found = _mentions(path.read_text(encoding="utf-8"), names)
        assert not found, f"{path.name} names {found}: rules must treat every operation alike"
