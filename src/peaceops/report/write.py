"""Write a report to a file: the one function the CLI, the demo and the web application call."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from peaceops.errors import UsageError
from peaceops.report.build import ReportOptions, build_report
from peaceops.report.errors import ReportError
from peaceops.report.render import FORMATS, render_html, render_markdown, write_pdf

EXTENSIONS = {"html": ".html", "pdf": ".pdf", "md": ".md"}


@dataclass
class Written:
    """What one call wrote."""

    kind: str  # "operation" or "comparison"
    operations: list[str]
    format: str
    path: Path
    assets: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "operations": self.operations,
            "format": self.format,
            "path": str(self.path),
            "assets": [str(p) for p in self.assets],
        }


def default_name(report) -> str:
    if report.kind == "operation":
        return report.operation_id
    ids = [op.id for op in report.operations]
    return f"comparison-{ids[0]}-and-{len(ids) - 1}-more"


def target_path(out: Path | str, fmt: str, report) -> Path:
    """``out`` itself when it names a file; ``out/<default name>.<ext>`` when it is (or looks like) a directory."""
    out = Path(out)
    ext = EXTENSIONS[fmt]
    if out.is_dir() or not out.suffix:
        return out / (default_name(report) + ext)
    if out.suffix.lower() != ext:
        raise UsageError(
            f"--out {out} ends in {out.suffix!r} but the format is {fmt}; name the file *{ext} or give a directory"
        )
    return out


def write_report(
    queries: list[str],
    fmt: str,
    out: Path | str,
    *,
    catalog=None,
    data_dir=None,
    options: ReportOptions | None = None,
    name: str | None = None,
) -> Written:
    """Build the report on ``queries`` (one operation, or several to compare) and write it as ``fmt`` to ``out``.

    ``out`` is a file, or a directory to write ``<name or default>.<ext>`` into.
    Markdown figures go to ``<stem>_files/`` beside the Markdown file.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    report = build_report(list(queries), catalog, data_dir=data_dir, options=options)
    return write_built(report, fmt, Path(out) / f"{name}{EXTENSIONS[fmt]}" if name else out)


def write_built(report, fmt: str, out: Path | str) -> Written:
    """Write an already built report (build once, write several formats)."""
    path = target_path(out, fmt, report)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create the directory {path.parent}: {exc.strerror}; choose another --out") from exc
    ops = [report.operation_id] if report.kind == "operation" else [op.id for op in report.operations]
    written = Written(report.kind, ops, fmt, path)
    if fmt == "html":
        _atomic_write(path, render_html(report).encode("utf-8"))
    elif fmt == "md":
        assets = path.parent / f"{path.stem}_files"
        written.assets = _write_assets(report, assets)
        _atomic_write(path, render_markdown(report, assets.name).encode("utf-8"))
    else:
        partial = path.with_name(path.name + ".partial")
        try:
            write_pdf(render_html(report), partial)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return written


def _write_assets(report, folder: Path) -> list[Path]:
    figures = report.figures
    if not figures:
        return []
    folder.mkdir(exist_ok=True)
    keep = {f"{f.key}.svg" for f in figures}
    for stale in folder.glob("*.svg"):  # figures of an earlier run that this one no longer has
        if stale.name not in keep:
            stale.unlink()
    paths = []
    for figure in figures:
        path = folder / f"{figure.key}.svg"
        _atomic_write(path, ('<?xml version="1.0" encoding="utf-8"?>\n' + figure.svg).encode("utf-8"))
        paths.append(path)
    return paths


def _atomic_write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror}; choose another --out") from exc
