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
    ingest_text("Russian peacekeepers in Transnistria were deployed in 1992 at the request of Moldova's government, "
                "under the Moscow agreement.", origin="paste", workspace=ws, catalog=cat, actor="ana")
    cand = review.list_candidates(ws)[0]
    review.accept(ws, cat, cand.id, actor="ana", indicator="consent-host", stance="supports", reliability="C", credibility=3,
                  operation_id="transnistria-jpkf-1992")
    (ws.events_dir / "ucdp").mkdir(parents=True)
    (ws.events_dir / "ucdp" / "part-0.parquet").write_bytes(b"PAR1 fake payload for the copy test PAR1")
    return ws


def test_round_trip(filled, tmp_path):
    archive = tmp_path / "backups" / "ws.tar.gz"
    manifest = backup(filled, archive)
    assert "peaceops.sqlite" in manifest["files"] and "events/ucdp/part-0.parquet" in manifest["files"]
    restored = restore(archive, tmp_path / "restored")
    assert _dump(restored.db_path) == _dump(filled.db_path)
    assert (restored.events_dir / "ucdp" / "part-0.parquet").read_bytes() == (filled.events_dir / "ucdp" / "part-0.parquet").read_bytes()
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
