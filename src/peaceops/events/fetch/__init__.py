"""``peaceops events fetch``: current event data from each dataset's official address, loaded into the workspace.

    >>> from peaceops.events import fetch
    >>> fetch.ucdp_ged("25.1", workspace="ws")                          # doctest: +SKIP
    >>> fetch.gdelt2(since=dt.date(2025, 1, 1), max_files=4, workspace="ws")  # doctest: +SKIP

Each function downloads into ``<workspace>/downloads/<source>/`` (resumable,
verified: :mod:`peaceops.events.fetch.download`), writes beside every file a
``<file>.source.json`` record (dataset, version, address without credentials,
retrieval date in UTC, SHA-256, checksum verification) and loads the file with
:func:`peaceops.events.load_files`. A complete file already downloaded is not
downloaded again unless ``force``. The addresses are in
:mod:`peaceops.events.fetch.sources`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from peaceops.events.fetch import sources
from peaceops.events.fetch.acled_api import download_acled
from peaceops.events.fetch.download import (
    Downloaded,
    ProgressSink,
    Remote,
    check_status,
    download,
    new_client,
    storage_error,
    translate,
)
from peaceops.events.fetch.errors import (
    CredentialsError,
    FetchError,
    NotPublishedError,
    OfflineError,
    ProxyError,
    StorageError,
)

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

__all__ = ["FetchResult", "acled", "gdelt2", "ucdp_candidate", "ucdp_ged"]

log = logging.getLogger(__name__)
DEFAULT_GDELT_MAX_FILES = 96  # one day of 15-minute batches
_SYSTEMIC = (OfflineError, ProxyError, StorageError, CredentialsError)


@dataclass
class FetchResult:
    """One file fetched (or refused): where from, what was received, how it was verified, what the load did."""

    dataset: str
    version: str | None
    url: str
    status: str  # "downloaded", "already-downloaded" or "failed"
    retrieved_at: str | None = None
    file: str | None = None
    sha256: str | None = None
    size: int | None = None
    checksum: str = ""
    resumed_from: int = 0
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    load: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def ucdp_ged(version: str = sources.DEFAULT_GED_VERSION, **options) -> list[FetchResult]:
    """UCDP GED global ``version`` (e.g. ``25.1``); a missing version says so and how to choose one."""
    remote = sources.ucdp_ged(version)
    try:
        return [_fetch_one("ucdp-ged", version, remote, **options)]
    except NotPublishedError:
        raise NotPublishedError(
            f"{remote.url}: UCDP publishes no GED version {version} there (HTTP 404); the versions are listed at "
            f"https://ucdp.uu.se/downloads/ : choose one with --version (e.g. --version {sources.DEFAULT_GED_VERSION})"
        ) from None


def ucdp_candidate(
    *, year: int | None = None, version: str | None = None, today: dt.date | None = None, **options
) -> list[FetchResult]:
    """UCDP Candidate ``version`` (e.g. ``25.0.11``), or every monthly release of ``year`` that is published."""
    if version:
        remote = sources.ucdp_candidate(version)
        try:
            return [_fetch_one("ucdp-candidate", version, remote, **options)]
        except NotPublishedError:
            raise NotPublishedError(
                f"{remote.url}: UCDP publishes no Candidate version {version} there (HTTP 404); the releases are "
                "listed at https://ucdp.uu.se/downloads/ : choose one with --version (monthly YY.0.M, e.g. 25.0.11, "
                "or cumulative YY.01.YY.MM), or give --year"
            ) from None
    today = today or dt.datetime.now(dt.UTC).date()
    year = year or today.year
    results, missing = [], []
    with _client(options.pop("client", None)) as http:  # one connection pool for the months
        for candidate in sources.candidate_monthly_versions(year, today):
            remote = sources.ucdp_candidate(candidate)
            try:
                results.append(_fetch_one("ucdp-candidate", candidate, remote, client=http, **options))
            except NotPublishedError:
                missing.append(candidate)
    if not results:
        raise NotPublishedError(
            f"no UCDP Candidate monthly release for {year} at {sources.SOURCES['ucdp-candidate'].base()}/candidateged/ "
            f"(tried {', '.join(missing) or 'none: the year is in the future'}); choose a release listed at "
            "https://ucdp.uu.se/downloads/ with --version (e.g. a cumulative 26.01.26.06)"
        )
    if missing:
        results[0].notes.append(f"not published (HTTP 404), skipped: {', '.join(missing)}")
    return results


def gdelt2(
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    max_files: int = DEFAULT_GDELT_MAX_FILES,
    **options,
) -> list[FetchResult]:
    """GDELT 2.0 event exports from ``since`` to ``until`` (inclusive days, UTC), at most ``max_files``.

    Without ``since``, the latest batch (lastupdate.txt). A file whose MD5 or
    size does not match the list is refused and reported; the others load.
    """
    if since and until and until < since:
        raise FetchError(f"--until {until} is before --since {since}; give a period that runs forward")
    results = []
    with _client(options.pop("client", None)) as http:  # one connection pool for the list and every file
        files, list_url, truncated = _gdelt_files(since, until, max_files, http)
        if not files:
            raise NotPublishedError(
                f"{list_url}: lists no GDELT 2.0 event export between {since} and {until or 'now'}; "
                "GDELT 2.0 starts on 2015-02-18: check --since/--until"
            )
        for item in files:
            remote = Remote(item.url, item.url.rsplit("/", 1)[-1], md5=item.md5, size=item.size)
            version = item.stamp.strftime("%Y%m%d%H%M%S")
            try:
                results.append(_fetch_one("gdelt2", version, remote, client=http, **options))
            except _SYSTEMIC:
                raise  # the next file would fail the same way: stop (files already loaded stay loaded)
            except FetchError as exc:  # this file only (checksum, 404, a dropped connection): report, go on
                log.warning("GDELT file refused: %s", exc)
                results.append(FetchResult("gdelt2", version, remote.url, "failed", error=str(exc)))
    if truncated:
        results[-1].notes.append(f"stopped after {max_files} files (--max-files); later files were not fetched")
    return results


def acled(
    country: str, *, since: dt.date | None = None, workspace=None, force: bool = False, **options
) -> list[FetchResult]:
    """ACLED events of ``country`` (from ``since``) through ACLED's API, with the account in the settings."""
    from peaceops.events.session import resolve_workspace  # heavy: the events store pulls in pyarrow

    ws = resolve_workspace(workspace)
    client = options.get("client")
    with _client(client) as http:
        got, url, retrieved_at = download_acled(
            http,
            country,
            since,
            ws.root / "downloads" / "acled",
            force=force,
            progress=options.get("progress"),
        )
    return [_record_and_load("acled", None, url, got, retrieved_at, ws)]


