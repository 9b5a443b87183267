"""Backup and restore: what comes back equals what went in; damage and overwrites are refused."""

from __future__ import annotations

import sqlite3
import tarfile
from contextlib import closing

import pytest

from peaceops.backup import BackupError, backup, restore
from peaceops.errors import UsageError
from peaceops.workspace import open_workspace

TABLES = ("documents", "mentions", "candidates", "evidence", "audit_log", "quarantine", "schema_migrations")


def _dump(db):
    with closing(sqlite3.connect(db)) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


@pytest.fixture
def filled(tmp_path, mini_data):
    from peaceops import catalog, review
    from peaceops.ingest import ingest_text

    ws = open_workspace(tmp_path / "ws")
    cat = catalog.load()
    ingest_text(
        "Russian peacekeepers in Transnistria were deployed in 1992 at the request of Moldova's government, "
        "under the Moscow agreement.",
        origin="paste",
        workspace=ws,
        catalog=cat,
        actor="ana",
    )
    cand = review.list_candidates(ws)[0]
    review.accept(
        ws,
        cat,
        cand.id,
        actor="ana",
        indicator="consent-host",
        stance="supports",
        reliability="C",
        credibility=3,
        operation_id="transnistria-jpkf-1992",
    )
    (ws.events_dir / "ucdp").mkdir(parents=True)
    (ws.events_dir / "ucdp" / "part-0.parquet").write_bytes(b"PAR1 fake payload for the copy test PAR1")
    return ws


