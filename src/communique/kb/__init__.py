"""The actor knowledge base: countries, institutions, international bodies, offices, sector nouns.

Built by ``scripts/build_kb.py`` from pycountry and the curated lists in ``scripts/kb_sources/`` and
shipped as ``kb/data/kb.json``; loaded once per process with :func:`load_kb`.

    >>> kb = load_kb()
    >>> kb.lookup("the Kremlin").id, kb.lookup("the Kremlin").sector
    ('kb:rus-gov', 'GOV')
    >>> kb.adjective_country("Turkish")
    'TUR'

Every name a camp uses for an actor (neutral, partisan or hostile) is an alias of the same entry;
the knowledge base records no judgement about a name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "Entry", "KnowledgeBase", "Office", "SectorNoun", "alias_key", "case_matches", "institution_name", "load_kb",
]  # fmt: skip

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.I)


def alias_key(text: str) -> str:
    """How names are compared: NFKC, plain quotes and dashes, lower case, no leading "the"."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACE.sub(" ", text).strip().lower()
    return _LEADING_THE.sub("", text)


def case_matches(alias: str, text: str) -> bool:
    """Whether ``text`` is written as the proper name ``alias`` (so "US" is not the pronoun "us").

    An acronym (a word of two or more capitals) must be written exactly so, or all in capitals; a
    capitalised word must start with a capital; a lower-case word may be written in any case.
    """
    alias_words = alias_key_words(alias)
    text_words = alias_key_words(text)
    if len(alias_words) != len(text_words):
        return alias_key(alias) == alias_key(text)
    for a, t in zip(alias_words, text_words, strict=True):
        if sum(c.isupper() for c in a) >= 2 and not a[:1].islower():
            if t != a and t != a.upper():
                return False
        elif a[:1].isupper() and not t[:1].isupper():
            return False
    return True


def alias_key_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _LEADING_THE.sub("", _SPACE.sub(" ", text).strip()).split(" ")


@dataclass(frozen=True)
class Entry:
    """One actor the knowledge base knows."""

    id: str
    name: str
    type: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class Office:
    sector: str | None
    body: str | None  # id of the body the office belongs to by default (Secretary-General -> kb:un)


@dataclass(frozen=True)
class SectorNoun:
    sector: str | None
    type: str
    role: str  # "own": the noun fixes the sector; "member": a modifier's sector wins


