"""Back up and restore a workspace: the SQLite store (online backup) and its Parquet files.

The archive is a tar.gz with ``manifest.json`` (peaceops version, schema
version, every file with its size and SHA-256), the database as the SQLite
online-backup API copied it (a consistent snapshot even while another
process writes), and the ``events/`` tree. Writing goes to a temporary file
renamed into place, so a failed backup never leaves a truncated archive under
the final name. Restoring verifies every checksum and the database's
integrity before anything is moved into place, and refuses to overwrite a
workspace that has data unless asked to.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from peaceops import __version__
from peaceops.errors import PeaceopsError, UsageError
from peaceops.workspace import DB_NAME, Workspace, open_workspace
from peaceops.workspace import files as db_files

MANIFEST = "manifest.json"


class BackupError(PeaceopsError):
    """An archive is missing, damaged or not a peaceops backup."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(ws: Workspace, archive: Path) -> dict:
    """Write ``archive`` (tar.gz); returns the manifest."""
    archive = Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.parent) as tmp:
        staging = Path(tmp) / "workspace"
        staging.mkdir()
        db_files.snapshot(ws.db_path, staging / DB_NAME)
        if ws.events_dir.is_dir():
            shutil.copytree(ws.events_dir, staging / "events", ignore=shutil.ignore_patterns("*.tmp", ".*"))
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        manifest = {
            "peaceops_version": __version__,
            "schema_version": ws.schema_version(),
            "files": {str(p.relative_to(staging)): {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in files},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(staging / MANIFEST, arcname=MANIFEST)
            for path in files:
                tar.add(path, arcname=str(path.relative_to(staging)))
        os.replace(partial, archive)
    return manifest


def _has_data(root: Path) -> bool:
    db = root / DB_NAME
    if not db.exists():
        return root.exists() and any(root.iterdir())
    if db_files.holds_data(db):
        return True
    return (root / "events").exists() and any((root / "events").rglob("*.parquet"))


def restore(archive: Path, target: str | Path | None, *, force: bool = False) -> Workspace:
    """Restore ``archive`` into the workspace directory ``target``; returns the opened workspace."""
    from peaceops.settings import resolve_workspace

    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file")
    root = resolve_workspace(target)
    if root.exists() and _has_data(root) and not force:
        raise UsageError(f"workspace {root} already holds data; restore into an empty directory or pass --force to replace it")
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent) as tmp:
        staging = Path(tmp) / "restored"
        staging.mkdir()
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(staging, filter="data")  # refuses absolute paths, '..' and links out of the folder
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"{archive}: not a readable peaceops backup ({exc})") from None
        manifest_path = staging / MANIFEST
        if not manifest_path.exists():
            raise BackupError(f"{archive}: no {MANIFEST}; not a peaceops backup")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for name, meta in manifest["files"].items():
            path = staging / name
            if not path.is_file() or _sha256(path) != meta["sha256"]:
                raise BackupError(f"{archive}: {name} is missing or does not match its checksum; the backup is damaged")
        status = db_files.integrity(staging / DB_NAME)
        if status != "ok":
            raise BackupError(f"{archive}: the database fails SQLite's integrity check ({status})")
        manifest_path.unlink()
        if root.exists():
            old = Path(tmp) / "replaced"
            os.replace(root, old)  # kept until the new one is in place, then dropped with the temp dir
        os.replace(staging, root)
    return open_workspace(root)
