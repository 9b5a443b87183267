"""Helpers shared by the web tests: accounts, login, the error-shape check, the inertness check, a live server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "seed" / "war-for-peace.txt"
HOSTILE = Path(__file__).parent / "data" / "hostile-article.html"
SECRET = "test-secret-key-that-is-long-enough-0123456789"
EDITOR = ("amina", "editor passphrase 1")
ADMIN = ("boris", "admin passphrase 22")


def client_for(app):
    """A test client that does not follow redirects and turns server errors into responses."""
    from fastapi.testclient import TestClient

    return TestClient(app, raise_server_exceptions=False, follow_redirects=False)


def csrf_of(client) -> str:
    """This client's session form token (the same one every form carries)."""
    return client.get("/session.json").json()["csrf_token"]


def login(client, name: str, password: str):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"})


def assert_error_shape(response, status: int) -> dict:
    """The one JSON error shape, with the response's own status in it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "message", "detail"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def markup(html: str) -> list[tuple[str, dict]]:
    """Every element a browser would build from ``html``: (tag, attributes)."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, {k.lower(): (v or "") for k, v in attrs}))

        handle_startendtag = handle_starttag

    parser = Collector(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return found


def assert_inert(html: str) -> None:
    """No element, attribute or link on the page can run script: only our own script file, no handlers, no script
    URLs."""
    elements = markup(html)
    scripts = [attrs for tag, attrs in elements if tag == "script"]
    assert scripts == [{"src": "/static/peaceops.js", "defer": ""}], scripts
    assert not INLINE_SCRIPT.search(html)
    for tag, attrs in elements:
        assert tag not in ("iframe", "object", "embed", "frame", "base", "meta") or (
            tag == "meta" and "http-equiv" not in attrs
        ), tag
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, (tag, handlers)
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = attrs.get(name, "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)


# -- a real server in a subprocess ------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SERVE_SCRIPT = """
import sys
import typer
from peaceops.cli.main import main_options
from peaceops.cli.web import serve
app = typer.Typer()
app.callback()(main_options)
app.command("serve")(serve)
app(sys.argv[1:])
"""


class LiveServer:
    """``peaceops serve`` on a free loopback port, in its own process; stopped by ``stop()``."""

    def __init__(
        self, workspace: Path, data: Path | None = None, log: Path | None = None, serve_args: tuple[str, ...] = ()
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-c", SERVE_SCRIPT, "--workspace", str(workspace)]
        if data is not None:
            args += ["--data", str(data)]
        args += ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning", *serve_args]
        env = {**os.environ, "PEACEOPS_SECRET_KEY": SECRET}
        self.log = log
        self._log_handle = open(log, "wb") if log else subprocess.DEVNULL
        self.process = subprocess.Popen(args, env=env, stdout=self._log_handle, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log_text()}")
            try:
                if httpx.get(self.url + "/session.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer on {self.url} within {timeout} s: {self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log and self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log_handle is not subprocess.DEVNULL:
            self._log_handle.close()
