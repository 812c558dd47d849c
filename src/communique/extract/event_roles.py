"""Who did it and to whom: the actor and recipient of a trigger, read from the dependency parse.

Written for communique: no library maps a parse to PLOVER's actor and recipient roles. The rules name
the construction each reads: subject and object, passive agent, the object of a directed preposition,
the possessor or "by" phrase of a nominal trigger, and, when the object names no actor that can be
coded, an actor named inside what the act is about ("rejected an offer from Afghanistan").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .event_syntax import (
    PRONOUNS,
    agent_of,
    agent_of_modifier,
    counted_participants,
    nominal_roles,
    np_span,
    object_of,
    quantified,
    subject_of,
)
from .event_triggers import PARTICIPATION_VERBS, VERBAL, Trigger
from .event_when_where import PLACE_LABELS

if TYPE_CHECKING:
    from spacy.tokens import Token

#: "in protest against X", "in defiance of X": nouns of an adjunct that names whom an act opposes.
STANCE_NOUNS = {"protest", "defiance", "opposition", "retaliation", "response", "reaction"}
#: Prepositions of a place an act is aimed at (its target when it names no actor: "a curfew in Cizre").
#: Prepositions of where a munition was aimed ("rockets at X", "shells on X").
AIM_PREPS = {"at", "on", "upon", "against", "into", "toward", "towards"}
PLACE_PREPS = {"in", "near", "at", "outside", "inside", "across", "around", "throughout", "into", "on"}


class RoleFinder:
    """The roles of the triggers of one document, given the actors extractor's token -> actor map."""

    def __init__(self, token_actor: dict[int, str], actors: dict[str, Any], munitions: frozenset[str] = frozenset()) -> None:
        self.token_actor = token_actor
        self.actors = actors
        self.munitions = munitions

    def munition(self, tok: Token) -> bool:
        """Whether a phrase names what was fired or set off ("four shell bombs", "an explosive device")."""
        return tok.lemma_.lower() in self.munitions or (
            tok.lemma_.lower() == "device" and any(c.lemma_.lower() in self.munitions for c in tok.children)
        )

    def roles(self, trig: Trigger, anchor: Token) -> tuple[Token | None, Token | None]:
        if anchor.pos_ in ("NOUN", "PROPN") and anchor.i == trig.token.i:
            return nominal_roles(anchor)
        subj, passive = subject_of(anchor)
        skip = {t.i for t in trig.tokens}
        agent = agent_of(anchor) if passive else None
        if agent is not None and self.munition(agent):
            agent = None  # "killed by an improvised explosive device": what, not who
        if anchor.lemma_.lower() in PARTICIPATION_VERBS and anchor.i != trig.token.i:
            passive = False  # "Serb forces were engaged in ethnic cleansing": the forces did it
        if passive and (agent is not None or trig.category not in VERBAL):
            actor, recipient = agent, subj
        else:  # active, or a stative passive of a speech act ("Israel is opposed to ...")
            actor, recipient = subj, object_of(anchor, skip, self.names_actor)
            while recipient is not None and recipient.i not in skip and (
                self.munition(recipient) or (trig.category == "MOBILIZE" and quantified(recipient).dep_ == "dobj")
            ):
                # "fired shells at targets in X"; "mobilized reservists for a war against X": the forces are the actor's own
                skip = skip | {recipient.i}
                recipient = self.aimed_at(recipient) or object_of(anchor, skip, self.names_actor)
        if recipient is not None and (recipient.i == trig.token.i or recipient.i in skip):
            recipient = None
        if recipient is not None and recipient.pos_ == "NOUN" and anchor.i != trig.token.i and recipient.i not in self.token_actor:
            _, nested = nominal_roles(recipient)
            recipient = nested or recipient
        if recipient is None and anchor.dep_ == "xcomp":  # "urged X to ...": X
            recipient = object_of(anchor.head, skip | {anchor.i}, self.names_actor)
        if actor is None and trig.token.pos_ in ("NOUN", "PROPN"):
            actor = nominal_roles(trig.token)[0]
        stance = self.stance_target(anchor, trig.token)
        if stance is not None and (recipient is None or recipient.i not in self.token_actor):
            return actor, stance
        if recipient is None or not self.names_actor(recipient):
            better = self.recipient_inside(trig, recipient, skip, actor)
            recipient = better or recipient
        return actor, recipient

    @staticmethod
    def aimed_at(means: Token) -> Token | None:
        """Where a munition or a force was aimed when the parser hung the phrase on it or on its
        quantity ("fired [a series of rockets] at Israeli towns", "mobilized thousands of soldiers
        against Armenia")."""
        node = means
        for _ in range(3):
            for prep in node.children:
                if prep.dep_ == "prep" and prep.lower_ in AIM_PREPS:
                    objs = [c for c in prep.children if c.dep_ == "pobj"]
                    if objs:
                        return counted_participants(objs[0])
            if node.head.lower_ != "of" or node.dep_ != "pobj":
                return None
            node = node.head.head  # "a series of rockets": the series
        return None

    def stance_target(self, *heads: Token) -> Token | None:
        """Whom an act opposes when the text says so: "in protest against X", "in protest at X's ...",
        "in defiance of X" (X, or whoever did the X the act protests)."""
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ != "in":
                    continue
                for noun in prep.children:
                    if noun.dep_ != "pobj" or noun.lemma_.lower() not in STANCE_NOUNS:
                        continue
                    target = nominal_roles(noun)[1]
                    if target is None or target.i in self.token_actor:
                        return target
                    doer = nominal_roles(target)[0] or agent_of_modifier(target)
                    if doer is not None and (doer.i in self.token_actor or self.names_actor(doer)):
                        return doer  # "in protest against violations by the security forces"
                    return target
        return None

    def recipient_inside(self, trig: Trigger, found: Token | None, skip: set[int], actor: Token | None) -> Token | None:
        """An actor named inside what the act is about: "rejected an offer from Afghanistan",
        "received a mission of observers from the OSCE", "threatened to break relations with
        Russia", "welcomed President Reagan's statement", the one who must comply in "... unless
        Israel rescinds", and last the place the threatened or demanded act is aimed at."""
        options: list[tuple[Token, bool]] = []  # a candidate, and whether it may stand without a country
        # condemning, rejecting or praising an act is aimed at whoever did it ("denounced Serbia's
        # suppression of X": Serbia); asking for or threatening one, at whom it is done to
        doer_first = trig.category in ("ACCUSE", "REJECT", "SUPPORT")

        def expand(tok: Token | None, depth: int = 2, own: bool = False, nested: bool = False) -> None:
            if tok is None:
                return
            options.append((tok, tok.i not in skip))
            if tok.pos_ not in ("NOUN", "PROPN") or depth == 0:
                return
            doer, done_to = nominal_roles(tok)
            if (nested or doer_first) and doer is None:
                doer = agent_of_modifier(tok)  # "an investigation into crimes committed by Croat forces"
            if own and doer is not None:  # the trigger's own doer ("patrols by police") is no target
                options.append((doer, False))
                doer = None
            for inner in (doer, done_to) if doer_first else (done_to, doer):
                expand(inner, depth - 1, nested=True)

        expand(found)
        # a partner noun that names the act itself ("ordered patrols by police") has the act's own
        # doer; one that names something else ("accepted demands from X") points at the target
        same_act = trig.partner is not None and any(sub.token.i == trig.partner.i and sub.category == trig.category for sub in trig.inner)
        expand(trig.partner, own=same_act)
        if trig.token.pos_ in ("NOUN", "PROPN"):  # "tighten the blockade of Serbia"
            expand(trig.token, own=True)
        places: list[Token] = []
        for sub in trig.inner:
            if sub.via not in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "acl", "advcl"):
                continue
            if sub.token.pos_ == "VERB" and sub.via == "advcl":  # a purpose: its object itself, if a party
                obj = object_of(sub.token, skip | {t.i for t in sub.tokens}, self.names_actor)
                if obj is not None and obj.i in self.token_actor:
                    options.append((obj, True))
            elif sub.token.pos_ == "VERB":
                expand(object_of(sub.token, skip | {t.i for t in sub.tokens}, self.names_actor))
            else:
                expand(sub.token)
            expand(sub.partner)
            places += [c for p in sub.token.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS
                       for c in p.children if c.dep_ == "pobj" and c.ent_type_ in PLACE_LABELS]  # fmt: skip
        verbs, frontier = [], [trig.token, *(s.token for s in trig.inner)]
        for _ in range(3):  # the trigger and the clauses it governs ("threatened to stop talks if ...")
            verbs += frontier
            frontier = [c for v in frontier for c in v.children if c.dep_ in ("xcomp", "ccomp", "dobj")]
        for verb in verbs:
            for clause in verb.children:
                if clause.dep_ != "advcl":
                    continue
                marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
                if marks & {"unless", "if", "until"}:  # "... unless Israel rescinds": Israel
                    options += [(c, True) for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
                elif not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                    obj = object_of(clause, skip, self.names_actor)  # "fired to disperse X": X itself
                    if obj is not None and obj.i in self.token_actor:
                        options.append((obj, True))
        for verb in verbs:  # "threatened to resume attacks in Israel", "agreed to set up a centre in Tokyo"
            if verb.pos_ == "VERB" and verb.dep_ == "xcomp" and verb.head.i == trig.token.i:
                for node in (verb, *(c for c in verb.children if c.dep_ == "dobj")):
                    places += [c for p in node.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS
                               for c in p.children if c.dep_ == "pobj" and c.ent_type_ in PLACE_LABELS]  # fmt: skip
        options += [(p, False) for p in places]
        for tok, _ in options:
            if tok.i != trig.token.i and self.names_actor(tok) and (actor is None or tok.i != actor.i):
                return tok
        # else a phrase that names an actor the knowledge base cannot place (yet): "accepted demands
        # from Shona rebels" -> the rebels, not nothing
        for tok, alone in options:
            if alone and tok.i in self.token_actor and (actor is None or tok.i != actor.i):
                return tok
        return None

    def codable(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor is not None and bool(actor.country or actor.sector or actor.members)

    def chosen(self, ids: list[str]) -> list[str]:
        """The actor a phrase names (its head's), plus, when that one has no country or sector, the
        first modifier that does: "security forces in Guinea", "militants loyal to Iraq's ...".
        """
        if not ids:
            return []
        if self.codable(ids[0]):
            return ids[:1]
        return ids[:1] + [next(a for a in ids[1:] if self.codable(a))] if any(self.codable(a) for a in ids[1:]) else ids[:1]

    def names_actor(self, tok: Token) -> bool:
        """Whether a phrase names an actor that can be coded: one with a country, a sector or
        members (a bare "troops" or a person of unknown nationality is not enough)."""
        start, end = np_span(tok)
        for i in range(start, end):
            actor = self.actors.get(self.token_actor.get(i, ""))
            if actor is not None and (actor.country or actor.sector in ("IGO", "NGO") or actor.members):
                return True
        return False

