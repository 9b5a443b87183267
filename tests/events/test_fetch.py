"""``peaceops events fetch`` against a real HTTP server on 127.0.0.1 serving the official file layouts.

No test touches the internet and httpx is not mocked: each test starts an
http.server in a thread, points the source's base-address setting at it and
fetches through real sockets. The files served are built from real rows:
UCDP GED 23.1 (tests/data/events/ucdp_ged231_sample30.csv) and GDELT
(gdelt1_mixed_slice.tsv, widened to the 2.0 layout as in test_readers.py);
ACLED rows are the hand-written ones (ACLED may not be redistributed).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import socket
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from peaceops.events import fetch
from peaceops.events.fetch.errors import FetchError, NotPublishedError, OfflineError, ProxyError, StorageError

EVENTS_DATA = Path(__file__).resolve().parents[1] / "data" / "events"
ACLED_EMAIL = "analyst@example.org"
ACLED_PASSWORD = "s3cret-Pa55+word/&"  # characters that URL-encoding changes, to catch an encoded leak
ACLED_TOKEN = "tok-8f1d2c9e7b"


# -- the local server ------------------------------------------------------------------------------
class Server:
    """Files by path, and how to misbehave: drop a first response after N bytes, ignore Range, answer 407."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[dict] = []
        self.drop_first_after: int | None = None
        self.ignore_range = False
        self.proxy_auth_required = False
        self.delay = 0.0
        handler = _handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def gets(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "GET" and urlsplit(r["path"]).path == path]


