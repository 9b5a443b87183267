"""The ``suggest_models`` table (models trained by ``peaceops review train``) and the reviewer decisions they learn."""

from __future__ import annotations

_COLUMNS = "version, trained_at, trained_by, examples, workspace_examples, data_hash, sha256, path"


def all_versions(conn) -> list[tuple]:
    """Every trained model's row, newest first, in the order of ``_COLUMNS``."""
    return conn.execute(f"SELECT {_COLUMNS} FROM suggest_models ORDER BY version DESC").fetchall()  # noqa: S608


def next_version(conn) -> int:
    return (conn.execute("SELECT MAX(version) FROM suggest_models").fetchone()[0] or 0) + 1


def insert(conn, values: tuple) -> None:
    """One model's row, in the order of ``_COLUMNS``."""
    conn.execute(f"INSERT INTO suggest_models ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", values)  # noqa: S608


def accepted(conn) -> list[tuple]:
    """(text, indicator, stance, language, candidate id) of every candidate a reviewer accepted as evidence."""
    return conn.execute(
        "SELECT COALESCE(e.quote, e.paraphrase, c.sentence), e.indicator, e.stance, c.language, c.id "
        "FROM evidence e JOIN candidates c ON c.id = e.candidate_id"
    ).fetchall()


def rejected(conn) -> list[tuple]:
    """(sentence, language, candidate id) of every candidate a reviewer rejected."""
    return conn.execute("SELECT sentence, language, id FROM candidates WHERE status = 'rejected'").fetchall()
