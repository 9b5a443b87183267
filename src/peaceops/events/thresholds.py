"""Linkage windows and trajectory thresholds, read from ``trajectory_thresholds.yaml``.

The file lives in the curated data directory (``data/`` in the repository);
a registry loaded from a directory without one uses the shipped file. Unknown
keys and out-of-range values fail with the file and key named.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from peaceops.events.errors import ReferenceDataError
from peaceops.settings import shipped_data_dir

FILE_NAME = "trajectory_thresholds.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LinkageSettings(_Strict):
    before_years: int = Field(3, ge=0, le=50, description="Years linked before the deployment starts.")
    after_years: int = Field(3, ge=0, le=50, description="Years linked after the deployment ends.")
    geopko_radius_km: float = Field(50, gt=0, le=2000, description="Radius around each Geo-PKO location.")


class TrajectorySettings(_Strict):
    active_deaths_per_year: int = Field(25, ge=1, description="Deaths in a year that make the conflict active (UCDP: 25).")
    min_years_after: int = Field(3, ge=1, description="Years of data after the reference year needed to classify.")
    escalation_ratio: float = Field(1.5, gt=1, description="Mean after / baseline above which violence escalated.")
    min_quiet_years_before_recurrence: int = Field(1, ge=1, description="Quiet years before an active year for 'recurring'.")
    fatality_datasets: list[str] = Field(default_factory=lambda: ["ucdp-ged", "acled"], min_length=1)
    ceasefire_grace_years: int = Field(1, ge=0, le=10, description="Ceasefires this long after the start still count.")


class Thresholds(_Strict):
    linkage: LinkageSettings = Field(default_factory=LinkageSettings)
    trajectory: TrajectorySettings = Field(default_factory=TrajectorySettings)
    path: str | None = None


def thresholds_path(data_dir: str | Path | None = None) -> Path:
    """The thresholds file of ``data_dir`` if it has one, else the shipped one."""
    if data_dir is not None and (Path(data_dir) / FILE_NAME).is_file():
        return Path(data_dir) / FILE_NAME
    return shipped_data_dir() / FILE_NAME


def load_thresholds(data_dir: str | Path | None = None) -> Thresholds:
    path = thresholds_path(data_dir)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"cannot read {path}: {exc}; restore it from the peaceops repository") from exc
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path}: expected a mapping with 'linkage' and 'trajectory'")
    try:
        return Thresholds.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ReferenceDataError(f"{path}: {where}: {err['msg']}; fix that value") from None
