"""Ingestion end to end on real and realistic texts, in English and Russian."""

from __future__ import annotations

import json

import pytest

from peaceops.ingest import ingest, ingest_text
from tests.ingest.conftest import DATA, SEED

SEED_OPERATIONS = {
    "kazakhstan-csto-cpf-2022",
    "transnistria-jpkf-1992",
    "abkhazia-cis-cpkf-1994",
    "south-ossetia-jpkf-1992",
    "nagorno-karabakh-rpc-2020",
    "tajikistan-cis-cpkf-1993",
    "bosnia-ifor-1995",
    "kosovo-kfor-1999",
    "afghanistan-isaf-2001",
    "lebanon-mnf-1982",
    "kyrgyzstan-csto-2010",
}


def _stored(ws, sql, *args):
    with ws.reader() as conn:
        return conn.execute(sql, args).fetchall()


def test_seed_article(ws, shipped_catalog):
    report = ingest([str(SEED)], workspace=ws, catalog=shipped_catalog)
    assert (report.ingested, report.failed) == (1, 0)
    result = report.results[0]
    assert {m["operation_id"] for m in result.mentions} == SEED_OPERATIONS
    for mention in result.mentions:  # offsets point at the surface text, and every link says why
        text = _stored(ws, "SELECT text FROM documents WHERE id = ?", result.document_id)[0][0]
        assert text[mention["start"] : mention["end"]] == mention["surface"]
        assert mention["reason"]
    lebanon = next(m for m in result.mentions if m["operation_id"] == "lebanon-mnf-1982")
    assert "1983" in lebanon["reason"] and lebanon["method"] == "context"
    indicators = {i for row in _stored(ws, "SELECT indicators FROM candidates") for i in json.loads(row[0])}
    assert {"transparency-deliberation", "legal-basis"} <= indicators
    assert indicators & {"impartiality-even-handed", "impartiality-lead-stake", "impartiality-composition"}
    [(text, title)] = _stored(ws, "SELECT text, title FROM documents")
    for clutter in (
        "USD89.70",
        "OIL81.97",
        "Читать на русском",
        "браузер",
        "Subscribe to our weekly digest",
        "Google Chrome",
    ):
        assert clutter not in text, clutter
    assert title.startswith("War for Peace")
    assert "All Russian peacekeepers had returned from Kazakhstan" in text


def test_reingesting_is_a_no_op(ws, shipped_catalog):
    first = ingest([str(SEED)], workspace=ws, catalog=shipped_catalog)
    counts = [len(_stored(ws, f"SELECT * FROM {t}")) for t in ("documents", "mentions", "candidates")]
    again = ingest([str(SEED)], workspace=ws, catalog=shipped_catalog)
    assert again.duplicates == 1 and again.results[0].document_id == first.results[0].document_id
    assert [len(_stored(ws, f"SELECT * FROM {t}")) for t in ("documents", "mentions", "candidates")] == counts


def test_russian_news_text(ws, shipped_catalog, tmp_path):
    report = ingest([str(DATA / "ru_csto_withdrawal.txt")], workspace=ws, catalog=shipped_catalog)
    result = report.results[0]
    assert result.status == "ingested" and result.language == "ru"
    assert {m["operation_id"] for m in result.mentions} == {"kazakhstan-csto-cpf-2022"}  # contributors are not hosts
    rows = _stored(ws, "SELECT operation_id, cues, numbers, language, suggestion FROM candidates")
    cued = {i for row in rows for i in json.loads(row[1])}  # the cues that fired, whatever the model suggests
    assert {"consent-host", "legal-basis", "transparency-deliberation"} <= cued
    assert all(json.loads(row[4])["indicators"] for row in rows)  # every candidate carries ranked suggestions
    troops = [n for row in rows for n in json.loads(row[2]) if n["kind"] == "troops"]
    assert troops == [
        {
            "kind": "troops",
            "text": "порядка 2030 военнослужащих",
            "value": 2030,
            "qualifier": "порядка",
            "start": troops[0]["start"],
            "end": troops[0]["end"],
        }
    ]
    assert all(row[0] == "kazakhstan-csto-cpf-2022" and row[3] == "ru" for row in rows)
    [(text,)] = _stored(ws, "SELECT text FROM documents")
    assert "Подпишитесь" not in text and "браузер" not in text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_russian_encodings(ws, shipped_catalog, tmp_path, encoding):
    original = (DATA / "ru_csto_withdrawal.txt").read_text(encoding="utf-8")
    path = tmp_path / f"article.{encoding}.txt"
    path.write_bytes(original.encode(encoding))
    result = ingest([str(path)], workspace=ws, catalog=shipped_catalog).results[0]
    assert result.status == "ingested", result.reason
    [(text, detected)] = _stored(ws, "SELECT text, encoding FROM documents")
    assert "Миротворцы были направлены в республику 6 января" in text
    assert detected == encoding


