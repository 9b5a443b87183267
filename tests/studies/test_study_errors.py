"""Missing or broken replication files give one clear error: what, where, and what to do."""

from __future__ import annotations

import pandas as pd
import pytest

from peaceops.errors import PeaceopsError
from peaceops.studies import StudyDataError, fortna, hks2013, load_published


def test_missing_reduced_file(studies_copy):
    folder = studies_copy(("published.yaml", "HKS_AJPS_2013.tab"))
    with pytest.raises(StudyDataError) as err:
        hks2013(folder)
    message = str(err.value)
    assert str(folder / "hks2013.csv") in message and "data/studies/hks2013.csv" in message
    assert isinstance(err.value, PeaceopsError)


def test_missing_full_file_names_the_way_out(studies_copy):
    folder = studies_copy(("published.yaml", "hks2013.csv"))
    with pytest.raises(
        StudyDataError, match=r"full replication file not found: expected .*HKS_AJPS_2013\.tab.*--no-cluster"
    ):
        hks2013(folder)


def test_reduced_file_without_a_column(studies_copy):
    folder = studies_copy()
    frame = pd.read_csv(folder / "hks2013.csv").drop(columns=["policeLag"])
    frame.to_csv(folder / "hks2013.csv", index=False)
    with pytest.raises(StudyDataError, match="lacks column.*policeLag"):
        hks2013(folder)


def test_reduced_file_with_text_in_a_number_column(studies_copy):
    folder = studies_copy()
    lines = (folder / "hks2013.csv").read_text().splitlines()
    fields = lines[5].split(",")
    fields[4] = "many"  # troopLag of data row 5
    lines[5] = ",".join(fields)
    (folder / "hks2013.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(StudyDataError, match=r"'troopLag' must hold numbers, found 'many' in data row 5"):
        hks2013(folder)


def test_reduced_file_with_a_gap(studies_copy):
    folder = studies_copy()
    frame = pd.read_csv(folder / "hks2013.csv")
    frame.loc[9, "lntpop"] = None
    frame.to_csv(folder / "hks2013.csv", index=False)
    with pytest.raises(StudyDataError, match="complete rows.*data row 10"):
        hks2013(folder)


def test_empty_reduced_file(studies_copy):
    folder = studies_copy()
    (folder / "hks2013.csv").write_text("")
    with pytest.raises(StudyDataError, match="cannot be read"):
        hks2013(folder)


def test_full_file_from_another_package(studies_copy):
    folder = studies_copy()
    full = pd.read_csv(folder / "HKS_AJPS_2013.tab", sep="\t")
    full.iloc[:-50].to_csv(folder / "HKS_AJPS_2013.tab", sep="\t", index=False)
    with pytest.raises(StudyDataError, match="same replication package.*--no-cluster"):
        hks2013(folder)


def test_missing_fortna_file(studies_copy):
    folder = studies_copy(("published.yaml",))
    with pytest.raises(StudyDataError, match="Fortna ceasefire data not found.*fortna_pk_pkept.dta"):
        fortna(folder)


def test_fortna_file_that_is_not_stata(studies_copy):
    folder = studies_copy()
    (folder / "fortna_pk_pkept.dta").write_bytes(b"this is not a Stata file\n" * 20)
    with pytest.raises(StudyDataError, match="not a readable Stata .dta file"):
        fortna(folder)


def test_fortna_file_without_the_deployer(studies_copy):
    folder = studies_copy()
    frame = pd.read_stata(folder / "fortna_pk_pkept.dta").drop(columns=["pkwho"])
    frame.to_stata(folder / "fortna_pk_pkept.dta", write_index=False)
    with pytest.raises(StudyDataError, match="lacks column.*pkwho"):
        fortna(folder)


def test_published_figures_file_missing_or_malformed(studies_copy):
    folder = studies_copy(("hks2013.csv", "HKS_AJPS_2013.tab"))
    with pytest.raises(StudyDataError, match="list of published figures not found"):
        hks2013(folder)
    (folder / "published.yaml").write_text(
        "figures:\n  - key: x.y\n    study: fortna\n    quantity: q\n    status: not-found\n    value: 3\n    source: "
        "s\n"
    )
    with pytest.raises(StudyDataError, match="figure x.y: .*not-found must have no value"):
        load_published(folder)


def test_output_directory_that_is_a_file(hks, tmp_path):
    from peaceops.studies import plots

    blocker = tmp_path / "out"
    blocker.write_text("a file, not a directory")
    with pytest.raises(StudyDataError, match="cannot create the output directory"):
        plots.hks2013_effects(hks, blocker)
