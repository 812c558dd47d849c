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
#: The population from which a place outranks a namesake in one of the document's countries.
BIG_PLACE = 100_000
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

#: Seats of government and venues that political text names as the place of a meeting ("met at the
#: White House", "talks at the Kremlin"), as the GeoNames id of the town they are in. They replace
#: whatever the alternate names say ("White House" is listed as a translation of Casablanca).
#: Written here: no packaged list maps venues to towns.
VENUES = {
    "White House": 4140963, "Oval Office": 4140963, "Capitol Hill": 4140963, "U.S. Capitol": 4140963,
    "Blair House": 4140963, "Eisenhower Executive Office Building": 4140963,
    "Pentagon": 4744709,  # Arlington, Virginia
    "Kremlin": 524901, "Downing Street": 2643743, "Élysée Palace": 2988507, "Élysée": 2988507,
    "Quai d'Orsay": 2988507, "Zhongnanhai": 1816670, "Great Hall of the People": 1816670,
    "Blue House": 1835848, "United Nations Headquarters": 5128581, "UN Headquarters": 5128581,
}  # fmt: skip


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
        row_of = {p.geonames_id: i for i, p in enumerate(rows)}
        self.venues = {fold(v) for v in VENUES if VENUES[v] in row_of}
        for venue, gid in VENUES.items():
            if gid in row_of:
                names[fold(venue)] = [row_of[gid]]

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

    def is_venue(self, name: str) -> bool:
        """Whether a name is one of the venues (seats of government) the gazetteer places in a town."""
        key = fold(name)
        return (key[4:] if key.startswith("the ") else key) in self.venues

    def lookup(self, name: str, countries: set[str] | frozenset[str] = frozenset()) -> GazetteerPlace | None:
        """The place a name most likely means in a document about ``countries`` (ISO3 codes)."""
        if fold(name) in _REGIONS:
            return None  # a continent or a world region is not a place the gazetteer can point to
        found = self.candidates(name)
        if not found:
            return None
        key = _QUALIFIERS.sub("", fold(name))
        # a place whose own name it is before one that merely lists it among its alternate names
        # ("New Delhi" is also an alternate name of Delhi, ten times bigger)
        best = min(
            found,
            key=lambda p: (_KIND_RANK[p.kind] != 0, p.country not in countries, fold(p.name) != key,
                           -p.population, _KIND_RANK[p.kind]),
        )  # fmt: skip
        if best.kind == "country":
            return best
        # the document's countries choose among places of comparable size only: "Paris" in a US
        # readout is Paris, France, not Paris, Texas (a namesake about an order of magnitude smaller:
        # eight times, so that Geneva, Switzerland beats Geneva, New York but Tripoli, Lebanon stays in a
        # document about Lebanon)
        biggest = min(found, key=lambda p: (fold(p.name) != key, -p.population, _KIND_RANK[p.kind]))
        if biggest.population >= max(8 * best.population, BIG_PLACE):
            return biggest
        return best

    def country(self, iso3: str) -> GazetteerPlace | None:
        return self.country_places.get(iso3)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process (about half a second)."""
    return Gazetteer.load()
