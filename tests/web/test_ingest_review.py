"""Ingest in the browser (paste, upload, URL), review the candidates, and see the assessment change; hostile text stays
text."""

from __future__ import annotations

from web_support import EDITOR, HOSTILE, SEED, assert_error_shape, assert_inert, client_for, csrf_of, login

JSON = {"accept": "application/json"}
KFOR = "kosovo-kfor-1999"


def _ingest(client, **fields):
    files = fields.pop("files", None)
    return client.post("/ingest", data={"csrf_token": csrf_of(client), **fields}, files=files)


def test_ingest_page_needs_an_account(client):
    assert client.get("/ingest").status_code == 303


def test_paste_the_seed_article_and_see_what_was_found(editor_client):
    response = _ingest(editor_client, text=SEED.read_text(encoding="utf-8"))
    assert response.status_code == 200
    html = response.text
    assert "War for Peace" in html
    assert 'data-status="ingested"' in html
    assert "candidate(s) proposed for review" in html
    queue = editor_client.get("/review.json").json()
    assert queue["count"] > 0
    first = queue["candidates"][0]
    assert first["document_origin"] == "paste" and first["sentence"]
    assert f'id="{first["id"]}"' in editor_client.get("/review").text
    again = _ingest(editor_client, text=SEED.read_text(encoding="utf-8"))
    assert 'data-status="duplicate"' in again.text


def test_upload_a_file_as_json(editor_client):
    response = editor_client.post(
        "/ingest",
        data={"csrf_token": csrf_of(editor_client)},
        headers=JSON,
        files={"file": ("war-for-peace.txt", SEED.read_bytes(), "text/plain")},
    )
    assert response.status_code == 200
    result = response.json()["documents"][0]
    assert result["status"] == "ingested" and result["origin"] == "upload:war-for-peace.txt"
    assert result["candidates"]


def test_upload_over_the_limit_is_a_clear_413(editor_client):
    big = b"KFOR " * (1024 * 1024 + 10)
    response = editor_client.post(
        "/ingest",
        data={"csrf_token": csrf_of(editor_client)},
        headers=JSON,
        files={"file": ("big.txt", big, "text/plain")},
    )
    assert "larger than the 5 MB limit" in assert_error_shape(response, 413)["message"]
    assert editor_client.get("/review.json").json()["count"] == 0


def test_streamed_body_over_the_limit_is_refused_while_reading(editor_client):
    token = csrf_of(editor_client)

    def chunks():
        yield f"csrf_token={token}&text=".encode()
        for _ in range(6):
            yield b"x" * (1024 * 1024)

    response = editor_client.post(
        "/ingest", content=chunks(), headers={**JSON, "content-type": "application/x-www-form-urlencoded"}
    )
    assert_error_shape(response, 413)


def test_url_goes_through_the_safe_fetcher_only(editor_client, monkeypatch):
    import peaceops.ingest

    calls = []
    real = peaceops.ingest.ingest

    def spy(sources, **kwargs):
        calls.append((sources, kwargs.get("allow_private")))
        return real(sources, **kwargs)

    monkeypatch.setattr(peaceops.ingest, "ingest", spy)
    response = editor_client.post(
        "/ingest", data={"csrf_token": csrf_of(editor_client), "url": "http://127.0.0.1:9/article"}, headers=JSON
    )
    result = response.json()["documents"][0]
    assert calls == [(["http://127.0.0.1:9/article"], False)]
    assert result["status"] == "failed" and "loopback" in result["reason"]
    for bad in ("/etc/passwd", "-", "file:///etc/passwd", "ftp://example.org/x"):
        refused = editor_client.post("/ingest", data={"csrf_token": csrf_of(editor_client), "url": bad}, headers=JSON)
        assert "http:// or https://" in assert_error_shape(refused, 400)["message"]
    assert len(calls) == 1


def _accept(client, candidate_id, **fields):
    data = {
        "csrf_token": csrf_of(client),
        "indicator": "legal-basis",
        "stance": "supports",
        "reliability": "B",
        "credibility": 2,
        **fields,
    }
    return client.post(f"/review/{candidate_id}/accept", data=data)


