"""The review queue: accept, reject, edit; audit entries; accepted evidence joins the assessment."""

from __future__ import annotations

import json

import pytest

from peaceops import audit, review
from peaceops import catalog as catalog_module
from peaceops.assess import assess_operation
from peaceops.errors import NotFoundError, UsageError
from peaceops.ingest import ingest
from tests.ingest.conftest import SEED


@pytest.fixture
def queue(ws, shipped_catalog):
    ingest([str(SEED)], workspace=ws, catalog=shipped_catalog)
    return ws


def _deliberation(ws):
    """The seed's sentence on the missing deliberation (the filter also returns others the model ranks for it)."""
    found = review.list_candidates(ws, indicator="transparency-deliberation")
    [cand] = [c for c in found if "without public deliberations" in c.sentence]
    return cand


def test_accept_joins_the_assessment_and_is_audited(queue, shipped_catalog):
    cand = _deliberation(queue)
    assert cand.operation_id == "kazakhstan-csto-cpf-2022" and "without public deliberations" in cand.sentence
    op = shipped_catalog.registry.get("kazakhstan-csto-cpf-2022")
    before = assess_operation(op, shipped_catalog).indicator("transparency-deliberation")
    evidence_id = review.accept(
        queue,
        shipped_catalog,
        cand.id,
        actor="ana",
        indicator="transparency-deliberation",
        stance="contradicts",
        reliability="C",
        credibility=2,
    )
    merged = review.catalog_with_workspace(shipped_catalog, queue)
    after = assess_operation(op, merged).indicator("transparency-deliberation")
    assert evidence_id in after.evidence_ids and evidence_id not in before.evidence_ids
    assert after.score <= before.score  # a 'contradicts' item cannot raise the score
    ev = next(e for e in merged.evidence if e.id == evidence_id)
    assert ev.grade == "C2" and ev.item.quote == cand.sentence and ev.item.reviewed_by == "ana"
    assert merged.registry.sources[ev.source].reliability == "C"
    assert review.get_candidate(queue, cand.id).status == "accepted"
    [entry] = audit.entries(queue, target=f"candidate:{cand.id}")
    assert entry["actor"] == "ana" and entry["action"] == "review.accept"
    assert entry["before"] == {"status": "pending"} and entry["after"]["evidence"]["id"] == evidence_id


def test_accept_validates_and_changes_nothing_on_error(queue, shipped_catalog):
    cand = _deliberation(queue)
    with pytest.raises(NotFoundError, match="no indicator 'vibes'"):
        review.accept(
            queue,
            shipped_catalog,
            cand.id,
            actor="ana",
            indicator="vibes",
            stance="supports",
            reliability="B",
            credibility=2,
        )
    with pytest.raises(UsageError, match="stance must be one of"):
        review.accept(
            queue,
            shipped_catalog,
            cand.id,
            actor="ana",
            indicator="legal-basis",
            stance="likes",
            reliability="B",
            credibility=2,
        )
    with pytest.raises(NotFoundError, match="no candidate"):
        review.accept(
            queue,
            shipped_catalog,
            "cand-nope",
            actor="ana",
            indicator="legal-basis",
            stance="supports",
            reliability="B",
            credibility=2,
        )
    assert review.get_candidate(queue, cand.id).status == "pending"
    assert audit.entries(queue) == []
    review.accept(
        queue,
        shipped_catalog,
        cand.id,
        actor="ana",
        indicator="transparency-deliberation",
        stance="contradicts",
        reliability="C",
        credibility=2,
    )
    with pytest.raises(UsageError, match="already accepted"):
        review.accept(
            queue,
            shipped_catalog,
            cand.id,
            actor="bob",
            indicator="transparency-deliberation",
            stance="supports",
            reliability="A",
            credibility=1,
        )
    from peaceops.workspace import evidence

    with queue.reader() as conn:
        assert evidence.count(conn) == 1


def test_reject_and_edit(queue, shipped_catalog):
    first, second = review.list_candidates(queue)[:2]
    review.reject(queue, first.id, actor="bob", reason="not about the operation")
    assert review.get_candidate(queue, first.id).status == "rejected"
    with pytest.raises(UsageError, match="already rejected"):
        review.reject(queue, first.id, actor="bob")
    edited = review.edit(
        queue, second.id, actor="bob", operation_id="KFOR", indicators=["legal-basis"], catalog=shipped_catalog
    )
    assert edited.operation_id == "kosovo-kfor-1999" and edited.indicators == ["legal-basis"]
    [edit_entry, reject_entry] = audit.entries(queue)
    assert edit_entry["action"] == "review.edit" and edit_entry["before"]["operation_id"] == second.operation_id
    assert reject_entry["after"] == {"status": "rejected", "reason": "not about the operation"}
    with pytest.raises(UsageError, match="nothing to change"):
        review.edit(queue, second.id, actor="bob")


def test_export_is_valid_shipped_data(queue, shipped_catalog, tmp_path):
    import shutil

    cand = _deliberation(queue)
    review.accept(
        queue,
        shipped_catalog,
        cand.id,
        actor="ana",
        indicator="transparency-deliberation",
        stance="contradicts",
        reliability="C",
        credibility=2,
    )
    data = tmp_path / "data"
    shutil.copytree(shipped_catalog.registry.data_dir, data)
    (data / "evidence" / "kazakhstan-csto-cpf-2022.yaml").unlink()  # the export replaces this operation's file
    written = review.export_yaml(queue, data)
    assert {p.parent.name for p in written} == {"evidence", "sources"}
    reloaded = catalog_module.load(data)  # the exported evidence and its source validate like curated data
    assert any(ev.item.reviewed_by == "ana" for ev in reloaded.evidence_for("kazakhstan-csto-cpf-2022"))


def test_review_cli(cli):
    assert cli("ingest", str(SEED)).exit_code == 0
    rows = json.loads(cli("review", "list", "--indicator", "transparency-deliberation", "--json").stdout)
    cand = rows[0]["id"]
    shown = cli("review", "show", cand)
    assert "without public deliberations" in shown.stdout
    before = json.loads(
        cli("assess", "kazakhstan-csto-cpf-2022", "--explain", "transparency-deliberation", "--json").stdout
    )
    accepted = cli(
        "review",
        "accept",
        cand,
        "--indicator",
        "transparency-deliberation",
        "--stance",
        "contradicts",
        "--grade",
        "C2",
        "--as",
        "ana",
        "--json",
    )
    assert accepted.exit_code == 0, accepted.stderr
    evidence_id = json.loads(accepted.stdout)["evidence"]
    after = json.loads(
        cli("assess", "kazakhstan-csto-cpf-2022", "--explain", "transparency-deliberation", "--json").stdout
    )
    assert evidence_id in after["evidence_ids"] and evidence_id not in before["evidence_ids"]
    bad = cli("review", "accept", cand, "--indicator", "legal-basis", "--stance", "supports", "--grade", "Q9")
    assert bad.exit_code == 1 and "expected a grade like B3" in bad.stderr
    assert cli("review", "list", "--status", "accepted", "--json").stdout.count(cand) == 1
