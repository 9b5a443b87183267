"""Fetch a user-supplied URL without becoming a door into the local network.

For every hop (the URL and each redirect):

1. only ``http`` and ``https``;
2. the host is resolved, and every address it resolves to is checked:
   loopback, private, link-local, multicast, reserved and unspecified
   addresses are refused unless allowed (``allow_private``, or an explicit
   ``allowed_networks`` list such as ``127.0.0.1/32`` for tests);
3. the connection goes to the checked address itself (the Host header and the
   TLS server name keep the original host), so a second DNS answer cannot
   swap in a private address (DNS rebinding);
4. redirects are followed by hand, at most ``max_redirects``;
5. a timeout per operation and a deadline for the whole exchange (connect,
   headers and body, across redirects: no read ever waits past it), a size cap
   checked against Content-Length and while streaming, and a content type
   that must be text, HTML or a feed.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field

from peaceops.ingest.errors import FetchRefused, InputRejected
from peaceops.ingest.urls import parse_web_url, shown

TEXT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
)
USER_AGENT = "peaceops/0.1 (+research; evidence-based monitoring of peace operations)"


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0
    """Seconds one connect, read or write may wait."""
    deadline: float = 60.0
    """Seconds the whole fetch may take: connect, headers and body of every hop."""
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    allowed_networks: tuple = field(default_factory=tuple)  # e.g. ("127.0.0.1/32",)
    content_types: tuple = TEXT_TYPES
    """Content types accepted (a watched GDELT stream adds zip archives)."""


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str | None
    redirects: list[str]
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to a conditional request: nothing changed since the validators given."""
        return self.status == 304


def _check_address(ip: str, host: str, url: str, policy: FetchPolicy) -> None:
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if policy.allow_private:
        return
    if any(address in ipaddress.ip_network(net) for net in policy.allowed_networks):
        return
    kinds = [
        name
        for name, flag in (
            ("loopback", address.is_loopback),
            ("private", address.is_private),
            ("link-local", address.is_link_local),
            ("multicast", address.is_multicast),
            ("reserved", address.is_reserved),
            ("unspecified", address.is_unspecified),
        )
        if flag
    ]
    if kinds or not address.is_global:
        what = "/".join(kinds) or "non-public"
        raise FetchRefused(
            f"{url}: {host} resolves to {address}, a {what} address; refused so that fetching cannot reach your own "
            "network "
            "(pass --allow-private to fetch from it deliberately)"
        )


