"""Only the workspace package speaks SQL to the workspace database.

Every string literal in ``src/peaceops`` outside ``peaceops/workspace/`` is
scanned for SQL statements. ``peaceops/events/`` is left out on purpose: its
SQL is DuckDB/Ibis analytics over the Parquet event files, not the workspace.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import peaceops

PACKAGE = Path(peaceops.__file__).parent
ALLOWED = ("workspace", "events")

# Upper-case keywords, as this code base writes SQL; prose rarely shouts "COMMIT" or "SELECT DISTINCT".
SQL_KEYWORDS = re.compile(
    r"\bSELECT\s+\S|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(?:TABLE|INDEX|TRIGGER|VIEW)\b|\bBEGIN\s+(?:IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION)\b"
    r"|\b(?:ROLLBACK|COMMIT)\b|\bPRAGMA\s+\w+"
)
# Any case, but only shapes that English does not take.
SQL_SHAPES = re.compile(
    r"\bselect\b[^.;]{0,200}?\bfrom\s+\w+\s*(?:where|order\s+by|group\s+by|limit|join|$)"
    r"|\bcount\s*\(\s*\*\s*\)|\binsert\s+(?:or\s+\w+\s+)?into\s+\w+\s*\(|\bupdate\s+\w+\s+set\s+\w+\s*="
    r"|\bdelete\s+from\s+\w+\s*(?:where|$)|\bpragma\s+\w+\s*(?:=|$)",
    re.IGNORECASE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """Line numbers of docstrings: prose may name a statement ("the BEGIN IMMEDIATE ... ROLLBACK pattern")."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                ids.add(id(first.value))
    return ids


def sql_outside_workspace(package: Path) -> list[str]:
    """``file:line: statement`` for every SQL string literal outside the allowed sub-packages."""
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
            else:
                continue
            match = SQL_KEYWORDS.search(text) or SQL_SHAPES.search(text)
            if match:
                found.append(f"{package.name}/{relative}:{node.lineno}: {match.group(0)!r}")
    return sorted(set(found))


def test_no_sql_outside_the_workspace_package():
    found = sql_outside_workspace(PACKAGE)
    assert not found, (
        "SQL outside peaceops/workspace/ (move it into the table's module there and call that):\n  "
        + "\n  ".join(found)
    )


def test_the_scan_finds_sql_planted_in_the_web_layer(tmp_path):
    """The scan above can fail: a copy of the package with one query added to the web layer is caught at its line."""
    import shutil

    copy = tmp_path / "peaceops"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    assert sql_outside_workspace(copy) == []
    target = copy / "web" / "context.py"
    lines = target.read_text(encoding="utf-8").splitlines()
    lines += [
        "",
        "def pending(conn):",
        "    return conn.execute(f\"select count(*) from candidates where status = 'pending'\")",
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [found] = sql_outside_workspace(copy)
    assert found.startswith(f"peaceops/web/context.py:{len(lines)}: 'select count(*) from candidates")
    lines += ["", "RECENT = 'SELECT id FROM documents ORDER BY id DESC'"]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"peaceops/web/context.py:{len(lines)}: 'SELECT i'" in sql_outside_workspace(copy)
