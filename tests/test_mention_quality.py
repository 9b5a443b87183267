"""Quality floors for mention detection, troop figures and dates on the labelled set (tests/data/mentions).

356 real excerpts in 20 languages (90 hard negatives); `.venv/bin/python bench/mention_quality.py` prints the
table. Measured when pinned (issue 16):

all  P 0.825 R 0.738 F1 0.779
ar   P 0.870 R 0.645 F1 0.741
az   P 0.889 R 0.500 F1 0.640
be   P 1.000 R 0.857 F1 0.923
cs   P 0.938 R 0.882 F1 0.909
de   P 0.800 R 0.727 F1 0.762
en   P 0.814 R 0.842 F1 0.828
es   P 0.762 R 0.696 F1 0.728
fr   P 0.824 R 0.778 F1 0.800
hy   P 0.778 R 0.636 F1 0.700
it   P 0.778 R 0.636 F1 0.700
ka   P 0.588 R 0.769 F1 0.666
kk   P 1.000 R 0.500 F1 0.667
pl   P 0.857 R 0.600 F1 0.706
pt   P 0.867 R 0.765 F1 0.813
ro   P 0.889 R 0.727 F1 0.800
ru   P 0.902 R 0.787 F1 0.841
sq   P 0.647 R 0.786 F1 0.710
sr   P 0.875 R 0.800 F1 0.836
tr   P 0.900 R 0.643 F1 0.750
uk   P 0.667 R 0.727 F1 0.696
figures and dates attributed to the right operation: 0.535 overall

The floors sit a few points below, so that a change that loses quality fails CI instead of passing silently.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import get_args

import pytest

from peaceops.vocab import Language

REPO = Path(__file__).resolve().parents[1]

FLOORS = {  # language: (precision, recall, F1)
    "ar": (0.80, 0.57, 0.67),
    "az": (0.81, 0.43, 0.57),
    "be": (0.93, 0.78, 0.85),
    "cs": (0.86, 0.81, 0.83),
    "de": (0.73, 0.65, 0.69),
    "en": (0.74, 0.77, 0.75),
    "es": (0.69, 0.62, 0.65),
    "fr": (0.75, 0.70, 0.73),
    "hy": (0.70, 0.56, 0.62),
    "it": (0.70, 0.56, 0.62),
    "ka": (0.51, 0.69, 0.59),
    "kk": (0.93, 0.43, 0.59),
    "pl": (0.78, 0.53, 0.63),
    "pt": (0.79, 0.69, 0.74),
    "ro": (0.81, 0.65, 0.73),
    "ru": (0.83, 0.71, 0.77),
    "sq": (0.57, 0.71, 0.63),
    "sr": (0.80, 0.73, 0.76),
    "tr": (0.83, 0.57, 0.68),
    "uk": (0.59, 0.65, 0.62),
    "all": (0.79, 0.70, 0.74),
}
FIGURE_ACCURACY_FLOOR = 0.49


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("mention_quality", REPO / "bench" / "mention_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate()


def test_labelled_set_is_large_enough(quality):
    totals = quality["totals"]
    assert totals["all"]["items"] >= 250
    assert totals["all"]["negatives"] >= totals["all"]["items"] / 4  # a quarter are hard negatives
    for language in get_args(Language):
        assert totals[language]["items"] >= 8, f"{language}: only {totals[language]['items']} excerpts"


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_precision_recall_and_f1_floors(quality, language):
    precision_floor, recall_floor, f1_floor = FLOORS[language]
    totals = quality["totals"][language]
    assert totals["precision"] >= precision_floor, f"{language} precision {totals['precision']} < {precision_floor}"
    assert totals["recall"] >= recall_floor, f"{language} recall {totals['recall']} < {recall_floor}"
    assert totals["f1"] >= f1_floor, f"{language} F1 {totals['f1']} < {f1_floor}"


def test_figures_and_dates_floor(quality):
    accuracy = quality["figures"]["all"]["accuracy"]
    assert accuracy >= FIGURE_ACCURACY_FLOOR, f"figures and dates {accuracy} < {FIGURE_ACCURACY_FLOOR}"
