"""A cache of the validated registry, so that `peaceops ops show` does not re-validate 500 YAML files.

The key is what the registry is built from: the peaceops version, every
Python file of the peaceops package (the schemas, the loader, its cross-checks
and anything they import) and every file under the data directory, each by
path, size and mtime in nanoseconds. Any edit, addition or removal of code or
data misses the cache and the data is validated again. Only a registry without
problems is stored. Each operation and each source is stored as a pickle of its own and unpickled when it is
first read (:class:`Unpickled`): `ops show ID` decodes one operation and the sources it cites, not all of them.
The cache lives in the per-user cache directory
($PEACEOPS_CACHE to move it, or PEACEOPS_CACHE=off to disable it, see
:mod:`peaceops.settings`); a damaged cache file is ignored.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from collections.abc import Mapping
from pathlib import Path

from peaceops import __version__, settings

PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The peaceops package: every ``.py`` file under it is part of the cache key."""


def _cache_dir() -> Path | None:
    return settings.cache_dir()


def _stats(folder: Path, suffix: str = "") -> list[str]:
    """``path, size, mtime_ns`` of every file under ``folder`` ending in ``suffix``, sorted (caches skipped)."""
    lines, pending = [], [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue  # a folder that vanished or cannot be read: its files are simply not in the key
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    pending.append(entry.path)
            elif entry.name.endswith(suffix) and entry.is_file():
                stat = entry.stat()
                lines.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return sorted(lines)


def _key(root: Path) -> str:
    """Hash of the version, the package's code and the data files (by stat: cheap enough for every command)."""
    digest = hashlib.sha256(__version__.encode())
    digest.update("".join((*_stats(PACKAGE_DIR, ".py"), *_stats(root))).encode())  # one update: the same digest
    return digest.hexdigest()[:32]


def get(root: Path):
    """``(operations, sources)`` as :class:`Unpickled` mappings by id, or None when nothing valid is cached."""
    directory = _cache_dir()
    if directory is None or not root.is_dir():
        return None
    path = directory / f"registry-{_key(root)}.pickle"
    try:
        with path.open("rb") as handle:
            operations, sources = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return Unpickled(operations), Unpickled(sources)


class Unpickled(Mapping):
    """A read-only mapping whose values stay pickled until first read, then are kept.

    Iterating over the values decodes them all, as a dict built at once would have: a command that reads every
    operation pays what it paid before, one that reads a few pays for those. Safe to share between threads: a value
    decoded twice at the same moment is kept once (``setdefault``).
    """

    def __init__(self, pickled: dict[str, bytes]):
        self._pickled = pickled
        self._values: dict = {}

    def __getitem__(self, key):
        try:
            return self._values[key]
        except KeyError:
            pass
        return self._values.setdefault(key, _unpickle(self._pickled[key]))

    def __iter__(self):
        return iter(self._pickled)

    def __len__(self) -> int:
        return len(self._pickled)

    def __contains__(self, key) -> bool:
        return key in self._pickled

    def __repr__(self) -> str:
        return f"Unpickled({len(self)} items, {len(self._values)} decoded)"


def _unpickle(data: bytes):
    """``pickle.loads`` with the garbage collector paused: the models it creates set off one collection after
    another (about half of the load's time), and none of them is garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def put(root: Path, operations, sources) -> None:
    directory = _cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("registry-*.pickle"):  # one cached registry per data version is enough
            old.unlink(missing_ok=True)
        import tempfile  # deferred: only a command that validated the registry writes the cache

        with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".tmp") as handle:
            pickle.dump(
                tuple(
                    {key: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for key, value in records.items()}
                    for records in (operations, sources)
                ),
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(handle.name, directory / f"registry-{_key(root)}.pickle")
    except OSError:
        return  # a cache that cannot be written is not an error