def _indicator(client, op_id, indicator_id):
    data = client.get(f"/operations/{op_id}.json").json()
    return next(i for p in data["assessment"]["principles"] for i in p["indicators"] if i["indicator"] == indicator_id)


def test_accept_a_candidate_and_the_assessment_counts_it(editor_client, accounts, app, new_client):
    _ingest(editor_client, files={"file": ("hostile-article.html", HOSTILE.read_bytes(), "text/html")})
    candidate = next(
        c
        for c in editor_client.get(f"/review.json?operation={KFOR}").json()["candidates"]
        if "impartiality-even-handed" in c["indicators"]
    )
    assert candidate["cues"]["impartiality-even-handed"] == ["one-sided"]
    before = _indicator(editor_client, KFOR, "impartiality-even-handed")
    response = _accept(
        editor_client,
        candidate["id"],
        indicator="impartiality-even-handed",
        stance="contradicts",
        reliability="A",
        credibility=1,
        note="critics call it one-sided",
    )
    assert response.status_code == 303 and response.headers["location"] == "/review"
    assert "Accepted as evidence" in editor_client.get("/review").text  # the flash message

    after = _indicator(editor_client, KFOR, "impartiality-even-handed")
    assert before["status"] == "insufficient evidence" and before["evidence"] == []
    assert after["status"] == "scored" and after["score"] == 0
    evidence = after["evidence"][0]
    assert evidence["origin"] == "workspace" and evidence["grade"] == "A1" and evidence["reviewed_by"] == EDITOR[0]
    assert evidence["quote"] == candidate["sentence"]
    assert f'href="/evidence/{evidence["id"]}"' in editor_client.get(f"/operations/{KFOR}").text
    listed = editor_client.get("/evidence.json?origin=workspace").json()["rows"]
    assert [e["id"] for e in listed] == [evidence["id"]]
    assert listed[0]["source_record"]["title"]
    compared = editor_client.get(f"/compare.json?ops={KFOR}&by=indicator").json()
    row = next(r for r in compared["rows"] if r["indicator"] == "impartiality-even-handed")
    assert evidence["id"] in row["operations"][KFOR]["evidence_ids"]
    assert editor_client.get("/review.json?status=accepted").json()["candidates"][0]["id"] == candidate["id"]

    again = editor_client.post(
        f"/review/{candidate['id']}/accept",
        headers=JSON,
        data={
            "csrf_token": csrf_of(editor_client),
            "indicator": "legal-basis",
            "stance": "supports",
            "reliability": "B",
            "credibility": 2,
        },
    )
    assert "already accepted" in assert_error_shape(again, 400)["message"]

    admin = new_client(app)
    login(admin, "boris", "admin passphrase 22")
    entry = admin.get("/admin.json").json()["audit"][0]
    assert (entry["actor"], entry["action"], entry["target"]) == (
        EDITOR[0],
        "review.accept",
        f"candidate:{candidate['id']}",
    )
    assert entry["before"] == {"status": "pending"} and entry["after"]["status"] == "accepted"


def test_reject_and_edit_are_audited(editor_client, accounts, app, new_client):
    _ingest(editor_client, text=SEED.read_text(encoding="utf-8"))
    first, second = editor_client.get("/review.json").json()["candidates"][:2]
    token = csrf_of(editor_client)
    edited = editor_client.post(
        f"/review/{first['id']}/edit",
        data={
            "csrf_token": token,
            "sentence": "An edited sentence.",
            "operation_id": KFOR,
            "indicators": ["legal-basis", "multilateralism"],
        },
    )
    assert edited.status_code == 303 and edited.headers["location"] == f"/review/{first['id']}"
    now = editor_client.get(f"/review/{first['id']}.json").json()
    assert (now["sentence"], now["operation_id"], now["indicators"]) == (
        "An edited sentence.",
        KFOR,
        ["legal-basis", "multilateralism"],
    )
    assert "An edited sentence." in editor_client.get(f"/review/{first['id']}").text
    rejected = editor_client.post(
        f"/review/{second['id']}/reject", data={"csrf_token": token, "reason": "not about an operation"}
    )
    assert rejected.status_code == 303
    assert second["id"] not in {c["id"] for c in editor_client.get("/review.json").json()["candidates"]}
    admin = new_client(app)
    login(admin, "boris", "admin passphrase 22")
    audit = admin.get("/admin.json").json()["audit"]
    assert [e["action"] for e in audit[:2]] == ["review.reject", "review.edit"]
    assert audit[0]["after"]["reason"] == "not about an operation"
    assert (
        audit[1]["before"]["sentence"] == first["sentence"] and audit[1]["after"]["sentence"] == "An edited sentence."
    )


