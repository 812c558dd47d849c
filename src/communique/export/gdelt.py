"""A GDELT-style event table: one tab-separated line per event, named as GDELT's event export names
the columns it shares, then communique's own columns.

What it is, exactly (docs/schema.md, "GDELT-style event table", lists every column):

- one row per row of the ``events`` table (GDELT's rows are dyads; ours keep every actor and
  recipient: Actor1/Actor2 describe the first of each, ``Actor1Ids``/``Actor2Ids`` list all);
- a header line (GDELT's files have none);
- CAMEO codes are root codes (two digits), mapped from PLOVER by the events extractor, so EventCode,
  EventBaseCode and EventRootCode are equal; QuadClass follows GDELT's grouping of the root codes;
- country codes are ISO 3166-1 alpha-3 (GDELT's geography uses FIPS 10-4), AvgTone is the
  document's tone on communique's scale (docs/tone.md), and there is no Goldstein score;
- no field contains a tab or a line break (they are replaced by spaces), so the file splits safely
  on tabs and newlines, as GDELT's does.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "AvgTone",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    "DocumentId", "EventDate", "DateGranularity", "PloverType", "PloverMode", "Modality", "Negated",
    "Confidence", "Trigger", "EvidenceStart", "EvidenceEnd", "Actor1Ids", "Actor2Ids", "ClaimedBy",
)  # fmt: skip

#: What each column holds (docs/schema.md is generated from this).
DESCRIPTIONS = {
    "GLOBALEVENTID": "Row id of the event in the `events` table.",
    "SQLDATE": "Event date as YYYYMMDD when known to the day, else empty.",
    "MonthYear": "YYYYMM when the event's month is known, else empty.",
    "Year": "YYYY when the event's year is known, else empty.",
    "FractionDate": "Year plus the fraction of it elapsed at the start of the event's day (or month, "
    "or year), four decimals; empty without a date.",
    "Actor1Code": "CAMEO-style actor code of the first actor: ISO3 country followed by the sector code "
    "(e.g. `USAGOV`); empty parts are left out.",
    "Actor1Name": "Name of the first actor.",
    "Actor1CountryCode": "ISO3 country of the first actor.",
    "Actor1Type1Code": "Sector code of the first actor (GOV, MIL, NGO, ...).",
    "Actor2Code": "As Actor1Code, for the first recipient.",
    "Actor2Name": "Name of the first recipient.",
    "Actor2CountryCode": "ISO3 country of the first recipient.",
    "Actor2Type1Code": "Sector code of the first recipient.",
    "IsRootEvent": "1 when the event's evidence lies in the document's lead paragraph (the first "
    "paragraph that ends a sentence, so that a title line is skipped), else 0.",
    "EventCode": "CAMEO root code (two digits) mapped from the PLOVER type.",
    "EventBaseCode": "Same as EventCode (only root codes are assigned).",
    "EventRootCode": "Same as EventCode.",
    "QuadClass": "1 verbal cooperation (CAMEO 01-05), 2 material cooperation (06-08), 3 verbal "
    "conflict (09-13), 4 material conflict (14-20); empty without a CAMEO code.",
    "AvgTone": "Tone of the document the event comes from (communique's scale, docs/tone.md).",
    "ActionGeo_Type": "1 when the place is a country, 4 when it is a place within one; empty without a place.",
    "ActionGeo_FullName": "Place name as in the gazetteer.",
    "ActionGeo_CountryCode": "ISO3 country of the place (GDELT uses FIPS 10-4 here).",
    "ActionGeo_Lat": "Latitude, WGS84.",
    "ActionGeo_Long": "Longitude, WGS84.",
    "ActionGeo_FeatureID": "GeoNames id of the place.",
    "DATEADDED": "Day the document was stored, YYYYMMDD.",
    "SOURCEURL": "The document's URL from its metadata, else its source path.",
    "DocumentId": "Id of the document (`documents.id`).",
    "EventDate": "The event date as stored: ISO, truncated to its granularity (2019-08).",
    "DateGranularity": "day, month, year or empty.",
    "PloverType": "PLOVER category (AGREE ... ASSAULT).",
    "PloverMode": "PLOVER mode, or empty.",
    "Modality": "asserted, negated, future, hypothetical, demanded, historical or claimed.",
    "Negated": "1 when the text says the event did not happen, else 0.",
    "Confidence": "Extractor confidence, 0..1.",
    "Trigger": "The words that express the event.",
    "EvidenceStart": "Offset of the event's evidence in the document's text.",
    "EvidenceEnd": "End offset of the evidence.",
    "Actor1Ids": "Actor ids of every actor of the event, `;`-separated, in order.",
    "Actor2Ids": "Actor ids of every recipient, `;`-separated, in order.",
    "ClaimedBy": "Actor id of the speaker when the event is only their claim.",
}

_QUERY = """
SELECT e.id, e.doc_id, e.type, e.cameo, e.mode, e.modality, e.negated, e.date, e.date_granularity,
       e.place_name, e.place_country, e.place_lat, e.place_lon, e.place_geonames_id, e.trigger,
       e.claimed_by, e."start", e."end", e.confidence,
       d.tone, d.analysed_at, coalesce(d.url, d.source) AS source_url,
       communique_lead_end(d.text) AS lead_end,
       a1.name AS a1_name, a1.country AS a1_country, a1.sector AS a1_sector,
       a2.name AS a2_name, a2.country AS a2_country, a2.sector AS a2_sector,
       (SELECT group_concat(actor_id, ';') FROM (SELECT actor_id FROM event_actors
            WHERE event_id = e.id AND role = 'actor' ORDER BY seq)) AS actor_ids,
       (SELECT group_concat(actor_id, ';') FROM (SELECT actor_id FROM event_actors
            WHERE event_id = e.id AND role = 'recipient' ORDER BY seq)) AS recipient_ids
