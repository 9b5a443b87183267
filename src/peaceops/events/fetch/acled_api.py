"""ACLED through its API: an OAuth token for the myACLED account, then the events as CSV, page by page.

The e-mail and password come from the settings PEACEOPS_ACLED_EMAIL and
PEACEOPS_ACLED_PASSWORD. They travel only in the body of the token request;
the token only in the Authorization header. None of them is ever put in a URL,
a log line, a file or a message: every error raised here goes through
:func:`mask` first, whatever the server sent back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import re
from typing import TYPE_CHECKING

from peaceops import settings
from peaceops.events.fetch import sources
from peaceops.events.fetch.download import (
    PART,
    Downloaded,
    NoProgress,
    ProgressSink,
    check_status,
    digests,
    storage_error,
    translate,
)
from peaceops.events.fetch.errors import CredentialsError, FetchError

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

log = logging.getLogger(__name__)
PAGE_ROWS = 5000  # ACLED's default page size
MAX_PAGES = 2000  # 10 million rows: far more than any country has; stops a server that ignores `page`
MASK = "***"


def credentials() -> tuple[str, str]:
    """(e-mail, password) from the settings; CredentialsError naming the variables to set when one is missing."""
    email, password = settings.ACLED_EMAIL.value(), settings.ACLED_PASSWORD.value()
    missing = [s.env for s, v in ((settings.ACLED_EMAIL, email), (settings.ACLED_PASSWORD, password)) if not v]
    if missing:
        raise CredentialsError(
            f"ACLED's API needs your myACLED account: set {' and '.join(missing)} "
            "(register at https://acleddata.com; the old API keys stopped working in September 2025)"
        )
    return email, password


def mask(text: str, secrets: list[str]) -> str:
    """``text`` with every secret (and its URL-encoded form) replaced by ***."""
    from urllib.parse import quote, quote_plus

    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = text.replace(form, MASK)
    return text


def download_acled(
    client: httpx.Client,
    country: str,
    since: dt.date | None,
    directory: Path,
    *,
    force: bool = False,
    progress: ProgressSink | None = None,
) -> tuple[Downloaded, str, str]:
    """(the CSV downloaded, its address without credentials, the retrieval time) for ``country`` from ``since``."""
    email, password = credentials()
    secrets = [email, password]
    today = dt.datetime.now(dt.UTC).date()
    slug = re.sub(r"[^a-z0-9]+", "-", country.lower()).strip("-") or "country"
    name = f"acled_{slug}_{since.isoformat() if since else 'all'}_{today.isoformat()}.csv"
    final, part = directory / name, directory / (name + PART)
    params = {"_format": "csv", "country": country, "limit": str(PAGE_ROWS)}
    if since:
        params.update(event_date=f"{since.isoformat()}|{today.isoformat()}", event_date_where="BETWEEN")
    url = str(_url(sources.acled_read_url(), params))
    retrieved_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if final.is_file() and not force:
        sha256, _ = digests(final)
        return Downloaded(final, sha256, final.stat().st_size, "already-downloaded"), url, retrieved_at
    try:
        token = _token(client, email, password)
        secrets.append(token)
        rows = _pages(client, token, params, directory, part, progress or NoProgress())
    except FetchError as exc:
        part.unlink(missing_ok=True)
        raise type(exc)(mask(str(exc), secrets)) from None
    if rows == 0:
        part.unlink(missing_ok=True)
        raise FetchError(
            f"{url}: ACLED returned no events for {country!r}; check the country name (as ACLED spells it)"
        )
    try:
        os.replace(part, final)
    except OSError as exc:
        raise storage_error(exc, final) from None
    sha256, _ = digests(final)
    got = Downloaded(final, sha256, final.stat().st_size, "downloaded", notes=[f"{rows:,} events"])
    return got, url, retrieved_at


def _token(client: httpx.Client, email: str, password: str) -> str:
    import httpx  # heavy: httpx, loaded on first use

    url = sources.acled_token_url()
    form = {"username": email, "password": password, "grant_type": "password", "client_id": "acled"}
    try:
        response = client.post(url, data=form)
    except httpx.HTTPError as exc:
        raise translate(exc, url) from None
    if response.status_code in (400, 401, 403):
        raise CredentialsError(
            f"{url}: ACLED refused the account in {settings.ACLED_EMAIL.env} / {settings.ACLED_PASSWORD.env} "
            f"(HTTP {response.status_code}); check them by logging in at https://acleddata.com"
        )
    check_status(response, url)
    try:
        token = response.json()["access_token"]
    except (ValueError, KeyError, TypeError):
        raise FetchError(f"{url}: ACLED's answer holds no access token; try again later") from None
    if not isinstance(token, str) or not token:
        raise FetchError(f"{url}: ACLED's answer holds no access token; try again later")
    return token


def _pages(client: httpx.Client, token: str, params: dict, directory: Path, part: Path, progress: ProgressSink) -> int:
    """Write every page into ``part`` (one header); the number of event rows."""
    import httpx  # heavy: httpx, loaded on first use

    url = sources.acled_read_url()
    rows, page = 0, 1
    progress.start(part.name.removesuffix(PART), None, 0)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with part.open("w", encoding="utf-8", newline="") as handle:
            while True:
                try:
                    response = client.get(
                        url, params={**params, "page": str(page)}, headers={"Authorization": f"Bearer {token}"}
                    )
                except httpx.HTTPError as exc:
                    raise translate(exc, url) from None
                check_status(response, url)
                text = response.text
                lines = list(csv.reader(io.StringIO(text)))
                if not lines or "event_id_cnty" not in lines[0]:
                    if page == 1 and text.strip():
                        kind = response.headers.get("content-type", "unknown")
                        raise FetchError(
                            f"{url}: ACLED answered something that is not a CSV of events (content type {kind}); "
                            "check that your account has API access"
                        )
                    break
                body = lines if page == 1 else lines[1:]
                csv.writer(handle, lineterminator="\n").writerows(body)
                progress.advance(len(text))
                got = len(lines) - 1
                rows += got
                if got < PAGE_ROWS:
                    break
                if page >= MAX_PAGES:
                    raise FetchError(
                        f"{url}: still full pages after {MAX_PAGES:,} pages; the server seems to ignore `page`: "
                        "give a later --since"
                    )
                page += 1
    except OSError as exc:
        raise storage_error(exc, part) from None
    finally:
        progress.stop()
    return rows


def _url(base: str, params: dict):
    import httpx  # heavy: httpx, loaded on first use

    return httpx.URL(base, params=params)
