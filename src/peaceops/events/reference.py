"""Reference tables of the events package (``reference.yaml`` beside this file).

CAMEO peacekeeping codes and root labels, actor-name patterns for
peacekeepers, the ACLED event types counted as violence, and the Geo-PKO
mission-to-operation table. Validated on load; a broken entry raises
:class:`ReferenceDataError` naming the key.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from peaceops.events.errors import ReferenceDataError

REFERENCE_FILE = Path(__file__).with_name("reference.yaml")


class CameoRoot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    violent: bool


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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


@functools.lru_cache(maxsize=4)
def load_reference(path: Path = REFERENCE_FILE) -> Reference:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"cannot read {path}: {exc}; restore it from the peaceops repository") from exc
    try:
        return Reference.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ReferenceDataError(f"{path}: {where}: {err['msg']}; fix that entry") from None
