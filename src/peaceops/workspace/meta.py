"""The ``meta`` key-value table and the ``job_log`` of jobs run in the workspace."""

from __future__ import annotations

import datetime as dt
import json


def log_job(conn, job: str, details: dict) -> None:
    """Append one job (name, UTC start time, details as JSON)."""
    conn.execute(
        "INSERT INTO job_log (job, started_at, details) VALUES (?, ?, ?)",
        (job, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), json.dumps(details, sort_keys=True)),
    )


def jobs(conn, limit: int = 100) -> list[dict]:
    """The newest jobs first, with their details decoded."""
    rows = conn.execute(
        "SELECT id, job, started_at, details FROM job_log ORDER BY id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [{**dict(row), "details": json.loads(row["details"])} for row in rows]
