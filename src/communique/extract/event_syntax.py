"""Who did what to whom, and in what mood: the dependency-parse rules behind the events extractor.

Everything here reads a spaCy parse (en_core_web_sm labels: nsubj, nsubjpass, dobj, agent, prep,
pobj, xcomp, ccomp, advcl, conj, relcl, acl, neg, aux, mark, ...). Written for communique because
no library maps a parse to PLOVER actor/recipient roles; each rule names the construction it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECTS = {"nsubj", "csubj", "expl"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
#: Prepositions whose object is the one an action is directed at.
RECIPIENT_PREPS = {"against", "on", "upon", "with", "to", "at", "into", "toward", "towards", "from", "over", "for"}
#: Relations across which a governing word does not share its subject with what it governs.
CLAUSE_BREAKS = {"conj", "advcl", "parataxis", "relcl", "appos", "ccomp", "csubj", "acl"}
#: Speech and attribution verbs: the speaker of what they govern (reported speech).
SPEECH_VERBS = {
    "say", "tell", "announce", "state", "claim", "report", "add", "declare", "confirm", "insist",
    "write", "tweet", "note", "stress", "explain", "argue", "assert", "maintain", "quote",
    "acknowledge", "admit", "reveal", "disclose", "indicate", "suggest", "believe", "think",
    "allege", "accuse", "charge", "contend", "reply", "respond",
}  # fmt: skip
PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our", "them"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_AUX = {"would", "'d"}
POSSIBLE_AUX = {"may", "might", "could", "can"}
CONDITION_MARKS = {"if", "unless", "whether", "lest"}
#: Adjectives and verbs that put what they govern in the future ("ready to", "plans to").
INTENT_HEADS = {
    "ready", "prepared", "willing", "set", "due", "plan", "intend", "prepare", "expect", "aim",
    "vow", "pledge", "promise", "swear", "offer", "volunteer", "undertake", "threaten", "going",
    "hope", "seek", "want", "wish",
}  # fmt: skip
NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}


@dataclass
class Argument:
    """One side of an event: the head token, the words that name it, the actor ids found in them."""

    head: Token
    start: int  # token index span, end exclusive
    end: int
    actor_ids: list[str] = field(default_factory=list)

    def text(self, doc: Doc) -> str:
        return doc[self.start : self.end].text


def clause_verb(token: Token) -> Token:
    """The verb a token's clause is built around (the token itself when it is a verb)."""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.dep_ not in ("ROOT",) and node.head.i != node.i:
        node = node.head
    return node


