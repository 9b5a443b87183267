"""Every setting peaceops reads from its environment, in one registry.

Each :class:`Setting` has a name, its environment variable, the default that
applies when the variable is unset (or empty) and a help line. Modules read a
setting through this registry (``settings.CACHE.value()``), never through
``os.environ`` directly, so that docs/settings.md (generated from
:data:`SETTINGS` by ``make docs``) lists everything and the tests can clear
everything. Where a command-line option exists it wins over the variable:
explicit argument, else environment variable, else default.

This module also says where the shipped files are: the curated data and the
demo inputs, inside the package when installed from a wheel, beside ``src/``
in a clone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PREFIX = "PEACEOPS_"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    """What applies when the variable is unset or empty, in words."""
    help: str
    option: str | None = None
    """The command-line option that overrides the variable, if any."""

    def value(self) -> str | None:
        """The environment variable's value, or None when it is unset or empty."""
        return os.environ.get(self.env) or None


WORKSPACE = Setting(
    "workspace",
    "PEACEOPS_WORKSPACE",
    "the per-user data directory (platformdirs), e.g. ~/.local/share/peaceops",
    "Directory of the user's workspace: the SQLite file, event data, web cache.",
    option="--workspace",
)
DATA = Setting(
    "data",
    "PEACEOPS_DATA",
    "the curated data shipped with peaceops (data/ in the repository)",
    "Directory of curated data: operations, sources, evidence, framework, gazetteer.",
    option="--data",
)
SECRET_KEY = Setting(
    "secret_key",
    "PEACEOPS_SECRET_KEY",
    "a random key created once in the workspace (file web-secret-key, mode 600)",
    "Key signing the web application's session cookies; set it when several servers share sessions.",
)
LANGUAGES = Setting(
    "languages",
    "PEACEOPS_LANGUAGES",
    "en,ru,uk,be,ro,ka,hy,az,kk,tr,de,fr,es,it,pt,pl,cs,sr,sq,ar",
    "Languages ingestion detects, ISO 639-1 codes, comma-separated (sr also covers Croatian and Bosnian).",
)
CACHE = Setting(
    "cache",
    "PEACEOPS_CACHE",
    "the per-user cache directory (platformdirs), e.g. ~/.cache/peaceops",
    "Where the validated registry is cached; `off` disables the cache.",
)
USER = Setting(
    "user",
    "PEACEOPS_USER",
    "the login name",
    "Name recorded for ingestion and review from the command line (`--as` overrides it).",
    option="--as",
)
FAILPOINT = Setting(
    "failpoint",
    "PEACEOPS_FAILPOINT",
    "unset (never set it in normal use)",
    "Testing only: the named point where the process kills itself, to test crash safety.",
)

MAX_MATCHES = Setting(
    "max_matches",
    "PEACEOPS_MAX_MATCHES",
    "200000",
    "Phrase matches (names, places, actors, cues) one ingested document may produce before it is quarantined.",
)
MAX_SENTENCES = Setting(
    "max_sentences",
    "PEACEOPS_MAX_SENTENCES",
    "100000",
    "Sentences one ingested document may have before it is quarantined.",
)
MAX_SECONDS = Setting(
    "max_seconds",
    "PEACEOPS_MAX_SECONDS",
    "120",
    "Seconds of analysis (extraction to candidates) one ingested document may take before it is quarantined.",
)

