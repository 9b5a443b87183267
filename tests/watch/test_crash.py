"""No feed item is processed twice and none is lost when the poller is killed (SIGKILL) at any point."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from watchkit import Route, replay_items, rss


def _run(workspace, data, env_extra=None, once=True, **popen):
    env = {**os.environ, **(env_extra or {})}
    args = [
        sys.executable,
        "-m",
        "peaceops.cli.main",
        "--workspace",
        str(workspace),
        "--data",
        str(data),
        "watch",
        "run",
    ]
    if once:
        args.append("--once")
        return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **popen)


def _state(db):
    conn = sqlite3.connect(db)
    try:
        items = conn.execute("SELECT item_key, outcome FROM watch_items ORDER BY item_key").fetchall()
        documents = conn.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM documents").fetchone()
        claims = conn.execute(
            "SELECT a.kind, a.topic, a.operation_id, a.place, c.url, c.sentence FROM alert_claims c "
            "JOIN alerts a ON a.id = c.alert_id ORDER BY 1, 2, 3, 4, 5, 6"
        ).fetchall()
        alerts = conn.execute("SELECT kind, topic, operation_id, place FROM alerts ORDER BY 1, 2, 3, 4").fetchall()
        return items, documents, claims, alerts
    finally:
        conn.close()


def _prepare(tmp_path, feed_server, name):
    from peaceops.watch import sources
    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path / name)
    sources.add(ws, f"{feed_server.base}/en", every="1s", allow_private=True, actor="test")
    sources.add(ws, f"{feed_server.base}/ru", every="1s", allow_private=True, actor="test")
    return ws


def test_sigkill_at_every_point_then_rerun_processes_each_item_exactly_once(tmp_path, feed_server, catalog_with):
    from peaceops.settings import shipped_data_dir
    from peaceops.watch import Watcher

    feed_server.routes["/en"] = Route(rss(replay_items("en")))
    feed_server.routes["/ru"] = Route(rss(replay_items("ru")))
    data = shipped_data_dir()

    reference = _prepare(tmp_path, feed_server, "reference")  # never killed
    Watcher(reference, catalog_with).run(once=True)
    expected = _state(reference.db_path)
    assert len(expected[0]) == len(replay_items("en")) + len(replay_items("ru")) and expected[2]

    ws = _prepare(tmp_path, feed_server, "killed")
    # killed with the first item's document, item record and claims written but not committed
    killed = _run(ws.root, data, {"PEACEOPS_FAILPOINT": "watch.before-commit"})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # and once at a moment nobody chose: a continuous poller killed mid-run
    poller = _run(ws.root, data, once=False)
    deadline = time.time() + 120
    while time.time() < deadline and len(_state(ws.db_path)[0]) < 3:
        time.sleep(0.05)
    poller.send_signal(signal.SIGKILL)
    poller.wait(timeout=30)
    resumed = _run(ws.root, data)
    assert resumed.returncode == 0, resumed.stderr

    items, documents, claims, alerts = _state(ws.db_path)
    assert items == expected[0], "every item recorded exactly once, none lost"
    assert documents == expected[1] and documents[0] == documents[1]
    assert claims == expected[2], "no claim lost or doubled"
    assert alerts == expected[3]


def test_sigterm_stops_the_poller_cleanly(tmp_path, feed_server):
    from peaceops.settings import shipped_data_dir

    feed_server.routes["/en"] = Route(rss(replay_items("en")[:2]))
    feed_server.routes["/ru"] = Route(rss(replay_items("ru")[:2]))
    ws = _prepare(tmp_path, feed_server, "term")
    poller = _run(ws.root, shipped_data_dir(), once=False)
    deadline = time.time() + 120
    while time.time() < deadline and len(_state(ws.db_path)[0]) < 4:
        time.sleep(0.1)
    poller.send_signal(signal.SIGTERM)
    assert poller.wait(timeout=60) == 0, poller.stderr.read()
    assert len(_state(ws.db_path)[0]) == 4
