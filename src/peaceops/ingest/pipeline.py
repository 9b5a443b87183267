"""One document from bytes to text, language, sentences, mentions and candidates (no storage)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import signal
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from peaceops.ingest import docdate, textmatch
from peaceops.ingest.budget import AnalysisLimits, Budget
from peaceops.ingest.candidates import Candidate, attribute_figures, cue_index, find_candidates
from peaceops.ingest.decode import decode
from peaceops.ingest.docdate import DocumentDate
from peaceops.ingest.errors import InputRejected
from peaceops.ingest.extract import extract_html, extract_plain, looks_like_html
from peaceops.ingest.gazetteer import load_gazetteer
from peaceops.ingest.language import detect
from peaceops.ingest.mentions import Mention, MentionFinder
from peaceops.ingest.sentences import split_sentences
from peaceops.ingest.sources import read_file


@dataclass
class Analysed:
    origin: str
    kind: str
    text: str
    content_hash: str
    raw_hash: str
    encoding: str | None
    language: str | None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    date: DocumentDate | None = None  # the reference date and how it was found (see peaceops.ingest.docdate)
    figures: list[dict] = field(default_factory=list)  # troop counts and dates, each with its operation
    sentences: list = field(default_factory=list)  # the text's sentences (ingest.sentences.Sentence), for the watch


def content_hash(text: str) -> str:
    """Hash of the text as a reader sees it: Unicode-normalised, whitespace collapsed."""
    normal = unicodedata.normalize("NFC", text)
    normal = re.sub(r"\s+", " ", normal).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class Analyser:
    """Everything that is built once per catalog: name and cue indexes, the gazetteer."""

    def __init__(self, catalog):
        self.catalog = catalog
        self.gazetteer = load_gazetteer(catalog.registry.data_dir, catalog.registry)
        self.mentions = MentionFinder(catalog.registry, self.gazetteer)
        self.cues = cue_index(catalog.framework)
        self._suggester = None
        self._suggester_ready = False
        self._suggester_lock = threading.Lock()

    def default_suggester(self):
        """The suggestion model of the shipped data (peaceops.suggest.training.default_model), built once."""
        if not self._suggester_ready:
            with self._suggester_lock:
                if not self._suggester_ready:
                    from peaceops.suggest.training import default_model  # heavy: scikit-learn, loaded on first use

                    self._suggester = default_model(self.catalog, self)
                    self._suggester_ready = True
        return self._suggester

    def analyse(
        self,
        raw: bytes | str,
        *,
        origin: str,
        kind: str,
        content_type: str | None = None,
        url: str | None = None,
        metadata: dict | None = None,
        limits: AnalysisLimits | None = None,
        suggester=None,
    ) -> Analysed:
        """The document analysed; InputRejected when it cannot be, or when it costs more than ``limits`` allow.

        ``suggester`` judges the candidate sentences (a workspace's model); by
        default, the model trained from the shipped data (:meth:`default_suggester`).
        """
        budget = Budget(limits or AnalysisLimits.from_env(), origin)
        textmatch.new_document()  # the tokens and matches remembered are this document's own
        if isinstance(raw, str):
            text_in, encoding = raw, None
            raw_bytes = raw.encode("utf-8")
        else:
            raw_bytes = raw
            text_in, encoding = decode(raw, origin, content_type)
        is_html = (content_type or "").split(";")[0].strip().lower() in (
            "text/html",
            "application/xhtml+xml",
        ) or looks_like_html(text_in)
        extracted = extract_html(text_in, origin, url) if is_html else extract_plain(text_in, origin)
        text = extracted.text
        digest = content_hash(text)
        budget.tick()
        sentences = split_sentences(text, budget)
        budget.tick()
        meta = metadata or {}
        date = (
            docdate.from_source(meta.get("published"), "metadata")
            or docdate.from_source(extracted.date, "html-metadata")
            or docdate.from_text(text, sentences, self.gazetteer.figures, MentionFinder.years_in)
        )
        budget.tick()
        document_years = MentionFinder.years_in(text) | ({date.year} if date else set())
        mentions = self.mentions.find(
            text,
            sentences,
            published=date.latest if date and date.is_publication else None,
            budget=budget,
            document_years=document_years,
        )
        candidates = find_candidates(
            digest,
            sentences,
            mentions,
            self.cues,
            budget,
            self.gazetteer.figures,
            suggester or (self.default_suggester() if mentions else None),
        )
        figures = attribute_figures(sentences, mentions, self.gazetteer.figures, date.year if date else None)
        return Analysed(
            origin=origin,
            kind=kind,
            text=text,
            content_hash=digest,
            raw_hash=hashlib.sha256(raw_bytes).hexdigest(),
            encoding=encoding,
            language=detect(text[:5000]),
            title=meta.get("title") or extracted.title,
            author=extracted.author,
            published=meta.get("published") or extracted.date,
            site=extracted.site,
            url=url or extracted.url,
            mentions=mentions,
            candidates=candidates,
            date=date,
            figures=figures,
            sentences=sentences,
        )


# Worker processes (folders are analysed in parallel) build their own Analyser once.
_WORKER: Analyser | None = None


def _worker_init(data_dir: str, parent: int | None = None, model_path: str | None = None) -> None:
    """Build the worker's Analyser (with the workspace's suggestion model at ``model_path``, if one was trained),
    and tie the worker's life to ``parent`` (the ingesting process)."""
    global _WORKER
    from peaceops import catalog  # circular: peaceops.catalog imports this module

    if parent is not None:
        _die_with(parent)
    _WORKER = Analyser(catalog.load(data_dir))
    if model_path is not None:
        import joblib

        from peaceops.suggest.training import attach

        _WORKER._suggester = attach(joblib.load(model_path), _WORKER.catalog, _WORKER)
        _WORKER._suggester_ready = True


def _die_with(parent: int) -> None:
    """End this worker as soon as ``parent`` is gone, so that a kill -9 of ``peaceops ingest`` leaves no orphans.

    On Linux the kernel sends SIGKILL when the parent dies (prctl
    PR_SET_PDEATHSIG). Everywhere, a watchdog thread notices the parent's
    death by the change of ``os.getppid()`` (an orphan is adopted by another
    process) and exits at once, without running cleanup or writing anything.
    A parent that died before the signal was armed is caught by the first check.
    """

    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still ends the worker

    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="peaceops-parent-watchdog", daemon=True).start()


def _worker_analyse(path: str, max_bytes: int, limits: AnalysisLimits | None = None):

    try:
        raw = read_file(Path(path), max_bytes)
        return _WORKER.analyse(raw, origin=path, kind="file", limits=limits)
    except InputRejected as exc:
        return str(exc)
