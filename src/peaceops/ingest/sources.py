"""Turn command-line SOURCE arguments into work items: files, folder contents, URLs, feeds, stdin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peaceops.ingest.errors import InputRejected
from peaceops.ingest.urls import WEB_SCHEMES, scheme_of, shown

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".md"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class WorkItem:
    kind: str  # file | url | stdin
    target: str


def expand(sources: list[str]) -> tuple[list[WorkItem], list[tuple[str, str]]]:
    """Work items, and (origin, reason) for arguments that cannot be used at all.

    Anything written as ``scheme://`` is a URL, whatever the scheme's case
    (``HTTP://x`` is never the local path ``HTTP:/x``); only http and https are
    fetched, and the URL is parsed when it is fetched.
    """
    items: list[WorkItem] = []
    bad: list[tuple[str, str]] = []
    for source in sources:
        scheme = scheme_of(source)
        if source == "-":
            items.append(WorkItem("stdin", "-"))
        elif scheme in WEB_SCHEMES:
            items.append(WorkItem("url", source))
        elif scheme is not None:
            bad.append((source, f"{shown(source)}: only http and https URLs are fetched, not {scheme!r}"))
        else:
            path = Path(source)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
                if not files:
                    bad.append((source, f"{source}: folder has no {', '.join(sorted(TEXT_SUFFIXES))} files"))
                items.extend(WorkItem("file", str(p)) for p in files)
            elif path.is_file():
                items.append(WorkItem("file", str(path)))
            else:
                bad.append((source, f"{source}: no such file or folder"))
    return items, bad


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputRejected(
                f"{path}: {size / 2**20:.1f} MB is over the {max_bytes / 2**20:g} MB limit for one document (--max-mb)"
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputRejected(f"{path}: cannot read ({exc.strerror})") from None