def _handler(server: Server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode()
            server.requests.append({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body})
            form = {k: v[0] for k, v in parse_qs(body).items()}
            ok = (
                urlsplit(self.path).path == "/oauth/token"
                and form.get("username") == ACLED_EMAIL
                and form.get("password") == ACLED_PASSWORD
                and form.get("grant_type") == "password"
                and form.get("client_id") == "acled"
            )
            if not ok:  # echo what was sent, as a careless server might: the client must not repeat it
                self._send(401, f"invalid_grant for {form}".encode(), "text/plain")
                return
            self._send(200, json.dumps({"access_token": ACLED_TOKEN, "expires_in": 86400}).encode(), "application/json")

        def do_GET(self):
            server.requests.append({"method": "GET", "path": self.path, "headers": dict(self.headers)})
            if server.delay:
                time.sleep(server.delay)
            if server.proxy_auth_required:
                self.send_response(407)
                self.send_header("Proxy-Authenticate", 'Basic realm="proxy"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = urlsplit(self.path).path
            if path == "/api/acled/read":
                if self.headers.get("authorization") != f"Bearer {ACLED_TOKEN}":
                    self._send(401, b"no token", "text/plain")
                    return
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                header, *rows = (EVENTS_DATA / "acled_current_handwritten.csv").read_text().splitlines()
                limit, page = int(query.get("limit", 5000)), int(query.get("page", 1))
                chunk = rows[(page - 1) * limit : page * limit]
                self._send(200, ("\n".join([header, *chunk]) + "\n").encode(), "text/csv")
                return
            if path not in server.files:
                self._send(404, b"not found", "text/plain")
                return
            data = server.files[path]
            start = 0
            wanted = self.headers.get("range")
            if wanted and not server.ignore_range:
                start = int(wanted.removeprefix("bytes=").split("-")[0])
            body = data[start:]
            self.send_response(206 if start else 200)
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if server.drop_first_after is not None:
                cut, server.drop_first_after = server.drop_first_after, None
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(body)

        def _send(self, status: int, body: bytes, kind: str):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture(autouse=True)
def no_proxy_from_outside(monkeypatch):
    """Proxy variables of the machine running the tests would send the local requests elsewhere."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server():
    srv = Server()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def ucdp(server, monkeypatch) -> Server:
    """UCDP's layout: downloads/ged/ged251-csv.zip (GEDEvent_v25_1.csv inside) and a Candidate CSV."""
    rows = (EVENTS_DATA / "ucdp_ged231_sample30.csv").read_bytes()
    server.files["/downloads/ged/ged251-csv.zip"] = _zip("GEDEvent_v25_1.csv", rows)
    server.files["/downloads/candidateged/GEDEvent_v25_0_3.csv"] = rows
    monkeypatch.setenv("PEACEOPS_UCDP_BASE_URL", f"{server.url}/downloads")
    return server


def _zip(member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(member, date_time=(2025, 6, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _gdelt2_row(fields58: list[str]) -> str:
    """A GDELT 2.0 row from a real 1.0 row: an empty ADM2 code in each geo block, DATEADDED with a time."""
    out = fields58[:35]
    for start in (35, 42, 49):
        block = fields58[start : start + 7]
        out += block[:4] + [""] + block[4:]
    out += [fields58[56] + "120000", fields58[57]]
    return "\t".join(out)


@pytest.fixture
def gdelt(server, monkeypatch) -> Server:
    """Three 15-minute exports and a master list giving their size, MD5 and GDELT's address; one MD5 is wrong."""
    real = [line.split("\t") for line in (EVENTS_DATA / "gdelt1_mixed_slice.tsv").read_text().splitlines()]
    rows58 = [r for r in real if len(r) == 58]
    lines = []
    for n, stamp in enumerate(("20250101000000", "20250101001500", "20250101003000")):
        name = f"{stamp}.export.CSV.zip"
        data = _zip(
            f"{stamp}.export.CSV", ("\n".join(_gdelt2_row(r) for r in rows58[n * 5 : n * 5 + 5]) + "\n").encode()
        )
        server.files[f"/gdeltv2/{name}"] = data
        md5 = hashlib.md5(data).hexdigest() if n != 1 else "0" * 32
        lines.append(f"{len(data)} {md5} http://data.gdeltproject.org/gdeltv2/{name}")
        lines.append(f"1234 {'a' * 32} http://data.gdeltproject.org/gdeltv2/{stamp}.mentions.CSV.zip")
    lines.append(f"99 {'b' * 32} http://data.gdeltproject.org/gdeltv2/20250102000000.export.CSV.zip")
    server.files["/gdeltv2/masterfilelist.txt"] = ("\n".join(lines) + "\n").encode()
    monkeypatch.setenv("PEACEOPS_GDELT_BASE_URL", f"{server.url}/gdeltv2")
    return server


# -- UCDP GED --------------------------------------------------------------------------------------
def test_ucdp_ged_fetch_downloads_verifies_and_loads(ucdp, cli, workspace_dir):
    result = cli("events", "fetch", "ucdp-ged", "--version", "25.1", "--json")
    assert result.exit_code == 0, result.output
    [got] = json.loads(result.stdout)
    data = ucdp.files["/downloads/ged/ged251-csv.zip"]
    assert got["status"] == "downloaded" and got["dataset"] == "ucdp-ged" and got["version"] == "25.1"
    assert got["url"] == f"{ucdp.url}/downloads/ged/ged251-csv.zip"
    assert got["sha256"] == hashlib.sha256(data).hexdigest() and got["size"] == len(data)
    assert got["checksum"] == "no checksum published; sha256 recorded"
    assert got["retrieved_at"].endswith("+00:00")
    assert got["load"]["status"] == "loaded" and got["load"]["rows_written"] == 30
    assert got["load"]["datasets"]["ucdp-ged"]["rows"] == 30
    final = workspace_dir / "downloads" / "ucdp-ged" / "ged251-csv.zip"
    assert final.read_bytes() == data and not final.with_name(final.name + ".part").exists()
    record = json.loads(final.with_name("ged251-csv.zip.source.json").read_text())
    assert {k: record[k] for k in ("dataset", "version", "url", "sha256")} == {
        k: got[k] for k in ("dataset", "version", "url", "sha256")
    }
    [entry] = (workspace_dir / "events" / "manifest").glob("*.json")  # the workspace's manifest says where from
    provenance = json.loads(entry.read_text())["provenance"]
    assert provenance == {k: got[k] for k in ("dataset", "version", "url", "retrieved_at")}

    again = cli("events", "fetch", "ucdp-ged", "--version", "25.1", "--json")
    [second] = json.loads(again.stdout)
    assert second["status"] == "already-downloaded" and second["load"]["status"] == "already-loaded"
    assert second["retrieved_at"] == got["retrieved_at"]
    assert len(ucdp.gets("/downloads/ged/ged251-csv.zip")) == 1  # not downloaded again

    forced = cli("events", "fetch", "ucdp-ged", "--force", "--json")  # 25.1 is the default version
    assert json.loads(forced.stdout)[0]["status"] == "downloaded"
    assert len(ucdp.gets("/downloads/ged/ged251-csv.zip")) == 2


def test_ucdp_ged_download_broken_half_way_resumes_with_range(ucdp, workspace_dir):
    data = ucdp.files["/downloads/ged/ged251-csv.zip"]
    half = len(data) // 2
    ucdp.drop_first_after = half

    [got] = fetch.ucdp_ged("25.1", workspace=workspace_dir)

    first, second = ucdp.gets("/downloads/ged/ged251-csv.zip")
    assert "range" not in {k.lower() for k in first["headers"]}
    assert second["headers"]["Range"] == f"bytes={half}-"
    assert got.sha256 == hashlib.sha256(data).hexdigest()
    assert any("resumed with a Range request" in n for n in got.notes)
    assert got.load["rows_written"] == 30


def test_an_interrupted_download_is_kept_and_the_next_run_resumes(ucdp, workspace_dir):
    from peaceops.events.fetch.download import Remote, download, new_client

    data = ucdp.files["/downloads/ged/ged251-csv.zip"]
    ucdp.drop_first_after = 1000
    remote = Remote(f"{ucdp.url}/downloads/ged/ged251-csv.zip", "ged251-csv.zip")
    target = workspace_dir / "downloads" / "ucdp-ged"
    with new_client() as client:
        with pytest.raises(FetchError, match=r"dropped after 1,000 bytes.*run the same command again to resume"):
            download(client, remote, target, retries=0)
        assert (target / "ged251-csv.zip.part").stat().st_size == 1000
        assert not (target / "ged251-csv.zip").exists()
        got = download(client, remote, target, retries=0)
    assert got.resumed_from == 1000 and got.sha256 == hashlib.sha256(data).hexdigest()
    assert ucdp.gets("/downloads/ged/ged251-csv.zip")[-1]["headers"]["Range"] == "bytes=1000-"


def test_a_server_that_ignores_range_means_starting_over(ucdp, workspace_dir):
    data = ucdp.files["/downloads/ged/ged251-csv.zip"]
    ucdp.drop_first_after = 700
    ucdp.ignore_range = True

    [got] = fetch.ucdp_ged("25.1", workspace=workspace_dir)

    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.size == len(data)
    assert any("ignored the Range request" in n and "started over from byte 0" in n for n in got.notes)


def test_a_version_that_does_not_exist_says_so_and_suggests_version(ucdp, cli, workspace_dir):
    result = cli("events", "fetch", "ucdp-ged", "--version", "25.9")
    assert result.exit_code == 1
    assert "no GED version 25.9" in result.stderr and "HTTP 404" in result.stderr and "--version" in result.stderr
    assert not list((workspace_dir / "downloads" / "ucdp-ged").glob("*.part"))


def test_ucdp_candidate_year_fetches_the_monthly_releases_published(ucdp, workspace_dir):
    import datetime as dt

    results = fetch.ucdp_candidate(year=2025, today=dt.date(2026, 1, 10), workspace=workspace_dir)

    assert [r.version for r in results] == ["25.0.3"]  # the only month the server publishes
    assert results[0].load["format"] == "ucdp-ged" and results[0].load["rows_written"] == 30
    assert "not published (HTTP 404), skipped: 25.0.1, 25.0.2, 25.0.4" in results[0].notes[0]
    with pytest.raises(NotPublishedError, match=r"no Candidate version 25\.0\.9.*--version"):
        fetch.ucdp_candidate(version="25.0.9", workspace=workspace_dir)


# -- GDELT 2.0 -------------------------------------------------------------------------------------
def test_gdelt_master_list_md5_mismatch_refuses_that_file_and_loads_the_others(gdelt, cli, workspace_dir):
    result = cli("events", "fetch", "gdelt2", "--since", "2025-01-01", "--until", "2025-01-01", "--json")

    assert result.exit_code == 1
    got = json.loads(result.stdout)
    assert [r["version"] for r in got] == ["20250101000000", "20250101001500", "20250101003000"]
    ok, bad, ok2 = got
    assert ok["status"] == ok2["status"] == "downloaded"
    assert ok["checksum"] == "md5 verified against the publisher's list" and ok["load"]["rows_written"] == 5
    assert ok["load"]["datasets"]["gdelt2"]["rows"] == 5
    assert bad["status"] == "failed" and "does not match the published" in bad["error"] and bad["load"] is None
    assert "1 of 3 file(s) failed" in result.stderr
    folder = workspace_dir / "downloads" / "gdelt2"
    assert sorted(p.name for p in folder.glob("*.zip*")) == [
        "20250101000000.export.CSV.zip",
        "20250101000000.export.CSV.zip.source.json",
        "20250101003000.export.CSV.zip",
        "20250101003000.export.CSV.zip.source.json",
    ]  # the refused file left no .part behind
    assert not gdelt.gets("/gdeltv2/20250102000000.export.CSV.zip")  # after --until: never asked for


def test_gdelt_max_files_stops_and_says_so(gdelt, workspace_dir):
    import datetime as dt

    results = fetch.gdelt2(since=dt.date(2025, 1, 1), max_files=1, workspace=workspace_dir)
    assert len(results) == 1 and "stopped after 1 files" in results[0].notes[-1]


# -- network failures ------------------------------------------------------------------------------
def test_connection_refused_is_reported_as_offline(cli, monkeypatch, workspace_dir):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("PEACEOPS_UCDP_BASE_URL", f"http://127.0.0.1:{port}/downloads")
    result = cli("events", "fetch", "ucdp-ged")
    assert result.exit_code == 1
    assert "cannot connect to 127.0.0.1" in result.stderr and "offline" in result.stderr
    assert "nothing already in the workspace was touched" in result.stderr
    with pytest.raises(OfflineError):
        fetch.ucdp_ged("25.1", workspace=workspace_dir)


def test_a_proxy_asking_for_authentication_is_reported(server, cli, monkeypatch, workspace_dir):
    server.proxy_auth_required = True
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("PEACEOPS_UCDP_BASE_URL", "http://ucdp.example.org/downloads")
    result = cli("events", "fetch", "ucdp-ged")
    assert result.exit_code == 1
    assert "proxy between you and ucdp.example.org refused" in result.stderr and "407" in result.stderr
    assert "HTTPS_PROXY" in result.stderr and "NO_PROXY" in result.stderr
    assert server.requests[0]["path"] == "http://ucdp.example.org/downloads/ged/ged251-csv.zip"  # went via the proxy
    with pytest.raises(ProxyError):
        fetch.ucdp_ged("25.1", workspace=workspace_dir)


# -- ACLED -----------------------------------------------------------------------------------------
@pytest.fixture
def acled(server, monkeypatch) -> Server:
    monkeypatch.setenv("PEACEOPS_ACLED_BASE_URL", server.url)
    monkeypatch.setenv("PEACEOPS_ACLED_EMAIL", ACLED_EMAIL)
    monkeypatch.setenv("PEACEOPS_ACLED_PASSWORD", ACLED_PASSWORD)
    return server


def _leaks(text: str) -> list[str]:
    from urllib.parse import quote, quote_plus

    secrets = {ACLED_PASSWORD, quote(ACLED_PASSWORD, safe=""), quote_plus(ACLED_PASSWORD), ACLED_TOKEN, ACLED_EMAIL}
    return [s for s in secrets if s in text]


def test_acled_credentials_never_appear_in_output_manifest_or_logs(acled, cli, workspace_dir, caplog):
    caplog.set_level(logging.DEBUG)
    result = cli("events", "fetch", "acled", "--country", "Mali", "--since", "2019-01-01", "--json")
    assert result.exit_code == 0, result.output
    [got] = json.loads(result.stdout)
    assert got["load"]["format"] == "acled" and got["load"]["rows_written"] >= 1
    assert got["url"].startswith(f"{acled.url}/api/acled/read?") and "country=Mali" in got["url"]
    token_request = [r for r in acled.requests if r["method"] == "POST"][0]
    assert "password" not in token_request["path"]  # credentials travel in the body only
    written = "".join(
        p.read_text(errors="replace") for p in workspace_dir.rglob("*") if p.is_file() and p.suffix != ".db"
    )
    assert _leaks(result.stdout + result.stderr) == []
    assert _leaks(written) == []
    assert _leaks(caplog.text) == []


def test_acled_refused_credentials_are_masked_even_if_the_server_echoes_them(acled, cli, monkeypatch, caplog):
    monkeypatch.setenv("PEACEOPS_ACLED_PASSWORD", ACLED_PASSWORD + "-wrong")
    caplog.set_level(logging.DEBUG)
    result = cli("events", "fetch", "acled", "--country", "Mali")
    assert result.exit_code == 1
    assert "ACLED refused the account in PEACEOPS_ACLED_EMAIL / PEACEOPS_ACLED_PASSWORD (HTTP 401)" in result.stderr
    assert _leaks(result.stdout + result.stderr + caplog.text) == []


def test_acled_without_credentials_names_the_variables_to_set(server, cli, monkeypatch):
    monkeypatch.setenv("PEACEOPS_ACLED_BASE_URL", server.url)
    monkeypatch.setenv("PEACEOPS_ACLED_EMAIL", ACLED_EMAIL)
    result = cli("events", "fetch", "acled", "--country", "Mali")
    assert result.exit_code == 1
    assert "set PEACEOPS_ACLED_PASSWORD" in result.stderr and "PEACEOPS_ACLED_EMAIL" not in result.stderr
    assert server.requests == []  # nothing sent
    assert _leaks(result.stderr) == []


def test_options_that_do_not_apply_are_refused(cli):
    result = cli("events", "fetch", "ucdp-ged", "--country", "Mali")
    assert result.exit_code == 1 and "--country does not apply to ucdp-ged" in result.stderr


def test_every_official_address_is_named_in_its_setting():
    from peaceops.events.fetch.sources import SOURCES

    for source in SOURCES.values():
        assert source.official_base in source.setting.default


def test_acled_pages_are_joined_under_one_header(acled, monkeypatch, workspace_dir):
    from peaceops.events.fetch import acled_api

    monkeypatch.setattr(acled_api, "PAGE_ROWS", 2)
    rows = (EVENTS_DATA / "acled_current_handwritten.csv").read_text().splitlines()[1:]

    [got] = fetch.acled("Mali", workspace=workspace_dir)

    pages = [parse_qs(urlsplit(r["path"]).query)["page"][0] for r in acled.gets("/api/acled/read")]
    assert pages == [str(n) for n in range(1, len(rows) // 2 + 2)]
    text = Path(got.file).read_text().splitlines()
    assert text[0].startswith("event_id_cnty,") and text[1:] == rows
    assert got.load["rows_written"] + got.load["rows_rejected"] == len(rows)


def test_gdelt_without_since_takes_the_latest_batch(gdelt, workspace_dir):
    master = gdelt.files["/gdeltv2/masterfilelist.txt"].decode().splitlines()
    gdelt.files["/gdeltv2/lastupdate.txt"] = ("\n".join(master[:2]) + "\n").encode()  # export + mentions

    [got] = fetch.gdelt2(workspace=workspace_dir)

    assert got.version == "20250101000000" and got.status == "downloaded" and got.load["rows_written"] == 5
    assert not gdelt.gets("/gdeltv2/masterfilelist.txt")


def test_a_server_that_does_not_answer_times_out(ucdp, workspace_dir):
    from peaceops.events.fetch.download import new_client

    ucdp.delay = 2.0
    with new_client(timeout=0.3) as client, pytest.raises(FetchError, match=r"timed out.*run the same command again"):
        fetch.ucdp_ged("25.1", workspace=workspace_dir, client=client)


def test_a_download_that_cannot_be_written_says_where(ucdp, workspace_dir):
    (workspace_dir / "downloads").mkdir(parents=True)
    (workspace_dir / "downloads" / "ucdp-ged").write_text("a file where the folder should be")
    with pytest.raises(StorageError, match=r"downloads/ucdp-ged: cannot write"):
        fetch.ucdp_ged("25.1", workspace=workspace_dir)


def test_progress_bar_on_a_terminal_only(ucdp, monkeypatch, workspace_dir):
    from peaceops.cli.events import _progress_bar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    assert _progress_bar(quiet=True) is None
    bar = _progress_bar(quiet=False)
    [got] = fetch.ucdp_ged("25.1", workspace=workspace_dir, progress=bar)
    assert got.status == "downloaded"
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress_bar(quiet=False) is None
