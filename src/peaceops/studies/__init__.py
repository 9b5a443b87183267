"""Reproductions of published findings on peacekeeping, from their replication data.

::

    from peaceops import studies
    hks = studies.hks2013()          # Hultman, Kathman & Shannon (2013), Table 1 Model 1
    hks.coefficients                 # DataFrame: coef, se (clustered by conflict), z, p, ci, model-based se
    hks.comparisons                  # reproduced beside published, with how close it came
    f = studies.fortna()             # Fortna's ceasefires: shares held, Kaplan-Meier, Cox models
    f.shares, f.cox, f.comparisons
    d = studies.deployer_outcomes(catalog.load())   # the seed's thesis: outcomes and scores by kind of lead
    b = studies.bh2020_violence(data_dir, ged_file)   # Bara & Hultman (2020): UN against non-UN, by violence
    studies.plots.fortna_survival(f, "build/studies")   # PNG and SVG

Every result has ``to_dict()`` for JSON. Published figures and their sources
are data, in ``data/studies/published.yaml``. Heavy libraries (statsmodels,
matplotlib) are imported only when a study runs.
"""

from __future__ import annotations

import importlib

from peaceops.studies._bh2020 import Bh2020Result, bh2020_violence
from peaceops.studies._deployer import DeployerResult, deployer_outcomes
from peaceops.studies._fortna import FortnaResult, fortna
from peaceops.studies._hks2013 import HKSResult, hks2013
from peaceops.studies.errors import StudyDataError, StudyFitError
from peaceops.studies.published import Comparison, PublishedFigure, load_published

__all__ = [
    "bh2020_violence",
    "Bh2020Result",
    "hks2013",
    "HKSResult",
    "fortna",
    "FortnaResult",
    "deployer_outcomes",
    "DeployerResult",
    "Comparison",
    "PublishedFigure",
    "load_published",
    "StudyDataError",
    "StudyFitError",
    "plots",
]


def __getattr__(name: str):
    if name == "plots":
        return importlib.import_module("peaceops.studies.plots")
    raise AttributeError(f"module 'peaceops.studies' has no attribute {name!r}")
