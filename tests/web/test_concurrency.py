"""The web server reviewing while the CLI ingests into the same workspace.

No request may fail with 'database is locked' (or any server error), and
nothing may be lost: every accepted candidate becomes evidence with its audit
entry, and every document the CLI reports as ingested is stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import httpx
import yaml
from web_support import EDITOR, REPO, SEED, LiveServer


def _documents(ws) -> int:
    from peaceops.workspace import documents

    with ws.reader() as conn:
        return documents.count(conn)


def test_review_in_the_browser_while_the_cli_ingests(tmp_path):
    from peaceops import catalog, review, users
    from peaceops.ingest import ingest
    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path / "ws")
    ingest([str(SEED)], workspace=ws, catalog=catalog.load())
    users.add_user(ws, EDITOR[0], EDITOR[1], role="editor", actor="test")
    pending = [c for c in review.list_candidates(ws) if c.operation_id]
    assert len(pending) >= 10

    folder = tmp_path / "news"
    folder.mkdir()
    items = yaml.safe_load((REPO / "tests" / "data" / "mentions" / "labelled.yaml").read_text(encoding="utf-8"))
    for item in items:
        (folder / f"{item['id']}.txt").write_text(item["text"], encoding="utf-8")

    server = LiveServer(ws.root, log=tmp_path / "server.log")
    try:
        cli = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "peaceops.cli.main",
                "--workspace",
                str(ws.root),
                "ingest",
                str(folder),
                "--workers",
                "1",
                "--json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        )
        outcome: dict = {}
        reader = threading.Thread(
            target=lambda: outcome.update(zip(("out", "err"), cli.communicate(timeout=300), strict=True))
        )
        reader.start()

        statuses, edits = [], []
        kept_pending = pending.pop()  # edited over and over while the CLI writes
        with httpx.Client(base_url=server.url, timeout=30) as client:
            token = client.get("/session.json").json()["csrf_token"]
            assert (
                client.post(
                    "/login", data={"name": EDITOR[0], "password": EDITOR[1], "csrf_token": token, "next": "/"}
                ).status_code
                == 303
            )
            token = client.get("/session.json").json()["csrf_token"]
            deadline = time.monotonic() + 120
            while _documents(ws) < 3 and time.monotonic() < deadline:  # wait until the CLI is writing
                time.sleep(0.02)
            overlapped = cli.poll() is None
            for number, cand in enumerate(pending):
                if number % 3 == 2:
                    response = client.post(
                        f"/review/{cand.id}/reject",
                        data={"csrf_token": token, "reason": "test"},
                        headers={"Accept": "application/json"},
                    )
                else:
                    response = client.post(
                        f"/review/{cand.id}/accept",
                        headers={"Accept": "application/json"},
                        data={
                            "csrf_token": token,
                            "indicator": cand.indicators[0] if cand.indicators else "legal-basis",
                            "stance": "mixed",
                            "reliability": "C",
                            "credibility": "3",
                        },
                    )
                statuses.append((cand.id, response.status_code, response.text[:200]))
            toggle = ["legal-basis", "consent-host"]
            while cli.poll() is None:  # keep writing for as long as the CLI does
                response = client.post(
                    f"/review/{kept_pending.id}/edit",
                    headers={"Accept": "application/json"},
                    data={"csrf_token": token, "indicators": toggle[len(edits) % 2]},
                )
                edits.append((response.status_code, response.text[:200]))
        reader.join(timeout=300)
    finally:
        server.stop()

    assert "locked" not in (outcome.get("err") or ""), outcome.get("err")
    assert "locked" not in server.log_text() and "Traceback" not in server.log_text(), server.log_text()
    failures = [s for s in statuses if s[1] != 200] + [e for e in edits if e[0] != 200]
    assert not failures, failures
    assert cli.returncode in (0, 1), outcome.get("err")
    assert overlapped, "the CLI finished before the reviews began: the test did not exercise concurrency"
    assert len(edits) >= 20, "too few writes overlapped the ingestion to test contention"
    report = json.loads(outcome["out"])

    accepted = [cid for number, (cid, _, _) in enumerate(statuses) if number % 3 != 2]
    from peaceops.workspace import audit_log
    from peaceops.workspace import evidence as evidence_table

    with ws.reader() as conn:
        evidence = evidence_table.candidate_ids(conn)
        audited = audit_log.count(conn, "review.")
    documents = _documents(ws)
    assert evidence == set(accepted)
    assert audited == len(statuses) + len(edits)  # no lost write
    assert documents == 1 + report["ingested"]  # the seed, plus everything the CLI says it ingested
