"""Where each dataset is published: the one table of official addresses, and the file names built on them.

| source           | official base address                | files under it                                     |
|------------------|--------------------------------------|----------------------------------------------------|
| `ucdp-ged`       | https://ucdp.uu.se/downloads         | `ged/ged{VV}-csv.zip` (25.1 → `ged251-csv.zip`)    |
| `ucdp-candidate` | https://ucdp.uu.se/downloads         | `candidateged/GEDEvent_v{version, . → _}.csv`      |
| `gdelt2`         | http://data.gdeltproject.org/gdeltv2 | `masterfilelist.txt`, `lastupdate.txt`, exports    |
| `acled`          | https://acleddata.com                | `oauth/token` (POST), `api/acled/read?_format=csv` |

GDELT exports are named `{YYYYMMDDHHMMSS}.export.CSV.zip`.

Where each was seen (nothing here is guessed):

- UCDP GED: UCDP's download centre, https://ucdp.uu.se/downloads/index.html#ged_global,
  links the global CSV as ``https://ucdp.uu.se/downloads/ged/ged251-csv.zip``
  (25.1; ``ged261-csv.zip`` for 26.1), beside the codebook ``ged/ged251.pdf``.
  The archive holds ``GEDEvent_v25_1.csv`` in the full 49-column layout.
  As far as could be found, UCDP publishes no checksum in a machine-readable
  form (none on the download page or in the pages that quote its links), so
  peaceops records the SHA-256 of what it received and verifies nothing
  against UCDP.
- UCDP Candidate: the same download centre, section "UCDP Candidate Events
  Dataset", links monthly releases as
  ``https://ucdp.uu.se/downloads/candidateged/GEDEvent_v26_0_7.csv`` (version
  26.0.7 = July 2026) and cumulative ones as ``GEDEvent_v26_01_26_06.csv``
  (26.01.26.06 = January–June 2026), with the codebook
  ``candidateged/ucdp-candidate-codebook1.5.pdf``. The CSV has the GED column
  layout (the codebook lists the same variables), so the ``ucdp-ged`` reader
  loads it unchanged. Plain CSV, not zipped; no checksum published.
- GDELT 2.0: the Event codebook V2.0 and https://www.gdeltproject.org/data.html
  point to ``http://data.gdeltproject.org/gdeltv2/masterfilelist.txt`` (every
  file since 2015-02-18) and ``.../lastupdate.txt`` (the latest 15-minute
  batch); each line is ``SIZE MD5 URL``, the export files being
  ``http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip``. The
  MD5 and size of every file are verified.
- ACLED: ACLED's API documentation, "Getting started"
  (https://acleddata.com/api-documentation/getting-started): since September
  2025 the API takes an OAuth token from ``https://acleddata.com/oauth/token``
  (password grant, client id ``acled``, with the myACLED e-mail and password;
  the same endpoint is used by ACLED's own R package acledR, ``acled_auth``)
  and serves data at ``https://acleddata.com/api/acled/read``, CSV with
  ``?_format=csv``, 5,000 rows a page by default (``limit``, ``page``). The old
  access keys of api.acleddata.com no longer work.

Each base address can be replaced by a setting (PEACEOPS_UCDP_BASE_URL,
PEACEOPS_GDELT_BASE_URL, PEACEOPS_ACLED_BASE_URL): for a mirror, and for the
tests, which serve the same file layout from a local server.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peaceops import settings
from peaceops.events.fetch.download import Remote
from peaceops.events.fetch.errors import FetchError


@dataclass(frozen=True)
class Source:
    """One dataset peaceops can fetch: the official base address, the setting that replaces it, the load format."""

    name: str
    official_base: str
    setting: settings.Setting
    load_format: str

    def base(self) -> str:
        """The base address in use: the setting's value, else the official one (no trailing slash)."""
        return (self.setting.value() or self.official_base).rstrip("/")


