"""Where an event happened: the place phrase of its own clause, the place of the visit or meeting a
passage reports, or the dateline of the document.

Written for communique: no library separates, in a dependency parse, the place where an act happened
("met ... in Dubai", "arrived in Abu Dhabi", "visited New Delhi", "talks at the Kremlin") from a place
the act is about ("discussed the situation in Gaza", "concern regarding the situation in Venezuela").
Three steps, each reading the spaCy parse or the document's text:

1. **Own place.** A GPE, LOC or FAC name (or a seat of government the gazetteer knows: "the White
   House", "the Pentagon") in a locative phrase (in, at, near, outside, ...) that hangs from the
   trigger or from the verb that carries it ("talks were held in Geneva"), directly or through the
   people and bodies the act involves ("met with the President of Nigeria in Washington"), never
   through a topic ("the situation in Gaza", "crises in Haiti"); the destination of a visit ("visited
   New Delhi", "a trip to Israel", "traveled to Brasilia"); "on"/"into" only for material acts
   ("shelling on Kharkiv"). Topic prepositions (about, on, regarding, over, ...) never give a place.
2. **Passage context.** A meeting or visit placed by step 1 sets the place of what the parties then
   said, discussed, agreed and offered in the passage that follows, up to the next meeting, visit or
   call; the first one of a document also covers the statements before it in its paragraph
   ("... led a delegation to Abu Dhabi to offer condolences"). A phone or video call sets no place:
   what is said on a call happened nowhere the text names.
3. **Dateline.** "DHAKA, 14 August 2024 -" at the top of a document is where its own statements,
   calls and appeals were made, when no meeting, visit or call says otherwise; its date is the
   reference date of a document that carries no publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..schema import Place
from .event_triggers import MATERIAL_CONFLICT, VERBAL, anchor_of
from .event_when_where import PLACE_LABELS, place_record, resolve_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Span, Token

    from ..kb.gazetteer import Gazetteer

#: Prepositions that say where an act happened.
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within"}
#: Prepositions that say where a material act landed ("shelling on Kharkiv", "incursion into X").
TARGET_PREPS = {"on", "into", "onto"}
#: Nouns that a place name specifies ("the capital Kabul", "the town of Rafah").
PLACE_NOUNS = {"city", "town", "village", "capital", "province", "region", "district", "area", "state",
               "port", "county", "municipality", "suburb", "island", "border", "territory", "enclave"}  # fmt: skip
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
#: Prepositions of a destination, for a visit, a trip or a deployment ("a trip to Israel").
DESTINATION_PREPS = {"to", "into"}
#: Prepositions that link a party to an act or to another party ("met with X", "the President of Y").
PARTY_PREPS = {"of", "with", "from", "by", "to", "between", "among", "alongside"}
#: Words of travel and visits: their destination is where the visit took place.
TRAVEL_LEMMAS = {"visit", "trip", "travel", "arrive", "tour", "journey", "delegation", "fly", "go",
                 "come", "return", "head", "deploy", "send", "dispatch", "stop", "land"}  # fmt: skip
#: Words of a meeting or a visit: the events that set the place of a passage.
MEETING_LEMMAS = TRAVEL_LEMMAS | {"meet", "meeting", "host", "talk", "summit", "session", "conference", "hold",
                                  "receive", "welcome", "gathering", "convene", "attend"}  # fmt: skip
#: Categories whose acts take the place of the meeting or visit they were part of.
SAID_AT_MEETINGS = VERBAL | {"COOPERATE"}
#: Words that make a CONSULT a call, with no place: "spoke by phone", "a video conference".
CALL_WORDS = {"phone", "telephone", "call", "videoconference", "video", "virtual", "virtually", "teleconference"}
_PARAGRAPH = re.compile(r"\n[ \t\xa0]*\n")
#: A dateline: a town in capitals, optionally its region or country and a date, then a dash.
_DATELINE = re.compile(
    r"^[ \t]*(?P<town>[A-Z][A-Z.'’\- ]{1,40}[A-Z.])(?:,[ \t]*(?P<region>[A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+){0,3}))?"
    r"(?:[ \t]*\([^)\n]{1,40}\))?(?:,[ \t]*(?P<date>[0-9A-Za-z][0-9A-Za-z ,.]{3,30}?))?[ \t]+[-–—]{1,2}[ \t]",
    re.M,
)


@dataclass(frozen=True)
class Dateline:
    place: Place | None
    date: str | None  # ISO day, when the dateline has one
    end: int = 0  # character offset where the dateline ends (after its dash)


def find_dateline(text: str, gazetteer: Gazetteer) -> Dateline | None:
    """The dateline at the top of a document ("DHAKA, 14 August 2024 - ", "WASHINGTON – ")."""
    match = _DATELINE.search(text[:600])
    if match is None:
        return None
    town = match.group("town").strip()
    if len(town) < 3 or town.upper() != town:
        return None
    countries = set()
    if match.group("region"):
        region = gazetteer.lookup(match.group("region"))
        if region is not None and region.kind == "country":
            countries.add(region.country)
    found = gazetteer.lookup(town.title(), countries)
    if found is None or found.kind == "country":
        return None  # a dateline names a town ("U.S. – China talks" opens no dateline)
    place = Place(name=found.name, country=found.country, lat=found.lat, lon=found.lon,
                  geonames_id=found.geonames_id, start=match.start("town"), end=match.end("town"))  # fmt: skip
    date = None
    if match.group("date"):
        resolved = resolve_date(match.group("date"), None)
        if resolved is not None and resolved.granularity == "day":
            date = resolved.date
    return Dateline(place, date, match.end())


def _allowed(prep: str, event: Any) -> bool:
    if prep in LOCATIVE_PREPS:
        return True
    if prep in TARGET_PREPS and event.category in MATERIAL_CONFLICT:
        return True
    return prep in DESTINATION_PREPS and _travel(event)


def _travel(event: Any) -> bool:
    return any(t.lemma_.lower() in TRAVEL_LEMMAS for t in event.trigger.tokens) or event.mode == "visit"


def _place_phrase(root: Token) -> Token:
    """The phrase a place name stands in: "the capital Kabul", "the city of Basra", "Basra province"."""
    for _ in range(3):
        head = root.head
        if root.dep_ in ("appos", "compound") and head.lemma_.lower() in PLACE_NOUNS:
            root = head
        elif root.dep_ == "pobj" and head.lower_ == "of" and (
            head.head.lemma_.lower() in PLACE_NOUNS or (head.head.lower_ in DIRECTIONS and head.head.dep_ == "pobj")
        ):
            root = head.head  # also "in the north of Syria"
        else:
            break
    return root


def place_owner(root: Token, owners: dict[int, Any], token_actor: dict[int, str]) -> Any | None:
    """The event a place name belongs to, or None when it names what an act is about.

    A place phrase on the trigger (or the verb carrying it) is the event's place. An "in"/"at" phrase
    further down, on a noun of the clause, is too when that noun is a party to the act ("met with the
    President of Nigeria in Washington", "police in Jericho confiscated"), and, for a material act,
    also when it is what the act was done to ("retook a village in Cambodia", "fired at targets in
    Jericho"); for a statement or a talk such a noun is its topic ("discussed the situation in
    Gaza")."""
    root = _place_phrase(root)
    if root.dep_ == "dobj" and root.head.i in owners and _travel(owners[root.head.i]):
        return owners[root.head.i]  # "visited New Delhi"
    if root.dep_ != "pobj" or root.head.dep_ != "prep":
        return None
    prep = root.head
    word = prep.lower_
    if prep.lower_ == "of" and prep.head.lower_ in LOCATIVE_PREPS | DIRECTIONS:
        prep = prep.head  # "outside of Basra"; "(a village) north of Kabul" is near Kabul
        word = prep.lower_ if prep.lower_ in LOCATIVE_PREPS else "near"
    node = prep.head
    climbed = topic = False
    for _ in range(6):
        if node.i in owners:
            event = owners[node.i]
            if not _allowed(word, event) or (climbed and word not in ("in", "at")):
                return None
            return None if topic and event.category in SAID_AT_MEETINGS else event
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return None  # another clause, or an adjunct ("including through ...")
        if node.dep_ == "prep":
            topic = topic or node.lower_ not in PARTY_PREPS
            node = node.head
            continue
        if not (node.i in token_actor or node.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")):
            topic = True
        climbed = True
        node = node.head
    return None


def attach_own_places(sent_ents: list[Span], coded: list[Any], gazetteer: Gazetteer, countries: set[str],
                      token_actor: dict[int, str], names_actor: Callable[[Token], bool]) -> None:  # fmt: skip
    """Step 1: places named in an event's own clause (``names_actor``: whether a token names an
    actor with a country, which makes the place the target of an act that has no other)."""
    owners = {t.i: c for c in coded for t in c.place_tokens()}
    for ent in sent_ents:
        if ent.label_ not in PLACE_LABELS and not (ent.label_ == "ORG" and gazetteer.is_venue(ent.text)):
            continue
        owner = place_owner(ent.root, owners, token_actor)
        if owner is None or owner.place is not None:
            continue
        bare = all(not arg.actor_ids and arg.head.dep_ == "pobj" for arg in owner.recipients)
        bare = bare and not any(arg.start <= ent.start < arg.end for arg in owner.actors)  # "parties in Nepal"
        named = next((t for t in ent if t.i in token_actor), None)  # "Montenegro" in "Montenegro province"
        if bare and named is not None and ent.label_ != "ORG" and names_actor(named):
            # PLOVER codes the place an act is aimed at as its target ("imposed a curfew in Cizre")
            from .event_syntax import Argument

            owner.recipients = [Argument(named, ent.start, ent.end, [token_actor[named.i]])]
        found = gazetteer.lookup(ent.text, countries)
        words = ent.text.split()
        if found is None and len(words) > 1 and words[-1].lower() in PLACE_NOUNS:
            found = gazetteer.lookup(" ".join(words[:-1]), countries)  # "Montenegro province", "Basra city"
        if found is not None:
            owner.place = place_record(found, ent)


def _past(event: Any) -> bool:
    """Whether the clause of an event is in the past ("met", "has visited", "were held"): a readout
    reports what happened; a statement's "we support" or "look forward to the Summit" does not."""
    node = anchor_of(event.trigger)
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            break
        if node.head.i == node.i:
            return False
        node = node.head
    for _ in range(3):  # an infinitive takes the tense of the verb it completes ("went to offer")
        if node.tag_ == "VB" and node.dep_ in ("xcomp", "advcl") and any(c.lower_ == "to" for c in node.children):
            node = node.head
    return node.tag_ in ("VBD", "VBN") or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in node.children)


def _is_call(event: Any) -> bool:
    if event.category != "CONSULT" or event.place is not None:
        return False
    words = {t.lower_ for t in event.trigger.tokens}
    words |= {t.lower_ for t in event.trigger.token.subtree if t.dep_ in ("pobj", "compound", "amod")}
    return event.mode == "phone" or bool(words & CALL_WORDS)


def _sets_context(event: Any) -> bool:
    """A meeting or a visit that the text places and reports as done."""
    if event.category != "CONSULT" or event.place is None or event.modality not in ("asserted", "historical"):
        return False
    lemmas = {t.lemma_.lower() for t in event.trigger.tokens}
    return (event.mode == "visit" or bool(lemmas & MEETING_LEMMAS)) and _past(event)


def _takes_context(event: Any) -> bool:
    return event.category in SAID_AT_MEETINGS and event.modality == "asserted" and not event.negated and _past(event)


def carry_context(coded: list[Any], text: str, dateline: Dateline | None) -> None:
    """Steps 2 and 3: the place of the meeting, visit or call a passage reports, else the dateline."""
    if not coded:
        return
    breaks = [m.start() for m in _PARAGRAPH.finditer(text)]

    def paragraph(event: Any) -> int:
        pos = event.trigger.token.idx
        return sum(1 for b in breaks if b < pos)

    ordered = sorted(coded, key=lambda c: c.trigger.token.i)
    first = next((i for i, c in enumerate(ordered) if _sets_context(c) or _is_call(c)), None)
    if first is not None and _sets_context(ordered[first]) and paragraph(ordered[first]) == paragraph(ordered[0]):
        for c in ordered[:first]:  # a readout that opens with the statements made at its meeting
            if c.place is None and _takes_context(c):
                c.place = ordered[first].place.model_copy()
    context: Place | None = None
    in_context = False
    for c in ordered:
        if _is_call(c):
            context, in_context = None, True
        elif _sets_context(c):
            context, in_context = c.place, True
        elif in_context and _takes_context(c):
            # what was said at a meeting happened there; what was said on a call, nowhere named
            # (a place phrase in it is what the talk was about: "discussed the incident in Gaza")
            if c.place is None or context is None:
                c.place = context.model_copy() if context is not None else None
        elif not in_context and c.place is None and dateline is not None and dateline.place is not None:
            if c.category in SAID_AT_MEETINGS and c.modality == "asserted" and not c.negated:
                c.place = dateline.place.model_copy()
