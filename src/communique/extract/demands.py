"""Demands and calls to action: who demands what of whom.

    >>> communique.analyze("Amnesty International urged the government to release the prisoners.",
    ...                    only=["demands"]).demands[0].text
    'release the prisoners'

Three constructions, read from the dependency parse:

- a demand verb: "X demanded that Y ...", "X urged Y to ...", "X called on Y to ...", "X called for
  ...", "X appealed to Y for ...", "X insisted that ...";
- an obligation: "Y must withdraw", "the minister must be removed" (the one who demands is the
  speaker of the sentence, or the subject of the verb that governs it: "a reminder that Y must");
- an imperative slogan that ends in "!" ("Release the prisoners now!").

Division of work with the `events` extractor: this extractor assigns only ``demands``. It leaves
``demand_triggers`` in the shared state (trigger token -> who, of whom, which construction); the
events extractor, which requires ``demands``, codes each one as a REQUEST event with its own
actor/recipient/date/place rules, so no field is assigned twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema import Demand
from . import Extractor, sentences, shared_state
from .event_triggers import load_lexicon
from .event_syntax import NOT_PARTICIPANTS, PRONOUNS, SPEECH_VERBS, make_argument, object_of, speech_head, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..schema import Document

#: Verbs that make a demand, and the preposition (if any) that introduces whom it is made of.
DEMAND_VERBS = {
    "demand": None, "urge": None, "insist": None, "request": None, "implore": None, "exhort": None,
    "beseech": None, "entreat": None, "ask": None, "appeal": "to", "call": "on", "press": None,
    "petition": None, "plead": "with",
}  # fmt: skip
#: Verbs that count only with one of these particles or prepositions ("call on", "press for").
NEEDS_PREP = {"call": {"on", "upon", "for"}, "press": {"for"}, "ask": {"for"}}
OBLIGATION = {"must", "mustn't"}
_TRIM = " \t\r\n,;:\"'“”"

#: Imperatives that are politeness or directions, not calls to action.
NOT_DEMANDS = {"let", "thank", "see", "look", "note", "remember", "consider", "imagine", "read", "click",
               "please", "welcome", "say", "tell", "go", "come"}  # fmt: skip


class DemandsExtractor(Extractor):
    name = "demands"
    assigns = ("demands",)
    requires = ("actors",)
    spacy = ("parser", "ner", "lemmatizer")
    version = "1"

    def __call__(self, doc: Doc, record: Document) -> None:
        state = shared_state(doc)
        token_actor: dict[int, str] = state.get("token_actor", {})
        found: list[tuple[Demand, int, dict[str, Any]]] = []
        for sent in sentences(doc):
            for token in sent:
                hit = self._match(token, sent)
                if hit is None:
                    continue
                by, target, content, kind = hit
                start, end = content
                if doc[start].lower_ in ("that", "to") and end - start > 1:
                    start += 1
                raw = doc[start:end].text
                text = raw.strip(_TRIM)
                if not text:
                    continue
                offset = doc[start].idx + (len(raw) - len(raw.lstrip(_TRIM)))
                demand = Demand(
                    start=offset,
                    end=offset + len(text),
                    by=_actor(doc, by, token_actor),
                    target=_actor(doc, target, token_actor),
                    text=text,
                )
                info = {"by": by.i if by is not None else None, "target": target.i if target is not None else None,
                        "kind": kind, "demand": len(found)}  # fmt: skip
                found.append((demand, token.i, info))
        record.demands = [d for d, _, _ in found]
        state["demand_triggers"] = {i: info for _, i, info in found}

    def _match(self, token: Token, sent: Span):
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in DEMAND_VERBS:
            return self._demand_verb(token, lemma)
        if token.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in token.children):
            return self._obligation(token)
        if token.dep_ == "ROOT" and token.tag_ == "VB" and token.i == _first_word(sent) and lemma not in NOT_DEMANDS:
            if sent[-1].text == "!" or (sent[-1].text in "\"”'" and len(sent) > 1 and sent[-2].text == "!"):
                if not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
                    return None, _first_object(token), _subtree(token), "imperative"
        return None

    @staticmethod
    def _demand_verb(token: Token, lemma: str):
        preps = {c.lower_: c for c in token.children if c.dep_ in ("prep", "prt")}
        needed = NEEDS_PREP.get(lemma)
        has_clause = any(
            c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children))
            for c in token.children
        )
        if needed and not needed & set(preps) and not (lemma == "ask" and has_clause):
            return None
        subj, passive = subject_of(token)
        if subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in load_lexicon().nouns:
            return None  # an event does not demand: "the invasion demanded a response"
        if passive:
            return None  # "was asked to ...": the one who asked is elsewhere
        target = None
        content = None
        for child in token.children:
            infinitive = child.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)
            if (child.dep_ in ("xcomp", "ccomp") or infinitive) and content is None:
                content = _subtree(child)
                for sub in child.children:
                    if sub.dep_ in ("nsubj", "nsubjpass") and target is None and child.dep_ == "ccomp":
                        target = sub
            elif child.dep_ in ("dobj", "dative") and target is None:
                if has_clause or child.pos_ in ("PROPN", "PRON") or child.ent_type_:
                    target = child  # "urged the government to ...": the one urged
                elif content is None:
                    content = _subtree(child)
            elif child.dep_ == "prep" and child.lower_ in ("on", "upon", "to", "with") and target is None:
                objs = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in NOT_PARTICIPANTS]
                if objs:
                    target = objs[0]
            elif child.dep_ == "prep" and child.lower_ == "for" and content is None and not has_clause:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    content = _subtree(objs[0])
        if target is None:
            target = object_of(token, {token.i})
        if target is not None and content is not None and content[0] <= target.i < content[1] and target.dep_ != "nsubj":
            target = None if target.head.dep_ != "ccomp" else target
        if content is None and target is not None:  # "called on X to ...", parsed as X's clause
            for sub in target.children:
                if sub.dep_ in ("acl", "relcl", "xcomp") and any(a.lower_ == "to" for a in sub.children):
                    content = _subtree(sub)
                    break
        if content is None:
            if target is None:
                return None  # "as we have requested since 2019": nothing asked, of no one
            content = _subtree(token, after=True)
        return subj, target, content, "verb"

    @staticmethod
    def _obligation(verb: Token):
        subj, passive = subject_of(verb)
        speech = speech_head(verb)
        by = subject_of(speech)[0] if speech is not None else None
        if by is None:  # "issued a reminder that Iraq must ...": the one who issued it
            node = verb
            while node.head.i != node.i and node.dep_ not in ("ROOT",):
                node = node.head
                if node.pos_ == "VERB" and node.lemma_ not in SPEECH_VERBS:
                    by = subject_of(node)[0]
                    break
        if by is not None and subj is not None and by.i == subj.i:
            by = None
        target = None if passive or (subj is not None and subj.lower_ in ("we", "i", "you", "one")) else subj
        if target is not None and target.lower_ in PRONOUNS and target.lower_ not in ("it", "they", "he", "she"):
            target = None
        start, end = _subtree(verb)
        return by, target, (start, end), "obligation"


def _first_word(sent: Span) -> int:
    for tok in sent:
        if not tok.is_punct:
            return tok.i
    return sent.start


def _first_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "dobj" and (child.pos_ == "PROPN" or child.ent_type_):
            return child
    return None


def _subtree(token: Token, after: bool = False) -> tuple[int, int]:
    """Token span of a phrase, without a trailing punctuation mark; ``after``: only what follows."""
    tokens = [t for t in token.subtree if not (t.is_punct and t.dep_ == "punct" and t.head.i == token.i)]
    if after:
        tokens = [t for t in tokens if t.i > token.i]
    if not tokens:
        return token.i, token.i + 1
    return tokens[0].i, tokens[-1].i + 1


def _actor(doc: Doc, tok: Token | None, token_actor: dict[int, str]) -> str | None:
    if tok is None:
        return None
    for arg in make_argument(doc, tok, token_actor):
        if arg.actor_ids:
            return arg.actor_ids[0]
    return None
