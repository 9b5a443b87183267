"""A local HTTP server for fetch tests: loopback only, started and stopped by the tests."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data" / "ingest"
SEED = Path(__file__).parents[2] / "examples" / "seed" / "war-for-peace.txt"


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def local_server():
    """Yields (base_url, routes); add routes as path -> (status, headers, body, delay_seconds)."""
    routes: dict = {}
    handler = type("H", (Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", routes
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def shipped_catalog():
    from peaceops import catalog

    return catalog.load()


@pytest.fixture
def ws(tmp_path):
    from peaceops.workspace import open_workspace

    return open_workspace(tmp_path / "ws")
