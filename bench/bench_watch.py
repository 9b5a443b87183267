"""The watch: time from an item appearing in a feed to its alert, and items per hour with memory over a long run.

    .venv/bin/python bench/bench_watch.py [--items 10000] [--json]

Latency: a poller runs (``Watcher.run``) against a local feed polled every
``INTERVAL`` seconds; a real report (the replay of tests/data/watch/replay) is
added to the feed at a random moment, and the time until its alert is stored
is measured; what exceeds the polling interval is the figure (goal: < 5 s).

Throughput and memory: ``--items`` feed items (the 18 real replay reports, each
made unique by a numbered line, 100 per feed) go through the whole pipeline —
fetch, parse, ingestion, claims, alerts, one transaction each. The peer is the
analysis alone (``Analyser.analyse``) of the same items in the same run. The
resident memory (VmRSS) is sampled every 1,000 items: flat means the last
sample is within 10 % of the one after the first 1,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPLAY = ROOT / "tests" / "data" / "watch" / "replay"
INTERVAL = 2.0
PER_FEED = 100


def _reports() -> list[dict]:
    items = []
    for language in ("en", "ru"):
        items += yaml.safe_load((REPLAY / f"kazakhstan-{language}.yaml").read_text(encoding="utf-8"))["items"]
    return items


def _rss(items: list[tuple[str, dict, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(r.get('title') or '')}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid><pubDate>Thu, 06 Jan 2022 12:00:00 +0000</pubDate>"
        f"<description>{html.escape(''.join(f'<p>{p}</p>' for p in text.split(chr(10) * 2)))}</description></item>"
        for link, r, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
        f"<link>http://127.0.0.1/</link><description>bench</description>{entries}</channel></rss>"
    ).encode()


class _Server:
    def __init__(self):
        self.feeds: dict[str, bytes] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = outer.feeds.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def latency(trials: int = 5) -> dict:
    from peaceops import catalog
    from peaceops.watch import Watcher, sources
    from peaceops.watch.alerts import list_alerts
    from peaceops.watch.claims import ClaimFinder
    from peaceops.workspace import open_workspace

    cat = catalog.load()
    analyser = cat.analyser()
    analyser.default_suggester()  # built before the clock starts, as in a poller that has run before
    finder = ClaimFinder(cat)
    reports = []
    for r in _reports():  # the reports that claim something: each must end in an alert
        doc = analyser.analyse(r["text"], origin=r["url"], kind="feed-item", metadata={"published": r["published"]})
        if finder.find(doc, dt.date.fromisoformat(r["published"][:10])):
            reports.append(r)
    server = _Server()
    beyond = []
    with tempfile.TemporaryDirectory(prefix="peaceops-bench-watch-") as tmp:
        for trial in range(trials):
            ws = open_workspace(Path(tmp) / f"ws{trial}")
            path = f"/latency{trial}.xml"
            server.feeds[path] = _rss([])
            sources.add(ws, server.base + path, every=f"{int(INTERVAL)}s", allow_private=True, actor="bench")
            watcher = Watcher(ws, cat)
            stop = threading.Event()
            thread = threading.Thread(target=watcher.run, kwargs={"stop": stop}, daemon=True)
            thread.start()
            time.sleep(INTERVAL + random.uniform(0, INTERVAL))  # the item appears at a random moment of the cycle
            report = reports[trial % len(reports)]
            server.feeds[path] = _rss([(report["url"], report, report["text"])])
            appeared = time.perf_counter()
            while not list_alerts(ws) and time.perf_counter() - appeared < 120:
                time.sleep(0.02)
            beyond.append(time.perf_counter() - appeared - INTERVAL)
            stop.set()
            thread.join()
    return {"trials": trials, "interval_s": INTERVAL, "beyond_interval_s": beyond, "worst_s": max(beyond)}


def throughput(n: int) -> dict:
    from peaceops import catalog
    from peaceops.watch import Watcher, sources
    from peaceops.workspace import open_workspace

    reports = _reports()
    items = []
    for number in range(n):
        report = reports[number % len(reports)]
        text = f"{report['text']}\n\nItem {number} of the benchmark feed."
        items.append((f"{report['url']}#bench-{number}", report, text))
    cat = catalog.load()
    analyser = cat.analyser()
    analyser.default_suggester()
    started = time.perf_counter()
    for link, report, text in items[: min(n, 2000)]:
        analyser.analyse(text, origin=link, kind="feed-item", metadata={"published": report["published"]})
    analysis_per_item = (time.perf_counter() - started) / min(n, 2000)

    server = _Server()
    with tempfile.TemporaryDirectory(prefix="peaceops-bench-watch-") as tmp:
        ws = open_workspace(Path(tmp) / "ws")
        for start in range(0, n, PER_FEED):
            path = f"/feed{start // PER_FEED}.xml"
            server.feeds[path] = _rss(items[start : start + PER_FEED])
            sources.add(ws, server.base + path, every="1h", allow_private=True, actor="bench")
        watcher = Watcher(ws, cat)
        samples, done = [], 0
        started = time.perf_counter()
        for report in watcher.poll_due():
            done += report.new_items
            if done // 1000 > len(samples):
                samples.append(round(_rss_mb(), 1))
        seconds = time.perf_counter() - started
    per_item = seconds / n
    growth = (samples[-1] / samples[0] - 1) if len(samples) > 1 else 0.0
    return {
        "items": n,
        "seconds": round(seconds, 1),
        "items_per_hour": round(3600 / per_item),
        "watch_ms_per_item": round(per_item * 1000, 1),
        "analysis_ms_per_item": round(analysis_per_item * 1000, 1),
        "rss_mb_every_1000": samples,
        "rss_growth": round(growth, 3),
    }


def rows(quick: bool = False) -> list[dict]:
    lat = latency(3 if quick else 5)
    thr = throughput(2000 if quick else 10_000)
    return [
        {
            "figure": f"watch: item to alert, beyond the {lat['interval_s']:g} s interval ({lat['trials']} trials)",
            "peaceops": f"worst {lat['worst_s']:.2f} s",
            "peer": f"polling interval {lat['interval_s']:g} s",
            "ratio": "—",
            "goal": "< 5 s beyond the interval",
            "met": lat["worst_s"] < 5,
        },
        {
            "figure": f"watch: {thr['items']:,} feed items through the whole pipeline (items/h)",
            "peaceops": f"{thr['items_per_hour']:,} items/h ({thr['watch_ms_per_item']} ms per item)",
            "peer": f"{round(3600_000 / thr['analysis_ms_per_item']):,} items/h (analysis alone)",
            "ratio": f"{thr['watch_ms_per_item'] / thr['analysis_ms_per_item']:.2f}x the cost",
            "goal": ">= 2,000 items/h on 2 cores",
            "met": thr["items_per_hour"] >= 2000,
        },
        {
            "figure": f"watch: memory over {thr['items']:,} items (VmRSS every 1,000)",
            "peaceops": f"{thr['rss_mb_every_1000'][0] if thr['rss_mb_every_1000'] else '?'} → "
            f"{thr['rss_mb_every_1000'][-1] if thr['rss_mb_every_1000'] else '?'} MB",
            "peer": "the sample after the first 1,000 items",
            "ratio": f"{thr['rss_growth'] * 100:+.1f} %",
            "goal": "flat (within 10 %)",
            "met": abs(thr["rss_growth"]) <= 0.10,
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=("latency", "throughput"), help="Measure only one of the two.")
    args = parser.parse_args()
    result = {}
    if args.only != "throughput":
        result["latency"] = latency(args.trials)
    if args.only != "latency":
        result["throughput"] = throughput(args.items)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    sys.exit(main())
