"""Actors: the named people, organisations, places and groups of a text, with every mention.

This first version turns spaCy's named entities into actors, merging mentions that normalise to the
same name; the knowledge-base normalisation (countries, offices, international bodies) builds on it.

    >>> communique.analyze("Amnesty International criticised the ministry.", only=["actors"]).actors
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from ..schema import Actor, Mention
from . import Extractor, shared_state

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..schema import Document

#: spaCy entity labels that name actors, and the actor type each becomes.
ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "location",
    "NORP": "group",
}
_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$")  # U.S., U.K., E.U.


def normalise_name(text: str) -> str:
    """The name as it is compared: no leading article or trailing possessive, single spaces."""
    text = " ".join(text.split())
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = text.strip(" ,;:-\"'“”‘’")
    if text.endswith(".") and not _ABBREVIATION.search(text):
        text = text.rstrip(".")
    return text


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


class ActorsExtractor(Extractor):
    name = "actors"
    assigns = ("actors",)
    requires = ()
    spacy = ("ner",)

    def __call__(self, doc: Doc, record: Document) -> None:
        actors: dict[str, Actor] = {}
        span_actor: dict[tuple[int, int], str] = {}
        token_actor: dict[int, str] = {}
        for ent in doc.ents:
            actor_type = ENTITY_TYPES.get(ent.label_)
            if actor_type is None:
                continue
            start, end, text = _trim(ent)
            name = normalise_name(text)
            if not name:
                continue
            actor_id = f"{actor_type}:{slug(name)}"
            actor = actors.get(actor_id)
            if actor is None:
                actor = actors[actor_id] = Actor(id=actor_id, name=name, type=actor_type, mentions=[])
            actor.mentions.append(Mention(start=start, end=end, text=record.text[start:end]))
            span_actor[(start, end)] = actor_id
            for token in ent:
                token_actor[token.i] = actor_id
        record.actors = list(actors.values())
        state = shared_state(doc)
        state["actor_spans"] = span_actor  # (start_char, end_char) of each mention -> actor id
        state["token_actor"] = token_actor  # token index -> actor id, for syntax-based extractors


def _trim(ent: Span) -> tuple[int, int, str]:
    """Character span of an entity without a leading "the" or a trailing possessive."""
    start, end = ent.start_char, ent.end_char
    text = ent.text
    lead = _LEADING.match(text)
    if lead:
        start += lead.end()
    tail = _POSSESSIVE.search(text)
    if tail and end - tail.start() < len(text):
        end -= len(tail.group(0))
    return start, end, text[start - ent.start_char : end - ent.start_char]
