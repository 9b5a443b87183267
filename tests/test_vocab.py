"""Vocabularies are defined once (peaceops.vocab) and reused by schemas, CLI options and web parameters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peaceops import vocab

SRC = Path(__file__).resolve().parents[1] / "src" / "peaceops"


def _is_migration(path: Path) -> bool:
    """The workspace's SQL migrations hold CHECK constraints written once; a migration is history, never edited."""
    return path.stem == "workspace" or "workspace" in path.relative_to(SRC).parts


@pytest.mark.parametrize(
    "values",
    [
        vocab.STANCES,
        vocab.OPERATION_KINDS,
        vocab.STATUSES,
        vocab.RELIABILITY_GRADES,
        vocab.CANDIDATE_STATUSES,
        vocab.LEAD_GROUPS,
        vocab.LEGAL_RUNGS,
    ],
)
def test_no_module_spells_a_vocabulary_out_again(values):
    # two neighbouring values quoted in a row is how a copy of the list looks, in Python or in a template
    first, second = (repr(v) for v in values[:2])
    pattern = re.compile(rf"[\"']{re.escape(first[1:-1])}[\"'],\s*[\"']{re.escape(second[1:-1])}[\"']")
    copies = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*")
        if path.suffix in (".py", ".html", ".j2")
        and path.name != "vocab.py"
        and not _is_migration(path)
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert copies == []


def test_schemas_cli_and_web_share_the_types():
    from peaceops.evidence import EvidenceItem
    from peaceops.registry.models import Operation, Source

    assert Operation.model_fields["kind"].annotation is vocab.OperationKind
    assert Source.model_fields["reliability"].annotation is vocab.Reliability
    assert EvidenceItem.model_fields["stance"].annotation is vocab.Stance
    assert EvidenceItem.model_fields["credibility"].annotation is vocab.Credibility


def test_cli_offers_every_kind_and_status(cli):
    result = cli("ops", "list", "--help")
    for kind in vocab.OPERATION_KINDS:
        assert kind in result.output
    for status in vocab.STATUSES:
        assert status in result.output