def np_span(head: Token) -> tuple[int, int]:
    """Token span of the noun phrase headed by ``head``, without relative clauses, appositions,
    coordinated phrases or trailing punctuation."""
    lo = hi = head.i
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in ("relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "parataxis"):
                continue
            if child.dep_ == "prep" and child.lower_ not in ("of", "in", "from") and tok.i == head.i:
                continue
            lo, hi = min(lo, child.i), max(hi, child.i)
            stack.append(child)
    return lo, hi + 1


def coordinated(head: Token) -> list[Token]:
    """The head and the heads coordinated with it ("Bosnia and Slovenia", "US and British forces")."""
    out = [head]
    for tok in head.conjuncts:
        if tok.i > head.i and tok.pos_ in ("NOUN", "PROPN", "ADJ", "PRON"):
            out.append(tok)
    return out


def actor_ids_in(doc: Doc, start: int, end: int, head: Token, token_actor: dict[int, str]) -> list[str]:
    """Actor ids named in a phrase: the head's own actor first, then modifiers (nationality, owner,
    location), in text order."""
    found: list[str] = []
    if head.i in token_actor:
        found.append(token_actor[head.i])
    for i in range(start, end):
        actor = token_actor.get(i)
        if actor and actor not in found:
            found.append(actor)
    return found


def resolve_relative(tok: Token) -> Token:
    """A relative pronoun ("who", "which", "that") stands for the noun its clause modifies."""
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def make_argument(doc: Doc, tok: Token, token_actor: dict[int, str]) -> list[Argument]:
    args = []
    for head in coordinated(resolve_relative(tok)):
        start, end = np_span(head)
        if head.pos_ == "ADJ" and head.i not in token_actor:
            continue
        args.append(Argument(head, start, end, actor_ids_in(doc, start, end, head, token_actor)))
    return args


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb and whether it is passive; climbs through xcomp, conj and participles
    to the clause that has one ("agreed to allow": the subject of agreed)."""
    node = verb
    for _ in range(6):
        passive = None
        for child in node.children:
            if child.dep_ in SUBJECTS:
                return child, False
            if child.dep_ in PASSIVE_SUBJECTS:
                passive = child
        if passive is not None:
            return passive, True
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") and node.head.i != node.i:
            if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
                return None, False
            node = node.head
            continue
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return node.head, node.tag_ == "VBN"
        return _subject_before(node), False
    return None, False


def _subject_before(verb: Token) -> Token | None:
    """A finite verb the parser left without a subject, when a noun phrase ends right before it
    (behind its auxiliaries): the parser attached that phrase elsewhere ("With the signing of a
    memorandum, the government and the rebels have agreed": the coordination hangs from
    "memorandum"). The phrase's first conjunct after the last comma is the subject."""
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VB"):
        return None
    before = verb.i - 1
    while before >= verb.sent.start and verb.doc[before].dep_ in ("aux", "auxpass", "neg", "advmod") and verb.doc[before].head.i == verb.i:
        before -= 1
    if before < verb.sent.start or before == verb.i - 1 and verb.tag_ == "VB":
        return None
    tok = verb.doc[before]
    if tok.pos_ not in ("NOUN", "PROPN") or tok.head.i > verb.i:
        return None
    comma = max((t.i for t in verb.doc[verb.sent.start : tok.i] if t.text in (",", ";", ":")), default=verb.sent.start - 1)
    while tok.dep_ in ("compound", "flat", "conj", "appos") and comma < tok.head.i < tok.i:
        tok = tok.head
    return tok


def agent_of(verb: Token) -> Token | None:
    """The "by" agent of a passive verb ("was attacked by militiamen")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


NOT_PARTICIPANTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
#: Heads that count or portion the people a phrase is about ("thousands of refugees", "one third of
#: the guerrillas", "a group of students"): the participants are the "of" object.
QUANTITY_HEADS = {"thousand", "hundred", "dozen", "million", "score", "number", "group", "third", "half",
                  "quarter", "some", "many", "most", "all", "majority", "minority", "handful", "several",
                  "few", "none", "one", "two", "three", "four", "five", "dozens", "hundreds", "thousands",
                  "millions", "scores", "part", "rest", "members", "member", "remnant", "remnants", "series"}  # fmt: skip


def counted_participants(tok: Token) -> Token:
    """The people a quantity phrase counts: "thousands of Tamil refugees" -> refugees."""
    for _ in range(3):
        if not (tok.ent_type_ in ("CARDINAL", "QUANTITY", "PERCENT") or tok.pos_ == "NUM" or tok.lemma_.lower() in QUANTITY_HEADS):
            return tok
        nxt = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"), None)  # fmt: skip
        if nxt is None:
            return tok
        tok = nxt
    return tok


def quantified(tok: Token) -> Token:
    """The reverse of ``counted_participants``: the quantity phrase that counts ``tok``, if any
    ("soldiers" in "thousands of soldiers" -> "thousands"), else ``tok``."""
    for _ in range(3):
        quantity = tok.head.head
        if tok.dep_ != "pobj" or tok.head.lower_ != "of" or counted_participants(quantity).i == quantity.i:
            return tok
        tok = quantity
    return tok


def prep_objects(prep: Token) -> list[Token]:
    """The objects of a preposition; when the parser left it without one (it attached the noun
    phrase elsewhere: "granted asylum to [five officers holed up ...]"), the noun phrase after it."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if objs:
        return objs
    for tok in prep.doc[prep.i + 1 : prep.i + 7]:
        if tok.pos_ in ("NOUN", "PROPN"):
            while tok.dep_ in ("compound", "amod", "nmod", "nummod") and tok.head.i > tok.i:
                tok = tok.head
            return [tok]
        if tok.pos_ not in ("DET", "NUM", "ADJ", "PROPN", "NOUN") and tok.dep_ not in ("amod", "nummod", "det", "compound"):
            return []
    return []


def object_of(verb: Token, skip: set[int], has_actor=None) -> Token | None:
    """Whom the act is directed at: the direct object, a dative, the object of a directed
    preposition ("fired at", "offered to"), or the subject of a demanded clause ("demanded that
    Hamas renounce"). When ``has_actor`` is given, the first candidate that names an actor wins
    ("offered its troops to Lebanon's president": the president), else the first candidate."""
    candidates: list[Token] = []
    for child in verb.children:
        if child.i in skip:
            continue
        if child.dep_ in ("dobj", "dative", "attr") and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            child = counted_participants(child)
            if child.i not in skip and child.ent_type_ not in NOT_PARTICIPANTS:
                candidates.insert(0, child) if child.dep_ == "dobj" else candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
            for obj in prep_objects(child):
                obj = counted_participants(obj)
                if obj.i not in skip and obj.ent_type_ not in NOT_PARTICIPANTS and obj.lemma_ != "behalf":
                    candidates.append(obj)  # not "on behalf of X": X is on the actor's side
        elif child.dep_ == "prt" and child.lower_ == "up":  # "kidnapped up to 16 advisers" parsed as a particle
            counted = [o for p in child.children if p.lower_ == "to" for o in prep_objects(p)
                       if any(n.dep_ == "nummod" for n in o.children)]  # fmt: skip
            candidates[:0] = [o for o in map(counted_participants, counted) if o.i not in skip]
        elif child.dep_ == "prep" and child.lower_ == "as":  # "denounced as a crime [Serbia's suppression]"
            candidates += [a for obj in prep_objects(child) for a in obj.children if a.dep_ == "appos" and a.i not in skip]
        elif child.dep_ == "ccomp":
            for sub in child.children:
                if sub.dep_ in SUBJECTS and sub.i not in skip:
                    candidates.append(sub)
    if has_actor is not None:
        for cand in candidates:
            if has_actor(cand):
                return cand
    return candidates[0] if candidates else None


def nominal_roles(noun: Token) -> tuple[Token | None, Token | None]:
    """Actor and recipient of a nominal trigger: "Serbia's suppression of X", "an attack on X by Y",
    "a Turkish drone strike", "the arrest of X"."""
    actor = recipient = None
    for child in noun.children:
        if child.dep_ == "poss" and actor is None:
            actor = child
        elif child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ("NORP", "GPE", "ORG") and actor is None:
            actor = child
        elif child.dep_ == "prep":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if not objs:
                continue
            if child.lower_ == "by" or (child.lower_ == "from" and actor is None):
                actor = objs[0]
            elif child.lower_ in ("of", "on", "against", "with", "to", "at", "between", "toward", "towards", "into") and recipient is None:
                recipient = objs[0]
    return actor, recipient


def agent_of_modifier(noun: Token) -> Token | None:
    """The agent of a participle that describes a noun: "crimes committed by Croat forces"."""
    for child in noun.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = agent_of(child)
            if agent is not None:
                return agent
    return None


def speech_head(token: Token) -> Token | None:
    """The speech verb whose reported content contains ``token`` ("X said [that] ... token ...")."""
    node = token
    for _ in range(12):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "parataxis", "xcomp", "advcl") and head.lemma_ in SPEECH_VERBS:
            return head
        if head.lemma_ in SPEECH_VERBS and node.dep_ == "conj":
            return None
        node = head
    return None


