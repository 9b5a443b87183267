"""Errors of ``peaceops events fetch``, all under :class:`peaceops.events.errors.EventsError`::

    EventsError
    └── FetchError               a download or an API call failed; nothing already stored was lost
        ├── OfflineError         the host's name does not resolve or the connection is refused
        ├── ProxyError           the configured proxy refused the request (HTTP 407, or CONNECT refused)
        ├── NotPublishedError    HTTP 404: that version or file is not (or no longer) published
        ├── ChecksumError        the file does not match the checksum its publisher lists; the .part is deleted
        ├── CredentialsError     ACLED credentials missing or refused
        └── StorageError         the download cannot be written (disk full, permission)

Every message says what failed, where (the address, never with credentials,
or the path) and what to do next.
"""

from __future__ import annotations

from peaceops.events.errors import EventsError


class FetchError(EventsError):
    """A download or an API call failed."""


class OfflineError(FetchError):
    """The host cannot be reached: its name does not resolve, or it refuses the connection."""


class ProxyError(FetchError):
    """The proxy configured in the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY) refused the request."""


class NotPublishedError(FetchError):
    """The server answered 404: the version or file asked for is not published there."""


class ChecksumError(FetchError):
    """A downloaded file does not match the checksum its publisher lists."""


class CredentialsError(FetchError):
    """Credentials are missing, or the server refused them."""


class StorageError(FetchError):
    """The download cannot be written: disk full, no permission."""
