"""The workspace schema: an ordered list of migrations, each applied once in its own transaction.

Each applied version is recorded in ``schema_migrations``. Later capabilities
append migrations; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING

from peaceops.errors import WorkspaceError
from peaceops.workspace.connection import connect, immediate

if TYPE_CHECKING:
    from peaceops.workspace import Workspace

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "workspace metadata and a log of jobs run",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE job_log (
            id INTEGER PRIMARY KEY,
            job TEXT NOT NULL,
            started_at TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'
        );
    """,
    ),
    (
        2,
        "ingested documents, mentions, candidate evidence, reviewed evidence, users and the audit log",
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,      -- sha256 of the normalised extracted text: re-ingesting is a no-op
            raw_hash TEXT NOT NULL,                 -- sha256 of the bytes as received
            origin TEXT NOT NULL,                   -- path, URL, 'stdin', or 'paste'
            origin_kind TEXT NOT NULL CHECK (origin_kind IN ('file', 'url', 'feed-item', 'stdin', 'paste', 'upload')),
            title TEXT, author TEXT, published TEXT, site TEXT, url TEXT,
            language TEXT, encoding TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            ingested_by TEXT
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            operation_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            surface TEXT NOT NULL,
            method TEXT NOT NULL,                   -- name | lemma | context
            reason TEXT NOT NULL
        );
        CREATE INDEX mentions_by_document ON mentions(document_id);
        CREATE INDEX mentions_by_operation ON mentions(operation_id);
        CREATE TABLE candidates (
            id TEXT PRIMARY KEY,                    -- derived from document hash and sentence offsets
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            operation_id TEXT,                      -- operation the sentence speaks of, when one is linked
            sentence TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            language TEXT,
            indicators TEXT NOT NULL,               -- JSON list of indicator ids whose cues matched
            cues TEXT NOT NULL,                     -- JSON {indicator: [cues that fired]}
            numbers TEXT NOT NULL,                  -- JSON list of extracted numbers and dates
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX candidates_by_status ON candidates(status);
        CREATE TABLE evidence (                     -- accepted in review; joins the curated evidence
            id TEXT PRIMARY KEY,                    -- content-derived 'ev-' id, as for curated evidence
            candidate_id TEXT REFERENCES candidates(id),
            operation_id TEXT NOT NULL,
            indicator TEXT NOT NULL,
            stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts', 'mixed')),
            quote TEXT,
            paraphrase TEXT,
            locator TEXT NOT NULL,
            source_id TEXT NOT NULL,
            source_title TEXT,
            source_publisher TEXT,
            source_url TEXT,
            source_date TEXT,
            source_language TEXT,
            reliability TEXT NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
            credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6),
            note TEXT,
            reviewed_by TEXT NOT NULL,
            reviewed_at TEXT NOT NULL
        );
        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            reason TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            before TEXT,                            -- JSON of the record before the change
            after TEXT                              -- JSON of the record after the change
        );
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    """,
    ),
    (
        3,
        "web sessions and failed logins, so that logouts, account changes and login limits hold in every server "
        "process and after a restart",
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,                    -- sha256 of the session id the signed cookie carries
            user_name TEXT NOT NULL COLLATE NOCASE,
            created_at REAL NOT NULL,               -- Unix seconds
            expires_at REAL NOT NULL
        );
        CREATE INDEX sessions_by_user ON sessions(user_name);
        CREATE TABLE login_failures (
            scope TEXT NOT NULL,                    -- 'account' or 'address'
            key TEXT NOT NULL,                      -- the case-folded account name, or the client address
            at REAL NOT NULL                        -- Unix seconds
        );
        CREATE INDEX login_failures_by_key ON login_failures(scope, key, at);
    """,
    ),
    (
        4,
        "user names are case-insensitive: 'Alice' and 'alice' are one account",
        """
        -- Accounts whose names differ only in case: the oldest keeps its name, the others are renamed
        -- '<name>.<n>' (n = row id, so the new name is free) and the rename is written to the audit log.
        CREATE TEMP TABLE renamed_users AS
            SELECT u.rowid AS rid, u.name AS old_name, u.name || '.' || u.rowid AS new_name
            FROM users u
            WHERE EXISTS (SELECT 1 FROM users o WHERE lower(o.name) = lower(u.name)
                          AND (o.created_at < u.created_at OR (o.created_at = u.created_at AND o.rowid < u.rowid)));
        UPDATE users SET name = (SELECT new_name FROM renamed_users WHERE rid = users.rowid)
            WHERE rowid IN (SELECT rid FROM renamed_users);
        INSERT INTO audit_log (at, actor, action, target, before, after)
            SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), 'migration:4', 'user.rename', 'user:' || new_name,
                   json_object('name', old_name), json_object('name', new_name)
            FROM renamed_users;
        DROP TABLE renamed_users;
        CREATE TABLE users_nocase (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        INSERT INTO users_nocase (name, role, password_hash, disabled, created_at)
            SELECT name, role, password_hash, disabled, created_at FROM users;
        DROP TABLE users;
        ALTER TABLE users_nocase RENAME TO users;
    """,
    ),
    (
        5,
        "documents know their date: the reference date, how it was found, and the words it was read from",
        """
        ALTER TABLE documents ADD COLUMN date TEXT;          -- ISO: YYYY-MM-DD, YYYY-MM or YYYY
        ALTER TABLE documents ADD COLUMN date_method TEXT;   -- peaceops.ingest.docdate.METHODS
        ALTER TABLE documents ADD COLUMN date_evidence TEXT; -- the words of the text it was read from, if any
        UPDATE documents SET date = substr(published, 1, 10), date_method = 'metadata'
            WHERE published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*';
    """,
    ),
    (
        6,
        "the review queue's suggestions: ranked indicators and stance per candidate, repeats folded, models kept",
        """
        ALTER TABLE candidates ADD COLUMN suggestion TEXT;        -- JSON: usable, ranked indicators, stance, why
        ALTER TABLE candidates ADD COLUMN sentence_key TEXT;      -- the same sentence however it was copied
        ALTER TABLE candidates ADD COLUMN also_in TEXT NOT NULL DEFAULT '[]';  -- other documents it appeared in
        CREATE INDEX candidates_by_sentence ON candidates(sentence_key, operation_id);
        CREATE TABLE suggest_models (
            version INTEGER PRIMARY KEY,
            trained_at TEXT NOT NULL,
            trained_by TEXT,
            examples INTEGER NOT NULL,
            workspace_examples INTEGER NOT NULL,
            data_hash TEXT NOT NULL,
            sha256 TEXT NOT NULL,           -- of the model file, checked when it is loaded
            path TEXT NOT NULL              -- relative to the workspace
        );
    """,
    ),
    (
        7,
        "the watch: sources polled with their state, items already processed, alerts with their claims, webhooks",
        """
        CREATE TABLE watch_sources (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('feed', 'gdelt2', 'folder')),
            target TEXT NOT NULL UNIQUE,            -- feed URL, GDELT lastupdate URL, or folder path
            every_seconds INTEGER NOT NULL CHECK (every_seconds > 0),
            allow_private INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            added_by TEXT,
            etag TEXT,                              -- validators of the last answer, for conditional requests
            last_modified TEXT,
            last_polled_at REAL,                    -- Unix seconds
            next_poll_at REAL NOT NULL DEFAULT 0,
            last_ok_at REAL,
            failures INTEGER NOT NULL DEFAULT 0,    -- consecutive failed polls (the back-off grows with them)
            last_error TEXT,
            items INTEGER NOT NULL DEFAULT 0        -- items processed from this source
        );
        CREATE TABLE watch_items (                  -- each item processed once: committed with its document
            source_id INTEGER NOT NULL REFERENCES watch_sources(id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,                 -- feed guid or link, folder path+size+mtime, GDELT event id
            document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            outcome TEXT NOT NULL,                  -- ingested | duplicate | failed | event
            reason TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (source_id, item_key)
        );
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('new-deployment', 'change', 'disagreement')),
            topic TEXT NOT NULL,                    -- peaceops.watch.claims.TOPICS
            operation_id TEXT,                      -- the known operation (change, disagreement)
            place TEXT,                             -- gazetteer place key (new deployment)
            first_reported TEXT NOT NULL,           -- date of the earliest report, YYYY-MM-DD
            last_reported TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'confirmed', 'dismissed')),
            confidence REAL NOT NULL,
            confidence_why TEXT NOT NULL,           -- JSON list of reasons
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT,
            reason TEXT                             -- the editor's reason to confirm or dismiss
        );
        CREATE INDEX alerts_by_subject ON alerts(kind, topic, operation_id, place, last_reported);
        CREATE TABLE alert_claims (
            id INTEGER PRIMARY KEY,
            alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
            document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            source_id INTEGER REFERENCES watch_sources(id) ON DELETE SET NULL,
            reported TEXT NOT NULL,                 -- the report's date, YYYY-MM-DD
            language TEXT,
            site TEXT,                              -- host name of the report (independent sources are counted)
            url TEXT,
            title TEXT,
            sentence TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',      -- JSON: cues, figure, actors, GDELT event
            created_at TEXT NOT NULL,
            UNIQUE (alert_id, sentence, url)
        );
        CREATE INDEX alert_claims_by_alert ON alert_claims(alert_id);
        CREATE TABLE watch_webhooks (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            allow_private INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            added_by TEXT
        );
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            webhook_id INTEGER NOT NULL REFERENCES watch_webhooks(id) ON DELETE CASCADE,
            alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
            event TEXT NOT NULL,                    -- alert.new | alert.updated | alert.decided
            payload TEXT NOT NULL,                  -- the JSON posted
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,          -- Unix seconds
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
            last_error TEXT,
            delivered_at TEXT
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
    """,
    ),
]


def _statements(sql: str):
    """Split a migration into complete statements (trigger bodies contain ';')."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise WorkspaceError(f"incomplete SQL statement in a migration: {buffer.strip()[:80]}")


def migrate(ws: Workspace) -> list[int]:
    """Apply pending migrations in order; returns the versions applied."""
    conn = connect(ws.db_path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        known = max((v for v, _, _ in MIGRATIONS), default=0)
        if done and max(done) > known:
            raise WorkspaceError(
                f"workspace {ws.root} has schema version {max(done)}, newer than this peaceops knows ({known}); "
                "upgrade peaceops"
            )
        applied = []
        for version, description, sql in MIGRATIONS:
            if version in done:
                continue
            with immediate(conn):
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (version, description, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                )
            applied.append(version)
        return applied
    finally:
        conn.close()


def schema_version(conn) -> int:
    """The highest migration applied (0 for a database that has none)."""
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return row[0] or 0