def _resolve(host: str, port: int, url: str, policy: FetchPolicy) -> str:
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
        addresses = [str(literal)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise InputRejected(f"{url}: cannot resolve host {host!r} ({exc.strerror}); check the address") from None
        except UnicodeError as exc:  # the idna codec refuses the name
            raise InputRejected(f"{url}: not a valid URL (host {host!r}: {exc}); check the address") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for ip in addresses:  # every answer must be acceptable, not just the first
        _check_address(ip, host, url, policy)
    return addresses[0]


def check_address(url: str, policy: FetchPolicy) -> None:
    """Refuse ``url`` now (FetchRefused) when its host resolves to an address ``policy`` does not allow; used when a
    URL is stored to be fetched later (a watched feed, a webhook)."""
    current = parse_web_url(url)
    port = current.port or (443 if current.scheme == "https" else 80)
    _resolve(current.raw_host.decode("ascii"), port, str(current), policy)


def _deadline_client(policy: FetchPolicy, expires: float):
    """An httpx client whose every connect, read and write waits at most until ``expires`` (time.monotonic).

    httpx applies its timeouts to each operation, so a server that sends one
    byte every few seconds never trips them. The network backend below gives
    each operation ``min(timeout, time left)`` and refuses to start one after
    the deadline, which bounds the whole exchange, headers included.
    """
    import httpcore  # heavy: httpcore, loaded on first use
    import httpx  # heavy: httpx, loaded on first use

    class Stream(httpcore.NetworkStream):
        def __init__(self, inner):
            self.inner = inner

        def read(self, max_bytes, timeout=None):
            return self.inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

        def write(self, buffer, timeout=None):
            return self.inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

        def close(self):
            self.inner.close()

        def start_tls(self, ssl_context, server_hostname=None, timeout=None):
            return Stream(self.inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)))

        def get_extra_info(self, info):
            return self.inner.get_extra_info(info)

    class Backend(httpcore.NetworkBackend):
        def __init__(self):
            self.inner = httpcore.SyncBackend()

        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            return Stream(
                self.inner.connect_tcp(
                    host, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
            )

        def connect_unix_socket(self, path, timeout=None, socket_options=None):  # never used: no uds transport
            raise httpcore.ConnectError("unix sockets are not fetched")

        def sleep(self, seconds):
            self.inner.sleep(min(seconds, max(0.0, expires - time.monotonic())))

    def _left(timeout, error):
        left = expires - time.monotonic()
        if left <= 0:
            raise error(f"the {policy.deadline:g} s deadline for the whole fetch has passed")
        return left if timeout is None else min(timeout, left)

    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no parameter for the network backend; its pool is rebuilt with the same SSL context
    # (httpx 0.28 keeps it on ``_pool``; the pinned version is in requirements.lock).
    transport._pool = httpcore.ConnectionPool(ssl_context=transport._pool._ssl_context, network_backend=Backend())
    return httpx.Client(
        transport=transport, timeout=httpx.Timeout(policy.timeout), follow_redirects=False, trust_env=False
    )


def fetch(
    url: str, policy: FetchPolicy | None = None, *, etag: str | None = None, last_modified: str | None = None
) -> Fetched:
    """The body of ``url`` and its final address; :class:`InputRejected` (or FetchRefused) with the reason otherwise.

    With ``etag`` or ``last_modified`` (the validators of an earlier answer) the
    request is conditional (If-None-Match, If-Modified-Since): an unchanged
    resource comes back as a :class:`Fetched` whose ``not_modified`` is true and
    whose content is empty.
    """
    import httpx  # heavy: httpx, loaded on first use

    policy = policy or FetchPolicy()
    started = time.monotonic()
    expires = started + policy.deadline
    redirects: list[str] = []
    current = parse_web_url(url)
    with _deadline_client(policy, expires) as client:
        while True:
            if current.scheme not in ("http", "https"):
                raise FetchRefused(f"{current}: only http and https URLs are fetched, not {current.scheme!r}")
            if not current.host:
                raise FetchRefused(f"{current}: no host in the URL")
            port = current.port or (443 if current.scheme == "https" else 80)
            ip = _resolve(current.raw_host.decode("ascii"), port, str(current), policy)
            pinned = current.copy_with(host=ip)
            host_header = current.host if current.port in (None, 80, 443) else f"{current.host}:{current.port}"
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            try:
                with client.stream(
                    "GET",
                    pinned,
                    headers=_request_headers(host_header, etag, last_modified),
                    extensions=extensions,
                ) as response:
                    if response.status_code == 304 and (etag or last_modified):
                        return Fetched(str(current), b"", None, redirects, 304, etag, last_modified)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputRejected(f"{current}: redirect without a Location header")
                        if len(redirects) >= policy.max_redirects:
                            raise FetchRefused(f"{url}: more than {policy.max_redirects} redirects; refused")
                        try:
                            nxt = parse_web_url(str(current.join(location)))
                        except httpx.InvalidURL as exc:
                            raise InputRejected(
                                f"{current}: redirect to a URL that is not valid ({shown(location)}: {exc})"
                            ) from None
                        redirects.append(str(nxt))
                        current = nxt
                        continue
                    if response.status_code >= 400:
                        raise InputRejected(f"{current}: the server answered HTTP {response.status_code}")
                    content_type = response.headers.get("content-type")
                    main_type = (content_type or "").split(";")[0].strip().lower()
                    if main_type and main_type not in policy.content_types:
                        raise FetchRefused(
                            f"{current}: content type {main_type!r} is not text, HTML or a feed; refused"
                        )
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                        raise FetchRefused(
                            f"{current}: {int(declared):,} bytes is over the {policy.max_bytes:,}-byte limit"
                        )
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > policy.max_bytes:
                            raise FetchRefused(f"{current}: more than {policy.max_bytes:,} bytes; refused")
                        if time.monotonic() > expires:
                            raise InputRejected(_past_deadline(current, policy))
                        chunks.append(chunk)
                    return Fetched(
                        str(current),
                        b"".join(chunks),
                        content_type,
                        redirects,
                        response.status_code,
                        response.headers.get("etag"),
                        response.headers.get("last-modified"),
                    )
            except httpx.TimeoutException:
                if time.monotonic() >= expires:
                    raise InputRejected(_past_deadline(current, policy)) from None
                raise InputRejected(
                    f"{current}: timed out after {policy.timeout:g} s; the server did not answer"
                ) from None
            except httpx.HTTPError as exc:
                raise InputRejected(f"{current}: {type(exc).__name__}: {exc}") from None


def _request_headers(host_header: str, etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {
        "Host": host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html, text/plain, application/rss+xml, application/atom+xml, application/feed+json, */*;q=0.1",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def post_json(url: str, payload: bytes, policy: FetchPolicy | None = None) -> int:
    """POST ``payload`` (JSON bytes) to ``url`` under the same address checks as :func:`fetch`; the HTTP status.

    No redirect is followed (a webhook that moved must be configured again).
    Raises :class:`InputRejected` (or FetchRefused) when the address is refused
    or the server cannot be reached.
    """
    import httpx  # heavy: httpx, loaded on first use

    policy = policy or FetchPolicy()
    current = parse_web_url(url)
    if current.scheme not in ("http", "https") or not current.host:
        raise FetchRefused(f"{shown(url)}: only http and https URLs with a host are posted to")
    port = current.port or (443 if current.scheme == "https" else 80)
    ip = _resolve(current.raw_host.decode("ascii"), port, str(current), policy)
    host_header = current.host if current.port in (None, 80, 443) else f"{current.host}:{current.port}"
    extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
    with _deadline_client(policy, time.monotonic() + policy.deadline) as client:
        try:
            response = client.post(
                current.copy_with(host=ip),
                content=payload,
                headers={"Host": host_header, "User-Agent": USER_AGENT, "Content-Type": "application/json"},
                extensions=extensions,
            )
        except httpx.HTTPError as exc:
            raise InputRejected(f"{current}: {type(exc).__name__}: {exc}") from None
        return response.status_code


def _past_deadline(url, policy: FetchPolicy) -> str:
    return (
        f"{url}: no complete answer within the {policy.deadline:g} s deadline for the whole fetch "
        "(connect, headers and body); gave up"
    )
