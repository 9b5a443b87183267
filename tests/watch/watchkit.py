"""Helpers of the watch tests: a local feed server whose answers tests change between polls, and the replay
corpus (tests/data/watch/replay) as RSS and JSON feeds."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

TESTS = Path(__file__).parents[1]
REPO = TESTS.parent
REPLAY = TESTS / "data" / "watch" / "replay"
KAZAKHSTAN_OP = "kazakhstan-csto-cpf-2022"


class Route:
    """One path's answer: status, headers, body; an optional delay; validators answered with 304."""

    def __init__(self, body: bytes = b"", status: int = 200, content_type: str = "application/rss+xml", **kw):
        self.body = body
        self.status = status
        self.headers = {"Content-Type": content_type, **kw.pop("headers", {})}
        self.delay = kw.pop("delay", 0.0)
        self.validators = kw.pop("validators", True)
        assert not kw, kw


class FeedServer:
    """A loopback HTTP server: ``server.routes[path] = Route(...)``; ``server.log`` lists (path, status)."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, int]] = []
        self.posts: list[tuple[str, bytes]] = []
        self.post_status: list[int] = []  # statuses for successive POSTs (then 200)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                route = outer.routes.get(self.path)
                if route is None:
                    return self._send(404, {}, b"")
                if route.delay:
                    time.sleep(route.delay)
                headers = dict(route.headers)
                if route.status == 200 and route.validators:
                    etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    headers["ETag"] = etag
                    if self.headers.get("If-None-Match") == etag:
                        return self._send(304, {"ETag": etag}, b"")
                self._send(route.status, headers, route.body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.posts.append((self.path, body))
                status = outer.post_status.pop(0) if outer.post_status else 200
                self._send(status, {"Content-Type": "application/json"}, b"{}")

            def _send(self, status, headers, body):
                outer.log.append((self.path, status))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def requests_to(self, path: str) -> list[int]:
        return [status for p, status in self.log if p == path]


def replay_items(language: str) -> list[dict]:
    """The replay's real reports in order of publication (tests/data/watch/replay, README there)."""
    return yaml.safe_load((REPLAY / f"kazakhstan-{language}.yaml").read_text(encoding="utf-8"))["items"]


def rss(items: list[dict], title: str = "replay") -> bytes:
    """An RSS 2.0 feed of replay items, newest first, each with its text embedded."""
    entries = []
    for item in reversed(items):
        published = item["published"]
        when = dt.datetime.fromisoformat(published if "T" in published else published + "T12:00:00+00:00")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in item["text"].split("\n\n"))
        entries.append(
            f"<item><title>{html.escape(item.get('title') or '')}</title><link>{html.escape(item['url'])}</link>"
            f"<guid>{html.escape(item['url'])}</guid><pubDate>{email.utils.format_datetime(when)}</pubDate>"
            f"<description>{html.escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>replay</description>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode("utf-8")


def json_feed(items: list[dict]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "replay",
            "items": [
                {
                    "id": item["url"],
                    "url": item["url"],
                    "title": item.get("title"),
                    "content_text": item["text"],
                    "date_published": item["published"]
                    if "T" in item["published"]
                    else item["published"] + "T12:00:00Z",
                }
                for item in items
            ],
        }
    ).encode("utf-8")
