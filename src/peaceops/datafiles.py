"""Schemas of the curated files that are not registry records, and their checks.

The registry (operations, sources), the framework and the evidence files have
their schemas beside the code that uses them. The other curated files are
defined here, in a module light enough for ``peaceops validate`` to import
without loading the event, study or ingestion machinery:

| file                                 | schema            | used by                          |
|--------------------------------------|-------------------|----------------------------------|
| ``data/gazetteer.yaml``              | :class:`Gazetteer`  | ingestion (places, actors, cues) |
| ``data/trajectory_thresholds.yaml``  | :class:`ThresholdsFile` | event linkage and trajectories |
| ``data/studies/published.yaml``      | :class:`PublishedFile`  | study reproductions            |
| ``data/events/reference.yaml``       | :class:`Reference`  | event readers and linkage        |
| ``data/watch.yaml``                  | :class:`WatchFile`  | the watch (what a report says changed) |

Every file loads through :func:`peaceops.curated.load`; :func:`check` returns
every problem of all of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from peaceops import curated
from peaceops.curated import Strict
from peaceops.errors import Problem
from peaceops.settings import shipped_data_dir
from peaceops.vocab import ChangeTopic, Language, Stance

GAZETTEER = "gazetteer.yaml"
REVIEWED = "review/sentences.yaml"
THRESHOLDS = "trajectory_thresholds.yaml"
PUBLISHED = "studies/published.yaml"
REFERENCE = "events/reference.yaml"
WATCH = "watch.yaml"


# -- gazetteer ---------------------------------------------------------------------------------------


Variants = curated.by_language(
    "Variants",
    "The ways texts write one place, actor or instrument, by language, in dictionary form (matching reaches "
    "inflected forms through lemmas and stems).",
    "variants",
    module=__name__,
)

Cues = curated.by_language(
    "Cues",
    "Words that say a sentence is about a deployment, by language (used with a place and an actor or a year).",
    "deployment cues",
    module=__name__,
    required=("en", "ru"),
)

TroopNouns = curated.by_language(
    "TroopNouns",
    "Nouns that follow a number when a text counts personnel (troops, peacekeepers, observers), by language, "
    "in the forms used after numerals.",
    "personnel nouns",
    module=__name__,
    required=("en", "ru"),
)

ThousandWords = curated.by_language(
    "ThousandWords",
    'Words for a thousand between a number and a personnel noun ("3 тыс. военнослужащих", "2 mil soldados"), '
    "by language.",
    "words for a thousand",
    module=__name__,
)

ApproxWords = curated.by_language(
    "ApproxWords",
    "Words that qualify a count (about, over, up to), by language.",
    "qualifiers",
    module=__name__,
)


class Gazetteer(Strict):
    """``data/gazetteer.yaml``: places and actors in every supported language, deployment cues, counts, instruments."""

    places: dict[str, Variants] = Field(  # type: ignore[valid-type]
        min_length=1, description="Place key (the registry's English name) -> variants."
    )
    actors: dict[str, Variants] = Field(min_length=1, description="Actor key -> variants.")  # type: ignore[valid-type]
    deployment_cues: Cues  # type: ignore[valid-type]
    troop_nouns: TroopNouns  # type: ignore[valid-type]
    approx_words: ApproxWords = Field(default_factory=ApproxWords)  # type: ignore[valid-type]
    thousand_words: ThousandWords = Field(default_factory=ThousandWords)  # type: ignore[valid-type]
    instruments: dict[str, Variants] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="(Part of) an instrument's formal name in legal_basis -> the names texts use."
    )


# -- watch -------------------------------------------------------------------------------------------

ChangeCues = curated.by_language(
    "ChangeCues",
    "Words that say what happened to a force (one list per language), matched like the other cues: by word, "
    "lemma, stem, or a stem given deliberately.",
    "cues",
    module=__name__,
    required=("en", "ru"),
)


class WatchFile(Strict):
    """``data/watch.yaml``: the words that tell the watch what a report says happened, and how it groups reports."""

    change_cues: dict[ChangeTopic, ChangeCues] = Field(  # type: ignore[valid-type]
        description="Topic (deployment, peacekeeping claim, strength, withdrawal, mandate, casualties, consent, "
        "commander) -> cues by language. 'deployment' words say troops are sent or arrive."
    )
    peacekeeping_cues: ChangeCues = Field(  # type: ignore[valid-type]
        description="Words that claim a force is peacekeeping ('peacekeepers', 'миротворцы', 'blue helmets'); a "
        "possible new deployment needs one in the report."
    )
    gdelt_topics: dict[str, ChangeTopic] = Field(
        default_factory=dict,
        description="CAMEO event code (of cameo_peacekeeping_codes in events/reference.yaml) -> what a GDELT event "
        "with that code reports; codes not listed report a deployment.",
    )
    window_days: int = Field(
        4, ge=1, le=60, description="Reports of the same change this many days apart or less join one alert."
    )
    deployment_window_days: int = Field(
        30,
        ge=1,
        le=365,
        description="Reports of a deployment no registry operation covers join the same alert while they come at "
        "least this often (a force stays; its reports go on for weeks).",
    )
    coverage_days: int = Field(
        14,
        ge=0,
        le=365,
        description="A registry operation covers a place from this many days before its start (reports of the "
        "decision to deploy) to this many days after its end (reports of the last troops leaving).",
    )
    strength_tolerance: float = Field(
        0.25,
        ge=0,
        le=5,
        description="A reported troop figure disagrees with the registry when it is more than this fraction above "
        "the largest recorded figure of the operation.",
    )

    @field_validator("change_cues")
    @classmethod
    def _every_topic(cls, value):
        from peaceops.vocab import CHANGE_TOPICS

        missing = [t for t in CHANGE_TOPICS if t not in value]
        if missing:
            raise ValueError(f"give cues for every topic; missing: {', '.join(missing)}")
        return value


# -- trajectory thresholds ---------------------------------------------------------------------------


class LinkageSettings(Strict):
    before_years: int = Field(3, ge=0, le=50, description="Years linked before the deployment starts.")
    after_years: int = Field(3, ge=0, le=50, description="Years linked after the deployment ends.")
    geopko_radius_km: float = Field(50, gt=0, le=2000, description="Radius around each Geo-PKO location.")


class TrajectorySettings(Strict):
    active_deaths_per_year: int = Field(
        25, ge=1, description="Deaths in a year that make the conflict active (UCDP: 25)."
    )
    min_years_after: int = Field(3, ge=1, description="Years of data after the reference year needed to classify.")
    escalation_ratio: float = Field(1.5, gt=1, description="Mean after / baseline above which violence escalated.")
    min_quiet_years_before_recurrence: int = Field(
        1, ge=1, description="Quiet years before an active year for 'recurring'."
    )
    fatality_datasets: list[str] = Field(default_factory=lambda: ["ucdp-ged", "acled"], min_length=1)
    ceasefire_grace_years: int = Field(1, ge=0, le=10, description="Ceasefires this long after the start still count.")


class ThresholdsFile(Strict):
    """``data/trajectory_thresholds.yaml``: linkage windows and trajectory thresholds (every key has a default)."""

    linkage: LinkageSettings = Field(default_factory=LinkageSettings)
    trajectory: TrajectorySettings = Field(default_factory=TrajectorySettings)


# -- published figures ------------------------------------------------------------------------------


class PublishedFigure(Strict):
    """One published number (or checkable statement) that a reproduction is compared with."""

    key: str = Field(min_length=1, description="Stable id, <study>.<name>.")
    study: Literal["hks2013", "fortna"]
    quantity: str
    status: Literal["found", "not-found"]
    published_text: str | None = None
    value: float | list[float] | None = None
    relation: Literal["equal", "at-most", "between", "sign"] | None = None
    tolerance: float = 0.0
    tolerance_kind: Literal["absolute", "relative"] = "absolute"
    tolerance_reason: str | None = None
    source: str
    locator: str | None = None
    via: str | None = None
    secondary: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self):
        if self.status == "not-found":
            if self.value is not None:
                raise ValueError("a figure with status not-found must have no value")
            return self
        if self.value is None or self.relation is None:
            raise ValueError("a found figure needs value and relation")
        if self.relation == "between" and not (isinstance(self.value, list) and len(self.value) == 2):
            raise ValueError("relation 'between' needs value: [low, high]")
        if self.relation != "between" and isinstance(self.value, list):
            raise ValueError(f"relation {self.relation!r} needs a single number as value")
        return self


class PublishedFile(Strict):
    """``data/studies/published.yaml``: the published figures, each under a unique key."""

    figures: list[PublishedFigure]


def published_problems(path: Path, root: Path) -> tuple[PublishedFile | None, list[Problem]]:
    """Load the published figures; a problem inside a figure also names the figure's key."""
    parsed, problems = curated.load(path, PublishedFile, root=root)
    if problems:
        raw, _ = curated.read_yaml(path, root)
        entries = raw.get("figures") if isinstance(raw, dict) else None
        return None, [_name_figure(p, entries) for p in problems]
    seen: dict[str, int] = {}
    rel = curated.relative(path, root)
    for index, figure in enumerate(parsed.figures):
        if figure.key in seen:
            problems.append(
                Problem(
                    rel,
                    f"figures[{index}].key",
                    f"figure key {figure.key!r} appears twice (also figures[{seen[figure.key]}]); keys must be unique",
                )
            )
        seen.setdefault(figure.key, index)
    return (None if problems else parsed), problems