class KnowledgeBase:
    """Lookups over the built knowledge base; construct through :func:`load_kb`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self.sectors: dict[str, str] = data["sectors"]
        self.state_sectors: frozenset[str] = frozenset(data["state_sectors"])
        self.countries: dict[str, dict[str, Any]] = data["countries"]
        self.entries: dict[str, Entry] = {}
        #: alias key -> [(alias as written, entry id)]
        self.aliases: dict[str, list[tuple[str, str]]] = {}
        for entry_id, raw in data["entries"].items():
            self.entries[entry_id] = Entry(entry_id, raw["name"], raw["type"], raw["country"], raw["sector"])
            for alias in raw["aliases"]:
                self.aliases.setdefault(alias_key(alias), []).append((alias, entry_id))
        self.adjectives: dict[str, list[tuple[str, str]]] = {}
        self.capitals: dict[str, list[tuple[str, str]]] = {}
        for code, country in self.countries.items():
            for adjective in country["adjectives"]:
                self.adjectives.setdefault(alias_key(adjective), []).append((adjective, code))
            for capital in country["capitals"]:
                self.capitals.setdefault(alias_key(capital), []).append((capital, code))
        self.offices: dict[str, Office] = {k: Office(**v) for k, v in data["offices"].items()}
        self.honorifics: frozenset[str] = frozenset(data["honorifics"])
        #: words naming an ethnic, sectarian or religious community, lower case ("hutu", "kurds")
        self.communities: frozenset[str] = frozenset(data["communities"])
        self.sector_nouns: dict[str, SectorNoun] = {k: SectorNoun(**v) for k, v in data["sector_nouns"].items()}
        self.name_words: list[tuple[str, str, str]] = [tuple(w) for w in data["name_words"]]
        self._fuzzy_choices: dict[str, list[str]] | None = None

    # -- exact lookups ----------------------------------------------------------------------------
    def lookup(self, text: str) -> Entry | None:
        """The entry ``text`` names, written as that name is written; None when there is none."""
        for alias, entry_id in self.aliases.get(alias_key(text), ()):
            if case_matches(alias, text):
                return self.entries[entry_id]
        return None

    def adjective_country(self, text: str) -> str | None:
        """ISO3 of a country adjective ("Turkish" -> TUR), or None."""
        return _first_case_match(self.adjectives, text)

    def capital_country(self, text: str) -> str | None:
        """ISO3 of the country whose capital or seat ``text`` is ("Damascus" -> SYR), or None."""
        return _first_case_match(self.capitals, text)

    def country(self, iso3: str) -> Entry | None:
        return self.entries.get(f"kb:{iso3.lower()}")

    def institution(self, iso3: str, sector: str) -> Entry:
        """The body of one country and sector: kb:syr-gov "Government of Syria", kb:syr-reb "Rebels (Syria)"."""
        entry_id = f"kb:{iso3.lower()}-{sector.lower()}"
        known = self.entries.get(entry_id)
        if known is not None:
            return known
        name = self.countries.get(iso3, {}).get("name", iso3)
        full = institution_name(name, sector, self.sectors, self.state_sectors)
        return Entry(entry_id, full, "organization" if sector in self.state_sectors else "group", iso3, sector)

    def office(self, text: str) -> Office | None:
        return self.offices.get(alias_key(text))

    def sector_noun(self, lemma: str) -> SectorNoun | None:
        return self.sector_nouns.get(lemma.lower())

    def name_sector(self, words: list[str]) -> tuple[str, str] | None:
        """(sector, type) told by the words of an unknown organisation's name, or None."""
        lowered = {w.lower().strip(".,'’") for w in words}
        for word, sector, type_ in self.name_words:
            if word in lowered:
                return sector, type_
        return None

    # -- near matches -----------------------------------------------------------------------------
    def fuzzy(self, text: str, *, types: tuple[str, ...] = ("organization", "igo"), cutoff: float = 92) -> Entry | None:
        """The entry whose alias is nearly ``text`` (spelling variants: "Organisation"/"Organization",
        "Co-operation"/"Cooperation"), by rapidfuzz; only multi-word names are compared."""
        key = alias_key(text)
        if " " not in key or len(key) < 12:
            return None
        return self._nearest(key, types, cutoff, multi_word=True)

    def fuzzy_country(self, text: str, cutoff: float = 90) -> Entry | None:
        """The state whose name is nearly ``text``: misspellings in the news ("Afganistan",
        "Phillippines"); names of six letters or more, so "Iran" and "Iraq" are never confused."""
        key = alias_key(text)
        if len(key) < 6:
            return None
        return self._nearest(key, ("state",), cutoff, multi_word=False)

    def _nearest(self, key: str, types: tuple[str, ...], cutoff: float, multi_word: bool) -> Entry | None:
        from rapidfuzz import fuzz, process

        found = process.extractOne(key, self._fuzzy_index(types, multi_word), scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        entry_id = self.aliases[found[0]][0][1]
        return self.entries[entry_id]

    def _fuzzy_index(self, types: tuple[str, ...], multi_word: bool = True) -> list[str]:
        if self._fuzzy_choices is None:
            self._fuzzy_choices = {}
        cache_key = f"{','.join(types)}:{multi_word}"
        if cache_key not in self._fuzzy_choices:
            self._fuzzy_choices[cache_key] = sorted(
                key
                for key, pairs in self.aliases.items()
                if (" " in key or not multi_word) and len(key) >= 6 and any(self.entries[i].type in types for _, i in pairs)
            )
        return self._fuzzy_choices[cache_key]

    # -- for the phrase matcher ---------------------------------------------------------------------
    def patterns(self) -> dict[str, list[str]]:
        """Every name to look for in a text, by kind: entry aliases, adjectives, capitals, offices."""
        return {
            "ENTRY": sorted({a for pairs in self.aliases.values() for a, _ in pairs}),
            "ADJ": sorted({a for pairs in self.adjectives.values() for a, _ in pairs}),
            "CAPITAL": sorted({a for pairs in self.capitals.values() for a, _ in pairs}),
            # abbreviations are tokenised by case ("Gen." is one token, "gen." two): give both
            "OFFICE": sorted({v for o in self.offices for v in (o, o.title() if "." in o else o)}),
        }


_NEEDS_THE = re.compile(r"\b(United|Republic|Islands|Kingdom|Netherlands|Philippines|Bahamas|Emirates|"
                        r"Holy See|Maldives|Comoros|Seychelles|Gambia|Federation)\b")


def institution_name(country: str, sector: str, labels: dict[str, str], state_sectors) -> str:
    """ "Government of the United States", "Rebels (Syria)": the name of a country's body or group."""
    if sector in state_sectors:
        return f"{labels.get(sector, sector)} of {'the ' if _NEEDS_THE.search(country) else ''}{country}"
    return f"{labels.get(sector, sector)} ({country})"


def _first_case_match(index: dict[str, list[tuple[str, str]]], text: str) -> str | None:
    for alias, value in index.get(alias_key(text), ()):
        if case_matches(alias, text):
            return value
    return None


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The knowledge base shipped with communique, loaded once per process."""
    with resources.files(__package__).joinpath("data", "kb.json").open(encoding="utf-8") as fh:
        return KnowledgeBase(json.load(fh))