def test_round_trip(filled, tmp_path):
    archive = tmp_path / "backups" / "ws.tar.gz"
    manifest = backup(filled, archive)
    assert "peaceops.sqlite" in manifest["files"] and "events/ucdp/part-0.parquet" in manifest["files"]
    restored = restore(archive, tmp_path / "restored")
    assert _dump(restored.db_path) == _dump(filled.db_path)
    assert (restored.events_dir / "ucdp" / "part-0.parquet").read_bytes() == (
        filled.events_dir / "ucdp" / "part-0.parquet"
    ).read_bytes()
    with closing(sqlite3.connect(restored.db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_to_overwrite_data_without_force(filled, tmp_path):
    archive = tmp_path / "ws.tar.gz"
    backup(filled, archive)
    with pytest.raises(UsageError, match="already holds data"):
        restore(archive, filled.root)
    restored = restore(archive, filled.root, force=True)
    assert _dump(restored.db_path)["documents"]


def test_damaged_archive_is_refused_and_the_target_untouched(filled, tmp_path):
    archive = tmp_path / "ws.tar.gz"
    backup(filled, archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.endswith(".parquet"):
                data = data.replace(b"fake", b"evil")
            member.size = len(data)
            import io

            dst.addfile(member, io.BytesIO(data))
    target = tmp_path / "target"
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore(damaged, target)
    assert not target.exists()
    (tmp_path / "garbage.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="not a readable peaceops backup"):
        restore(tmp_path / "garbage.tar.gz", target)


def test_cli(cli, tmp_path, workspace_dir):
    assert cli("ingest", "-").exit_code in (0, 1)  # creates the workspace (stdin is empty: quarantined, not fatal)
    result = cli("backup", str(tmp_path / "b.tar.gz"))
    assert result.exit_code == 0, result.stderr
    again = cli("restore", str(tmp_path / "b.tar.gz"))
    assert again.exit_code == 1 and "already holds data" in again.stderr


# -- crafted archives (issue 19, defect 8) -------------------------------------


def _craft(path, members: dict[str, bytes]):
    import io

    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _manifest_for(members: dict[str, bytes], schema_version: int = 4) -> bytes:
    import hashlib
    import json

    files = {name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in members.items()}
    return json.dumps({"peaceops_version": "0", "schema_version": schema_version, "files": files}).encode()


def _foreign_database(tmp_path) -> bytes:
    """A sound SQLite file that is not a peaceops workspace (passes integrity_check, fails the schema check)."""
    path = tmp_path / "foreign.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT)")
        conn.execute("INSERT INTO schema_migrations VALUES (1, 'x', 'y'), (2, 'x', 'y')")
        conn.execute("CREATE TABLE notes (body TEXT)")
    return path.read_bytes()


def _crafted(kind: str, tmp_path):
    if kind == "empty manifest":
        return _craft(tmp_path / "a.tar.gz", {"manifest.json": _manifest_for({})})
    if kind == "manifest not JSON":
        return _craft(tmp_path / "a.tar.gz", {"manifest.json": b"{not json", "peaceops.sqlite": b"x"})
    if kind == "manifest of the wrong shape":
        return _craft(
            tmp_path / "a.tar.gz", {"manifest.json": b'{"files": ["peaceops.sqlite"]}', "peaceops.sqlite": b"x"}
        )
    if kind == "garbage database":
        members = {"peaceops.sqlite": b"this is not a database at all" * 100}
    elif kind == "foreign database":
        members = {"peaceops.sqlite": _foreign_database(tmp_path)}
    elif kind == "unlisted file":
        archive = tmp_path / "good.tar.gz"
        with tarfile.open(archive) as tar:
            members = {
                m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile() and m.name != "manifest.json"
            }
        manifest = _manifest_for(members)
        members["events/smuggled.parquet"] = b"PAR1 not in the manifest PAR1"
        return _craft(tmp_path / "a.tar.gz", {"manifest.json": manifest, **members})
    return _craft(tmp_path / "a.tar.gz", {"manifest.json": _manifest_for(members), **members})


@pytest.mark.parametrize(
    "kind",
    [
        "empty manifest",
        "manifest not JSON",
        "manifest of the wrong shape",
        "garbage database",
        "foreign database",
        "unlisted file",
    ],
)
def test_crafted_archive_is_one_error_line_and_the_workspace_stays(filled, tmp_path, kind):
    from typer.testing import CliRunner

    from peaceops.cli.main import app

    backup(filled, tmp_path / "good.tar.gz")
    before = _dump(filled.db_path)
    archive = _crafted(kind, tmp_path)
    result = CliRunner().invoke(
        app, ["--workspace", str(filled.root), "restore", str(archive), "--force"], catch_exceptions=False
    )
    assert result.exit_code == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peaceops: error:") and str(archive) in lines[0], result.stderr
    assert _dump(filled.db_path) == before
    assert (filled.events_dir / "ucdp" / "part-0.parquet").exists()
    assert sorted(p.name for p in filled.root.parent.iterdir() if p.name.startswith("tmp")) == []  # nothing left behind


def test_database_and_archive_are_private(filled, tmp_path):
    archive = tmp_path / "ws.tar.gz"
    backup(filled, archive)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert filled.db_path.stat().st_mode & 0o777 == 0o600
    restored = restore(archive, tmp_path / "restored")
    assert restored.db_path.stat().st_mode & 0o777 == 0o600


def test_a_failed_check_in_place_puts_the_old_workspace_back(filled, tmp_path, monkeypatch):
    """Fault injection: the check of the restored workspace, once moved into place, fails; the old one returns."""
    from peaceops import backup as backup_module

    archive = tmp_path / "ws.tar.gz"
    backup(filled, archive)
    fresh = open_workspace(tmp_path / "other")
    before = _dump(fresh.db_path)
    real = backup_module._open_checked

    def failing_in_place(archive_path, root):
        if root == fresh.root:
            raise BackupError(f"{archive_path}: injected failure in place")
        return real(archive_path, root)

    monkeypatch.setattr(backup_module, "_open_checked", failing_in_place)
    with pytest.raises(BackupError, match="injected failure in place"):
        restore(archive, fresh.root, force=True)
    assert _dump(fresh.db_path) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("tmp")] == []
