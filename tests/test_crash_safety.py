"""Kill `peaceops ingest` with SIGKILL mid-batch, rerun it, and check nothing was lost or half-written.

Each document is written in one transaction, so after any number of kills
and a final complete run the workspace must equal a run that was never
interrupted: the same documents, each with exactly its mentions and
candidates, and SQLite's integrity check clean. (Removing the transaction in
peaceops.ingest.store makes this test fail: a document killed between its
row and its mentions is then stored without them, and the rerun skips it as
a duplicate.)
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

CLI = [sys.executable, "-m", "peaceops.cli.main"]


def _corpus(folder: Path) -> int:
    items = yaml.safe_load((REPO / "tests" / "data" / "mentions" / "labelled.yaml").read_text(encoding="utf-8"))
    folder.mkdir()
    for item in items[:60]:
        (folder / f"{item['id']}.txt").write_text(item["text"], encoding="utf-8")
    return min(len(items), 60)


def _state(db: Path) -> tuple[dict, list]:
    """Each document's mentions, and the queue: every (sentence, operation) once. A sentence that several
    documents share is one candidate (issue 20), kept by whichever document was stored first, so the queue is
    compared as a whole rather than per document."""
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "SELECT d.content_hash, (SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id) FROM documents d"
        ).fetchall()
        queue = conn.execute(
            "SELECT sentence_key, operation_id FROM candidates ORDER BY sentence_key, operation_id"
        ).fetchall()
    return {h: m for h, m in rows}, queue


def _count(db: Path) -> int:
    try:
        with closing(sqlite3.connect(db, timeout=1)) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _run(workspace: Path, folder: Path, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, "--workspace", str(workspace), "ingest", str(folder), "--workers", "1", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_sigkill_mid_batch_then_rerun(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    folder = tmp_path / "news"
    total = _corpus(folder)
    clean_ws, killed_ws = tmp_path / "clean", tmp_path / "killed"
    assert _run(clean_ws, folder, env).returncode in (0, 1)
    clean = _state(clean_ws / "peaceops.sqlite")
    assert len(clean[0]) >= total - 5  # a few excerpts may fail extraction: they fail in both runs alike

    # a kill at the worst moment: the document row is written, its mentions are not
    dying = _run(killed_ws, folder, {**env, "PEACEOPS_FAILPOINT": "ingest.after-document-row"})
    assert dying.returncode == -signal.SIGKILL
    assert _count(killed_ws / "peaceops.sqlite") == 0  # the half-written document was rolled back

    kills = 0
    for threshold in (3, 12, 25):  # and kills at arbitrary moments
        proc = subprocess.Popen(
            [*CLI, "--workspace", str(killed_ws), "ingest", str(folder), "--workers", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if _count(killed_ws / "peaceops.sqlite") >= threshold:
                proc.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.01)
        proc.wait(timeout=60)
    assert kills >= 1, "the batch finished before any kill: the test did not exercise a crash"
    final = _run(killed_ws, folder, env)
    assert final.returncode in (0, 1), final.stderr
    assert _state(killed_ws / "peaceops.sqlite") == clean


def _event_rows(workspace: Path) -> dict:
    import duckdb

    files = sorted((workspace / "events" / "events").rglob("*.parquet"))
    if not files:
        return {}
    con = duckdb.connect()
    rows = con.execute(
        "SELECT dataset, COUNT(*), COUNT(DISTINCT event_uid), SUM(fatalities_best) FROM read_parquet(?) GROUP BY "
        "dataset ORDER BY dataset",
        [[str(f) for f in files]],
    ).fetchall()
    return {dataset: (n, distinct, deaths) for dataset, n, distinct, deaths in rows}


def _event_files(tmp_path: Path) -> list[Path]:
    """The shipped UCDP file cut into four files with different bytes (each its own load)."""
    lines = (REPO / "examples" / "events" / "ged201_reduced.csv").read_text(encoding="utf-8").splitlines()
    header, body = lines[0], lines[1:]
    quarter = len(body) // 4
    files = []
    for part in range(4):
        path = tmp_path / f"ucdp-part{part}.csv"
        path.write_text("\n".join([header, *body[part * quarter : (part + 1) * quarter]]) + "\n", encoding="utf-8")
        files.append(path)
    return files


def test_sigkill_events_load_then_rerun(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    files = [str(p) for p in _event_files(tmp_path)]
    clean_ws, killed_ws = tmp_path / "clean", tmp_path / "killed"

    def load(ws, extra=None):
        return subprocess.run(
            [*CLI, "--workspace", str(ws), "events", "load", *files],
            capture_output=True,
            text=True,
            env={**env, **(extra or {})},
            timeout=300,
        )

    assert load(clean_ws).returncode == 0
    clean = _event_rows(clean_ws)
    assert clean and all(n == distinct for n, distinct, _ in clean.values())

    for point in ("events.mid-write", "events.before-manifest"):  # half a file written; a file written but not recorded
        dying = load(killed_ws, {"PEACEOPS_FAILPOINT": point})
        assert dying.returncode == -signal.SIGKILL, point
    proc = subprocess.Popen(
        [*CLI, "--workspace", str(killed_ws), "events", "load", *files],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    manifest = killed_ws / "events" / "manifest"
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if manifest.is_dir() and len(list(manifest.glob("*.json"))) >= 1:
            proc.send_signal(signal.SIGKILL)  # somewhere in the middle of the batch
            break
        time.sleep(0.005)
    proc.wait(timeout=60)
    assert load(killed_ws).returncode == 0
    assert _event_rows(killed_ws) == clean  # every file loaded, nothing twice
    assert len(list(manifest.glob("*.json"))) == len(files)
    assert not [
        p for p in (killed_ws / "events").rglob("*") if p.name.endswith(".partial")
    ]  # no half-written file left
