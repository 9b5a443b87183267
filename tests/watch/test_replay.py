"""Time-travel replays of real reporting: the CSTO's deployment to Kazakhstan, 4-19 January 2022.

The reports (tests/data/watch/replay) are served by a local server as a feed that grows one report per step,
in order of publication, and the poller polls after each step. Against a registry without the operation, a
"possible new deployment" alert must appear at the first report of the deployment and every later report must
join it; against the registry with the operation, no new-deployment alert at all.
"""

from __future__ import annotations

import pytest
from watchkit import KAZAKHSTAN_OP, Route, json_feed, replay_items, rss


def _replay(ws, catalog, feed_server, items, feed=rss):
    from peaceops.watch import Watcher, sources
    from peaceops.watch.alerts import list_alerts

    feed_server.routes["/feed"] = feed_server_route(feed([]) if feed is not rss else rss(items[:1]))
    sources.add(ws, f"{feed_server.base}/feed", every="1s", allow_private=True, actor="test")
    watcher = Watcher(ws, catalog)
    steps = []
    for step in range(1, len(items) + 1):
        feed_server.routes["/feed"] = feed_server_route(feed(items[:step]))
        watcher.run(once=True)
        steps.append((items[step - 1], list_alerts(ws)))
    return steps


def feed_server_route(body):
    return Route(body)


def _new_deployments(alerts):
    return [a for a in alerts if a["kind"] == "new-deployment"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_replay_without_the_operation_raises_one_new_deployment_alert(language, ws, catalog_without, feed_server):
    items = replay_items(language)
    steps = _replay(ws, catalog_without, feed_server, items)
    first = next(i for i, (item, _) in enumerate(steps) if item["role"] == "first-report")
    for item, alerts in steps[:first]:
        assert _new_deployments(alerts) == [], f"an alert before the first report, at {item['id']}"
    alert_ids = set()
    for item, alerts in steps[first:]:
        found = _new_deployments(alerts)
        assert len(found) == 1, f"{item['id']}: expected one new-deployment alert, got {[a['title'] for a in found]}"
        assert found[0]["place"] == "Kazakhstan"
        alert_ids.add(found[0]["id"])
    assert len(alert_ids) == 1, "later reports made new alerts instead of joining the first"
    from peaceops.watch.alerts import show

    alert = show(ws, alert_ids.pop())
    follow_ups = {i["url"] for i in items if i["role"] == "follow-up"}
    joined = {c["url"] for c in alert["claims"]}
    assert len(joined & follow_ups) >= len(follow_ups) - 1, "the follow-up reports joined the alert"
    assert alert["first_reported"] == steps[first][0]["published"][:10]
    assert not any(c["url"] in {i["url"] for i in items if i["role"] in ("quiet", "noise")} for c in alert["claims"])
    assert alert["confidence"] > 0.5 and any("sites" in why for why in alert["confidence_why"])


@pytest.mark.parametrize("language", ["en", "ru"])
def test_replay_with_the_operation_gives_changes_not_a_new_deployment(language, ws, catalog_with, feed_server):
    items = replay_items(language)
    steps = _replay(ws, catalog_with, feed_server, items)
    final = steps[-1][1]
    assert _new_deployments(final) == []
    changes = [a for a in final if a["kind"] == "change"]
    assert changes and all(a["operation_id"] == KAZAKHSTAN_OP for a in changes)
    assert "withdrawal" in {a["topic"] for a in changes}


def test_json_feed_replay_is_read_like_rss(ws, catalog_without, feed_server):
    items = replay_items("en")
    steps = _replay(ws, catalog_without, feed_server, items, feed=json_feed)
    assert len(_new_deployments(steps[-1][1])) == 1


def test_a_reported_figure_above_the_registry_raises_a_disagreement(ws, feed_server, tmp_path, shared_cache):
    """The registry copy records at most 1,500 troops for the force (the real file says 2,500); the real report
    "направила 2030 миротворцев" then disagrees with it, and the alert says by how much."""
    import shutil

    from watchkit import REPO

    from peaceops import catalog

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    path = data / "operations" / f"{KAZAKHSTAN_OP}.yaml"
    text = path.read_text(encoding="utf-8")
    lowered_figures = {
        "troops: 3600": "troops: 1600",
        "troops: 2030": "troops: 1030",
        "troops: 2000": "troops: 1000",
        "troops: 2500": "troops: 1500",
    }
    for real, lowered in lowered_figures.items():
        assert real in text
        text = text.replace(real, lowered)
    path.write_text(text, encoding="utf-8")
    items = [i for i in replay_items("ru") if "2030" in i["text"]]
    assert items
    _replay(ws, catalog.load(data), feed_server, items)
    from peaceops.watch.alerts import list_alerts, show

    disagreements = list_alerts(ws, kind="disagreement")
    assert len(disagreements) == 1 and disagreements[0]["operation_id"] == KAZAKHSTAN_OP
    claim = show(ws, disagreements[0]["id"])["claims"][0]
    assert claim["detail"]["figure"]["troops"] == 2030
    assert "largest figure" in claim["detail"]["why"] and "1,500" in claim["detail"]["why"]