def _name_figure(problem: Problem, entries) -> Problem:
    match = re.match(r"figures\[(\d+)\]", problem.field)
    if not match or not isinstance(entries, list):
        return problem
    entry = entries[int(match.group(1))] if int(match.group(1)) < len(entries) else None
    if isinstance(entry, dict) and entry.get("key"):
        return Problem(problem.file, problem.field, f"figure {entry['key']}: {problem.message}")
    return problem


# -- event reference tables -------------------------------------------------------------------------


class CameoRoot(Strict):
    label: str
    violent: bool


class Reference(Strict):
    """``data/events/reference.yaml``: CAMEO codes, peacekeeper actor patterns, ACLED violence, Geo-PKO missions."""

    cameo_peacekeeping_codes: list[str] = Field(min_length=1)
    cameo_roots: dict[str, CameoRoot]
    peacekeeper_actor_patterns: list[str] = Field(min_length=1)
    acled_violent_event_types: list[str]
    geopko_missions: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("peacekeeper_actor_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
        return patterns

    @property
    def peacekeeper_regex(self) -> str:
        """One case-insensitive regular expression matching any peacekeeper actor pattern."""
        return "(?i)" + "|".join(f"(?:{p})" for p in self.peacekeeper_actor_patterns)


# -- where each file is, and the check of all ------------------------------------------------------


def resolve(data_dir: Path, name: str) -> Path:
    """The file ``name`` of ``data_dir`` if it has one, else the one shipped with peaceops.

    A data directory may hold only a registry (operations, sources, evidence,
    framework); the tables of the events package then come from the shipped data.
    """
    own = Path(data_dir) / name
    return own if own.is_file() else shipped_data_dir() / name


def data_root(path: Path, name: str) -> Path:
    """The data directory that holds ``path``, the file called ``name`` in it."""
    return path.parents[len(Path(name).parts) - 1]


# -- reviewed sentences ------------------------------------------------------------------------------


class ReviewedSentence(Strict):
    """One news sentence as a reviewer judged it: usable evidence or not, and if usable, indicator and stance."""

    id: str = Field(pattern=r"^[a-z]+-[a-z0-9-]*\d+@\d+$", description="Excerpt id and the sentence's offset in it.")
    language: Language
    url: str = Field(min_length=8, description="The page the excerpt came from.")
    sentence: str = Field(min_length=1)
    proposed_operation: str | None = Field(description="The operation ingestion proposed when it was labelled.")
    cue_only_proposed: bool = Field(description="Whether the cue-only queue (before issue 20) proposed it.")
    operation: str | None = Field(description="The operation the sentence is about, or null for none.")
    usable: bool = Field(description="Whether an analyst would accept it as evidence about that operation.")
    indicator: str | None = Field(description="The best indicator, for a usable sentence.")
    indicators_ok: list[str] = Field(default_factory=list, description="Other acceptable indicators.")
    stance: Stance | None = Field(description="supports | contradicts | mixed, for a usable sentence.")
    about: Literal["force", "mandate", "other-actor", "none"] | None = None
    junk: Literal["headline", "fragment", "boilerplate", "duplicate"] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _usable_has_indicator_and_stance(self):
        if self.usable and not (self.indicator and self.stance):
            raise ValueError("a usable sentence needs its indicator and stance")
        if not self.usable and (self.indicator or self.stance):
            raise ValueError("a sentence that is not usable has no indicator or stance")
        return self


class ReviewedSentences(Strict):
    """``data/review/sentences.yaml``: reviewed sentences, the suggestion model's examples in every language."""

    sentences: list[ReviewedSentence] = Field(min_length=1)


def check(data_dir: Path) -> list[Problem]:
    """Every problem of the gazetteer, thresholds, published figures and event reference of ``data_dir``.

    The gazetteer and the published figures are checked when ``data_dir`` has them (ingestion and the
    studies say so when they need one that is missing); the thresholds and the reference tables are
    checked where they will be read from, which is the shipped file when ``data_dir`` has none.
    """
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    if (data_dir / GAZETTEER).is_file():
        problems += curated.load(data_dir / GAZETTEER, Gazetteer, root=data_dir)[1]
    if (data_dir / WATCH).is_file():
        problems += curated.load(data_dir / WATCH, WatchFile, root=data_dir)[1]
    if (data_dir / PUBLISHED).is_file():
        problems += published_problems(data_dir / PUBLISHED, data_dir)[1]
    if (data_dir / REVIEWED).is_file():
        problems += curated.load(data_dir / REVIEWED, ReviewedSentences, root=data_dir)[1]
    for name, schema, empty in ((THRESHOLDS, ThresholdsFile, {}), (REFERENCE, Reference, None)):
        path = resolve(data_dir, name)
        problems += curated.load(path, schema, root=data_root(path, name), empty=empty)[1]
    return problems
