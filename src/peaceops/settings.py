"""Where peaceops reads curated data and keeps a user's workspace.

Settings are resolved in one place so the CLI, the web application and the
Python API agree. Each setting: explicit argument, else environment variable,
else default.

| setting   | argument      | environment          | default                                   |
|-----------|---------------|----------------------|-------------------------------------------|
| workspace | --workspace   | PEACEOPS_WORKSPACE   | per-user data directory (platformdirs)    |
| data      | --data        | PEACEOPS_DATA        | the curated data shipped with peaceops    |
"""

from __future__ import annotations

import os
from pathlib import Path

SETTINGS = {
    "workspace": ("PEACEOPS_WORKSPACE", "per-user data directory, e.g. ~/.local/share/peaceops"),
    "data": ("PEACEOPS_DATA", "curated data shipped with peaceops (data/ in the repository)"),
    "secret_key": ("PEACEOPS_SECRET_KEY", "key signing web session cookies; else one kept in the workspace (mode 600)"),
    "languages": ("PEACEOPS_LANGUAGES", "languages ingestion detects, ISO 639-1, comma-separated (default en,ru,uk)"),
    "cache": ("PEACEOPS_CACHE", "where the validated registry is cached ('off' to disable)"),
    "user": ("PEACEOPS_USER", "name recorded for CLI ingestion and review (default: the login name)"),
    "max_matches": ("PEACEOPS_MAX_MATCHES", "phrase matches one ingested document may produce before it is quarantined (200000)"),
    "max_sentences": ("PEACEOPS_MAX_SENTENCES", "sentences one ingested document may have before it is quarantined (100000)"),
    "max_seconds": ("PEACEOPS_MAX_SECONDS", "seconds of analysis one ingested document may take before it is quarantined (120)"),
}


def default_workspace() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("peaceops", appauthor=False))


def resolve_workspace(explicit: str | os.PathLike | None = None) -> Path:
    """The workspace directory: argument, else $PEACEOPS_WORKSPACE, else the per-user default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("PEACEOPS_WORKSPACE")
    if env:
        return Path(env).expanduser()
    return default_workspace()


def shipped_data_dir() -> Path:
    """The curated data that comes with the package (wheel) or the repository (editable install)."""
    packaged = Path(__file__).parent / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The curated data directory: argument, else $PEACEOPS_DATA, else the shipped data."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("PEACEOPS_DATA")
    if env:
        return Path(env).expanduser()
    return shipped_data_dir()
