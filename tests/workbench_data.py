"""A small hand-made corpus with records of every kind, for the workbench and export tests.

Built without spaCy or any extractor, so the web pages and exports are tested against every record
kind (roles, quotes, events, demands, stances, techniques, tone, genre) whatever extractors exist.
Offsets are found by searching the text, so they are right by construction. One document is made of
hostile HTML; its records carry hostile text too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from communique.schema import Actor, Demand, Document, Event, Mention, Place, Quote, Role, Stance, Technique, Warning
from communique.store import Store

OXFAM, AMNESTY, HRW = "organization:oxfam", "organization:amnesty-international", "organization:human-rights-watch"
NORWAY_GOV, JANE = "state:NOR:government", "person:jane-roe"
#: An actor id with characters that must survive URLs, HTML and JSON.
EVIL = "organization:evil/<corp>?&x=1"
HOSTILE_MARK = "window.__pwned"

ACTORS = {
    OXFAM: ("Oxfam", "organization", None, "NGO"),
    AMNESTY: ("Amnesty International", "organization", None, "NGO"),
    HRW: ("Human Rights Watch", "organization", "USA", "NGO"),
    NORWAY_GOV: ("Government of Norway", "state", "NOR", "GOV"),
    JANE: ("Jane Roe", "person", None, None),
    EVIL: ('Evil <img src=x onerror="window.__pwned=1"> Corp', "organization", None, None),
}


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text

    def span(self, phrase: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(phrase, start + 1)
        return start, start + len(phrase)


def _actors(t: _Text, mentions: dict[str, list[tuple[str, int]]]) -> list[Actor]:
    out = []
    for actor_id, phrases in mentions.items():
        name, kind, country, sector = ACTORS[actor_id]
        spans = [t.span(p, n) for p, n in phrases]
        out.append(Actor(id=actor_id, name=name, type=kind, country=country, sector=sector,
                         mentions=[Mention(start=s, end=e, text=t.text[s:e]) for s, e in spans]))  # fmt: skip
    return out


def _doc(doc_id: str, text: str, **fields) -> Document:
    return Document(
        id=doc_id,
        source=f"fixtures/{doc_id}.txt",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        language="en",
        extractors=["hand-made"],
        **fields,
    )


def joint_statement() -> Document:
    t = _Text(
        "Joint statement on the detained journalists\n\n"
        "Oxfam, Amnesty International and Human Rights Watch call on the Government of Norway to release "
        "the detained journalists. \"We will not stay silent,\" said Jane Roe of Oxfam.\n\n"
        "The ministry condemned the protest in Oslo on 28 February 2024, and Norway rejected the demand. "
        "The so-called reforms are a disgrace and a betrayal."
    )
    roles = []
    for actor_id, phrase in ((OXFAM, "Oxfam"), (AMNESTY, "Amnesty International"), (HRW, "Human Rights Watch")):
        s, e = t.span(phrase)
        roles.append(Role(role="signatory", actor=actor_id, start=s, end=e, text=phrase))
    s, e = t.span("the Government of Norway")
    roles.append(Role(role="addressee", actor=NORWAY_GOV, start=s, end=e, text="the Government of Norway"))
    # a role known only from the input's metadata: listed on the page, not drawn in the text
    roles.append(Role(role="author", actor=OXFAM, start=None, end=None, text="Oxfam press office", origin="metadata"))
    call_s, _ = t.span("call on")
    _, call_e = t.span("to release")
    sentence = t.span("Oxfam, Amnesty International and Human Rights Watch call on the Government of Norway to release the detained journalists.")
    quote = t.span("We will not stay silent")
    reforms = t.span("The so-called reforms are a disgrace and a betrayal.")
    return _doc(
        "joint-2024",
        t.text,
        title="Joint statement on the detained journalists",
        published="2024-03-01",
        genre="joint_statement",
        genre_reason="several signatories address one government",
        tone=-2.5,
        url="https://example.org/joint-statement",
        authors=[OXFAM],
        senders=[OXFAM, AMNESTY, HRW],
        addressees=[NORWAY_GOV],
        signatories=[OXFAM, AMNESTY, HRW],
        roles=roles,
        actors=_actors(t, {
            OXFAM: [("Oxfam", 0), ("Oxfam", 1)],
            AMNESTY: [("Amnesty International", 0)],
            HRW: [("Human Rights Watch", 0)],
            NORWAY_GOV: [("Government of Norway", 0), ("The ministry", 0), ("Norway", 1)],
            JANE: [("Jane Roe", 0)],
        }),  # fmt: skip
        quotes=[Quote(speaker=JANE, text=t.text[quote[0]:quote[1]], start=quote[0], end=quote[1], direct=True, cue="said",
                      cue_start=t.span("said")[0], cue_end=t.span("said")[1], speaker_start=t.span("Jane Roe")[0], speaker_end=t.span("Jane Roe")[1])],
        events=[
            Event(type="REQUEST", cameo="10", mode=None, negated=False, actors=[OXFAM, AMNESTY, HRW], recipients=[NORWAY_GOV],
                  date="2024-03-01", date_granularity="day", date_source="published",
                  place=Place(name="Geneva", country="CHE", lat=46.2022, lon=6.1457, geonames_id=2660646),
                  trigger="call on", start=call_s, end=call_e, confidence=0.9),
            Event(type="ACCUSE", cameo="11", mode=None, negated=False, actors=[NORWAY_GOV], recipients=[],
                  date="2024-02-28", date_granularity="day", date_source="text",
                  place=Place(name="Oslo", country="NOR", lat=59.9127, lon=10.7461, geonames_id=3143244, start=t.span("Oslo")[0], end=t.span("Oslo")[1]),
                  trigger="condemned", start=t.span("condemned")[0], end=t.span("condemned")[1], confidence=0.8),
            Event(type="REJECT", cameo="12", mode=None, negated=False, actors=[NORWAY_GOV], recipients=[OXFAM, AMNESTY],
                  date="2024-03", date_granularity="month", date_source="published",
                  place=Place(name="Norway", country="NOR"),
                  trigger="rejected", start=t.span("rejected")[0], end=t.span("rejected")[1], confidence=0.7),
        ],  # fmt: skip
        demands=[Demand(by=OXFAM, target=NORWAY_GOV, text="to release the detained journalists",
                        start=t.span("to release the detained journalists")[0], end=t.span("to release the detained journalists")[1])],
        stances=[
            Stance(holder=OXFAM, target=NORWAY_GOV, polarity="against", start=sentence[0], end=sentence[1], confidence=0.8),
            Stance(holder=AMNESTY, target=NORWAY_GOV, polarity="against", start=sentence[0], end=sentence[1], confidence=0.8),
            Stance(holder=HRW, target=NORWAY_GOV, polarity="against", start=sentence[0], end=sentence[1], confidence=0.8),
            Stance(holder=NORWAY_GOV, target=OXFAM, polarity="against", start=t.span("Norway rejected the demand")[0],
                   end=t.span("Norway rejected the demand")[1], confidence=0.6),
        ],  # fmt: skip
        techniques=[
            Technique(label="Loaded_Language", start=reforms[0], end=reforms[1], confidence=0.7),
            Technique(label="Name_Calling,Labeling", start=t.span("so-called reforms")[0], end=t.span("so-called reforms")[1], confidence=0.6),
            Technique(label="Slogans", start=quote[0], end=quote[1], confidence=0.5),
        ],  # fmt: skip
    )


def readout() -> Document:
    t = _Text(
        "Readout of the meeting in Bergen\n\n"
        "The Government of Norway welcomed the report by Amnesty International and met Oxfam in Bergen "
        "on 9 April 2024. Oxfam praised the Government of Norway for the talks."
    )
    return _doc(
        "readout-2024",
        t.text,
        title="Readout of the meeting in Bergen",
        published="2024-04-10",
        genre="readout",
        genre_reason="readout of a meeting",
        tone=1.5,
        authors=[NORWAY_GOV],
        senders=[NORWAY_GOV],
        addressees=[],
        signatories=[],
        roles=[Role(role="author", actor=NORWAY_GOV, start=t.span("The Government of Norway")[0],
                    end=t.span("The Government of Norway")[1], text="The Government of Norway")],  # fmt: skip
        actors=_actors(t, {NORWAY_GOV: [("Government of Norway", 0), ("Government of Norway", 1)],
                           AMNESTY: [("Amnesty International", 0)], OXFAM: [("Oxfam", 0), ("Oxfam", 1)]}),  # fmt: skip
        quotes=[],
        events=[Event(type="CONSULT", cameo="04", mode="visit", negated=False, actors=[NORWAY_GOV], recipients=[OXFAM],
                      date="2024-04-09", date_granularity="day", date_source="text",
                      place=Place(name="Bergen", country="NOR", lat=60.3913, lon=5.3221, geonames_id=3161732),
                      trigger="met", start=t.span("met")[0], end=t.span("met")[1], confidence=0.85)],  # fmt: skip
        demands=[],
        stances=[
            Stance(holder=NORWAY_GOV, target=AMNESTY, polarity="favor", start=t.span("welcomed the report")[0],
                   end=t.span("welcomed the report")[1], confidence=0.7),
            Stance(holder=OXFAM, target=NORWAY_GOV, polarity="favor", start=t.span("Oxfam praised the Government of Norway")[0],
                   end=t.span("Oxfam praised the Government of Norway")[1], confidence=0.75),
        ],  # fmt: skip
        techniques=[],
        # a kind added by a third-party extractor: drawn when it has a span, kept as data when not
        extensions={"claims": [{"start": t.span("for the talks")[0], "end": t.span("for the talks")[1], "claim": "talks", "by": OXFAM},
                               {"note": "no span"}]},  # fmt: skip
    )


def open_letter() -> Document:
    t = _Text(
        "An open letter on civilians\n\n"
        "We, Oxfam and Amnesty International, condemn the shelling of civilians in Gaza on 3 November 2023 "
        "and demand that all parties stop."
    )
    return _doc(
        "letter-2023",
        t.text,
        title="An open letter on civilians",
        published="2023-11-05",
        genre="open_letter",
        genre_reason="addressed letter with signatures",
        tone=-3.0,
        authors=[OXFAM, AMNESTY],
        senders=[OXFAM, AMNESTY],
        addressees=[],
        signatories=[OXFAM, AMNESTY],
        roles=[Role(role="signatory", actor=OXFAM, start=t.span("Oxfam")[0], end=t.span("Oxfam")[1], text="Oxfam"),
               Role(role="signatory", actor=AMNESTY, start=t.span("Amnesty International")[0], end=t.span("Amnesty International")[1],
                    text="Amnesty International")],  # fmt: skip
        actors=_actors(t, {OXFAM: [("Oxfam", 0)], AMNESTY: [("Amnesty International", 0)]}),
        quotes=[],
        events=[Event(type="ASSAULT", cameo="18", mode=None, negated=False, actors=[], recipients=[], date="2023-11-03",
                      date_granularity="day", date_source="text",
                      place=Place(name="Gaza", country="PSE", lat=31.5017, lon=34.4668, geonames_id=281133),
                      trigger="shelling", start=t.span("shelling")[0], end=t.span("shelling")[1], confidence=0.9)],  # fmt: skip
        demands=[Demand(by=OXFAM, target=None, text="that all parties stop", start=t.span("that all parties stop")[0],
                        end=t.span("that all parties stop")[1])],  # fmt: skip
        stances=[],
        techniques=[],
    )


HOSTILE_TEXT = (
    "<script>window.__pwned = 1; alert('script')</script>\n\n"
    "<img src=x onerror=\"window.__pwned=1; alert('img')\"> Evil Corp writes.\n\n"
    "<a href=\"javascript:window.__pwned=1;alert('link')\">click me</a> and "
    "<svg onload=\"window.__pwned=1\"></svg> "
    "</script><script>window.__pwned=1</script> {{ 7*7 }} ${7*7} <iframe src=\"javascript:alert(1)\"></iframe>"
)


def hostile() -> Document:
    t = _Text(HOSTILE_TEXT)
    link = t.span("<a href=\"javascript:window.__pwned=1;alert('link')\">click me</a>")
    script = t.span("<script>window.__pwned = 1; alert('script')</script>")
    return _doc(
        "hostile",
        t.text,
        title="<script>window.__pwned=1</script><b onmouseover=\"window.__pwned=1\">Hostile</b> title",
        published="2024-05-01",
        genre="other",
        genre_reason="<img src=x onerror=\"window.__pwned=1\">",
        url="javascript:window.__pwned=1",
        site="<i>site</i>",
        author="<script>alert(1)</script>",
        authors=[EVIL],
        senders=[],
        addressees=[],
        signatories=[EVIL],
        roles=[Role(role="author", actor=EVIL, start=t.span("Evil Corp")[0], end=t.span("Evil Corp")[1], text="Evil Corp",
                    description="<script>window.__pwned=1</script>")],  # fmt: skip
        actors=_actors(t, {EVIL: [("Evil Corp", 0), ("<img src=x onerror=\"window.__pwned=1; alert('img')\">", 0)]}),
        quotes=[Quote(speaker=EVIL, text=t.text[script[0]:script[1]], start=script[0], end=script[1], direct=True,
                      cue="<b>says</b>")],  # fmt: skip
        events=[Event(type="THREATEN", cameo="13", mode=None, negated=False, actors=[EVIL], recipients=[OXFAM],
                      date="2024-05-01", date_granularity="day", place=Place(name="<b>Nowhere</b>", country=None, lat=1.0, lon=1.0),
                      trigger="<script>", start=script[0], end=script[0] + 8, confidence=0.5)],  # fmt: skip
        demands=[],
        stances=[Stance(holder=EVIL, target=OXFAM, polarity="against", start=link[0], end=link[1], confidence=0.5)],
        techniques=[Technique(label="Doubt", start=link[0], end=link[1], confidence=0.5)],
        warnings=[Warning(code="CQW999", message="<script>window.__pwned=1</script>")],
    )


def not_analysed() -> Document:
    """A document stored without records: every record list is null (no extractor ran)."""
    text = "Ein Text in einer Sprache, die nicht analysiert wird."
    return Document(id="german", source="fixtures/german.txt", text=text, language="de", status="unsupported_language",
                    content_hash=hashlib.sha256(text.encode()).hexdigest(), published="2024-01-15")  # fmt: skip


def all_documents() -> list[Document]:
    return [joint_statement(), readout(), open_letter(), hostile(), not_analysed()]


def build_workbench_db(path: Path, documents: list[Document] | None = None) -> Path:
    """Write the hand-made corpus (or ``documents``) into a communique database at ``path``."""
    with Store(path) as store:
        for doc in documents if documents is not None else all_documents():
            store.write(doc, {"communique": "fixture"})
    return path