def test_html_page_with_declared_windows_1251(ws, shipped_catalog, tmp_path):
    body = (
        "<html><head><meta charset='windows-1251'><title>Миротворцы в Приднестровье</title></head><body><article>"
        "<p>Российские миротворцы в Приднестровье находятся в зоне безопасности с 1992 года, а Молдавия требует их "
        "вывода "
        "и замены гражданской миссией наблюдателей.</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(body.encode("cp1251"))
    result = ingest([str(path)], workspace=ws, catalog=shipped_catalog).results[0]
    assert result.status == "ingested", result.reason
    assert {m["operation_id"] for m in result.mentions} == {"transnistria-jpkf-1992"}


def test_html_clutter_and_metadata(ws, shipped_catalog):
    result = ingest([str(DATA / "en_clutter_page.html")], workspace=ws, catalog=shipped_catalog).results[0]
    assert result.status == "ingested", result.reason
    [(text, title, language)] = _stored(ws, "SELECT text, title, language FROM documents")
    assert title.startswith("Russian peacekeepers leave Nagorno-Karabakh")
    assert language == "en"
    for clutter in ("USD89.70", "Читать на русском", "Subscribe", "browser is out of date", "Home"):
        assert clutter not in text, clutter
    assert {m["operation_id"] for m in result.mentions} == {"nagorno-karabakh-rpc-2020"}


def test_feed_file_items_become_documents(ws, shipped_catalog):
    report = ingest([str(DATA / "feed.xml")], workspace=ws, catalog=shipped_catalog)
    assert report.ingested == 2, [r.reason for r in report.results]
    linked = {r.origin: {m["operation_id"] for m in r.mentions} for r in report.results}
    assert linked == {
        "http://example.invalid/unifil-final": {"lebanon-unifil-1978"},
        "http://example.invalid/kfor-north": {"kosovo-kfor-1999"},
    }
    titles = {row[0] for row in _stored(ws, "SELECT title FROM documents")}
    assert titles == {"UNIFIL mandate renewed for a final time", "KFOR reinforces in northern Kosovo"}


def test_pasted_text(ws, shipped_catalog):
    result = ingest_text(
        "ISAF was authorised by Security Council resolution 1386 in December 2001.",
        origin="paste",
        workspace=ws,
        catalog=shipped_catalog,
        actor="ana",
    )
    assert result.status == "ingested"
    assert _stored(ws, "SELECT ingested_by, origin_kind FROM documents")[0][:] == ("ana", "paste")


def test_folder_in_parallel_with_duplicates(ws, shipped_catalog, tmp_path):
    folder = tmp_path / "news" / "nested"
    folder.mkdir(parents=True)
    texts = [
        "Russian peacekeepers in Transnistria have been deployed since 1992.",
        "KFOR troops patrolled northern Kosovo in 2023.",
        "The CSTO sent peacekeepers to Kazakhstan in January 2022.",
        "UNIFIL peacekeepers reported violations of the Blue Line.",
        "MINUSMA completed its withdrawal from Mali in December 2023.",
        "MONUSCO began its disengagement from South Kivu in 2024.",
        "UNFICYP patrols the buffer zone in Cyprus.",
        "EUFOR Althea remains in Bosnia and Herzegovina.",
    ]
    for number, text in enumerate(texts):
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    (folder.parent / "copy.txt").write_text(texts[0] + "\n", encoding="utf-8")  # same text, other whitespace
    (folder.parent / "ignored.bin").write_bytes(b"\x00\x01")  # not a text suffix: not picked up
    report = ingest([str(folder.parent)], workspace=ws, catalog=shipped_catalog, workers=2)
    assert (report.ingested, report.duplicates, report.failed) == (8, 1, 0)
    assert len(_stored(ws, "SELECT id FROM documents")) == 8


@pytest.mark.parametrize("published, linked", [("2021-11-30", set()), ("2022-03-01", {"donbas-russia-2022"})])
def test_context_never_links_an_operation_that_began_after_the_text(ws, shipped_catalog, tmp_path, published, linked):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta property='article:published_time' "
        f"content='{published}'><title>Analysis</title></head><body>"
        "<article><p>Moscow says Russian troops will perform peacekeeping functions in Ukraine's east, in the Donetsk "
        "and "
        "Luhansk regions, while Kyiv calls the deployment an occupation.</p></article></body></html>",
        encoding="utf-8",
    )
    result = ingest([str(page)], workspace=ws, catalog=shipped_catalog).results[0]
    assert result.status == "ingested", result.reason
    assert {m["operation_id"] for m in result.mentions} == linked, [m["reason"] for m in result.mentions]


def test_articles_sharing_a_paragraph_keep_it(ws, shipped_catalog, tmp_path):
    shared = "<p>KFOR peacekeepers were deployed in Kosovo in June 1999 under Security Council resolution 1244.</p>"
    for name, extra in (
        ("a.html", "<p>First report from Pristina.</p>"),
        ("b.html", "<p>A later report from Mitrovica.</p>"),
    ):
        (tmp_path / name).write_text(f"<html><body><article>{shared}{extra}</article></body></html>", encoding="utf-8")
    report = ingest([str(tmp_path / "a.html"), str(tmp_path / "b.html")], workspace=ws, catalog=shipped_catalog)
    assert report.ingested == 2, [r.reason for r in report.results]
    from peaceops.workspace import documents

    with ws.reader() as conn:
        texts = documents.texts(conn)
    assert all("resolution 1244" in text for text in texts)


def test_language_per_sentence_in_a_mixed_paragraph():
    from peaceops.ingest.sentences import split_sentences

    text = (
        "The CSTO secretariat said the force would stay for a limited time. "
        "«Миротворцы будут находиться в Казахстане ограниченное время», заявил генеральный секретарь ОДКБ."
    )
    sentences = split_sentences(text)
    assert [s.language for s in sentences] == ["en", "ru"]
    assert all(text[s.start : s.end] == s.text for s in sentences)
