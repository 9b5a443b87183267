"""One error shape on every error path: JSON routes answer {"error": {status, message, detail}}, pages an HTML page."""

from __future__ import annotations

import pytest
from web_support import EDITOR, assert_error_shape, csrf_of, login

JSON = {"accept": "application/json"}
BIG = 5 * 1024 * 1024 + 100 * 1024


def _editor(client):
    assert login(client, *EDITOR).status_code == 303
    return client


def page(path: str, query: str = ""):
    """GET a page, or its JSON twin when asked for JSON."""
    return lambda c, as_json: c.get(path + (".json" if as_json else "") + query)


def posted(path: str, data: dict | None = None, files=None, token: bool = True):
    """POST a form (with this session's token unless token=False), asking for JSON when as_json."""

    def call(c, as_json):
        fields = {**({"csrf_token": csrf_of(c)} if token else {}), **(data or {})}
        return c.post(path, data=fields, files=files, headers=JSON if as_json else None)

    return call


ACCEPT = {"indicator": "legal-basis", "stance": "supports", "reliability": "B", "credibility": 2}

# name -> (expected status, request function(client, as_json) -> response, needs an editor session)
CASES = {
    "unknown page": (404, page("/nope"), False),
    "unknown operation": (404, page("/operations/atlantis-un-1999"), False),
    "unknown evidence": (404, page("/evidence/ev-000000000000"), False),
    "unknown candidate": (404, page("/review/cand-000000000000"), False),
    "study without data": (
        404,
        lambda c, as_json: c.get("/studies/plots/fortna_survival.png", headers=JSON if as_json else None),
        False,
    ),
    "ambiguous name": (409, page("/operations/JPKF"), False),
    "invalid filter": (422, page("/operations", "?kind=galactic"), False),
    "invalid grade filter": (422, page("/evidence", "?min_grade=Z9"), False),
    "too many to compare": (422, page("/compare", "?" + "&".join(f"ops=op{i}" for i in range(13))), False),
    "method not allowed": (405, lambda c, as_json: c.put("/operations" + (".json" if as_json else "")), False),
    "admin anonymous": (401, page("/admin"), False),
    "post without csrf token": (403, posted("/login", {"name": "x", "password": "y"}, token=False), False),
    "ingest anonymous": (401, posted("/ingest", {"text": "KFOR"}), False),
    "ingest nothing": (400, posted("/ingest", {}), True),
    "ingest a server path": (400, posted("/ingest", {"url": "/etc/passwd"}), True),
    "ingest stdin": (400, posted("/ingest", {"url": "-"}), True),
    "ingest too large": (413, posted("/ingest", {}, files={"file": ("big.txt", b"x" * BIG, "text/plain")}), True),
    "admin as editor": (403, page("/admin"), True),
    "accept unknown candidate": (404, posted("/review/cand-000000000000/accept", ACCEPT), True),
    "accept invalid grades": (
        422,
        posted("/review/cand-000000000000/accept", {**ACCEPT, "reliability": "Q", "credibility": 9}),
        True,
    ),
    "accept unknown indicator": (
        404,
        posted("/review/cand-000000000000/accept", {**ACCEPT, "indicator": "nope"}),
        True,
    ),
    "admin post as editor": (403, posted("/admin/users/amina/disable"), True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_json_error_shape(case, app, accounts, new_client):
    status, call, needs_editor = CASES[case]
    client = new_client(app)
    if needs_editor:
        _editor(client)
    error = assert_error_shape(call(client, True), status)
    if status == 409:
        assert error["detail"] == {"candidates": ["south-ossetia-jpkf-1992", "transnistria-jpkf-1992"]}
    if status == 422:
        assert isinstance(error["detail"], list) and error["detail"][0]["loc"]
    if status == 413:
        assert "5 MB" in error["message"]


DATA_ONLY = {"study without data"}  # an image: its errors are JSON whoever asks


@pytest.mark.parametrize(
    "case",
    [
        name
        for name, (status, _, _) in CASES.items()
        if (status != 401 or name.startswith("ingest")) and name not in DATA_ONLY
    ],
)
def test_html_error_page(case, app, accounts, new_client):
    status, call, needs_editor = CASES[case]
    client = new_client(app)
    if needs_editor:
        _editor(client)
    response = call(client, False)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert f'data-status="{status}"' in response.text
    assert "content-security-policy" in response.headers


def test_pages_needing_an_account_send_a_browser_to_login(client):
    response = client.get("/admin?limit=5")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fadmin%3Flimit%3D5"
    assert client.get("/ingest").headers["location"] == "/login?next=%2Fingest"


def test_rate_limited_login_has_the_shape_and_retry_after(client, accounts):
    for _ in range(5):
        login(client, "amina", "wrong password!")
    token = csrf_of(client)
    response = client.post("/login", data={"name": "amina", "password": EDITOR[1], "csrf_token": token}, headers=JSON)
    error = assert_error_shape(response, 429)
    assert int(response.headers["retry-after"]) > 0
    assert "wait" in error["message"]


def test_account_errors(admin_client):
    token = csrf_of(admin_client)
    short = admin_client.post(
        "/admin/users", data={"csrf_token": token, "name": "carla", "password": "short"}, headers=JSON
    )
    assert assert_error_shape(short, 422)["detail"][0]["loc"] == ["body", "password"]
    taken = admin_client.post(
        "/admin/users", data={"csrf_token": token, "name": "amina", "password": "long enough password"}, headers=JSON
    )
    assert "already exists" in assert_error_shape(taken, 409)["message"]
    last_admin = admin_client.post(
        "/admin/users/boris/role", data={"csrf_token": token, "role": "editor"}, headers=JSON
    )
    assert "last enabled admin" in assert_error_shape(last_admin, 400)["message"]


def test_unexpected_error_is_a_500_without_internals(app, new_client, monkeypatch):
    from peaceops.web.routes import overview

    def broken(ctx):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(overview, "overview_data", broken)
    client = new_client(app)
    error = assert_error_shape(client.get("/index.json"), 500)
    assert "secret" not in error["message"]
    page = client.get("/")
    assert page.status_code == 500 and "secret internal detail" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_workspace_error_is_a_503(app, new_client, monkeypatch):
    from peaceops.errors import WorkspaceError
    from peaceops.web.routes import overview

    def broken(ctx):
        raise WorkspaceError("workspace is on a disk that went away")

    monkeypatch.setattr(overview, "overview_data", broken)
    assert "went away" in assert_error_shape(new_client(app).get("/index.json"), 503)["message"]


def test_error_shape_is_in_the_openapi_document(client):
    doc = client.get("/openapi.json").json()
    operation = doc["paths"]["/operations/{op_id}.json"]["get"]
    assert (
        operation["responses"]["404"]["content"]["application/json"]["schema"]["$ref"]
        == "#/components/schemas/ErrorBody"
    )
    assert (
        operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
        == "#/components/schemas/ErrorBody"
    )
