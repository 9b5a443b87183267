"""News ingestion: from a file, a folder, a URL, a feed or stdin to candidate evidence.

    >>> from peaceops import catalog, ingest, workspace
    >>> report = ingest.ingest(["article.html"], workspace=workspace.open_workspace(), catalog=catalog.load())
    >>> report.ingested, report.duplicates, report.failed

Pipeline per document: safe fetch (URLs) -> encoding detection -> main text
and metadata (trafilatura for HTML; the same clutter removal for plain text)
-> language per document and per paragraph (lingua) -> sentences (razdel for
Russian, pysbd otherwise) -> mentions of operations -> candidate evidence (cue
lexicons of the framework, troop counts, dates) -> one transaction in the
workspace. A failed input goes to the quarantine list with its reason and the
batch goes on.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from peaceops.ingest.budget import AnalysisLimits
from peaceops.ingest.errors import FetchRefused, InputRejected
from peaceops.ingest.feeds import embedded_enough, looks_like_feed, parse_feed
from peaceops.ingest.fetch import FetchPolicy, fetch
from peaceops.ingest.pipeline import _worker_analyse, _worker_init
from peaceops.ingest.sources import DEFAULT_MAX_BYTES, WorkItem, expand, read_file
from peaceops.ingest.store import quarantine, store_document
from peaceops.ingest.urls import is_web_url, shown

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ingest",
    "ingest_text",
    "IngestReport",
    "DocumentResult",
    "FetchPolicy",
    "AnalysisLimits",
    "InputRejected",
    "FetchRefused",
]

PARALLEL_FROM = 8  # files; below this, starting worker processes costs more than it saves


@dataclass
class DocumentResult:
    origin: str
    status: str  # ingested | duplicate | failed
    reason: str | None = None
    document_id: int | None = None
    title: str | None = None
    language: str | None = None
    mentions: list[dict] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    date: str | None = None  # the document's reference date and how it was found ("2022-01-13 (dateline …)")


@dataclass
class IngestReport:
    results: list[DocumentResult] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ingested(self) -> int:
        return self._count("ingested")

    @property
    def duplicates(self) -> int:
        return self._count("duplicate")

    @property
    def failed(self) -> int:
        return self._count("failed")

    def as_dict(self) -> dict:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "documents": [asdict(r) for r in self.results],
        }


def _record(ws, doc, actor, conn=None) -> DocumentResult:
    status, document_id, stored = store_document(ws, doc, actor, conn)
    return DocumentResult(
        doc.origin,
        status,
        None,
        document_id,
        doc.title,
        doc.language,
        [m.as_dict() for m in doc.mentions] if status == "ingested" else [],
        stored,
        doc.date.describe() if doc.date else None,
    )


def _failed(ws, origin: str, reason: str) -> DocumentResult:
    quarantine(ws, origin, reason)
    return DocumentResult(origin, "failed", reason)


def ingest_text(
    text: str,
    *,
    origin: str,
    workspace,
    catalog,
    actor: str | None = None,
    kind: str = "paste",
    content_type: str | None = None,
    limits: AnalysisLimits | None = None,
) -> DocumentResult:
    """Ingest text or HTML given directly (pasted)."""
    return _ingest_one(text, origin, workspace, catalog, actor, kind, content_type, limits)


def ingest_bytes(
    raw: bytes,
    *,
    origin: str,
    workspace,
    catalog,
    actor: str | None = None,
    kind: str = "upload",
    content_type: str | None = None,
    limits: AnalysisLimits | None = None,
) -> DocumentResult:
    """Ingest an uploaded file's bytes (encoding detected like any file)."""
    return _ingest_one(raw, origin, workspace, catalog, actor, kind, content_type, limits)


class SuggestingAnalyser:
    """The catalog's analyser, judging candidates with the workspace's own model when one was trained."""

    def __init__(self, analyser, workspace, catalog):
        from peaceops.suggest.store import workspace_model

        self.analyser = analyser
        self.suggester = workspace_model(workspace, catalog, analyser)
        self.model_path = None
        if self.suggester is not None:
            from peaceops.suggest.store import versions

            self.model_path = str(workspace.root / versions(workspace)[0].path)

    def analyse(self, *args, **kwargs):
        return self.analyser.analyse(*args, suggester=self.suggester, **kwargs)


def _ingest_one(
    content: str | bytes, origin, workspace, catalog, actor, kind, content_type, limits=None
) -> DocumentResult:
    analyser = SuggestingAnalyser(catalog.analyser(), workspace, catalog)
    try:
        doc = analyser.analyse(content, origin=origin, kind=kind, content_type=content_type, limits=limits)
    except InputRejected as exc:
        return _failed(workspace, origin, str(exc))
    return _record(workspace, doc, actor)


