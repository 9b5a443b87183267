"""One real article in each supported language ingests into a workspace with its operations and candidates.

The articles are labelled excerpts of tests/data/mentions (source URL and
licence note beside each); the seed article has its own test in
test_ingest_pipeline.py. Each language is detected, its operations are linked
exactly as labelled, candidate evidence is proposed, and the document's date
and how it was found are stored.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import get_args

import pytest

from peaceops.ingest import ingest_text
from peaceops.vocab import Language

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from mention_quality import load_items  # noqa: E402

ITEMS = {item["id"]: item for item in load_items()}

EXAMPLES = {
    "ar": "ar-006",  # the Arab Deterrent Force in Lebanon
    "az": "az-007",  # Russian peacekeepers and the Lachin corridor
    "be": "be-002",  # UNIFIL
    "cs": "cs-001",  # the Czech contingent in KFOR
    "de": "de-001",  # MINUSMA's withdrawal
    "en": "en-104",  # EUFOR Althea
    "es": "es-002",  # MINUSTAH and MINUJUSTH
    "fr": "fr-004",  # Turquoise hands over to UNAMIR
    "hy": "hy-001",  # the Russian contingent in Nagorno-Karabakh
    "it": "it-006",  # Operation Alba, never named
    "ka": "ka-002",  # the CIS force in Abkhazia
    "kk": "kk-003",  # the CSTO in Kazakhstan
    "pl": "pl-001",  # the Polish contingent returns to UNIFIL
    "pt": "pt-003",  # KFOR
    "ro": "ro-008",  # EUFOR Althea
    "ru": "ru-010",  # the JPKF in South Ossetia
    "sq": "sq-002",  # the Russian peacekeepers in Karabakh
    "sr": "sr-013",  # KFOR, in Cyrillic
    "tr": "tr-001",  # KFOR
    "uk": "uk-010",  # KFOR
}


def test_every_supported_language_has_an_example():
    assert set(EXAMPLES) == set(get_args(Language))


@pytest.mark.parametrize("language", sorted(EXAMPLES))
def test_a_real_article_ingests(ws, shipped_catalog, language):
    item = ITEMS[EXAMPLES[language]]
    assert item["language"] == language
    result = ingest_text(item["text"], origin=item["url"], workspace=ws, catalog=shipped_catalog, kind="paste")
    assert result.status == "ingested", result.reason
    assert result.language == language
    assert {m["operation_id"] for m in result.mentions} == set(item["operations"])
    assert result.candidates, "no candidate evidence proposed"
    with ws.reader() as conn:
        stored = conn.execute("SELECT COUNT(*) FROM candidates").fetchone()[0]
        date, method = conn.execute("SELECT date, date_method FROM documents").fetchone()
    assert stored == len(result.candidates)
    assert (date is None) == (method is None)
