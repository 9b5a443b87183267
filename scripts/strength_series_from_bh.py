"""Derive data/strength/nonun-bh-2020.csv from the SIPRI points of Bara & Hultman's non-UN missions.

A curation tool, run by hand when the registry's non-UN operations or the copy change; peaceops never reads the
dataset at run time. Bara & Hultman (2020) take their non-UN strength figures from SIPRI's Multilateral Peace
Operations Database, one figure a year (mostly December), and interpolate the months between. Only SIPRI's own
points are kept here (tests/data/registry_crosscheck/bh_2020_sipri_points_nonun.csv), as basis ``reported``,
cited to the dataset; the interpolated months are Bara & Hultman's estimate, not a report, and are left out.

Each mission is matched to a registry operation by the table below, written by hand because the dataset's names
("ECOWAS", "EUFOR", "CIS") do not identify a mission on their own; a mission without a registry operation is
named when the script runs. Points outside the operation's deployment are skipped and named too.

    python scripts/strength_series_from_bh.py            # rewrite the file
    python scripts/strength_series_from_bh.py --check    # exit 1 when the file is out of date
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from peaceops import registry
from peaceops.dates import PartialDate
from peaceops.registry.series import to_csv, within_deployment, write_or_check

ROOT = Path(__file__).resolve().parents[1]
COPY = ROOT / "tests" / "data" / "registry_crosscheck" / "bh_2020_sipri_points_nonun.csv"
OUT = ROOT / "data" / "strength" / "nonun-bh-2020.csv"
SOURCE = "bara-hultman-2020-un-nonun-peacekeeping-dataset"

MISSIONS = {  # Bara & Hultman missionid -> registry operation id
    37208: "south-ossetia-jpkf-1992",  # CIS JPKF, Georgia
    37209: "abkhazia-cis-cpkf-1994",  # CIS PKO, Georgia
    359044: "transnistria-jpkf-1992",  # JCC, Moldova
    70207: "tajikistan-cis-cpkf-1993",  # CIS, Tajikistan
    450013: "liberia-ecomog-1990",  # ECOMOG, Liberia
    346038: "bosnia-ifor-1995",  # IFOR
    346078: "bosnia-sfor-1996",  # SFOR
    346024: "bosnia-eufor-althea-2004",  # EUFOR Althea
    345045: "kosovo-kfor-1999",  # KFOR
    850041: "timor-interfet-1999",  # INTERFET
    700042: "afghanistan-isaf-2001",  # ISAF
    482059: "car-misca-2013",  # MISCA
    3460121: "bosnia-weupf-1994",  # WEUPF
    343065: "macedonia-essential-harvest-2001",  # NATO Harvest
    343064: "macedonia-amber-fox-2001",  # NATO Fox
    343063: "macedonia-allied-harmony-2002",  # NATO Allied H.
    343022: "macedonia-eufor-concordia-2003",  # EUFOR, Macedonia
    346029: "bosnia-eupm-2003",  # EUPOL, Bosnia-Herzegovina
    343031: "macedonia-eupol-proxima-2003",  # EUPOL, Macedonia
    343028: "macedonia-eupat-2005",  # EUPAT
    345026: "kosovo-eulex-2008",  # EULEX
    369018: "ukraine-euam-2014",  # EUAM
    451016: "sierra-leone-ecomog-1997",  # ECOWAS, Sierra Leone
    404014: "guinea-bissau-ecomog-1998",  # ECOMOG, Guinea-Bissau
    437015: "cote-divoire-ecomici-2003",  # ECOWAS, Ivory Coast
    437072: "cote-divoire-licorne-2002",  # Op. Licorne
    450012: "liberia-ecomil-2003",  # ECOMIL
    404011: "guinea-bissau-ecomib-2012",  # ECOMIB
    43201: "mali-afisma-2013",  # AFISMA
    432074: "mali-serval-2013",  # Op. Serval
    432035: "mali-eutm-2013",  # EUTM, Mali
    436020: "niger-eucap-sahel-2012",  # EUCAP Sahel, Niger
    432019: "mali-eucap-sahel-2015",  # EUCAP Sahel, Mali
    451010: "sierra-leone-cpdtf-1998",  # CPDTF
    910079: "bougainville-sppkf-1994",  # SPPKF Lagoon
    910080: "bougainville-tmg-1997",  # TMG
    910075: "bougainville-pmg-1998",  # PMG
    850043: "timor-leste-isf-2006",  # ISF
    410120: "haiti-mnf-1994",  # Uphold Dem.
    41048: "haiti-mifh-2004",  # MIFH
    666032: "palestinian-territories-eupol-copps-2006",  # EUPOL Copps
    700076: "afghanistan-rsm-2015",  # RSM
    700030: "afghanistan-eupol-2007",  # EUPOL, Afghanistan
    840039: "mindanao-imt-2004",  # IMT I
    840040: "mindanao-imt-2004",  # IMT II
    520090: "somalia-unitaf-1992",  # UNITAF
    62503: "sudan-amis-2004",  # AMIS
    52005: "somalia-amisom-2007",  # AMISOM
    520036: "somalia-eutm-2010",  # EUTM, Somalia
    483021: "chad-eufor-tchad-rca-2008",  # EUFOR, Chad
    581067: "comoros-omic-1997",  # OAU, Comoros
    581057: "comoros-mioc-2004",  # MIOC
    58104: "comoros-amisec-2006",  # AMISEC
    581046: "comoros-maes-2007",  # MAES
    517066: "rwanda-nmog-1992",  # NMOG
    516056: "burundi-miob-1994",  # MIOB
    517081: "rwanda-turquoise-1994",  # Turquoise
    490068: "drc-oau-jmc-1999",  # OAU JMC
    516077: "burundi-sapsd-2001",  # SAPD
    51602: "burundi-amib-2003",  # AMIB
    490017: "drc-artemis-2003",  # EU Artemis
    490023: "drc-eufor-rd-congo-2006",  # EUFOR, DR Congo
    490034: "drc-eupol-kinshasa-2005",  # EUPOL Kinshasa
    48206: "car-fomuc-2002",  # CEMAC
    482047: "car-micopax-2008",  # MICOPAX
    482073: "car-sangaris-2013",  # Op. Sangaris
    482025: "car-eufor-rca-2014",  # EUFOR RCA
    482027: "car-eumam-rca-2015",  # EUMAM RCA
    482037: "car-eutm-rca-2016",  # EUTM RCA
}


def build(report=print) -> str:
    reg, _ = registry.check(ROOT / "data")  # problems in the series file itself must not stop its rebuild
    lines, unmatched = [], {}
    with COPY.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            op_id = MISSIONS.get(int(row["missionid"]))
            if op_id is None or op_id not in reg.operations:
                unmatched.setdefault(f"{row['mission']} ({row['location']}, {row['missionid']})", 0)
                continue
            op = reg.get(op_id)
            if not within_deployment(op, PartialDate.parse(row["month"])):
                report(f"skipped: {row['mission']} {row['month']} is outside {op_id}'s deployment")
                continue
            lines.append(
                [
                    op_id,
                    row["month"],
                    "reported",
                    row["troops"] or 0,
                    row["police"] or 0,
                    row["observers"] or 0,
                    SOURCE,
                    "SIPRI's figure for the year as Bara & Hultman (2020) record it",
                ]
            )
    for name in sorted(unmatched):
        report(f"no registry operation for {name}")
    lines.sort(key=lambda line: (line[0], line[1]))
    return to_csv(lines)


def main() -> int:
    return write_or_check(build(), OUT, "scripts/strength_series_from_bh.py")


if __name__ == "__main__":
    sys.exit(main())