def test_hostile_article_is_shown_as_text(editor_client):
    result_page = _ingest(
        editor_client, files={"file": ("hostile-article.html", HOSTILE.read_bytes(), "text/html")}
    ).text
    pasted_page = _ingest(
        editor_client,
        text="KFOR in Kosovo, a multinational force: <script>window.__pwned=1</script> "
        '<img src=x onerror="window.__pwned=2"> <a href="javascript:alert(1)">x</a>',
    ).text
    queue = editor_client.get("/review").text
    candidates = editor_client.get("/review.json").json()["candidates"]
    assert any("<script>" in c["sentence"] for c in candidates)  # the payload reached the queue as text...
    for html in (result_page, pasted_page, queue, *(editor_client.get(f"/review/{c['id']}").text for c in candidates)):
        assert_inert(html)  # ...and is never markup
    assert "&lt;script&gt;window.__pwned" in queue
    assert "&lt;img src=x onerror=" in result_page


def test_csv_cells_cannot_become_formulas(editor_client):
    _ingest(
        editor_client,
        text='KFOR in Kosovo is a multinational force. =HYPERLINK("http://evil.example","x") said a source.',
    )
    candidate = editor_client.get("/review.json").json()["candidates"][0]
    editor_client.post(
        f"/review/{candidate['id']}/edit",
        data={"csrf_token": csrf_of(editor_client), "sentence": '=HYPERLINK("http://evil.example","x")'},
    )
    _accept(editor_client, candidate["id"], operation_id=KFOR)
    text = editor_client.get("/evidence.csv?origin=workspace").text
    assert "'=HYPERLINK" in text


def test_recent_documents_listed_after_ingesting(editor_client):
    client = editor_client
    token = csrf_of(client)
    done = client.post(
        "/ingest",
        data={"csrf_token": token, "text": SEED.read_text(encoding="utf-8")},
        headers={"Accept": "application/json"},
    )
    assert done.status_code == 200, done.text
    listed = client.get("/documents.json").json()["documents"]
    assert (
        listed[0]["title"].startswith("War for Peace") and listed[0]["operations"] == 3
    )  # all three of the fixture registry
    assert listed[0]["pending"] > 0 and listed[0]["ingested_by"] == EDITOR[0]
    page = client.get("/ingest")
    assert "Recently ingested" in page.text and "War for Peace" in page.text


def test_the_review_page_shows_the_suggestion_and_accepts_it_in_one_action(shipped_app, accounts):
    """On the shipped data the queue carries ranked indicators, a stance and why; one button accepts them."""
    client = client_for(shipped_app)
    assert login(client, *EDITOR).status_code == 303
    _ingest(client, text=SEED.read_text(encoding="utf-8"))
    queue = client.get("/review.json").json()["candidates"]
    candidate = next(c for c in queue if c["operation_id"] and c["suggestion"])
    html = client.get("/review").text
    assert "Suggested:" in html and "Nearest reviewed examples" in html
    indicator, stance = candidate["suggestion"]["indicators"][0][0], candidate["suggestion"]["stance"][0]
    assert f"Accept the suggestion: {indicator}, {stance}" in html
    response = client.post(
        f"/review/{candidate['id']}/accept",
        data={
            "csrf_token": csrf_of(client),
            "indicator": indicator,
            "stance": stance,
            "reliability": "C",
            "credibility": 3,
            "operation_id": candidate["operation_id"],
        },
        headers=JSON,
    )
    assert response.status_code == 200, response.text
    assert response.json()["evidence_id"]
