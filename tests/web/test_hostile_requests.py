"""Issue 19 through the web: malformed and upper-case URLs on /ingest, and the 413 message of each form."""

from __future__ import annotations

import pytest
from web_support import assert_error_shape, csrf_of

JSON = {"accept": "application/json"}

MALFORMED = [
    "http://0177.0.0.1/x",
    "http://[::1",
    "http://" + "a" * 70 + ".example/x",
    "http://⒈.example",
    "http://xn--ls8h",
    "http://a..b/",
]


@pytest.mark.parametrize("url", MALFORMED, ids=[f"url{i}" for i in range(len(MALFORMED))])
def test_malformed_url_is_a_clear_400_never_a_500(editor_client, url):
    response = editor_client.post("/ingest", data={"csrf_token": csrf_of(editor_client), "url": url}, headers=JSON)
    assert "not a valid URL" in assert_error_shape(response, 400)["message"]


def test_url_over_the_form_limit_is_a_4xx(editor_client):
    response = editor_client.post(
        "/ingest",
        headers=JSON,
        data={"csrf_token": csrf_of(editor_client), "url": "http://example.org/" + "a" * 100_000},
    )
    assert 400 <= response.status_code < 500, response.text


def test_upper_case_scheme_never_reads_the_servers_working_directory(editor_client, tmp_path, monkeypatch):
    secret = tmp_path / "HTTP:" / "127.0.0.1:9" / "secret"
    secret.mkdir(parents=True)
    (secret / "leak.txt").write_text("KFOR peacekeepers in Kosovo: a file of the server that must never be read.")
    monkeypatch.chdir(tmp_path)
    response = editor_client.post(
        "/ingest", headers=JSON, data={"csrf_token": csrf_of(editor_client), "url": "HTTP://127.0.0.1:9/secret"}
    )
    assert response.status_code == 200, response.text
    [result] = response.json()["documents"]
    assert result["status"] == "failed" and "loopback" in result["reason"]  # fetched as a URL, and refused
    assert all("leak" not in d["origin"] for d in editor_client.get("/documents.json").json()["documents"])


def test_other_forms_name_their_own_limit_in_the_413(client):
    response = client.post(
        "/login", headers=JSON, data={"csrf_token": csrf_of(client), "name": "x", "password": "p" * (300 * 1024)}
    )
    message = assert_error_shape(response, 413)["message"]
    assert "256 KB" in message and "5 MB" not in message


def test_ingest_form_still_names_the_upload_limit(editor_client):
    big = b"KFOR " * (1024 * 1024 + 10)
    response = editor_client.post(
        "/ingest",
        data={"csrf_token": csrf_of(editor_client)},
        headers=JSON,
        files={"file": ("big.txt", big, "text/plain")},
    )
    assert "larger than the 5 MB limit" in assert_error_shape(response, 413)["message"]


def test_a_pasted_text_past_the_work_bound_is_quarantined_not_left_running(editor_client, monkeypatch):
    monkeypatch.setenv("PEACEOPS_MAX_MATCHES", "1000")
    response = editor_client.post(
        "/ingest", headers=JSON, data={"csrf_token": csrf_of(editor_client), "text": "KFOR " * 40_000}
    )  # 200 KB
    assert response.status_code == 200, response.text
    [result] = response.json()["documents"]
    assert result["status"] == "failed" and "more than 1,000 phrase matches per document" in result["reason"]
