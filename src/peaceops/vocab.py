"""The controlled vocabularies of peaceops, defined once.

Each vocabulary is a ``Literal`` type, so the same name serves the pydantic
schemas of the curated data, the typer options of the CLI and the FastAPI
query parameters of the web application; the matching tuple (``values(T)``)
is for code that iterates or prints the choices. Add a value here and every
face accepts it.
"""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal[
    "en", "ru", "uk", "be", "ro", "ka", "hy", "az", "kk", "tr",
    "de", "fr", "es", "it", "pt", "pl", "cs", "sr", "sq", "ar",
]  # fmt: skip
"""The languages ingestion reads (ISO 639-1; ``sr`` is Serbian, Croatian and Bosnian, in Latin or Cyrillic script)."""

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "ro": "Romanian",
    "ka": "Georgian", "hy": "Armenian", "az": "Azerbaijani", "kk": "Kazakh", "tr": "Turkish",
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "pl": "Polish", "cs": "Czech", "sr": "Serbian, Croatian or Bosnian", "sq": "Albanian", "ar": "Arabic",
}  # fmt: skip
"""English name of each :data:`Language`."""

OperationKind = Literal["un", "regional", "alliance", "coalition", "bilateral", "unilateral"]
"""Kind of operation: UN, regional organisation, alliance, ad hoc coalition, bilateral, unilateral."""

LeadGroup = Literal["un", "nato-eu", "cis-csto-russia", "other-regional", "other"]
"""Group of the lead, for comparisons."""

OperationStatus = Literal["active", "ended", "requested-not-deployed"]
"""Deployed and running, ended, or requested but never deployed."""

UnOrgan = Literal["Security Council", "General Assembly", "Secretary-General"]
"""The UN organ whose response to an operation the registry records."""

UnResponseKind = Literal["authorised", "endorsed", "welcomed", "noted", "condemned", "called-for-withdrawal"]
"""How a UN organ answered an operation: authorised it (Chapter VII or a mandate), endorsed or welcomed it, took note
of it, condemned it, or called for the force's withdrawal."""

LegalRung = Literal["un-mandate", "regional-decision", "agreement", "political-statement", "unilateral"]
"""The ladder of legal basis in FRAMEWORK.md, strongest multilateral legitimacy first."""

TaskCategory = Literal[
    "ceasefire-monitoring",
    "separation-of-forces",
    "protection",
    "civil-administration",
    "counter-terrorism",
    "population-control",
    "security-assistance",
    "humanitarian",
    "disarmament",
    "training",
    "stabilisation",
    "other",
]

SourceType = Literal[
    "un-document",
    "treaty",
    "official-statement",
    "news",
    "scholarly",
    "database",
    "encyclopedia",
    "ngo-report",
    "think-tank",
    "other",
]

Reliability = Literal["A", "B", "C", "D", "E", "F"]
"""Source reliability, Admiralty code: A completely reliable ... E unreliable, F cannot be judged."""

Credibility = Literal[1, 2, 3, 4, 5, 6]
"""Information credibility, Admiralty code: 1 confirmed ... 6 cannot be judged."""

Stance = Literal["supports", "contradicts", "mixed"]
"""Whether a statement supports compliance with a principle, contradicts it, or is mixed."""

CandidateStatus = Literal["pending", "accepted", "rejected"]
"""Where a candidate stands in the review queue."""

WatchKind = Literal["feed", "gdelt2", "folder"]
"""What a watched source is: an RSS, Atom or JSON feed; the GDELT 2.0 event stream; a folder files are dropped in."""

AlertKind = Literal["new-deployment", "change", "disagreement"]
"""What an alert of the watch says: a possible new deployment, a change to a known operation, or a report that
disagrees with the registry."""

AlertStatus = Literal["new", "confirmed", "dismissed"]
"""Where an alert stands: not yet seen by an editor, confirmed, or dismissed (each with a reason)."""

ChangeTopic = Literal["deployment", "strength", "withdrawal", "mandate", "casualties", "consent", "commander"]
"""What a report says happened to a force: sent or arrived, troops added or cut, withdrawn, mandate changed,
casualties, consent withdrawn (the host asks it to leave), commander changed."""

EvidenceOrigin = Literal["curated", "workspace"]
"""Curated evidence (data/evidence) or evidence reviewed in a workspace."""

Decade = Literal[tuple(f"{year}s" for year in range(1900, 2101, 10))]  # type: ignore[valid-type]
"""A decade of deployment, 1900s to 2100s (the years the registry accepts), as the decade filter names it."""


def values(vocabulary) -> tuple:
    """The values of a vocabulary, in the order they are defined: ``values(Stance)``."""
    return get_args(vocabulary)


OPERATION_KINDS = values(OperationKind)
LEAD_GROUPS = values(LeadGroup)
STATUSES = values(OperationStatus)
UN_ORGANS = values(UnOrgan)
UN_RESPONSES = values(UnResponseKind)
LEGAL_RUNGS = values(LegalRung)
TASK_CATEGORIES = values(TaskCategory)
SOURCE_TYPES = values(SourceType)
RELIABILITY_GRADES = values(Reliability)
CREDIBILITY_GRADES = values(Credibility)
STANCES = values(Stance)
CANDIDATE_STATUSES = values(CandidateStatus)
WATCH_KINDS = values(WatchKind)
ALERT_KINDS = values(AlertKind)
ALERT_STATUSES = values(AlertStatus)
CHANGE_TOPICS = values(ChangeTopic)

RELIABILITY_MEANING = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "cannot be judged",
}
CREDIBILITY_MEANING = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}
assert tuple(RELIABILITY_MEANING) == RELIABILITY_GRADES and tuple(CREDIBILITY_MEANING) == CREDIBILITY_GRADES
