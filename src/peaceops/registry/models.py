"""Schemas of the curated registry: operations and sources.

Every model forbids unknown keys, so a typo in a YAML file fails loudly. Every
block that states a fact carries ``sources`` (at least one source id): a value
without a source is a defect. The field descriptions are the data dictionary
(``docs/data-dictionary.md`` is generated from them).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from peaceops.curated import Strict, by_language
from peaceops.dates import PartialDate
from peaceops.vocab import (
    LEAD_GROUPS,
    LEGAL_RUNGS,
    OPERATION_KINDS,
    SOURCE_TYPES,
    STATUSES,
    TASK_CATEGORIES,
    UN_ORGANS,
    UN_RESPONSES,
    LeadGroup,
    LegalRung,
    OperationKind,
    OperationStatus,
    Reliability,
    SourceType,
    TaskCategory,
    UnOrgan,
    UnResponseKind,
)

SourceIds = Annotated[
    list[str],
    Field(min_length=1, description="Ids of the sources in data/sources/ that state this fact (at least one)."),
]
Note = Annotated[str | None, Field(default=None, description="Free-text caveat: disagreement, basis, uncertainty.")]

__all__ = [
    "Strict",
    "Operation",
    "Source",
    "OPERATION_KINDS",
    "LEAD_GROUPS",
    "STATUSES",
    "LEGAL_RUNGS",
    "TASK_CATEGORIES",
    "SOURCE_TYPES",
]


class Source(Strict):
    """A real, checkable document that facts and evidence cite."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", description="Stable id; equals the file name without .yaml.")
    title: str = Field(min_length=1, description="Title of the document.")
    publisher: str = Field(min_length=1, description="Organisation or outlet that published it.")
    author: str | None = Field(default=None, description="Author(s), if named.")
    date: PartialDate | None = Field(default=None, description="Publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$", description="Address of the document.")
    citation: str | None = Field(default=None, description="Full citation, required when there is no URL.")
    language: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 language code of the document.")
    type: SourceType = Field(description="Kind of document: " + ", ".join(SOURCE_TYPES) + ".")
    reliability: Reliability = Field(
        description="Source reliability, Admiralty code: A completely reliable … E unreliable, F cannot be judged."
    )
    note: Note

    @model_validator(mode="after")
    def _url_or_citation(self):
        if not self.url and not self.citation:
            raise ValueError("a source needs a url or a citation")
        return self


class Names(Strict):
    """Official or usual name per language: English always, other UN official languages where a source gives them."""

    en: str = Field(min_length=1, description="Name in English.")
    ru: str | None = Field(default=None, description="Name in Russian (required in practice for post-Soviet cases).")
    fr: str | None = Field(default=None, description="Name in French, as in UN documents where one exists.")
    es: str | None = Field(default=None, description="Name in Spanish, as in UN documents where one exists.")
    ar: str | None = Field(default=None, description="Name in Arabic, as in UN documents where one exists.")
    zh: str | None = Field(default=None, description="Name in Chinese, as in UN documents where one exists.")

    def labels(self) -> list[str]:
        """Every name given, English first."""
        return [value for value in (getattr(self, lang) for lang in type(self).model_fields) if value]


Aliases = by_language(
    "Aliases",
    "Other names and acronyms of the operation, by language, as texts in that language write them (FINUL, "
    "МООННГ, اليونيفيل); used for lookup and for finding the operation in texts.",
    "names and acronyms",
    module=__name__,
)


class CitedValue(Strict):
    value: str = Field(min_length=1, description="The stated value.")
    sources: SourceIds
    note: Note


class CitedList(Strict):
    value: list[str] = Field(min_length=1, description="The stated values.")
    sources: SourceIds
    note: Note


class Status(Strict):
    value: OperationStatus = Field(description="active, ended, or requested-not-deployed (a declined request).")
    sources: SourceIds
    note: Note


Iso3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
GWNumber = Annotated[int, Field(ge=2, le=999)]


class OtherHostState(Strict):
    """A further state on whose territory the same operation deploys (UNMOGIP: India and Pakistan)."""

    state: str = Field(min_length=1, description="Internationally recognised state.")
    iso3: Iso3 | None = Field(default=None, description="ISO 3166-1 alpha-3 code of the state.")
    gwno: GWNumber | None = Field(default=None, description="Gleditsch-Ward state number (as UCDP uses it).")


class Host(Strict):
    state: str = Field(
        min_length=1, description="Internationally recognised state on whose territory the operation is."
    )
    territory: str | None = Field(default=None, description="Sub-state or disputed territory (e.g. Transnistria).")
    iso3: Iso3 | None = Field(default=None, description="ISO 3166-1 alpha-3 code of the state.")
    gwno: GWNumber | None = Field(default=None, description="Gleditsch-Ward state number (as UCDP uses it).")
    other_states: list[OtherHostState] = Field(
        default_factory=list, description="Further host states of the same operation."
    )
    sources: SourceIds
    note: Note


