"""Fixtures for the web application: an app on a private workspace, accounts, logged-in clients."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from web_support import ADMIN, EDITOR, REPO, SECRET, client_for, login

with warnings.catch_warnings():  # Starlette suggests httpx2 for its test client; httpx is what FastAPI's docs use
    warnings.simplefilter("ignore")
    import fastapi.testclient  # noqa: F401


@pytest.fixture
def make_app(workspace_dir):
    """Build an app on this test's workspace; data defaults to the mini registry copy when given."""
    from peaceops.web import create_app

    def build(data=None, **kwargs):
        return create_app(workspace_dir, data, SECRET, **kwargs)

    return build


@pytest.fixture
def web_data(mini_data) -> Path:
    """The mini registry (three operations), with the shipped gazetteer that ingestion needs when it has none."""
    if not (mini_data / "gazetteer.yaml").exists():
        shutil.copy(REPO / "data" / "gazetteer.yaml", mini_data / "gazetteer.yaml")
    return mini_data


@pytest.fixture
def app(make_app, web_data):
    return make_app(web_data)


@pytest.fixture
def shipped_app(make_app):
    """The app on the curated data shipped in data/ (27 operations, studies data)."""
    return make_app(None)


@pytest.fixture
def accounts(workspace_dir):
    """An editor and an admin in the test's workspace."""
    from peaceops import users
    from peaceops.workspace import open_workspace

    ws = open_workspace(workspace_dir)
    users.add_user(ws, *EDITOR, role="editor", actor="test-setup")
    users.add_user(ws, *ADMIN, role="admin", actor="test-setup")
    return {"editor": EDITOR, "admin": ADMIN}


@pytest.fixture
def client(app):
    return client_for(app)


@pytest.fixture
def editor_client(app, accounts):
    c = client_for(app)
    assert login(c, *EDITOR).status_code == 303
    return c


@pytest.fixture
def admin_client(app, accounts):
    c = client_for(app)
    assert login(c, *ADMIN).status_code == 303
    return c


@pytest.fixture
def new_client():
    """A function app -> a fresh test client (its own cookies)."""
    return client_for
