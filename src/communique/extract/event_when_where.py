"""When and where an event happened: dates resolved with dateparser, places from the gazetteer.

A date or place phrase belongs to the event whose trigger it hangs from in the parse ("killed ... in
August 2019", "a strike in northern Syria"); one elsewhere in the sentence is used only when the
event has none of its own. Dates are resolved against the publication date (future events look
forward from it), with their granularity (day, month, year) and how they were found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..kb.gazetteer import Gazetteer, GazetteerPlace
from ..schema import Place

if TYPE_CHECKING:
    from spacy.tokens import Span

PLACE_LABELS = ("GPE", "LOC", "FAC")
_DATE_NOISE = re.compile(r"^(?:the\s+|early\s+|late\s+|mid-?\s*|earlier\s+|later\s+)+", re.I)
#: A range of days ("July 25-28", "13-14 June", "March 2-3, 2024"): dateparser reads "25-28" as a
#: day and a year (1928), so the range is cut to its first day before parsing.
_DAY_RANGE = re.compile(r"(?<![\d-])(\d{1,2})\s*[-–]\s*\d{1,2}(?![\d-])")
_RANGE = re.compile(r"\s*(?:-|–|—|\band\b|\bto\b|\bor\b)\s*")
_PERIOD_GRANULARITY = {"day": "day", "week": "day", "time": "day", "month": "month", "year": "year"}
_UNDATED = {"now", "currently", "recently", "daily", "weekly", "annual", "annually"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ResolvedDate:
    date: str  # ISO, truncated to the granularity
    granularity: str  # day, month or year
    text: str


@lru_cache(maxsize=64)
def _parser(prefer: str, published: str | None):
    from dateparser.date import DateDataParser

    # only the parsers date phrases in running text need (no timestamps, no custom formats)
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False,
                "PARSERS": ["relative-time", "absolute-time"]}  # fmt: skip
    if published:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(published)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def resolve_date(text: str, published: str | None, future: bool = False) -> ResolvedDate | None:
    """"Friday", "last year", "3 March", "August 2019" -> an ISO date at its granularity."""
    cleaned = _DAY_RANGE.sub(r"\1", _DATE_NOISE.sub("", text.strip()))
    if not cleaned or cleaned.lower() in _UNDATED:
        return None
    if not published and not re.search(r"\d{4}", cleaned):
        return None  # a relative date without a publication date cannot be resolved
    if published and cleaned.lower() in _WEEKDAYS:
        # a weekday named in a text published on that weekday is the day itself ("said on Friday")
        if dt.date.fromisoformat(published).weekday() == _WEEKDAYS.index(cleaned.lower()):
            return ResolvedDate(published, "day", text)
    parser = _parser("future" if future else "past", published)
    for candidate in dict.fromkeys((cleaned, _RANGE.split(cleaned)[0])):
        if not candidate:
            continue
        try:
            data = parser.get_date_data(candidate)
        except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
            continue
        if data is None or data.date_obj is None:
            continue
        granularity = _PERIOD_GRANULARITY.get(data.period or "day", "day")
        if re.fullmatch(r"\d{4}", candidate):
            granularity = "year"
        value = data.date_obj.date().isoformat()
        iso = {"day": value, "month": value[:7], "year": value[:4]}[granularity]
        return ResolvedDate(iso, granularity, text)
    return None


def place_record(found: GazetteerPlace, ent: Span) -> Place:
    return Place(
        name=found.name,
        country=found.country,
        lat=found.lat,
        lon=found.lon,
        geonames_id=found.geonames_id,
        start=ent.start_char,
        end=ent.end_char,
    )


def geocode(gazetteer: Gazetteer, ent: Span, countries: set[str]) -> Place | None:
    found = gazetteer.lookup(ent.text, countries)
    return place_record(found, ent) if found else None
