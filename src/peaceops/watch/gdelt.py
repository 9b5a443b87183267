"""The GDELT 2.0 event stream: every 15 minutes a ``lastupdate.txt`` names the newest export zip.

``lastupdate.txt`` has one line per file: size in bytes, MD5, URL. The watch
takes the ``.export.CSV.zip`` line, refuses a download whose size or MD5 differ,
and keeps the events whose CAMEO code concerns peacekeeping
(``cameo_peacekeeping_codes`` of ``data/events/reference.yaml``, from the CAMEO
codebook, Schrodt 2012). Each becomes a claim at the event's place and day;
``gdelt_topics`` of ``data/watch.yaml`` says what each code reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass

from peaceops.ingest.errors import InputRejected
from peaceops.watch.claims import Claim

MAX_UNZIPPED_BYTES = 512 * 1024 * 1024  # an export is a few MB; a zip that claims more is refused


@dataclass(frozen=True)
class ExportFile:
    url: str
    size: int
    md5: str


def parse_lastupdate(text: str, origin: str) -> ExportFile:
    """The export file named by a ``lastupdate.txt``; InputRejected when it names none."""
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if len(parts) != 3:
            if line.strip():
                raise InputRejected(f"{origin}: line {number} is not 'size md5 url': {line[:120]!r}")
            continue
        size, md5, url = parts
        if url.lower().endswith(".export.csv.zip"):
            if not size.isdigit() or len(md5) != 32:
                raise InputRejected(f"{origin}: line {number} has no valid size and MD5: {line[:120]!r}")
            return ExportFile(url, int(size), md5.lower())
    raise InputRejected(f"{origin}: names no .export.CSV.zip file; is it GDELT 2.0's lastupdate.txt?")


def events(raw: bytes, export: ExportFile, codes: set[str]) -> list[dict]:
    """The export's events whose CAMEO code is in ``codes``, each a dict of GDELT 2.0 column names."""
    from peaceops.events.formats.gdelt import GDELT2_COLUMNS  # heavy: pandas and pyarrow, loaded on first use

    if len(raw) != export.size:
        raise InputRejected(f"{export.url}: {len(raw):,} bytes downloaded, lastupdate.txt says {export.size:,}")
    if hashlib.md5(raw, usedforsecurity=False).hexdigest() != export.md5:
        raise InputRejected(f"{export.url}: the MD5 of the download differs from lastupdate.txt's; corrupt, refused")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) != 1:
            raise InputRejected(f"{export.url}: expected one CSV in the zip, found {len(members)}")
        if members[0].file_size > MAX_UNZIPPED_BYTES:
            raise InputRejected(f"{export.url}: unzips to {members[0].file_size:,} bytes; refused")
        data = archive.read(members[0])
    except zipfile.BadZipFile as exc:
        raise InputRejected(f"{export.url}: not a zip archive ({exc})") from None
    found = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        fields = line.split("\t")
        if len(fields) != len(GDELT2_COLUMNS):
            continue  # GDELT 2.0 rows have 61 fields; others are not events of this layout
        row = dict(zip(GDELT2_COLUMNS, fields, strict=True))
        if row["eventcode"] in codes:
            found.append(row)
    return found


def claim_of(event: dict, finder, topics: dict[str, str]) -> Claim | None:
    """The claim of one GDELT event: at the place GDELT geocoded the action to, on the event's day."""
    try:
        day = dt.datetime.strptime(event["day"], "%Y%m%d").date()
    except ValueError:
        return None
    fullname = event.get("actiongeo_fullname") or ""
    places = [m.key for m in finder.gazetteer.places.find(fullname)] if fullname else []
    if not places:
        return None
    place = places[-1]  # "Almaty, Almaty, Kazakhstan": the country comes last
    topic = topics.get(event["eventcode"], "deployment")
    actors = " / ".join(a for a in (event.get("actor1name"), event.get("actor2name")) if a)
    sentence = (
        f"GDELT event {event['globaleventid']} ({event['eventcode']}): {actors or 'unnamed actors'} at {fullname}"
    )
    detail = {
        "gdelt": {
            "globaleventid": event["globaleventid"],
            "eventcode": event["eventcode"],
            "actor1": event.get("actor1name") or None,
            "actor2": event.get("actor2name") or None,
            "numsources": int(event.get("numsources") or 0),
            "numarticles": int(event.get("numarticles") or 0),
        },
        "cues": {},
        "peacekeeping": [],
    }
    covering = finder.covering(place, day)
    if covering:
        if len(covering) != 1:
            return None
        detail["why"] = f"{place} is covered by {covering[0]} on {day.isoformat()}"
        return Claim("change", topic, covering[0], None, sentence, None, day.isoformat(), detail)
    if topic != "deployment":
        return None  # a withdrawal or a refusal of a force the registry does not know says nothing new
    detail["why"] = f"no registry operation covers {place} on {day.isoformat()}"
    return Claim("new-deployment", "deployment", None, place, sentence, None, day.isoformat(), detail)
