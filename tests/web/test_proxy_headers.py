"""The login limit holds against forged X-Forwarded-For (issue 19, defect 2), on the real uvicorn server."""

from __future__ import annotations

import httpx
import pytest
from web_support import EDITOR, LiveServer

JSON = {"accept": "application/json"}


@pytest.fixture
def editor_account(workspace_dir):
    from peaceops import users
    from peaceops.workspace import open_workspace

    users.add_user(open_workspace(workspace_dir), *EDITOR, role="editor", actor="test-setup")


def _attempt(client, name: str, forwarded: str | None = None) -> int:
    token = client.get("/session.json").json()["csrf_token"]
    headers = {**JSON, **({"x-forwarded-for": forwarded} if forwarded else {})}
    return client.post(
        "/login", data={"name": name, "password": "wrong password here", "csrf_token": token}, headers=headers
    ).status_code


def test_forged_forwarded_for_does_not_reset_the_address_limit(workspace_dir, tmp_path, editor_account):
    server = LiveServer(workspace_dir, log=tmp_path / "server.log")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            statuses = [_attempt(client, f"someone{i}") for i in range(20)]  # 20 failures from one address, 20 names
            assert statuses == [401] * 20
            assert _attempt(client, "someone-else") == 429
            forged = [_attempt(client, f"forged{i}", forwarded=f"203.0.113.{i + 1}") for i in range(10)]
            assert forged == [429] * 10, forged
    finally:
        server.stop()
    log = server.log_text()
    assert "127.0.0.1" in log and "203.0.113." not in log  # the log names the real peer, never the forged one


def test_named_proxies_are_trusted_and_accounts_are_counted_across_addresses(workspace_dir, tmp_path, editor_account):
    server = LiveServer(workspace_dir, log=tmp_path / "server.log", serve_args=("--forwarded-allow-ips", "127.0.0.1"))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            statuses = [_attempt(client, EDITOR[0], forwarded=f"198.51.100.{i + 1}") for i in range(6)]
    finally:
        server.stop()
    assert statuses == [401] * 5 + [429]  # five addresses cannot share out the account's five failures
    assert "198.51.100.3" in server.log_text()  # behind a named proxy, the client's own address is what counts
