"""The document's home country, given to the domestic actors that name no country of their own.

A news report about Algeria writes "President Bouteflika", "the Islamic Salvation Front", "police"
and "the town of Cizre" without saying "Algerian" or "Turkish": a reader, and an event coder, takes
them to belong to the country the story is about. This module does what that reader does:

- **the home country** is the country the document names most often: every mention of a state, of
  a state's institution or group ("Nigerian authorities", "the Kremlin"), a country adjective, a
  capital, a place or a person whose country is known. It must have at least half of the
  document's country mentions and no other country as many: a document about several countries
  alike (a trilateral statement, a sentence naming two countries once each) has none, nor has one
  that names no country.
- **who takes it**: actors without a country that a story names without their nationality because
  they are domestic: persons holding a national office or with a domestic sector ("President
  Abdelaziz Bouteflika", "opposition leader X"), organisations and groups the knowledge base does
  not know (parties, rebel fronts, unions, newspapers, courts: "NPFL", "Shona rebels") and
  descriptions ("police", "the ministry", "rebels" -> the home country's institution or group, as
  "Egyptian police" would be). A description with a country word of its own takes that country.
- **places** the knowledge base does not place are looked up in the gazetteer
  (``communique.kb.gazetteer``, GeoNames towns of 15,000 people and more, a shared name read as the
  place in a country the document names): "Jericho" -> PSE, "Geneva" -> CHE; a place it does not
  know either is in the home country, unless its name spans countries ("West Africa").
- **who does not**: knowledge-base actors (the base already says what they are: the UN has no
  country), international and non-governmental bodies (sector IGO or NGO), persons with neither an
  office nor a sector (a foreign leader is often named bare: no evidence either way), groups with
  members, and actors a modifier marks as foreign or international ("foreign journalists",
  "international observers", "coalition forces").

Written here because it is a reading convention over the mentions found, not something a library
offers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ._actor_refs import Found, Ref, entry_ref, office_actor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..kb import KnowledgeBase
    from ._actor_merge import Cluster

#: The least share of the document's country mentions the home country must have.
HOME_SHARE = 0.5
#: Words of place names that span countries ("West Africa", "Southeast Asia", "the Red Sea").
_REGION_WORDS = frozenset(
    "africa asia europe america americas pacific atlantic indian arctic antarctic sea ocean gulf "
    "mediterranean caribbean balkans sahel caucasus peninsula strait".split()
)
#: Sectors of bodies that belong to no one country.
_TRANSNATIONAL = frozenset({"IGO", "NGO"})
#: Words that mark a description as not the home country's own.
_FOREIGN_WORDS = frozenset(
    "foreign international western world global regional multinational overseas expatriate exiled "
    "transnational allied coalition european african asian arab latin pacific atlantic".split()
)


def document_countries(found: list[Found]) -> tuple[str | None, frozenset[str]]:
    """The home country (see the module docstring), or None, and every country the document names."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for f in found:
        if f.ref is None:
            continue
        for country in (f.ref.country, *(m.country for m in f.ref.members)):
            if country:
                counts[country] += 1
                first.setdefault(country, f.start)
    if not counts:
        return None, frozenset()
    home = max(counts, key=lambda c: (counts[c], -first[c]))
    tied = sum(1 for c in counts.values() if c == counts[home]) > 1
    if tied or counts[home] < HOME_SHARE * sum(counts.values()):
        home = None  # a document about several countries alike (a trilateral statement) has no home
    return home, frozenset(counts)


def give_home_country(doc: Doc, kb: KnowledgeBase, clusters: list[Cluster], home: str | None, named: frozenset[str],
                      country_at: Callable[[int], str | None]) -> None:  # fmt: skip
    """Give the clusters that take it their country (see the module docstring), in place.

    ``named`` are the countries the document names, to settle a place name shared by several places;
    ``country_at(i)`` is the country named by token ``i``, if any: a description with a country word
    of its own ("doctors from two American aid groups") takes that country instead of ``home``.
    """
    for cluster in clusters:
        ref = cluster.ref
        if ref.country or ref.members or ref.sector in _TRANSNATIONAL or ref.type in ("igo", "state"):
            continue
        if ref.type == "location" and not ref.fixed:
            ref.country = _place_country(ref.name, named) or (None if _REGION_WORDS.intersection(ref.name.lower().split()) else home)
            continue
        if _foreign(doc, cluster):
            continue
        if ref.local:  # a description: "police", "the ministry", "the President"
            own = next((c for m in cluster.mentions for i in range(m.start, m.end) if (c := country_at(i))), None)
            if ref.sector and (own or home):
                cluster.ref = _home_body(kb, ref, own or home)
        elif ref.fixed or home is None:
            continue  # the knowledge base says what it is
        elif ref.type != "person" or ref.sector or ref.title and kb.offices[ref.title].body is None:
            ref.country = home


def _place_country(name: str, named: frozenset[str]) -> str | None:
    """The country of a place in the gazetteer (GeoNames towns of 15,000 people and more), a name
    shared by several places read as the one in a country the document names, else the largest."""
    from ..kb.gazetteer import gazetteer

    place = gazetteer().lookup(name, named)
    return place.country if place is not None else None


def _home_body(kb: KnowledgeBase, ref: Ref, home: str) -> Ref:
    """ "police" in a story about Egypt is the Police of Egypt, as "Egyptian police" would be;
    "the President" is the office of Egypt's president; "a spokesman" a person of Egypt and "three
    opposition parties" a group of Egypt's."""
    if ref.title and not ref.generic:  # "the commander" is one of many: a person of Egypt, not its office
        return office_actor(kb, ref.title, home)
    if ref.type == "person" or ref.counted:  # one official, or some of a body: still the document's own
        ref.country = home
        return ref
    return entry_ref(kb.institution(home, ref.sector))


def _foreign(doc: Doc, cluster: Cluster) -> bool:
    """Whether a modifier in a mention marks the actor as foreign, international or regional
    ("foreign troops", "International Labor Office", "coalition forces"; not "opposition coalition")."""
    for m in cluster.mentions:
        if m.kind in ("name", "nominal"):
            span = doc[m.start : m.end]
            if any(t.lower_ in _FOREIGN_WORDS and (t.i != span.root.i or len(span) == 1) for t in span):
                return True
    return False