FROM events e
JOIN documents d ON d.id = e.doc_id
LEFT JOIN event_actors ea1 ON ea1.event_id = e.id AND ea1.role = 'actor' AND ea1.seq = 0
LEFT JOIN actors a1 ON a1.id = ea1.actor_id
LEFT JOIN event_actors ea2 ON ea2.event_id = e.id AND ea2.role = 'recipient' AND ea2.seq = 0
LEFT JOIN actors a2 ON a2.id = ea2.actor_id
ORDER BY e.id
"""


_PARAGRAPH = re.compile(r"\S.*?(?=\n[ \t]*\n|\Z)", re.S)


def lead_end(text: str) -> int:
    """End offset of the lead: the first paragraph ending with . ! ? (or a quote after one), else the first."""
    first = None
    for m in _PARAGRAPH.finditer(text):
        first = m.end() if first is None else first
        if re.search(r"[.!?][\"'”’»)]*\s*$", m.group()):
            return m.end()
    return first if first is not None else len(text)


def quad_class(cameo: str | None) -> int | None:
    """GDELT's QuadClass of a CAMEO root code."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    return 1 if 1 <= root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 if root <= 20 else None


def _date_fields(date: str | None) -> tuple[str, str, str, str]:
    """SQLDATE, MonthYear, Year, FractionDate of an ISO date that may be truncated to month or year."""
    if not date:
        return "", "", "", ""
    parts = date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        start = dt.date(year, month, day)
    except (ValueError, IndexError):
        return "", "", "", ""
    days = 366 if calendar.isleap(year) else 365
    fraction = f"{year + (start.timetuple().tm_yday - 1) / days:.4f}"
    sqldate = f"{year:04d}{month:02d}{day:02d}" if len(parts) > 2 else ""
    month_year = f"{year:04d}{month:02d}" if len(parts) > 1 else ""
    return sqldate, month_year, f"{year:04d}", fraction


def _code(country: str | None, sector: str | None) -> str:
    return f"{country or ''}{sector or ''}"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def iter_rows(conn: sqlite3.Connection, batch: int = 2000) -> Iterator[list[str]]:
    """Every event as a row of :data:`COLUMNS`, streamed in ``events.id`` order."""
    # The lead is found in Python, one text at a time, so no batch ever holds document texts.
    conn.create_function("communique_lead_end", 1, lead_end, deterministic=True)
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    cursor.execute(_QUERY)
    while rows := cursor.fetchmany(batch):
        for r in rows:
            sqldate, month_year, year, fraction = _date_fields(r["date"])
            quad = quad_class(r["cameo"])
            geo_type = "" if r["place_name"] is None else ("4" if r["place_geonames_id"] is not None else "1")
            added = (r["analysed_at"] or "")[:10].replace("-", "")
            values = [
                r["id"], sqldate, month_year, year, fraction,
                _code(r["a1_country"], r["a1_sector"]), r["a1_name"], r["a1_country"], r["a1_sector"],
                _code(r["a2_country"], r["a2_sector"]), r["a2_name"], r["a2_country"], r["a2_sector"],
                int(r["end"] <= r["lead_end"]), r["cameo"], r["cameo"], r["cameo"], quad, r["tone"],
                geo_type, r["place_name"], r["place_country"], r["place_lat"], r["place_lon"],
                r["place_geonames_id"], added, r["source_url"],
                r["doc_id"], r["date"], r["date_granularity"], r["type"], r["mode"], r["modality"],
                int(bool(r["negated"])), r["confidence"], r["trigger"], r["start"], r["end"],
                r["actor_ids"], r["recipient_ids"], r["claimed_by"],
            ]  # fmt: skip
            yield [_clean(v) for v in values]


def write_gdelt(conn: sqlite3.Connection, out: Path) -> dict[str, int]:
    """Write the table to ``out`` (UTF-8, tab-separated, header line first); rows written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for row in iter_rows(conn):
            fh.write("\t".join(row) + "\n")
            n += 1
    return {"events": n}
