"""The offline place gazetteer: GeoNames countries, US states and towns of 15,000+ people.

Built by ``scripts/build_gazetteer.py`` into ``kb/data/places.tsv.gz`` (about 1.3 MB; data card in
docs/data-gazetteer.md). Lookup is exact on the name or one of its alternate names, case-insensitive
and accent-insensitive; a name shared by several places is settled by the document's countries, then
by population. No server, no network.

    >>> gazetteer().lookup("Basra").country
    'IRQ'
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA_FILE = "places.tsv.gz"
_KIND_RANK = {"country": 0, "city": 1, "state": 2}  # "Washington" is the capital more often than the state
#: Words that narrow a place without naming another one ("northern Syria", "central Baghdad").
_QUALIFIERS = re.compile(
    r"^(?:the\s+)?(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?|central|greater|downtown|occupied|rural|upper|lower|inner|outer|eastern|western)\s+",
    re.I,
)


_REGIONS = frozenset(
    ("africa", "asia", "europe", "america", "americas", "oceania", "antarctica", "middle east",
     "north america", "south america", "latin america", "indo pacific", "the middle east")
)


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    geonames_id: int
    kind: str  # country, state or city
    name: str
    country: str  # ISO3
    lat: float | None
    lon: float | None
    population: int


def fold(name: str) -> str:
    """The lookup key of a name: no accents, no case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[.’'`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


class Gazetteer:
    def __init__(self, rows: list[GazetteerPlace], names: dict[str, list[int]]) -> None:
        self.places = rows
        self.names = names
        self.country_places = {p.country: p for p in rows if p.kind == "country"}

    @classmethod
    def load(cls) -> Gazetteer:
        rows: list[GazetteerPlace] = []
        names: dict[str, list[int]] = {}
        path = resources.files("communique.kb").joinpath("data", DATA_FILE)
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            next(fh)  # header
            for line in fh:
                gid, kind, name, iso3, lat, lon, pop, aliases = line.rstrip("\n").split("\t")
                index = len(rows)
                rows.append(
                    GazetteerPlace(int(gid), kind, name, iso3, float(lat) if lat else None,
                                   float(lon) if lon else None, int(pop or 0))
                )  # fmt: skip
                for alias in {name, *(aliases.split("|") if aliases else ())}:
                    key = fold(alias)
                    if key:
                        names.setdefault(key, []).append(index)
        return cls(rows, names)

    def candidates(self, name: str) -> list[GazetteerPlace]:
        key = fold(name)
        if key.startswith("the "):
            key = key[4:]
        found = self.names.get(key)
        if not found:
            stripped = _QUALIFIERS.sub("", name.strip())
            if stripped != name.strip():
                found = self.names.get(fold(stripped))
        return [self.places[i] for i in found or ()]

    def lookup(self, name: str, countries: set[str] | frozenset[str] = frozenset()) -> GazetteerPlace | None:
        """The place a name most likely means in a document about ``countries`` (ISO3 codes)."""
        if fold(name) in _REGIONS:
            return None  # a continent or a world region is not a place the gazetteer can point to
        found = self.candidates(name)
        if not found:
            return None
        return min(
            found,
            key=lambda p: (_KIND_RANK[p.kind] != 0, p.country not in countries, -p.population, _KIND_RANK[p.kind]),
        )

    def country(self, iso3: str) -> GazetteerPlace | None:
        return self.country_places.get(iso3)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process (about half a second)."""
    return Gazetteer.load()
