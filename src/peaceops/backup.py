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
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from peaceops import __version__
from peaceops.errors import PeaceopsError, UsageError
from peaceops.settings import resolve_workspace
from peaceops.workspace import DB_NAME, MIGRATIONS, Workspace, open_workspace
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
        os.chmod(partial, 0o600)  # it holds password hashes, like the workspace database
        os.replace(partial, archive)
    return manifest


def _has_data(root: Path) -> bool:
    db = root / DB_NAME
    if not db.exists():
        return root.exists() and any(root.iterdir())
    if db_files.holds_data(db):
        return True
    return (root / "events").exists() and any((root / "events").rglob("*.parquet"))


def _read_manifest(archive: Path, staging: Path) -> dict:
    """The manifest, checked for shape: it must list the database, every file with a SHA-256."""
    path = staging / MANIFEST
    if not path.is_file():
        raise BackupError(f"{archive}: no {MANIFEST}; not a peaceops backup")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive}: {MANIFEST} is not valid JSON ({exc}); the backup is damaged") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(
        isinstance(m, dict) and isinstance(m.get("sha256"), str) for m in files.values()
    ):
        raise BackupError(f"{archive}: {MANIFEST} does not map each file to its sha256; not a peaceops backup")
    if DB_NAME not in files:
        raise BackupError(
            f"{archive}: {MANIFEST} does not list the database {DB_NAME}; refusing to restore a workspace without one"
        )
    return manifest


def _check_files(archive: Path, staging: Path, files: dict) -> None:
    """Every listed file present with its checksum, and nothing in the archive that the manifest does not list."""
    for name, meta in files.items():
        path = staging / name
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise BackupError(f"{archive}: {name} is missing or does not match its checksum; the backup is damaged")
    unlisted = sorted(
        str(p.relative_to(staging))
        for p in staging.rglob("*")
        if p.is_file() and p.name != MANIFEST and str(p.relative_to(staging)) not in files
    )
    if unlisted:
        raise BackupError(
            f"{archive}: holds files its manifest does not list ({', '.join(unlisted[:3])}); the backup was altered"
        )


def _check_database(archive: Path, db: Path) -> None:
    """The database opens read-only, passes ``PRAGMA integrity_check``, and has exactly the schema of its version."""
    known = max(v for v, _, _ in MIGRATIONS)
    try:
        found = db_files.inspect(db)
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"{archive}: {DB_NAME} is not a usable SQLite database ({exc}); the backup is damaged"
        ) from None
    if found.integrity != "ok":
        raise BackupError(f"{archive}: the database fails SQLite's integrity check ({found.integrity})")
    if found.versions is None:
        raise BackupError(f"{archive}: the database has no schema_migrations table; not a peaceops workspace")
    versions, shape = found.versions, found.shape
    version = max(versions, default=0)
    if versions != set(range(1, version + 1)) or version < 1:
        raise BackupError(
            f"{archive}: the database records schema versions {sorted(versions)}; not a peaceops workspace"
        )
    if version > known:
        raise BackupError(
            f"{archive}: the database has schema version {version}, newer than this peaceops knows ({known}); upgrade "
            "peaceops"
        )
    expected = db_files.reference_schema(version)
    if shape != expected:
        differ = sorted(f"{kind} {name}" for kind, name in set(shape) ^ set(expected)) or sorted(
            f"table {name}" for (kind, name) in shape if shape[(kind, name)] != expected.get((kind, name))
        )
        raise BackupError(
            f"{archive}: the database does not have the schema of version {version} "
            f"(differs in {', '.join(differ[:4])}); not a peaceops workspace"
        )


def restore(archive: Path, target: str | Path | None, *, force: bool = False) -> Workspace:
    """Restore ``archive`` into the workspace directory ``target``; returns the opened workspace.

    Nothing is replaced until the archive has passed every check: the manifest
    lists the database and every file with its checksum, the database passes
    ``PRAGMA integrity_check`` and has the schema of its version, and it
    migrates to the current schema. The old workspace is set aside, the new
    one moved in and checked again in place; only then is the old one
    deleted. Any failure puts the old workspace back and raises
    :class:`BackupError`.
    """

    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file")
    root = resolve_workspace(target)
    if root.exists() and _has_data(root) and not force:
        raise UsageError(
            f"workspace {root} already holds data; restore into an empty directory or pass --force to replace it"
        )
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent) as tmp:
        staging = Path(tmp) / "restored"
        staging.mkdir()
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(staging, filter="data")  # refuses absolute paths, '..' and links out of the folder
        except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
            raise BackupError(f"{archive}: not a readable peaceops backup ({exc})") from None
        manifest = _read_manifest(archive, staging)
        _check_files(archive, staging, manifest["files"])
        _check_database(archive, staging / DB_NAME)
        (staging / MANIFEST).unlink()
        os.chmod(staging / DB_NAME, 0o600)  # whatever mode the archive recorded: it holds password hashes
        _open_checked(archive, staging)  # migrates the copy to this version's schema
        old = Path(tmp) / "replaced"
        if root.exists():
            os.replace(root, old)  # kept until the new one is verified in place, then dropped with the temp dir
        os.replace(staging, root)
        try:
            ws = _open_checked(archive, root)
        except BaseException:
            os.replace(root, staging)
            if old.exists():
                os.replace(old, root)
            raise
    return ws


def _open_checked(archive: Path, root: Path) -> Workspace:
    """Open (and migrate) the workspace at ``root``, then check its database against the current schema."""
    try:
        ws = open_workspace(root)
    except PeaceopsError as exc:
        raise BackupError(f"{archive}: the restored database cannot be opened: {exc}") from None
    _check_database(archive, ws.db_path)
    if ws.schema_version() != max(v for v, _, _ in MIGRATIONS):
        raise BackupError(f"{archive}: the restored database did not migrate to the current schema")
    return ws
