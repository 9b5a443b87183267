"""Ingestion in every supported language: morphology, transliteration, figures, document dates, hard cases.

Texts are real: the labelled excerpts of tests/data/mentions (with their source
URLs and licence notes) and tests/data/ingest/multilingual (origin in its README).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from peaceops.ingest import docdate
from peaceops.ingest.morphology import forms, phrase_forms, skeleton
from peaceops.ingest.pipeline import Analyser
from peaceops.ingest.textmatch import PhraseIndex

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
sys.path.insert(0, str(REPO / "bench"))
from mention_quality import load_items  # noqa: E402  (the bench's reader of the labelled set)

ITEMS = {item["id"]: item for item in load_items()}


@pytest.fixture(scope="module")
def analyser(shipped_catalog):
    return Analyser(shipped_catalog)


def _linked(analyser, text: str) -> set[str]:
    return {m.operation_id for m in analyser.analyse(text, origin="t", kind="paste").mentions}


# ---------------------------------------------------------------------- morphology and transliteration


def test_a_documents_tokens_and_matches_are_worked_out_once_and_forgotten_with_it():
    """textmatch remembers a sentence's tokens and each index's matches while one document is analysed: the
    same answers, handed out again only for the very token list they were found in, gone at the next document."""
    from peaceops.ingest import textmatch

    index = PhraseIndex()
    index.add("KFOR", "kfor")
    textmatch.new_document()
    tokens = textmatch.tokenize("KFOR patrols. KFOR", "en")
    assert textmatch.tokenize("KFOR patrols. KFOR", "en") is tokens
    assert textmatch.tokenize("KFOR patrols. KFOR", "de") is not tokens  # tokens carry their language
    first = index.find("KFOR patrols. KFOR", tokens)
    first.clear()  # a caller's copy: the remembered answer is not changed
    again = index.find("KFOR patrols. KFOR", tokens)
    assert [(m.key, m.start) for m in again] == [("kfor", 0), ("kfor", 14)]
    other = index.find("KFOR patrols. KFOR", list(tokens)[:1])  # another token list: matched afresh
    assert [(m.key, m.start) for m in other] == [("kfor", 0)]
    textmatch.new_document()
    assert textmatch.tokenize("KFOR patrols. KFOR", "en") is not tokens
    index.add("patrols", "patrol")  # a changed index forgets its answers
    assert [m.key for m in index.find("KFOR patrols. KFOR")] == ["kfor", "patrol", "kfor"]


def test_inflected_names_share_a_form_with_the_dictionary_form():
    assert forms("kosowie", "pl") & phrase_forms("kosowo", "pl")  # Polish locative, by the Snowball stem
    assert "абхазія" in forms("абхазії", "uk")  # Ukrainian genitive, by simplemma's lemma
    assert "молдова" in forms("молдове", "ru")  # Russian, by pymorphy3
    assert forms("واليونيفيل", "ar") & phrase_forms("اليونيفيل", "ar")  # Arabic proclitics و + ال


def test_stems_of_different_languages_never_meet():
    """Portuguese "Sérvia" and English "serves" share the Snowball stem "serv", but not a language."""
    assert not forms("serves", "en") & phrase_forms("servia", "pt")


def test_transliterations_agree_across_scripts():
    assert skeleton("serdyukov") == skeleton("сердюков")
    assert skeleton("qazaqstan") == skeleton("қазақстан")
    assert skeleton("yerevan") == skeleton("ереван")
    assert skeleton("kosovo") == skeleton("косово")


def test_a_cyrillic_name_is_found_in_latin_text_and_an_acronym_declined_as_a_word():
    index = PhraseIndex()
    index.add("Сердюков", "serdyukov", "ru")
    index.add("KFOR", "kfor")
    index.add("EULEX", "eulex")
    assert [m.key for m in index.find("General Serdyukov arrived", None)] == ["serdyukov"]
    found = index.find("Кфор је данас саопштио ... мисијом Еулекса.", None)
    assert [m.key for m in found] == ["kfor", "eulex"]


def test_a_capitalised_place_needs_a_capitalised_word(analyser):
    places = analyser.gazetteer.places
    assert "Mali" not in {m.key for m in places.find("вони мали багато роботи")}  # Ukrainian "had"


# --------------------------------------------------------------------------------- figures and dates


@pytest.mark.parametrize(
    ("text", "language", "troops", "dates"),
    [
        ("About 2,000 Russian troops arrived on 6 January 2022.", "en", [2000], ["2022-01-06"]),
        ("Более 3 тыс. военнослужащих прибыли 13 января 2022 года.", "ru", [3000], ["2022-01-13"]),
        ("Unos 2 mil soldados llegaron el 5 de enero de 2022.", "es", [2000], ["2022-01-05"]),
        ("1.960 asker 10 Kasım 2020 tarihinde bölgeye girdi.", "tr", [1960], ["2020-11-10"]),
        ("Mandat je produžen 12. juna 1999. godine.", "sr", [], ["1999-06-12"]),
        ("2008 წლის 7 აგვისტოს", "ka", [], ["2008-08-07"]),
        ("2020 թ. նոյեմբերի 10-ին", "hy", [], ["2020-11-10"]),
        ("في 6 يناير 2022 وصل", "ar", [], ["2022-01-06"]),
        ("In May 2022 the troops may 5 times have moved.", "en", [], ["2022-05"]),
    ],
)
def test_troop_counts_and_dates_in_many_languages(analyser, text, language, troops, dates):
    found = analyser.gazetteer.figures.find(text, language)
    assert [f.value for f in found if f.kind == "troops"] == troops
    assert [f.value for f in found if f.kind == "date"] == dates


def test_a_year_is_not_a_troop_count(analyser):
    found = analyser.gazetteer.figures.find("In 2008 peacekeepers were killed.", "en")
    assert [f for f in found if f.kind == "troops"] == []


# ------------------------------------------------------------------------------------ document dates


def test_a_dateline_dates_the_text(analyser):
    doc = analyser.analyse(ITEMS["en-002"]["text"], origin="t", kind="paste")  # "13.01.2022, 10:43" under the title
    assert (doc.date.value, doc.date.method) == ("2022-01-13", "dateline")


def test_a_date_in_a_long_first_sentence_is_not_a_dateline(analyser):
    text = (DATA / "ingest" / "multilingual" / "kazcent_tajikistan_mission.txt").read_text(encoding="utf-8")
    doc = analyser.analyse(text, origin="t", kind="paste")
    assert doc.date.method == "latest-date-in-text" and doc.date.value == "1993-04-30"


def test_the_source_date_wins_over_the_text(analyser):
    doc = analyser.analyse(
        ITEMS["en-002"]["text"], origin="t", kind="feed-item", metadata={"published": "Thu, 13 Jan 2022 07:00:00 GMT"}
    )
    assert (doc.date.value, doc.date.method) == ("2022-01-13", "metadata")


def test_html_metadata_gives_the_date(analyser):
    html = (
        "<html><head><title>t</title><meta property='article:published_time' content='2022-01-07T10:00:00Z'>"
        "</head><body><article><p>"
        + ITEMS["en-001"]["text"].replace("\n\n", "</p><p>")
        + "</p></article></body></html>"
    )
    doc = analyser.analyse(html.encode(), origin="t", kind="file", content_type="text/html")
    assert (doc.date.value, doc.date.method) == ("2022-01-07", "html-metadata")


def test_a_text_naming_only_years_is_dated_by_the_latest():
    from peaceops.ingest.mentions import MentionFinder

    date = docdate.from_text("Between 1992 and 1996 the force stayed.", [], _NoFigures(), MentionFinder.years_in)
    assert (date.value, date.method, date.latest.isoformat()) == ("1996", "years-in-text", "1996-12-31")


class _NoFigures:
    def find(self, text, language):
        return []


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown date method"):
        docdate.DocumentDate("2022", "guess")


# ------------------------------------------------------------------------------ the date and the place


def test_a_text_about_the_1990s_is_not_linked_to_a_force_of_2022(analyser):
    """Kazakh units in Tajikistan, 1992–2001: the CIS force, not the CSTO's deployment to Kazakhstan in 2022."""
    text = (DATA / "ingest" / "multilingual" / "kazcent_tajikistan_mission.txt").read_text(encoding="utf-8")
    assert _linked(analyser, text) == {"tajikistan-cis-cpkf-1993"}


