"""The one place where peaceops decides whether an argument is a URL, and parses it.

Schemes are compared case-insensitively (RFC 3986, section 3.1), so
``HTTP://host/x`` is a URL like ``http://host/x`` and never the local path
``HTTP:/host/x``. Parsing is httpx's, plus the host checks it leaves to the
moment of the connection (IDNA labels, label and name lengths), so a malformed
URL is refused here with a reason instead of escaping as a traceback later.
"""

from __future__ import annotations

import re

import idna

from peaceops.ingest.errors import FetchRefused, InputRejected

WEB_SCHEMES = ("http", "https")
MAX_URL_CHARS = 8192
"""Longer URLs are refused before parsing (browsers and servers commonly stop at 8 KB)."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")


def scheme_of(text: str) -> str | None:
    """The scheme of ``text`` in lower case when it is written as ``scheme://…``, else None (a path, ``-``)."""
    match = _SCHEME.match(text.strip())
    return match.group(1).lower() if match else None


def is_web_url(text: str) -> bool:
    """Written as an http or https URL, whatever the scheme's case (it may still fail to parse)."""
    return scheme_of(text) in WEB_SCHEMES


def shown(url: str, limit: int = 200) -> str:
    """A URL short enough to quote in a message."""
    return url if len(url) <= limit else url[:limit] + f"… ({len(url):,} characters)"


def parse_web_url(text: str):
    """An ``httpx.URL`` for an http(s) address, or :class:`InputRejected` saying what is wrong with it."""
    import httpx  # heavy: httpx, loaded on first use

    text = text.strip()
    if len(text) > MAX_URL_CHARS:
        raise InputRejected(f"{shown(text)}: not a valid URL: longer than {MAX_URL_CHARS:,} characters")
    scheme = scheme_of(text)
    if scheme not in WEB_SCHEMES:
        raise FetchRefused(
            f"{shown(text)}: only http and https URLs are fetched"
            + (f", not {scheme!r}" if scheme else "; expected http:// or https://")
        )
    try:
        url = httpx.URL(text)
        host = url.host  # decodes xn-- labels, which may hold code points IDNA does not allow
        raw_host = url.raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise InputRejected(f"{shown(text)}: not a valid URL ({_why(exc)}); check the address") from None
    if not host:
        raise InputRejected(f"{shown(text)}: not a valid URL (no host); check the address")
    if ":" not in raw_host:  # an IPv6 literal has been checked by the parser
        name = raw_host.rstrip(".")
        labels = name.split(".")
        if len(name) > 253 or any(not 0 < len(label) <= 63 for label in labels):
            raise InputRejected(
                f"{shown(text)}: not a valid URL (host name {shown(raw_host, 80)!r} has an empty label, "
                "a label over 63 characters or more than 253 characters); check the address"
            )
        if not all(re.fullmatch(r"[A-Za-z0-9_-]+", label) for label in labels):
            raise InputRejected(f"{shown(text)}: not a valid URL (host {shown(raw_host, 80)!r}); check the address")
        try:
            for label in labels:
                if label.lower().startswith("xn--"):
                    idna.decode(label)
        except (idna.IDNAError, UnicodeError) as exc:
            raise InputRejected(
                f"{shown(text)}: not a valid URL (host {shown(raw_host, 80)!r}: {_why(exc)}); check the address"
            ) from None
    return url


def _why(exc: Exception) -> str:
    return shown(str(exc) or type(exc).__name__, 160)