# Where `peaceops events fetch` downloads from (peaceops.events.fetch.sources cites each official address).
UCDP_BASE_URL = Setting(
    "ucdp_base_url",
    "PEACEOPS_UCDP_BASE_URL",
    "https://ucdp.uu.se/downloads (UCDP's download centre)",
    "Base address of UCDP downloads (GED and Candidate) for `events fetch`; set it to use a mirror.",
)
GDELT_BASE_URL = Setting(
    "gdelt_base_url",
    "PEACEOPS_GDELT_BASE_URL",
    "http://data.gdeltproject.org/gdeltv2 (GDELT 2.0's file server)",
    "Base address of GDELT 2.0 files (master file list, last update, exports) for `events fetch`; "
    "the files listed are fetched from this address too.",
)
ACLED_BASE_URL = Setting(
    "acled_base_url",
    "PEACEOPS_ACLED_BASE_URL",
    "https://acleddata.com (ACLED's API and OAuth token endpoint)",
    "Base address of ACLED's API for `events fetch acled`.",
)
ACLED_EMAIL = Setting(
    "acled_email",
    "PEACEOPS_ACLED_EMAIL",
    "unset (required by `events fetch acled`)",
    "E-mail address of your myACLED account; ACLED's API issues a token for it. Never logged or printed.",
)
ACLED_PASSWORD = Setting(
    "acled_password",
    "PEACEOPS_ACLED_PASSWORD",
    "unset (required by `events fetch acled`)",
    "Password of your myACLED account (ACLED's OAuth password grant). Never logged, printed or stored.",
)

SETTINGS: tuple[Setting, ...] = (
    WORKSPACE,
    DATA,
    SECRET_KEY,
    LANGUAGES,
    CACHE,
    USER,
    MAX_MATCHES,
    MAX_SENTENCES,
    MAX_SECONDS,
    UCDP_BASE_URL,
    GDELT_BASE_URL,
    ACLED_BASE_URL,
    ACLED_EMAIL,
    ACLED_PASSWORD,
    FAILPOINT,
)
"""Every setting; docs/settings.md is generated from it and the tests clear every variable in it."""

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def default_workspace() -> Path:
    from platformdirs import user_data_dir  # deferred: ops show does not need it, keeps CLI start-up fast

    return Path(user_data_dir("peaceops", appauthor=False))


def resolve_workspace(explicit: str | os.PathLike | None = None) -> Path:
    """The workspace directory: argument, else $PEACEOPS_WORKSPACE, else the per-user default."""
    if explicit:
        return Path(explicit).expanduser()
    env = WORKSPACE.value()
    if env:
        return Path(env).expanduser()
    return default_workspace()


def _shipped(packaged: str, in_repository: str) -> Path:
    """``peaceops/<packaged>`` in an installed wheel, else ``<repository>/<in_repository>`` in a clone."""
    inside = Path(__file__).parent / packaged
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / in_repository


def shipped_data_dir() -> Path:
    """The curated data that comes with the package (wheel) or the repository (editable install)."""
    return _shipped("_data", "data")


def shipped_examples_dir() -> Path:
    """The demo inputs (event files, the seed text) of the wheel, or examples/ of the repository."""
    return _shipped("_examples", "examples")


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The curated data directory: argument, else $PEACEOPS_DATA, else the shipped data."""
    if explicit:
        return Path(explicit).expanduser()
    env = DATA.value()
    if env:
        return Path(env).expanduser()
    return shipped_data_dir()


def cache_dir() -> Path | None:
    """Where the validated registry is cached: $PEACEOPS_CACHE, else the per-user cache; None when 'off'."""
    value = CACHE.value()
    if value == "off":
        return None
    if value:
        return Path(value).expanduser()
    from platformdirs import user_cache_dir  # deferred: ops show does not need it, keeps CLI start-up fast

    return Path(user_cache_dir("peaceops", appauthor=False))


def markdown() -> str:
    """docs/settings.md: the registry as a table (written by ``make docs``, checked by tests/test_docs.py)."""
    lines = [
        "# Settings",
        "",
        "Generated from `src/peaceops/settings.py` by `make docs` (scripts/gen_docs.py); do not edit by hand.",
        "",
        "peaceops reads these environment variables and no others. An empty variable counts as unset. "
        "Where a command-line option exists, it wins over the variable.",
        "",
        "| variable | option | default | what it sets |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        option = f"`{s.option}`" if s.option else ""
        lines.append(f"| `{s.env}` | {option} | {s.default} | {s.help} |")
    return "\n".join(lines) + "\n"