def test_troop_figures_take_the_operation_of_their_sentence(analyser):
    text = (DATA / "ingest" / "multilingual" / "kazcent_tajikistan_mission.txt").read_text(encoding="utf-8")
    doc = analyser.analyse(text, origin="t", kind="paste")
    troops = [(f["operation_id"], f["value"]) for f in doc.figures if f["kind"] == "troops"]
    assert ("tajikistan-cis-cpkf-1993", 10300) in troops


# ------------------------------------------------------------------- hard cases, each on a real excerpt


@pytest.mark.parametrize(
    ("item", "expected", "case"),
    [
        ("sr-004", None, "an encyclopaedia that confuses UNCRO with UNPROFOR's aftermath"),
        ("it-006", None, "an operation named only by its place, its mandate and its lead"),
        ("sr-008", None, "an English quotation inside a Serbian text"),
        ("sr-009", {"cambodia-untac-1992", "cyprus-unficyp-1964", "golan-undof-1974", "lebanon-unifil-1978"}, "a list"),
        ("fr-004", None, "an anniversary piece"),
        ("fr-010", None, "peacekeeping in general, no operation named"),
    ],
)
def test_hard_cases(analyser, item, expected, case):
    gold = set(ITEMS[item]["operations"])
    linked = _linked(analyser, ITEMS[item]["text"])
    expected = gold if expected is None else expected
    assert expected <= linked, f"{case}: {item} linked {sorted(linked)}"
    assert linked <= gold, f"{case}: {item} linked {sorted(linked - gold)}, not in the text"
