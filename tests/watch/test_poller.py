"""The poller against a local server whose feeds change, fail, time out and redirect between polls."""

from __future__ import annotations

import pytest
from watchkit import Route, replay_items, rss


@pytest.fixture
def watcher_for(ws, catalog_with):
    from peaceops.watch import Watcher

    def make(**kw):
        return Watcher(ws, catalog_with, **kw)

    return make


def _add(ws, url, **kw):
    from peaceops.watch import sources

    return sources.add(ws, url, every="1s", allow_private=True, actor="test", **kw)


def _state(ws, source_id):
    from peaceops.watch import sources

    return next(s for s in sources.list_sources(ws) if s["id"] == source_id)


def _poll_all(watcher, ws):
    from peaceops.workspace import transaction
    from peaceops.workspace import watch as store

    with transaction(ws) as tx:
        store.make_all_due(tx)
    return {r.source_id: r for r in watcher.poll_due()}


def test_feed_that_changes_fails_times_out_and_redirects(ws, feed_server, watcher_for):
    items = replay_items("en")
    feed_server.routes["/feed"] = Route(rss(items[:2]))
    good = _add(ws, f"{feed_server.base}/feed")
    watcher = watcher_for(timeout=1.0)

    first = _poll_all(watcher, ws)[good["id"]]
    assert (first.new_items, first.error) == (2, None)

    second = _poll_all(watcher, ws)[good["id"]]  # unchanged: the conditional request gets 304
    assert second.not_modified and feed_server.requests_to("/feed")[-1] == 304

    feed_server.routes["/feed"] = Route(rss(items[:4]))  # grew by two items
    third = _poll_all(watcher, ws)[good["id"]]
    assert (third.new_items, third.skipped) == (2, 2)

    feed_server.routes["/feed"] = Route(b"oops", status=500)  # the server fails
    failing = _poll_all(watcher, ws)[good["id"]]
    assert "HTTP 500" in failing.error
    state = _state(ws, good["id"])
    assert state["failures"] == 1 and "HTTP 500" in state["last_error"]
    assert state["next_poll_at"] - state["last_polled_at"] >= 1  # backed off, at least the interval

    feed_server.routes["/feed"] = Route(rss(items[:5]), delay=2.5)  # slower than the 1 s timeout
    timed_out = _poll_all(watcher, ws)[good["id"]]
    assert "timed out" in timed_out.error or "deadline" in timed_out.error
    assert _state(ws, good["id"])["failures"] == 2
    later = _state(ws, good["id"])
    assert later["next_poll_at"] - later["last_polled_at"] >= 2  # the back-off doubled

    feed_server.routes["/feed"] = Route(b"", status=302, headers={"Location": "/moved"})  # moved
    feed_server.routes["/moved"] = Route(rss(items[:6]))
    moved = _poll_all(watcher, ws)[good["id"]]
    assert (moved.error, moved.new_items, moved.skipped) == (None, 2, 4)
    assert _state(ws, good["id"])["failures"] == 0 and _state(ws, good["id"])["last_error"] is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<?xml version='1.0'?><rss><channel><item><title>cut", "malformed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b"<rss><channel><item><title>&b;</title></item></channel></rss>",
            "entities",
        ),
        (
            '<?xml version="1.0" encoding="utf-8"?><rss><channel><item><title>Kazakhstan é</title>'
            "<description>x</description></item></channel></rss>".encode("latin-1"),
            "encoding",
        ),
        (
            b'<?xml version="1.0"?><rss><channel><item><title>big</title><description>'
            + b"peacekeepers " * 200_000
            + b"</description></item></channel></rss>",
            "characters",
        ),
    ],
    ids=["malformed", "entity-expansion", "wrong-encoding", "enormous-item"],
)
def test_bad_feeds_are_refused_with_a_reason_and_do_not_stop_the_others(body, reason, ws, feed_server, watcher_for):
    items = replay_items("en")
    feed_server.routes["/bad"] = Route(body)
    feed_server.routes["/good"] = Route(rss(items[:3]))
    bad = _add(ws, f"{feed_server.base}/bad")
    good = _add(ws, f"{feed_server.base}/good")
    reports = _poll_all(watcher_for(), ws)
    assert reason in reports[bad["id"]].error
    assert reports[good["id"]].error is None and reports[good["id"]].new_items == 3
    assert reason in _state(ws, bad["id"])["last_error"]


def test_private_addresses_need_allow_private(ws):
    from peaceops.errors import UsageError
    from peaceops.watch import sources

    with pytest.raises(UsageError, match="--allow-private"):
        sources.add(ws, "http://127.0.0.1:9/feed", actor="test")
    with pytest.raises(UsageError, match="--allow-private"):
        sources.add(ws, "http://10.1.2.3/feed", actor="test")
    assert sources.list_sources(ws) == []


def test_every_is_parsed_and_bad_values_say_how(ws):
    from peaceops.errors import UsageError
    from peaceops.watch.sources import parse_every

    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400 and parse_every("45s") == 45
    with pytest.raises(UsageError, match="30s, 15m"):
        parse_every("fortnightly")


def test_folder_source_picks_up_new_files_once(ws, tmp_path, watcher_for):
    import os
    import time

    folder = tmp_path / "drop"
    folder.mkdir()
    items = replay_items("en")
    for item in items[2:4]:
        path = folder / f"{item['id']}.txt"
        path.write_text(f"{item['title']}\n\n{item['published']}\n\n{item['text']}", encoding="utf-8")
        os.utime(path, (time.time() - 60, time.time() - 60))
    source = _add(ws, str(folder), kind="folder")
    watcher = watcher_for()
    assert _poll_all(watcher, ws)[source["id"]].new_items == 2
    assert _poll_all(watcher, ws)[source["id"]].new_items == 0
    fresh = folder / "being-written.txt"
    fresh.write_text("partial", encoding="utf-8")  # just written: waits for the next poll
    assert _poll_all(watcher, ws)[source["id"]].new_items == 0
