"""The GDELT 2.0 path end to end: a lastupdate.txt and its export zip served locally, filtered to the CAMEO
peacekeeping codes, turned into alerts.

The stream holds the real rows of the shipped GDELT sample (tests/data/events/gdelt1_mixed_slice.tsv, widened to
GDELT 2.0's 61 fields with empty ADM2 codes, as tests/events does) — none of them has a peacekeeping code, so
they must all be filtered out — and generated rows in GDELT 2.0's layout with peacekeeping codes (marked
"generated" in their SOURCEURL), because the sample has none.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from watchkit import KAZAKHSTAN_OP, Route

SAMPLE = Path(__file__).parents[1] / "data" / "events" / "gdelt1_mixed_slice.tsv"


def _widen(fields: list[str]) -> list[str]:
    """A GDELT 1.0 row of 58 fields as a 2.0 row of 61: an empty ADM2 code after each ADM1 code."""
    head, rest = fields[:35], fields[35:]
    blocks = [rest[i * 7 : i * 7 + 7] for i in range(3)]
    widened = [b[:4] + [""] + b[4:] for b in blocks]
    return head + widened[0] + widened[1] + widened[2] + rest[21:]


def _generated(event_id: int, code: str, day: str, place: str, country: str) -> list[str]:
    from peaceops.events.formats.gdelt import GDELT2_COLUMNS

    row = dict.fromkeys(GDELT2_COLUMNS, "")
    row.update(
        globaleventid=str(event_id),
        day=day,
        monthyear=day[:6],
        year=day[:4],
        fractiondate=f"{day[:4]}.0027",
        actor1code="RUSMIL",
        actor1name="RUSSIA",
        actor2code="KAZ",
        actor2name="KAZAKHSTAN",
        isrootevent="1",
        eventcode=code,
        eventbasecode=code[:3],
        eventrootcode=code[:2],
        quadclass="2",
        goldsteinscale="7.4",
        nummentions="12",
        numsources="4",
        numarticles="12",
        avgtone="-2.1",
        actiongeo_type="4",
        actiongeo_fullname=place,
        actiongeo_countrycode=country,
        dateadded=day + "101500",
        sourceurl=f"https://generated.invalid/gdelt-test/{event_id}",
    )
    return [row[c] for c in GDELT2_COLUMNS]


def _stream(rows: list[list[str]]) -> tuple[bytes, bytes]:
    csv = "\n".join("\t".join(r) for r in rows).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20220106101500.export.CSV", csv)
    return buffer.getvalue(), csv


def _serve(feed_server, rows, *, md5=None):
    raw, _ = _stream(rows)
    url = f"{feed_server.base}/gdeltv2/20220106101500.export.CSV.zip"
    feed_server.routes["/gdeltv2/20220106101500.export.CSV.zip"] = Route(raw, content_type="application/zip")
    digest = md5 or hashlib.md5(raw, usedforsecurity=False).hexdigest()
    lastupdate = (
        f"{len(raw)} {digest} {url}\n1234 {'0' * 32} {feed_server.base}/gdeltv2/20220106101500.mentions.CSV.zip\n"
    ).encode()
    feed_server.routes["/gdeltv2/lastupdate.txt"] = Route(lastupdate, content_type="text/plain")
    return f"{feed_server.base}/gdeltv2/lastupdate.txt"


def _rows():
    sample = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    real = [_widen(f) for f in sample if len(f) == 58]
    assert real, "the shipped sample has rows of 58 fields"
    generated = [
        _generated(900000001, "074", "20220106", "Almaty, Almaty, Kazakhstan", "KZ"),
        _generated(900000002, "0861", "20220107", "Almaty, Almaty, Kazakhstan", "KZ"),
        _generated(900000003, "0234", "20220106", "Nur-Sultan, Nur-Sultan, Kazakhstan", "KZ"),
        _generated(900000004, "010", "20220106", "Almaty, Almaty, Kazakhstan", "KZ"),  # not a peacekeeping code
    ]
    return real + generated


@pytest.mark.parametrize("registry", ["without", "with"])
def test_gdelt_stream_to_alerts(registry, ws, feed_server, request):
    from peaceops.watch import Watcher, sources
    from peaceops.watch.alerts import list_alerts, show

    catalog = request.getfixturevalue("catalog_without" if registry == "without" else "catalog_with")
    target = _serve(feed_server, _rows())
    source = sources.add(ws, target, allow_private=True, actor="test")
    assert source["kind"] == "gdelt2"
    watcher = Watcher(ws, catalog)
    watcher.run(once=True)
    found = list_alerts(ws)
    assert len(found) == 1, [a["title"] for a in found]
    alert = show(ws, found[0]["id"])
    assert {c["detail"]["gdelt"]["eventcode"] for c in alert["claims"]} == {"074", "0861", "0234"}
    assert "GDELT counted 12 sources" in alert["confidence_why"]
    if registry == "without":
        assert (alert["kind"], alert["place"]) == ("new-deployment", "Kazakhstan")
    else:
        assert (alert["kind"], alert["operation_id"]) == ("change", KAZAKHSTAN_OP)
    watcher.run(once=True)  # the same export again: nothing processed twice
    assert len(show(ws, found[0]["id"])["claims"]) == 3


def test_gdelt_download_that_differs_from_lastupdate_is_refused(ws, feed_server, catalog_with):
    from peaceops.watch import Watcher, sources

    target = _serve(feed_server, _rows(), md5="f" * 32)
    source = sources.add(ws, target, allow_private=True, actor="test")
    reports = Watcher(ws, catalog_with).poll_due()
    assert "MD5" in reports[0].error and reports[0].source_id == source["id"]
