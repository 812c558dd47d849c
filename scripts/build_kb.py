"""Build the actor knowledge base shipped as package data (src/communique/kb/data/kb.json).

    .venv/bin/python scripts/build_kb.py          # writes the file
    .venv/bin/python scripts/build_kb.py --check  # exits 1 when the committed file is stale

Inputs: pycountry (ISO 3166 names and codes) and the curated lists in scripts/kb_sources/ (country
adjectives, demonyms and capitals; seats and named institutions; international bodies, armed groups,
parties, NGOs and media; offices and titles; honorifics; sector nouns; ethnic, sectarian and
religious communities; the partisan and hostile
names that different camps use for a state or its government, kept as plain aliases). Each file
says its columns in its header. The output is deterministic (sorted keys), so a rebuild that changes
nothing leaves the file byte-identical.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "kb_sources"
OUTPUT = ROOT / "src" / "communique" / "kb" / "data" / "kb.json"
KB_VERSION = "1"

#: Sector codes: the PLOVER manual's (../shared/data/plover/ontology.json) plus IGO and NGO from CAMEO,
#: with the label used to name a country's institution or group ("Government of Syria").
SECTORS = {
    "GOV": "Government", "MIL": "Military", "LEG": "Legislature", "JUD": "Judiciary",
    "COP": "Police", "SPY": "Intelligence services", "PRM": "Paramilitary forces",
    "PTY": "Political parties", "REB": "Rebels", "OPP": "Opposition", "UAF": "Unidentified armed forces",
    "UNK": "Unidentified actors", "AGR": "Farmers", "BUS": "Business", "CRM": "Criminals",
    "CVL": "Civilians", "EDU": "Education", "ELI": "Former officials", "JRN": "Journalists",
    "LAB": "Labour", "MED": "Health workers", "REF": "Refugees", "PRE": "Partially recognised entity",
    "REL": "Religious bodies", "SOC": "Civil society", "IGO": "International organisation",
    "NGO": "Non-governmental organisation",
}  # fmt: skip
#: Sectors of state institutions: with a country they name one body ("Government of Syria").
STATE_SECTORS = ("GOV", "MIL", "LEG", "JUD", "COP", "SPY")
TYPES = ("person", "organization", "state", "igo", "group", "location", "other")


def rows(name: str, columns: int) -> list[list[str]]:
    """The data lines of a tab-separated source file, padded to ``columns`` fields."""
    out = []
    for number, line in enumerate((SOURCES / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) > columns:
            raise SystemExit(f"{name}:{number}: {len(fields)} fields, expected at most {columns}")
        out.append(fields + [""] * (columns - len(fields)))
    return out


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip() and v.strip() != "-"]


def plural(adjective: str) -> str | None:
    """Russian -> Russians, Israeli -> Israelis; other adjectives have no regular demonym plural."""
    return adjective + "s" if adjective[-1] in "ni" and " " not in adjective else None


def build() -> dict:
    countries: dict[str, dict] = {}
    curated = {r[0]: r for r in rows("countries.tsv", 5)}
    iso_codes = {c.alpha_3 for c in pycountry.countries} | set(curated)
    for code in sorted(iso_codes):
        record = pycountry.countries.get(alpha_3=code)
        names: list[str] = []
        display = None
        if record is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(record, attr, None)
                if value and "," not in value and "(" not in value:
                    names.append(value.removeprefix("the ").strip())
        extra = curated.get(code, [code, "", "", "", ""])
        for name in split(extra[1]):
            if name.startswith("!"):
                names = [n for n in names if n != name[1:]]
                continue
            if name.startswith("*"):
                display = name[1:]
                name = display
            names.append(name)
        names = list(dict.fromkeys(names))
        if not names:
            continue
        adjectives = split(extra[2])
        demonyms = split(extra[3]) + [p for p in map(plural, adjectives) if p]
        countries[code] = {
            "name": display or (getattr(record, "common_name", None) if record else None) or names[0],
            "names": names,
            "adjectives": adjectives,
            "demonyms": list(dict.fromkeys(demonyms)),
            "capitals": split(extra[4]),
        }

    entries: dict[str, dict] = {}

    def add(entry_id: str, name: str, type_: str, country: str | None, sector: str | None, aliases) -> None:
        if type_ not in TYPES:
            raise SystemExit(f"{entry_id}: unknown type {type_!r}")
        if sector is not None and sector not in SECTORS:
            raise SystemExit(f"{entry_id}: unknown sector {sector!r}")
        if country is not None and country not in countries:
            raise SystemExit(f"{entry_id}: unknown country {country!r}")
        entry = entries.setdefault(
            entry_id, {"name": name, "type": type_, "country": country, "sector": sector, "aliases": []}
        )
        if (entry["name"], entry["type"], entry["country"], entry["sector"]) != (name, type_, country, sector):
            raise SystemExit(f"{entry_id}: two different entries have this id ({entry['name']!r}, {name!r})")
        entry["aliases"] = list(dict.fromkeys([*entry["aliases"], *aliases]))

    for code, country in countries.items():
        add(f"kb:{code.lower()}", country["name"], "state", code, None, [*country["names"], *country["demonyms"]])
    for iso3, sector, aliases in rows("institutions.tsv", 3):
        add(institution_id(iso3, sector), institution_name(countries, iso3, sector), "organization", iso3, sector, split(aliases))
    for alias, iso3, sector in rows("phrasings.tsv", 3):
        add(institution_id(iso3, sector), institution_name(countries, iso3, sector), "organization", iso3, sector, [alias])
    for entry_id, name, type_, iso3, sector, aliases in rows("organizations.tsv", 6):
        add(f"kb:{entry_id}", name, type_, None if iso3 == "-" else iso3, sector, [name, *split(aliases)])
    for name, iso3, aliases in rows("regions.tsv", 3):
        add(f"kb:region-{slug(name)}", name, "location", None if iso3 == "-" else iso3, None, [name, *split(aliases)])
    people = {}
    for name, iso3, sector, aliases in rows("people.tsv", 4):
        people[name] = {"country": None if iso3 == "-" else iso3, "sector": sector, "aliases": split(aliases)}
        add(f"person:{slug(name)}", name, "person", None if iso3 == "-" else iso3, sector, [name, *split(aliases)])

    offices = {}
    for title, sector, body in rows("offices.tsv", 3):
        offices[title.lower()] = {"sector": None if sector == "-" else sector, "body": None if body == "-" else f"kb:{body}"}
        if offices[title.lower()]["body"] and offices[title.lower()]["body"] not in entries:
            raise SystemExit(f"offices.tsv: unknown body {body!r}")
    sector_nouns = {}
    for noun, sector, type_, role in rows("sector_nouns.tsv", 4):
        sector_nouns[noun.lower()] = {"sector": None if sector == "-" else sector, "type": type_, "role": role}
    name_words = [[w.lower(), s, t] for w, s, t in rows("name_words.tsv", 3)]
    honorifics = [
        line.strip().lower()
        for line in (SOURCES / "honorifics.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    communities = sorted({
        form.strip().lower()
        for line in (SOURCES / "communities.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
        for form in line.split(";") if form.strip()
    })  # fmt: skip
    check_aliases(entries)
    return {
        "version": KB_VERSION,
        "built_from": "pycountry " + pycountry.__version__ if hasattr(pycountry, "__version__") else "pycountry",
        "sectors": SECTORS,
        "state_sectors": list(STATE_SECTORS),
        "countries": countries,
        "entries": dict(sorted(entries.items())),
        "offices": offices,
        "honorifics": honorifics,
        "communities": communities,
        "sector_nouns": sector_nouns,
        "name_words": name_words,
    }


def institution_id(iso3: str, sector: str) -> str:
    return f"kb:{iso3.lower()}-{sector.lower()}"


def institution_name(countries: dict, iso3: str, sector: str) -> str:
    from communique.kb import institution_name as name_of  # the one naming rule, shared with the loader

    return name_of(countries[iso3]["name"], sector, SECTORS, STATE_SECTORS)


def slug(text: str) -> str:
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def check_aliases(entries: dict) -> None:
    """Fail on an alias given to two entries: the knowledge base must be unambiguous."""
    seen: dict[str, str] = {}
    clashes = []
    for entry_id, entry in entries.items():
        for alias in entry["aliases"]:
            key = alias.lower().removeprefix("the ").strip()
            other = seen.setdefault(key, entry_id)
            if other != entry_id:
                clashes.append(f"{alias!r}: {other} and {entry_id}")
    if clashes:
        raise SystemExit("Aliases given to two entries:\n  " + "\n  ".join(clashes))


def render(kb: dict) -> str:
    return json.dumps(kb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is stale")
    args = parser.parse_args()
    text = render(build())
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run scripts/build_kb.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    kb = json.loads(text)
    aliases = sum(len(e["aliases"]) for e in kb["entries"].values())
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(kb['countries'])} countries, {len(kb['entries'])} entries, "
          f"{aliases} aliases, {len(kb['offices'])} offices, {len(kb['sector_nouns'])} sector nouns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