SOURCES: dict[str, Source] = {
    "ucdp-ged": Source("ucdp-ged", "https://ucdp.uu.se/downloads", settings.UCDP_BASE_URL, "ucdp-ged"),
    "ucdp-candidate": Source("ucdp-candidate", "https://ucdp.uu.se/downloads", settings.UCDP_BASE_URL, "ucdp-ged"),
    "gdelt2": Source("gdelt2", "http://data.gdeltproject.org/gdeltv2", settings.GDELT_BASE_URL, "gdelt2"),
    "acled": Source("acled", "https://acleddata.com", settings.ACLED_BASE_URL, "acled"),
}

DEFAULT_GED_VERSION = "25.1"
"""The GED release fetched when no --version is given (UCDP releases one a year, in spring)."""

_GED_VERSION = re.compile(r"^\d{1,2}\.\d$")
_CANDIDATE_VERSION = re.compile(r"^\d{2}\.\d{1,2}(\.\d{1,2}){1,3}$")


def ucdp_ged(version: str) -> Remote:
    """The global GED CSV archive of ``version`` (``25.1`` → ``.../ged/ged251-csv.zip``)."""
    if not _GED_VERSION.match(version):
        raise FetchError(f"UCDP GED version {version!r} is not of the form YY.N; e.g. --version {DEFAULT_GED_VERSION}")
    name = f"ged{version.replace('.', '')}-csv.zip"
    return Remote(f"{SOURCES['ucdp-ged'].base()}/ged/{name}", name)


def ucdp_candidate(version: str) -> Remote:
    """The Candidate CSV of ``version``: monthly ``25.0.11`` or cumulative ``26.01.26.06``."""
    if not _CANDIDATE_VERSION.match(version):
        raise FetchError(
            f"UCDP Candidate version {version!r} is not of the form YY.0.M (monthly, e.g. 25.0.11) "
            "or YY.01.YY.MM (cumulative, e.g. 26.01.26.06)"
        )
    name = f"GEDEvent_v{version.replace('.', '_')}.csv"
    return Remote(f"{SOURCES['ucdp-candidate'].base()}/candidateged/{name}", name)


def candidate_monthly_versions(year: int, today: dt.date) -> list[str]:
    """The monthly Candidate versions that may exist for ``year`` (January to December, or to this month)."""
    last = today.month if year == today.year else 12
    if year > today.year:
        return []
    return [f"{year % 100:02d}.0.{month}" for month in range(1, last + 1)]


@dataclass(frozen=True)
class GdeltFile:
    """One line of GDELT's master file list: when, size, MD5 and address."""

    stamp: dt.datetime
    size: int
    md5: str
    url: str


_GDELT_EXPORT = re.compile(r"^(\d{14})\.export\.CSV\.zip$")


def gdelt_list_url(latest_only: bool) -> str:
    return f"{SOURCES['gdelt2'].base()}/{'lastupdate.txt' if latest_only else 'masterfilelist.txt'}"


def parse_gdelt_line(line: str) -> GdeltFile | None:
    """The export file of a ``SIZE MD5 URL`` line, or None (a mentions or GKG file, a blank or broken line).

    The file is addressed under the base address in use, so a mirror (or the
    tests' local server) serves the files its list names.
    """
    parts = line.split()
    if len(parts) != 3 or not parts[0].isdigit() or not re.fullmatch(r"[0-9a-fA-F]{32}", parts[1]):
        return None
    name = parts[2].rsplit("/", 1)[-1]
    match = _GDELT_EXPORT.match(name)
    if not match:
        return None
    stamp = dt.datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    return GdeltFile(stamp, int(parts[0]), parts[1].lower(), f"{SOURCES['gdelt2'].base()}/{name}")


def acled_token_url() -> str:
    return f"{SOURCES['acled'].base()}/oauth/token"


def acled_read_url() -> str:
    return f"{SOURCES['acled'].base()}/api/acled/read"
