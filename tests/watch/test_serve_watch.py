"""`peaceops serve --watch`: a real uvicorn server with the poller beside it; alerts appear on /watch.json."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from watchkit import Route, replay_items, rss


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_with_the_watch_polls_and_serves_alerts(tmp_path, feed_server):
    import httpx

    from peaceops.watch import sources
    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path / "ws")
    feed_server.routes["/ru"] = Route(rss(replay_items("ru")))
    feed_server.routes["/gone"] = Route(b"", status=404)
    sources.add(ws, f"{feed_server.base}/ru", every="1s", allow_private=True, actor="test")
    sources.add(ws, f"{feed_server.base}/gone", every="1s", allow_private=True, actor="test")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "peaceops.cli.main", "--workspace", str(ws.root), "serve", "--port", str(port)]
        + ["--log-level", "warning", "--watch"],
        env={**os.environ, "PEACEOPS_SECRET_KEY": "x" * 40},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        data, deadline = None, time.time() + 180
        while time.time() < deadline:
            try:
                data = httpx.get(f"http://127.0.0.1:{port}/watch.json", timeout=5).json()
                if data["count"] and all(s["items"] or s["failures"] for s in data["sources"]):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        assert data and data["count"] >= 1, data
        assert any(a["operation_id"] == "kazakhstan-csto-cpf-2022" for a in data["alerts"])
        gone = next(s for s in data["sources"] if s["target"].endswith("/gone"))
        assert gone["failures"] >= 1 and "HTTP 404" in gone["last_error"]
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
    # uvicorn shuts down gracefully, then re-raises SIGTERM to end the process as the signal asked; the poller's
    # transactions make that stop safe at any point (see test_crash)
    assert code in (0, -signal.SIGTERM), server.stderr.read()

    from typer.testing import CliRunner

    from peaceops.cli.main import app

    listed = CliRunner().invoke(app, ["--workspace", str(ws.root), "watch", "list"])
    assert "failing" in listed.output and "HTTP 404" in listed.output
