"""The alert's life through every face: `watch` commands, /watch, /watch.json, /watch.atom, webhooks, drafts."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from typer.testing import CliRunner
from watchkit import KAZAKHSTAN_OP, Route, replay_items, rss

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def run(ws, data_without_kazakhstan):
    from peaceops.cli.main import app

    runner = CliRunner()

    def invoke(*args, data=data_without_kazakhstan):
        result = runner.invoke(app, ["--workspace", str(ws.root), "--data", str(data), *args])
        return result

    return invoke


def test_watch_commands_from_adding_a_feed_to_a_registry_draft(run, ws, feed_server, tmp_path):
    from peaceops import audit, curated
    from peaceops.registry.models import Source

    feed_server.routes["/en"] = Route(rss(replay_items("en")))
    feed_server.routes["/ru"] = Route(rss(replay_items("ru")))
    refused = run("watch", "add", f"{feed_server.base}/en")
    assert refused.exit_code != 0 and "--allow-private" in refused.output
    added = run("watch", "add", f"{feed_server.base}/en", "--allow-private", "--every", "15m")
    assert added.exit_code == 0 and "every 900 s" in added.output
    assert run("watch", "add", f"{feed_server.base}/ru", "--allow-private").exit_code == 0
    ran = run("watch", "run", "--once")
    assert ran.exit_code == 0, ran.output
    assert "10 new" in ran.output and "Possible new deployment: Kazakhstan" in ran.output
    listed = json.loads(run("watch", "alerts", "--json", "--kind", "new-deployment").output)
    assert len(listed) == 1 and listed[0]["status"] == "new"
    assert listed[0]["languages"] == ["en", "ru"], "reports in two languages join one alert"
    alert_id = listed[0]["id"]

    assert run("watch", "confirm", str(alert_id)).exit_code != 0  # a reason is required
    assert run("watch", "draft", str(alert_id), "--out", str(tmp_path / "d")).exit_code != 0  # not yet confirmed
    confirmed = run("watch", "confirm", str(alert_id), "--reason", "CSTO decision of 6 January 2022")
    assert confirmed.exit_code == 0, confirmed.output
    entry = audit.entries(ws, target=f"alert:{alert_id}")[0]
    assert entry["action"] == "alert.confirm" and "6 January" in json.dumps(entry["after"])

    drafted = run("watch", "draft", str(alert_id), "--out", str(tmp_path / "d"))
    assert drafted.exit_code == 0, drafted.output
    operation = yaml.safe_load(next((tmp_path / "d" / "operations").glob("*.yaml")).read_text(encoding="utf-8"))
    assert operation["host"]["state"] == "Kazakhstan" and operation["start"]["date"] == "2022-01-06"
    assert operation["id"].startswith("kazakhstan-") and operation["id"].endswith("-2022")
    assert [s["troops"] for s in operation["strength"]] == [2030], operation["strength"]  # "2030 миротворцев"
    source_ids = {p.stem for p in (tmp_path / "d" / "sources").glob("*.yaml")}
    replay_urls = {i["url"] for language in ("en", "ru") for i in replay_items(language)}
    cited = {sid for field in ("lead", "status", "host", "start") for sid in operation[field]["sources"]}
    assert cited and cited <= source_ids
    for path in (tmp_path / "d" / "sources").glob("*.yaml"):
        record, problems = curated.load(path, Source, root=path.parent)
        assert problems == [] and record.url in replay_urls and record.reliability == "F"


def test_a_confirmed_change_becomes_candidate_evidence(run, ws, feed_server, catalog_with):
    from peaceops import review
    from peaceops.settings import shipped_data_dir

    feed_server.routes["/ru"] = Route(rss(replay_items("ru")))
    run("watch", "add", f"{feed_server.base}/ru", "--allow-private")
    assert run("watch", "run", "--once", data=shipped_data_dir()).exit_code == 0
    changes = json.loads(run("watch", "alerts", "--json", "--kind", "change", data=shipped_data_dir()).output)
    withdrawal = next(a for a in changes if a["topic"] == "withdrawal")
    assert withdrawal["operation_id"] == KAZAKHSTAN_OP
    before = {c.id for c in review.list_candidates(ws, status="pending")}
    run("watch", "confirm", str(withdrawal["id"]), "--reason", "reported by several outlets")
    queued = run("watch", "draft", str(withdrawal["id"]), data=shipped_data_dir())
    assert queued.exit_code == 0 and "candidate" in queued.output
    after = review.list_candidates(ws, status="pending")
    sentences = {c.sentence for c in after}
    alert = json.loads(run("watch", "show", str(withdrawal["id"]), "--json").output)
    assert {c["sentence"] for c in alert["claims"]} <= sentences
    assert all(c.operation_id == KAZAKHSTAN_OP for c in after if c.id not in before)


def test_web_page_json_twin_and_atom_feed(ws, feed_server, catalog_without, data_without_kazakhstan):
    import feedparser
    from fastapi.testclient import TestClient
    from lxml import etree

    from peaceops.watch import Watcher, sources
    from peaceops.web import create_app

    feed_server.routes["/en"] = Route(rss(replay_items("en")))
    feed_server.routes["/broken"] = Route(b"nope", status=503)
    sources.add(ws, f"{feed_server.base}/en", allow_private=True, actor="test")
    sources.add(ws, f"{feed_server.base}/broken", allow_private=True, actor="test")
    Watcher(ws, catalog_without).run(once=True)
    client = TestClient(create_app(ws.root, data_without_kazakhstan))

    page = client.get("/watch")
    assert page.status_code == 200
    assert "Possible new deployment: Kazakhstan" in page.text and "HTTP 503" in page.text  # the failing source shows
    data = client.get("/watch.json").json()
    assert data["count"] == 1 and data["alerts"][0]["place"] == "Kazakhstan"
    assert client.get("/watch.json", params={"kind": "change"}).json()["count"] == 0
    assert client.get("/watch.json", params={"language": "ru"}).json()["count"] == 0
    one = client.get(f"/watch/alerts/{data['alerts'][0]['id']}.json").json()
    assert one["claims"] and all(c["sentence"] for c in one["claims"])

    atom = client.get("/watch.atom")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    _assert_valid_atom(atom.content)
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo and parsed.version == "atom10" and len(parsed.entries) == 1
    root = etree.fromstring(atom.content)
    assert root.find(f"{ATOM}entry/{ATOM}summary").text.count("Kazakhstan") >= 1

    denied = client.post(f"/watch/alerts/{data['alerts'][0]['id']}/confirm", data={"reason": "x"})
    assert denied.status_code in (401, 403)


def _assert_valid_atom(body: bytes) -> None:
    """The MUSTs of RFC 4287 that a feed of entries has to meet (sections 4.1.1, 4.1.2, 4.2)."""
    from lxml import etree

    root = etree.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, f"exactly one atom:{name} in {element.tag}"
        assert RFC3339.match(element.find(f"{ATOM}updated").text)
        assert re.match(r"^[a-z][a-z0-9+.-]*:", element.find(f"{ATOM}id").text), "atom:id is an IRI"
    assert root.findall(f"{ATOM}author") or all(e.findall(f"{ATOM}author") for e in root.findall(f"{ATOM}entry"))
    assert any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link"))
    for entry in root.findall(f"{ATOM}entry"):
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert alternates or entry.findall(f"{ATOM}content"), "an entry without content has an alternate link"
        for link in entry.findall(f"{ATOM}link"):
            assert link.get("href")
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_webhooks_are_retried_with_backoff_and_never_block_the_poller(ws, feed_server, catalog_without):
    import time

    from peaceops.errors import UsageError
    from peaceops.watch import Watcher, sources, webhooks
    from peaceops.watch.webhooks import Deliverer

    with pytest.raises(UsageError, match="--allow-private"):
        webhooks.add(ws, f"{feed_server.base}/hook", actor="test")
    webhooks.add(ws, f"{feed_server.base}/hook", allow_private=True, actor="test")
    feed_server.routes["/en"] = Route(rss(replay_items("en")[:3]))
    feed_server.post_status[:] = [500]  # the receiver fails once
    sources.add(ws, f"{feed_server.base}/en", allow_private=True, actor="test")
    Watcher(ws, catalog_without).run(once=True)
    deliveries = webhooks.listing(ws)["deliveries"]
    assert deliveries and deliveries[0]["status"] == "pending" and "HTTP 500" in deliveries[0]["last_error"]
    now = time.time() + 10  # past the first retry delay (5 s)
    assert Deliverer(ws, clock=lambda: now).deliver_due() == 1
    delivered = webhooks.listing(ws)["deliveries"][0]
    assert (delivered["status"], delivered["attempts"]) == ("delivered", 2)
    path, body = feed_server.posts[-1]
    payload = json.loads(body)
    assert path == "/hook" and payload["event"] == "alert.new" and payload["alert"]["place"] == "Kazakhstan"
    assert payload["alert"]["claims"][0]["url"].startswith("https://")