def ingest(
    sources: list[str],
    *,
    workspace,
    catalog,
    allow_private: bool = False,
    actor: str | None = None,
    policy: FetchPolicy | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    progress: Callable[[DocumentResult], None] | None = None,
    stdin=None,
    only_urls: bool = False,
    limits: AnalysisLimits | None = None,
) -> IngestReport:
    """Ingest every source; failures are quarantined with their reason and the batch goes on.

    With ``only_urls`` (the web application) every source is fetched as a URL
    and nothing is ever read from a local path or stdin; a source that is not
    an http(s) URL is quarantined. ``limits`` bound the work per document
    (default: :meth:`AnalysisLimits.from_env`).
    """
    policy = policy or FetchPolicy(allow_private=allow_private, max_bytes=max_bytes)
    limits = limits or AnalysisLimits.from_env()
    analyser = SuggestingAnalyser(catalog.analyser(), workspace, catalog)
    report = IngestReport()

    def done(result: DocumentResult) -> None:
        report.results.append(result)
        if progress:
            progress(result)

    items_and_bad = _urls_only(sources) if only_urls else expand(sources)
    with workspace.writer() as writer:  # one connection for the whole batch; each document is still its own transaction
        _run(
            items_and_bad=items_and_bad,
            workspace=workspace,
            analyser=analyser,
            catalog=catalog,
            policy=policy,
            max_bytes=max_bytes,
            workers=workers,
            actor=actor,
            stdin=stdin,
            done=done,
            writer=writer,
            limits=limits,
        )
    return report


def _urls_only(sources: list[str]) -> tuple[list[WorkItem], list[tuple[str, str]]]:
    items = [WorkItem("url", s) for s in sources if is_web_url(s)]
    bad = [(s, f"{shown(s)}: only http and https URLs are fetched here") for s in sources if not is_web_url(s)]
    return items, bad


def _run(
    *, items_and_bad, workspace, analyser, catalog, policy, max_bytes, workers, actor, stdin, done, writer, limits
):
    items, bad = items_and_bad
    for origin, reason in bad:
        done(_failed(workspace, origin, reason))

    files = [i for i in items if i.kind == "file"]
    others = [i for i in items if i.kind != "file"]
    plain_files = []
    for item in files:
        try:
            with open(item.target, "rb") as handle:  # closed at once: a batch may hold thousands of files
                head = handle.read(2048)
        except OSError as exc:
            done(_failed(workspace, item.target, f"{item.target}: cannot read ({exc.strerror})"))
            continue
        if looks_like_feed(head):
            others.append(WorkItem("feed-file", item.target))
        else:
            plain_files.append(item.target)

    for doc_or_reason, origin in _analyse_files(plain_files, analyser, catalog, max_bytes, workers, limits):
        if isinstance(doc_or_reason, str):
            done(_failed(workspace, origin, doc_or_reason))
        else:
            done(_record(workspace, doc_or_reason, actor, writer))

    for item in others:
        for result in _ingest_other(item, analyser, workspace, policy, max_bytes, actor, stdin, limits):
            done(result)


def _analyse_files(paths, analyser, catalog, max_bytes, workers, limits):
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if len(paths) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(
            max_workers=workers,
            initializer=_worker_init,
            initargs=(str(catalog.registry.data_dir), os.getpid(), getattr(analyser, "model_path", None)),
        ) as pool:
            for path, result in zip(
                paths,
                pool.map(_worker_analyse, paths, [max_bytes] * len(paths), [limits] * len(paths), chunksize=4),
                strict=True,
            ):
                yield result, path
        return
    for path in paths:
        try:
            raw = read_file(Path(path), max_bytes)
            yield analyser.analyse(raw, origin=path, kind="file", limits=limits), path
        except InputRejected as exc:
            yield str(exc), path


def _ingest_other(item: WorkItem, analyser, ws, policy, max_bytes, actor, stdin, limits):
    try:
        if item.kind == "stdin":
            stream = stdin if stdin is not None else sys.stdin.buffer
            raw = stream.read(max_bytes + 1)
            if len(raw) > max_bytes:
                raise InputRejected(f"stdin: more than {max_bytes / 2**20:g} MB; refused (--max-mb)")
            yield _record(ws, analyser.analyse(raw, origin="stdin", kind="stdin", limits=limits), actor)
            return
        if item.kind == "feed-file":
            raw, content_type = read_file(Path(item.target), max_bytes), None
        else:
            fetched = fetch(item.target, policy)
            raw, content_type = fetched.content, fetched.content_type
            if (
                not looks_like_feed(raw)
                and "xml" not in (content_type or "").split(";")[0]
                or ("xml" in (content_type or "") and not looks_like_feed(raw))
            ):
                yield _record(
                    ws,
                    analyser.analyse(
                        raw, origin=item.target, kind="url", content_type=content_type, url=fetched.url, limits=limits
                    ),
                    actor,
                )
                return
        entries = parse_feed(raw, item.target)
    except InputRejected as exc:
        yield _failed(ws, item.target, str(exc))
        return
    for number, entry in enumerate(entries, 1):
        origin = entry.link or f"{item.target}#entry-{number}"
        meta = {"title": entry.title, "published": entry.published}
        try:
            # a feed file is read offline: its embedded content is used whatever its length
            if item.kind == "feed-file" or embedded_enough(entry) or not entry.link:
                if not entry.content:
                    raise InputRejected(f"{origin}: feed entry has neither content nor a link")
                doc = analyser.analyse(
                    entry.content,
                    origin=origin,
                    kind="feed-item",
                    content_type="text/html",
                    url=entry.link,
                    metadata=meta,
                    limits=limits,
                )
            else:
                fetched = fetch(entry.link, policy)
                doc = analyser.analyse(
                    fetched.content,
                    origin=origin,
                    kind="feed-item",
                    content_type=fetched.content_type,
                    url=fetched.url,
                    metadata=meta,
                    limits=limits,
                )
        except InputRejected as exc:
            yield _failed(ws, origin, str(exc))
            continue
        yield _record(ws, doc, actor)