def _fetch_one(
    dataset: str,
    version: str | None,
    remote: Remote,
    *,
    workspace=None,
    force: bool = False,
    client: httpx.Client | None = None,
    progress: ProgressSink | None = None,
) -> FetchResult:
    from peaceops.events.session import resolve_workspace  # heavy: the events store pulls in pyarrow

    ws = resolve_workspace(workspace)
    retrieved_at = _now()
    log.info("fetching %s %s from %s", dataset, version or "", remote.url)
    with _client(client) as http:
        got = download(http, remote, ws.root / "downloads" / dataset, force=force, progress=progress)
    return _record_and_load(dataset, version, remote.url, got, retrieved_at, ws, md5_published=bool(remote.md5))


def _record_and_load(
    dataset: str, version: str | None, url: str, got: Downloaded, retrieved_at: str, ws, *, md5_published=False
) -> FetchResult:
    from peaceops.events import load_files  # heavy: pandas and pyarrow

    record_path = got.path.with_name(got.path.name + ".source.json")
    if got.status == "already-downloaded" and record_path.is_file():
        retrieved_at = json.loads(record_path.read_text(encoding="utf-8")).get("retrieved_at", retrieved_at)
    checksum = (
        "md5 verified against the publisher's list"
        if got.md5_verified
        else ("md5 published but not checked" if md5_published else "no checksum published; sha256 recorded")
    )
    result = FetchResult(
        dataset=dataset,
        version=version,
        url=url,
        status=got.status,
        retrieved_at=retrieved_at,
        file=str(got.path),
        sha256=got.sha256,
        size=got.size,
        checksum=checksum,
        resumed_from=got.resumed_from,
        notes=list(got.notes),
    )
    if got.status == "downloaded" or not record_path.is_file():
        record = {k: v for k, v in result.to_dict().items() if k not in ("load", "error", "status", "notes")}
        _write_json(record_path, record)
    provenance = {"dataset": dataset, "version": version, "url": url, "retrieved_at": retrieved_at}
    loaded = load_files([got.path], workspace=ws, fmt=sources.SOURCES[dataset].load_format, provenance=provenance)[0]
    loaded.notes.append(f"fetched from {url} on {retrieved_at}")
    result.load = loaded.to_dict()
    return result


class _client:
    """The given client (left open), or a new one closed on exit."""

    def __init__(self, client):
        self.given = client
        self.own = None

    def __enter__(self):
        if self.given is not None:
            return self.given
        self.own = new_client()
        return self.own

    def __exit__(self, *exc):
        if self.own is not None:
            self.own.close()


def _gdelt_files(since, until, max_files, http: httpx.Client) -> tuple[list[sources.GdeltFile], str, bool]:
    """The export files listed for the period (streamed: the master list is large), and whether --max-files cut."""
    import httpx  # heavy: httpx, loaded on first use

    url = sources.gdelt_list_url(latest_only=since is None)
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    end = dt.datetime.combine(until, dt.time.max, dt.UTC) if until else None
    found: list[sources.GdeltFile] = []
    truncated = False
    try:
        with http.stream("GET", url) as response:
            check_status(response, url)
            for line in response.iter_lines():
                item = sources.parse_gdelt_line(line)
                if item is None or (start and item.stamp < start):
                    continue
                if end and item.stamp > end:
                    break  # the list is in time order
                if len(found) >= max_files:
                    truncated = True
                    break
                found.append(item)
    except httpx.HTTPError as exc:
        raise translate(exc, url) from None
    return found, url, truncated


def _write_json(path: Path, data: dict) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        raise storage_error(exc, path) from None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