def according_to(sentence_tokens) -> Token | None:
    """The source named by "according to X" in a sentence."""
    for tok in sentence_tokens:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            for child in tok.nbor().children:
                if child.dep_ == "pobj":
                    return child
    return None


@dataclass
class Mood:
    negated: bool = False
    future: bool = False
    possible: bool = False
    conditional: bool = False


def mood_of(token: Token, stop: Token | None = None) -> Mood:
    """Negation, future, possibility and condition around a trigger, read from its auxiliaries, its
    negators and the words that govern it, up to (not beyond) its clause or a speech verb."""
    mood = Mood()
    node = token
    for _ in range(6):
        for child in node.children:
            low = child.lower_
            if node is not token and token.dep_ == "conj":
                if child.dep_ not in ("aux", "auxpass"):
                    continue  # coordinated verbs share their auxiliaries, not their negation
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and low in ("no", "never")):
                mood.negated = not mood.negated if child.dep_ == "neg" else True
            elif child.dep_ in ("aux", "auxpass"):
                if low in FUTURE_AUX or (low in CONDITIONAL_AUX):
                    mood.future = True
                elif low in POSSIBLE_AUX:
                    mood.possible = True
                elif low == "going":
                    mood.future = True
            elif child.dep_ == "mark" and low in CONDITION_MARKS and node.dep_ == "advcl":
                mood.conditional = True
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children):
            mood.conditional = True
        head = node.head
        if head.i == node.i or (stop is not None and head.i == stop.i) or head.lemma_ in SPEECH_VERBS:
            break
        if node.dep_ in ("xcomp", "acomp", "prep", "pobj", "pcomp", "conj"):
            if head.lemma_ in INTENT_HEADS or head.lower_ in INTENT_HEADS:
                mood.future = True
            node = head
            continue
        break
    return mood
