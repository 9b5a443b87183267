"""Bad input gets a clear message, goes to quarantine, and loses nothing already stored."""

from __future__ import annotations

import json

import pytest

from peaceops.ingest import FetchPolicy, ingest
from peaceops.ingest.errors import FetchRefused, InputRejected
from peaceops.ingest.fetch import fetch
from tests.ingest.conftest import DATA, SEED

LOCAL = FetchPolicy(allowed_networks=("127.0.0.1/32",), timeout=1.0, deadline=5.0, max_bytes=200_000)


def _counts(ws):
    from peaceops.workspace import candidates, documents, mentions

    with ws.reader() as conn:
        return documents.count(conn), mentions.count(conn), candidates.count(conn)


def _make_bad_files(tmp_path):
    bad = {}
    bad["empty"] = tmp_path / "empty.txt"
    bad["empty"].write_bytes(b"")
    bad["binary"] = tmp_path / "photo.html"
    bad["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    bad["nul"] = tmp_path / "data.txt"
    bad["nul"].write_bytes(b"abc\x00\x00\x00def" * 100)
    bad["huge"] = tmp_path / "huge.txt"
    with bad["huge"].open("wb") as handle:  # a sparse 100 MB file: refused by size before it is read
        handle.truncate(100 * 1024 * 1024)
    bad["invalid_utf8"] = tmp_path / "broken.html"
    bad["invalid_utf8"].write_bytes(
        b"<html><head><meta charset='utf-8'></head><body><p>caf\xe9 \xff\xfe peacekeepers</p></body></html>"
    )
    bad["nested"] = tmp_path / "nested.html"
    bad["nested"].write_text("<html><body>" + "<div>" * 5000 + "KFOR text" + "</div>" * 5000 + "</body></html>")
    bad["feed"] = tmp_path / "broken-feed.xml"
    bad["feed"].write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item><title>unterminated")
    return bad


EXPECTED = {
    "empty": "empty input",
    "binary": "a PNG image, not text or HTML",
    "nul": "binary data",
    "huge": "over the 20 MB limit",
    "invalid_utf8": "declared as utf-8 but byte",
    "nested": "nested 5000 levels deep",
    "feed": "malformed feed (not well-formed XML",
}


def test_each_bad_file_is_refused_clearly_and_the_batch_goes_on(ws, shipped_catalog, tmp_path):
    ingest([str(SEED)], workspace=ws, catalog=shipped_catalog)
    before = _counts(ws)
    bad = _make_bad_files(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text("UNIFIL peacekeepers patrol southern Lebanon along the Blue Line.", encoding="utf-8")
    report = ingest(
        [*(str(p) for p in bad.values()), str(good), str(tmp_path / "missing.txt")],
        workspace=ws,
        catalog=shipped_catalog,
    )
    reasons = {r.origin: r.reason for r in report.results if r.status == "failed"}
    for name, fragment in EXPECTED.items():
        assert fragment in reasons[str(bad[name])], (name, reasons.get(str(bad[name])))
    assert "no such file or folder" in reasons[str(tmp_path / "missing.txt")]
    assert report.ingested == 1 and report.failed == len(EXPECTED) + 1
    after = _counts(ws)
    assert after[0] == before[0] + 1 and after[1] >= before[1]  # the seed is still there, the good file was added
    from peaceops.ingest.store import quarantined as quarantine_list

    quarantined = {row["origin"]: row["reason"] for row in quarantine_list(ws, limit=1000)}
    assert set(quarantined) == set(reasons)


def test_loopback_is_refused_by_default(local_server):
    base, routes = local_server
    routes["/a"] = (200, {"Content-Type": "text/html"}, b"<p>hi</p>", 0)
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(base + "/a")
    assert fetch(base + "/a", LOCAL).content == b"<p>hi</p>"


def test_fetch_limits(local_server):
    base, routes = local_server
    routes["/slow"] = (200, {"Content-Type": "text/html"}, b"<p>late</p>", 3)
    routes["/image"] = (200, {"Content-Type": "image/png"}, b"\x89PNG....", 0)
    routes["/big"] = (200, {"Content-Type": "text/html"}, b"x" * 300_000, 0)
    routes["/to-private"] = (302, {"Location": "http://10.255.255.1/admin"}, b"", 0)
    routes["/to-metadata"] = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"", 0)
    routes["/loop"] = (302, {"Location": "/loop"}, b"", 0)
    routes["/ftp"] = (302, {"Location": "ftp://example.invalid/file"}, b"", 0)
    with pytest.raises(InputRejected, match="timed out after 1 s"):
        fetch(base + "/slow", LOCAL)
    with pytest.raises(FetchRefused, match="content type 'image/png'"):
        fetch(base + "/image", LOCAL)
    with pytest.raises(FetchRefused, match="over the 200,000-byte limit"):
        fetch(base + "/big", LOCAL)
    with pytest.raises(FetchRefused, match="10.255.255.1, a private address"):
        fetch(base + "/to-private", LOCAL)
    with pytest.raises(FetchRefused, match="link-local"):
        fetch(base + "/to-metadata", LOCAL)
    with pytest.raises(FetchRefused, match="more than 5 redirects"):
        fetch(base + "/loop", LOCAL)
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(base + "/ftp", LOCAL)


def test_url_and_feed_ingestion(ws, shipped_catalog, local_server):
    base, routes = local_server
    routes["/article"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        (DATA / "en_clutter_page.html").read_bytes(),
        0,
    )
    feed = (DATA / "feed.xml").read_bytes().replace(b"http://example.invalid", base.encode())
    routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, feed, 0)
    routes["/kfor-north"] = (
        200,
        {"Content-Type": "text/html"},
        b"<html><body><article><p>KFOR troops were sent to northern "
        b"Kosovo after clashes in Zvecan in May 2023; NATO said its Kosovo Force acted in self-defence.</p>"
        b"</article></body></html>",
        0,
    )
    routes["/slow"] = (200, {"Content-Type": "text/html"}, b"<p>late</p>", 3)
    routes["/to-private"] = (302, {"Location": "http://10.255.255.1/"}, b"", 0)
    report = ingest(
        [base + "/article", base + "/feed", base + "/slow", base + "/to-private"],
        workspace=ws,
        catalog=shipped_catalog,
        policy=LOCAL,
    )
    statuses = {r.origin: (r.status, r.reason) for r in report.results}
    assert statuses[base + "/article"][0] == "ingested"
    assert report.ingested == 3  # the article and the two feed items
    assert "timed out" in statuses[base + "/slow"][1]
    assert "private address" in statuses[base + "/to-private"][1]


def test_cli_ingest_reports_and_exits_1_on_failure(cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = cli("ingest", str(SEED), str(empty), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["ingested"], report["failed"]) == (1, 1)
    text = cli("ingest", str(SEED), str(empty))
    assert "summary: 0 ingested, 1 duplicates, 1 failed" in text.stdout
    assert "empty input" in text.stdout


def test_cli_ingest_from_stdin(workspace_dir):
    from typer.testing import CliRunner

    from peaceops.cli.main import app

    text = "Миротворцы ОДКБ прибыли в Казахстан по просьбе Токаева в январе 2022 года.".encode()
    result = CliRunner().invoke(app, ["--workspace", str(workspace_dir), "ingest", "-", "--json"], input=text)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["origin"] == "stdin" and doc["language"] == "ru"
    assert {m["operation_id"] for m in doc["mentions"]} == {"kazakhstan-csto-cpf-2022"}