class CitedConflictIds(Strict):
    value: list[int] = Field(
        min_length=1, description="UCDP conflict ids (conflict_new_id) of the conflict(s) deployed to."
    )
    sources: SourceIds
    note: Note


class Contributor(Strict):
    party: str = Field(min_length=1, description="Contributing state or organisation.")
    role: Literal["lead", "contributor", "observer-provider"] = Field(
        default="contributor", description="Role in the force."
    )
    troops: int | None = Field(default=None, ge=0, description="Personnel it contributed, where a source gives it.")
    date: PartialDate | None = Field(default=None, description="Date the troop figure refers to.")
    sources: SourceIds
    note: Note


class CitedDate(Strict):
    date: PartialDate = Field(description="The date, with its precision.")
    sources: SourceIds
    note: Note


class LegalBasis(Strict):
    instrument: str = Field(
        min_length=1, description="The instrument: resolution, agreement, decision, decree or statement."
    )
    date: PartialDate | None = Field(default=None, description="Date it was adopted or signed.")
    body: str | None = Field(default=None, description="Deciding or signing body.")
    rung: LegalRung = Field(description="Rung on the legal-basis ladder: " + " > ".join(LEGAL_RUNGS) + ".")
    un_resolutions: list[str] = Field(
        default_factory=list, description="UN Security Council resolutions, e.g. 'S/RES/1386 (2001)'."
    )
    charter_chapter: Literal["VI", "VII", "VIII"] | None = Field(
        default=None, description="UN Charter chapter invoked, if any."
    )
    articles: list[str] = Field(default_factory=list, description="Articles of treaties or the Charter invoked.")
    sources: SourceIds
    note: Note


class UnResponse(Strict):
    """What a UN organ said of the operation: the fact that separates self-declared peacekeeping from the rest."""

    organ: UnOrgan = Field(description="Organ: " + ", ".join(UN_ORGANS) + ".")
    response: UnResponseKind = Field(description="Response: " + ", ".join(UN_RESPONSES) + ".")
    date: PartialDate = Field(description="Date of the resolution or statement.")
    instrument: str = Field(min_length=1, description="Resolution or statement, e.g. 'S/RES/1386 (2001)'.")
    sources: SourceIds
    note: Note


class Request(Strict):
    by: str = Field(min_length=1, description="Who asked for the deployment.")
    date: PartialDate | None = Field(default=None, description="When.")
    sources: SourceIds
    note: Note


class Consent(Strict):
    party: str = Field(min_length=1, description="Party whose consent matters (host government, conflict party).")
    given: Literal[True, False, "partial", "unknown"] = Field(
        description="Whether it consented: true, false, partial, unknown."
    )
    date: PartialDate | None = Field(default=None, description="When consent was given or withdrawn.")
    sources: SourceIds
    note: Note


class Strength(Strict):
    date: PartialDate = Field(description="Date the figure refers to.")
    troops: int = Field(
        ge=0, description="Personnel (troops, or all uniformed personnel if that is what the source counts)."
    )
    police: int | None = Field(
        default=None, ge=0, description="Police, where the source counts them apart from troops."
    )
    observers: int | None = Field(
        default=None, ge=0, description="Military observers, where the source counts them apart."
    )
    basis: Literal["authorised", "announced", "reported", "peak", "actual"] = Field(
        description="What the figure is: authorised ceiling, announced, reported, peak, or actual."
    )
    sources: SourceIds
    note: Note

    @property
    def total(self) -> int:
        """All uniformed personnel of the entry: troops, plus police and observers where counted apart."""
        return self.troops + (self.police or 0) + (self.observers or 0)


class Task(Strict):
    task: str = Field(min_length=1, description="What the force does.")
    category: TaskCategory = Field(description="Category: " + ", ".join(TASK_CATEGORIES) + ".")
    mandated: bool = Field(default=True, description="False when the task went beyond the mandate (mission creep).")
    sources: SourceIds
    note: Note


class AreaPlace(Strict):
    name: str = Field(min_length=1, description="Place or zone name.")
    lat: float | None = Field(default=None, ge=-90, le=90, description="Latitude (WGS84) of the point.")
    lon: float | None = Field(default=None, ge=-180, le=180, description="Longitude (WGS84) of the point.")
    radius_km: float | None = Field(
        default=None, gt=0, le=2000, description="Radius around the point that the zone covers."
    )
    admin: list[str] = Field(default_factory=list, description="Admin-1 (or lower) area names the zone covers.")
    sources: SourceIds
    note: Note

    @model_validator(mode="after")
    def _point_or_admin(self):
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is None and not self.admin:
            raise ValueError("an area needs a point (lat, lon) or admin areas")
        return self


class Ceasefire(Strict):
    date: PartialDate = Field(description="Date of the ceasefire.")
    instrument: str = Field(min_length=1, description="Agreement or statement that set it.")
    sources: SourceIds
    note: Note


