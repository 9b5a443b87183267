"""Resumable, verified downloads into ``<workspace>/downloads/<dataset>/``.

One file at a time::

    <name>.part     the bytes received so far; a later run resumes from its size (HTTP Range)
    <name>          the complete file, renamed into place only once complete and verified

A server that ignores Range (answers 200 to a ranged request) is noticed and
the download starts over from byte 0, with a note saying so. A connection that
drops in mid-body is resumed from where it stopped, up to ``retries`` times in
the same run; after that the ``.part`` stays for the next run. A file that does
not match its published checksum is deleted and the error says so. An existing
complete file is kept until its replacement is complete, so a failed fetch
loses nothing already stored.

httpx honours the proxy environment variables (HTTPS_PROXY, HTTP_PROXY,
ALL_PROXY, NO_PROXY) itself; peaceops reads none of them.
"""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from peaceops.events.fetch.errors import (
    ChecksumError,
    CredentialsError,
    FetchError,
    NotPublishedError,
    OfflineError,
    ProxyError,
    StorageError,
)

if TYPE_CHECKING:
    import httpx

PART = ".part"
USER_AGENT = "peaceops/0.1 (+research; conflict event data for peace-operation monitoring)"


class ProgressSink(Protocol):
    """Where a download reports its progress (the CLI draws a bar; the library default does nothing)."""

    def start(self, name: str, total: int | None, done: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def stop(self) -> None: ...


class NoProgress:
    def start(self, name: str, total: int | None, done: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass(frozen=True)
class Remote:
    """A file to download: its address (never with credentials), local name and published checksum if any."""

    url: str
    name: str
    md5: str | None = None
    size: int | None = None


@dataclass
class Downloaded:
    """A complete, verified file in the downloads directory."""

    path: Path
    sha256: str
    size: int
    status: str  # "downloaded" or "already-downloaded"
    md5_verified: bool | None = None  # None: the publisher lists no checksum
    resumed_from: int = 0
    notes: list[str] = field(default_factory=list)


def new_client(timeout: float = 30.0) -> httpx.Client:
    """An httpx client for bulk downloads: proxies from the environment, redirects followed, per-operation timeout.

    There is no deadline for the whole exchange (a 30 MB file over a slow line
    is fine); a server that stops sending for ``timeout`` seconds is a timeout.
    """
    import httpx  # heavy: httpx, loaded on first use

    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        trust_env=True,
        headers={"User-Agent": USER_AGENT},
    )


def download(
    client: httpx.Client,
    remote: Remote,
    directory: Path,
    *,
    force: bool = False,
    retries: int = 2,
    progress: ProgressSink | None = None,
) -> Downloaded:
    """``remote`` as a complete, verified file in ``directory``; see the module docstring."""
    progress = progress or NoProgress()
    final = directory / remote.name
    part = directory / (remote.name + PART)
    if final.is_file() and not force:
        return _reuse(final, remote)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if force:
            part.unlink(missing_ok=True)
    except OSError as exc:
        raise storage_error(exc, directory) from None
    notes: list[str] = []
    resumed_from = part.stat().st_size if part.exists() else 0
    attempt = 0
    while True:
        try:
            _transfer(client, remote, part, notes, progress)
            break
        except _Interrupted as exc:
            attempt += 1
            if attempt > retries:
                raise FetchError(
                    f"{remote.url}: the connection dropped after {exc.received:,} bytes ({exc.reason}); "
                    f"the bytes received are kept in {part}: run the same command again to resume from there"
                ) from None
            notes.append(f"connection dropped after {exc.received:,} bytes; resumed with a Range request")
    size = part.stat().st_size
    if remote.size is not None and size != remote.size:
        part.unlink(missing_ok=True)
        raise ChecksumError(
            f"{remote.url}: received {size:,} bytes where the publisher lists {remote.size:,}; "
            f"the download ({part}) was deleted: run the command again"
        )
    sha256, md5 = digests(part)
    md5_verified = None
    if remote.md5:
        if md5 != remote.md5.lower():
            part.unlink(missing_ok=True)
            raise ChecksumError(
                f"{remote.url}: MD5 {md5} does not match the published {remote.md5.lower()}; "
                f"the download ({part}) was deleted and nothing was loaded from it: run the command again "
                "later (the file may have been replaced upstream)"
            )
        md5_verified = True
    try:
        os.replace(part, final)
    except OSError as exc:
        raise storage_error(exc, final) from None
    return Downloaded(final, sha256, size, "downloaded", md5_verified, resumed_from, notes)


class _Interrupted(Exception):
    def __init__(self, received: int, reason: str):
        super().__init__(reason)
        self.received = received
        self.reason = reason


def _reuse(final: Path, remote: Remote) -> Downloaded:
    sha256, md5 = digests(final)
    if remote.md5 and md5 != remote.md5.lower():
        raise ChecksumError(
            f"{final}: this earlier download does not match the published MD5 {remote.md5.lower()}; "
            "run with --force to download it again"
        )
    return Downloaded(final, sha256, final.stat().st_size, "already-downloaded", True if remote.md5 else None)


def _transfer(client: httpx.Client, remote: Remote, part: Path, notes: list[str], progress: ProgressSink) -> None:
    """Append the rest of ``remote`` to ``part`` (from its current size); raise _Interrupted on a dropped body."""
    import httpx  # heavy: httpx, loaded on first use

    offset = part.stat().st_size if part.exists() else 0
    # identity: the bytes on disk are the bytes of the file, so a Range request continues them exactly
    headers = {"Accept-Encoding": "identity", **({"Range": f"bytes={offset}-"} if offset else {})}
    received = 0
    try:
        with client.stream("GET", remote.url, headers=headers) as response:
            if offset and response.status_code == 416:  # Range Not Satisfiable
                if _content_range_total(response.headers.get("content-range")) == offset:
                    return  # the .part is already complete
                part.unlink(missing_ok=True)
                notes.append(f"server refused to resume at byte {offset:,}; started over from byte 0")
                raise _Interrupted(0, "the server refused to resume")
            check_status(response, remote.url)
            if offset and response.status_code != 206:
                notes.append(
                    f"server ignored the Range request (answered {response.status_code}); "
                    f"started over from byte 0 instead of resuming at byte {offset:,}"
                )
                offset = 0
            elif offset and _content_range_start(response.headers.get("content-range")) != offset:
                part.unlink(missing_ok=True)  # its body would not continue the bytes we have
                notes.append("server answered a different range than asked; started over from byte 0")
                raise _Interrupted(0, "the server answered another range")
            length = response.headers.get("content-length")
            total = offset + int(length) if length and length.isdigit() else remote.size
            progress.start(remote.name, total, offset)
            try:
                with part.open("r+b" if offset else "wb") as handle:
                    handle.seek(offset)
                    handle.truncate()
                    for chunk in response.iter_raw():
                        handle.write(chunk)
                        received += len(chunk)
                        progress.advance(len(chunk))
                    handle.flush()
                    os.fsync(handle.fileno())
            finally:
                progress.stop()
            if length and length.isdigit() and received < int(length):
                raise _Interrupted(offset + received, "the body ended early")
    except (httpx.RemoteProtocolError, httpx.ReadError) as exc:  # the connection dropped: what we wrote is kept
        raise _Interrupted(offset + received, type(exc).__name__) from None
    except httpx.HTTPError as exc:
        raise translate(exc, remote.url) from None
    except OSError as exc:
        raise storage_error(exc, part) from None


def check_status(response: httpx.Response, url: str) -> None:
    """Raise the FetchError that fits an error status (404, 407, 401/403, others)."""
    status = response.status_code
    if status < 400:
        return
    host = response.request.url.host
    if status == 404:
        raise NotPublishedError(f"{url}: not found (HTTP 404); the file or version asked for is not published there")
    if status == 407:
        raise ProxyError(_proxy_message(host, "HTTP 407 Proxy Authentication Required"))
    if status in (401, 403):
        raise CredentialsError(f"{url}: access refused (HTTP {status}); check the credentials and the account's rights")
    raise FetchError(f"{url}: the server answered HTTP {status}; try again later")


def translate(exc: httpx.HTTPError, url: str) -> FetchError:
    """A FetchError with what, where and what to do, for an httpx transport error."""
    import httpx  # heavy: httpx, loaded on first use

    host = httpx.URL(url).host
    if isinstance(exc, httpx.ProxyError):
        return ProxyError(_proxy_message(host, str(exc) or "the proxy refused the tunnel"))
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(
            f"{url}: timed out ({type(exc).__name__}); {host} did not answer in time: "
            "check your connection and run the same command again (a partial download resumes)"
        )
    if isinstance(exc, httpx.ConnectError):
        return OfflineError(
            f"{url}: cannot connect to {host} ({exc}); you seem to be offline, or {host} is down or blocked: "
            "check your network (and the base-address setting, if you set one) and run the command again; "
            "nothing already in the workspace was touched"
        )
    return FetchError(f"{url}: {type(exc).__name__}: {exc}; run the command again")


def _proxy_message(host: str, what: str) -> str:
    return (
        f"the proxy between you and {host} refused the request ({what}); peaceops goes through the proxy set in "
        "HTTPS_PROXY / HTTP_PROXY / ALL_PROXY: give it credentials (http://user:password@proxy:port), "
        f"or add {host} to NO_PROXY if it is reachable directly"
    )


def storage_error(exc: OSError, where: Path) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return StorageError(f"{where}: the disk is full; free some space (or choose another --workspace) and resume")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"{where}: no permission to write ({exc.strerror}); fix the permissions or use --workspace")
    return StorageError(f"{where}: cannot write ({exc.strerror}); check the disk and the path")


def _content_range_start(value: str | None) -> int | None:
    """The first byte of ``bytes START-END/TOTAL``."""
    if not value or not value.startswith("bytes ") or "-" not in value:
        return None
    start = value[6:].split("-", 1)[0]
    return int(start) if start.isdigit() else None


def _content_range_total(value: str | None) -> int | None:
    """The total of ``bytes */TOTAL`` or ``bytes START-END/TOTAL``."""
    if not value or "/" not in value:
        return None
    total = value.rsplit("/", 1)[1]
    return int(total) if total.isdigit() else None


def digests(path: Path) -> tuple[str, str]:
    sha256, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(block)
            md5.update(block)
    return sha256.hexdigest(), md5.hexdigest()
