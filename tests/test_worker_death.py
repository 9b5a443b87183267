"""kill -9 of a folder ingest leaves no worker process alive (issue 19, defect 7).

Folders of 8 files or more are analysed by worker processes. When the parent
is killed with SIGKILL it cannot stop them; they must die with it (a
parent-death signal, with a watchdog as the fallback) and never write to the
workspace after it is gone. Without the fix the workers lived on for minutes,
waiting on a queue whose parent had gone.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "peaceops.cli.main"]


def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_of_a_folder_ingest_takes_its_workers_with_it(tmp_path):
    items = yaml.safe_load((REPO / "tests" / "data" / "mentions" / "labelled.yaml").read_text(encoding="utf-8"))
    folder = tmp_path / "news"
    folder.mkdir()
    for round_ in range(3):  # enough work that the workers are busy when the parent is killed
        for item in items:
            (folder / f"{round_}-{item['id']}.txt").write_text(f"{item['text']}\n\nCopy {round_}.", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [*CLI, "--workspace", str(tmp_path / "ws"), "ingest", str(folder), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the worker processes never started: the test did not exercise them"
        time.sleep(1.0)  # let them take work
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        stored = _documents(tmp_path / "ws" / "peaceops.sqlite")
        gone_by = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < gone_by:
            time.sleep(0.1)
        survivors = [pid for pid in workers if _alive(pid)]
        assert not survivors, f"worker processes {survivors} outlived their killed parent"
        time.sleep(1.0)
        assert _documents(tmp_path / "ws" / "peaceops.sqlite") == stored  # nothing written after the parent died
    finally:  # never leave a process of this test behind, whatever failed
        for pid in workers | _children(proc.pid) | {proc.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
