"""Why an input could not be ingested; the message goes to the quarantine list as it is."""

from peaceops.errors import PeaceopsError


class InputRejected(PeaceopsError):
    """This input cannot be ingested; the batch goes on with the others."""


class FetchRefused(InputRejected):
    """The URL is not fetched: a private address, a bad scheme, too many redirects, too large, wrong type."""