class Settlement(Strict):
    date: PartialDate = Field(description="Date of the agreement.")
    instrument: str = Field(min_length=1, description="Agreement.")
    comprehensive: bool = Field(
        description="True when it resolves the core issue (status, power-sharing), not only a ceasefire."
    )
    sources: SourceIds
    note: Note


class Conflict(Strict):
    name: str = Field(min_length=1, description="Name of the underlying conflict or crisis.")
    ceasefires: list[Ceasefire] = Field(default_factory=list, description="Ceasefires of the conflict.")
    settlements: list[Settlement] = Field(default_factory=list, description="Settlement agreements; empty when none.")
    note: Note


class Operation(Strict):
    """One peace operation, or a declined request for one, with every fact cited."""

    id: str = Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*-\d{4}$",
        description="Stable id <place>-<force>-<startyear>; equals the file name.",
    )
    name: Names
    acronym: str | None = Field(default=None, description="Usual acronym (KFOR, UNIFIL).")
    aliases: Aliases = Field(default_factory=Aliases)  # type: ignore[valid-type]
    kind: OperationKind = Field(description="Kind of operation: " + ", ".join(OPERATION_KINDS) + ".")
    lead: CitedValue = Field(description="Organisation or state that leads the operation.")
    lead_group: LeadGroup = Field(description="Group of lead for comparisons: " + ", ".join(LEAD_GROUPS) + ".")
    status: Status
    declared_peacekeeping_by: CitedList | None = Field(default=None, description="Who calls it peacekeeping.")
    un_responses: list[UnResponse] = Field(
        default_factory=list,
        description="Whether a UN organ authorised, endorsed, welcomed, noted or condemned it; empty when none did.",
    )
    regional_power: CitedValue | None = Field(
        default=None,
        description="The regional power that led the force into its own neighbourhood, where one did (whatever "
        "the nominal lead); absent for multilateral or extra-regional leads.",
    )
    host: Host
    conflict_parties: CitedList | None = Field(default=None, description="Parties to the underlying conflict.")
    ucdp_conflicts: CitedConflictIds | None = Field(
        default=None, description="UCDP conflict ids of the conflict(s) deployed to."
    )
    contributors: list[Contributor] = Field(default_factory=list, description="Contributing states and organisations.")
    start: CitedDate | None = Field(
        default=None, description="Start of deployment; absent for requests never deployed."
    )
    end: CitedDate | None = Field(default=None, description="End of deployment; absent while active.")
    legal_basis: list[LegalBasis] = Field(default_factory=list, description="Instruments that authorised or framed it.")
    request: Request | None = Field(default=None, description="Who requested the deployment, if anyone.")
    consent: list[Consent] = Field(default_factory=list, description="Consent of the host and of the parties.")
    strength: list[Strength] = Field(
        default_factory=list, description="Strength over time; disagreeing sources are separate entries."
    )
    tasks: list[Task] = Field(default_factory=list, description="Tasks, mandated or beyond the mandate.")
    area: list[AreaPlace] = Field(default_factory=list, description="Area of operation, for linking event data.")
    conflict: Conflict | None = Field(
        default=None, description="The underlying conflict, its ceasefires and settlements."
    )
    notes: str | None = Field(default=None, description="What is not known, and other remarks.")

    @field_validator("id")
    @classmethod
    def _id_year(cls, value: str) -> str:
        year = int(value.rsplit("-", 1)[1])
        if not 1900 <= year <= 2100:
            raise ValueError(f"id must end with the start year, found {year}")
        return value

    # -- derived values used by lookup, filters and exports ------------------
    @property
    def start_year(self) -> int:
        return int(self.id.rsplit("-", 1)[1])

    @property
    def peak_strength(self) -> int | None:
        """Largest deployed figure: peak, actual or reported; authorised or announced only when nothing else is
        known."""
        deployed = [s.total for s in self.strength if s.basis in ("peak", "actual", "reported")]
        return max(deployed or [s.total for s in self.strength], default=None)

    @property
    def is_deployed(self) -> bool:
        return self.status.value != "requested-not-deployed"

    def active_on(self, day) -> bool:
        """True when the operation was deployed on ``day`` (a ``datetime.date``)."""
        if not self.is_deployed or self.start is None:
            return False
        if self.start.date.earliest() > day:
            return False
        if self.end is None:
            return self.status.value == "active"
        return day <= self.end.date.latest()

    def citations(self):
        """Yield ``(field_path, source_id)`` for every cited fact of this operation."""
        yield from _walk_citations(self, "")


def _walk_citations(node, path):
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            sub = f"{path}.{name}" if path else name
            if name == "sources" and isinstance(value, list):
                for source_id in value:
                    yield path, source_id
            else:
                yield from _walk_citations(value, sub)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk_citations(item, f"{path}[{index}]")
