"""A cache of the validated registry, so that `peaceops ops show` does not re-validate 500 YAML files.

The key is a hash of the peaceops version, the schema source code and every
file under data/operations and data/sources (path, size, mtime in
nanoseconds): any edit, addition or removal misses the cache and the data is
validated again. Only a registry without problems is stored. The cache lives
in the per-user cache directory ($PEACEOPS_CACHE to move it, or
PEACEOPS_CACHE=off to disable it); a damaged cache file is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from peaceops import __version__


def _cache_dir() -> Path | None:
    value = os.environ.get("PEACEOPS_CACHE")
    if value == "off":
        return None
    if value:
        return Path(value)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("peaceops", appauthor=False))


def _key(root: Path) -> str:
    digest = hashlib.sha256(__version__.encode())
    digest.update((Path(__file__).parent / "models.py").read_bytes())
    for folder in ("operations", "sources"):
        for path in sorted((root / folder).glob("*.yaml")):
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def get(root: Path):
    directory = _cache_dir()
    if directory is None or not root.is_dir():
        return None
    path = directory / f"registry-{_key(root)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def put(root: Path, operations, sources) -> None:
    directory = _cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("registry-*.pickle"):  # one cached registry per data version is enough
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".tmp") as handle:
            pickle.dump((operations, sources), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, directory / f"registry-{_key(root)}.pickle")
    except OSError:
        return  # a cache that cannot be written is not an error
