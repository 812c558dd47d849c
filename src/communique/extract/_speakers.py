"""Resolving a speaker's words ("Jonas Berg", "he", "the minister") to an actor id.

The actors extractor leaves ``token_actor`` (token index -> actor id) in the document's shared
state. Where it already maps the speaker's head token, pronouns and role nouns included, that answer
is taken as it is. Where it does not (a pronoun or a description it has not linked), this module
falls back on three narrow rules that news writing follows closely: a third-person pronoun that
introduces a quote points back to the person last named as the subject of a clause; "the minister"
points back to the last person introduced with that title ("Transport Minister Anders Holm", "its
president, Sofia Lindqvist"); "the alliance" points back to the last organisation whose name ends
with that noun ("the Danube Water Alliance"). It is a fallback, not a coreference system: anything
else stays unresolved (None).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from . import document_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..schema import Actor, Document, Role

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me"})
FIRST_PERSON_PLURAL = frozenset({"we", "us"})
GROUP_PRONOUNS = frozenset({"they", "them", "it"})
#: Common nouns that name a speaker by office or function ("the minister said").
ROLE_NOUNS = frozenset(
    """
    minister president premier chancellor secretary spokesman spokeswoman spokesperson official
    leader chief director chairman chairwoman chair executive ceo head governor mayor senator
    congressman congresswoman representative ambassador envoy commissioner general commander
    candidate nominee lawmaker legislator judge prosecutor attorney lawyer adviser advisor aide
    manager founder owner analyst economist expert professor researcher scientist author writer
    reporter editor columnist activist organizer organiser campaigner strategist pollster
    spokespeople officer sheriff king queen prince princess pope bishop cleric imam rabbi priest
    speaker deputy mp delegate negotiator mediator diplomat coordinator president-elect
    """.split()
)
#: How far back (in characters) a pronoun or role noun may point.
_LOOKBACK = 1500
_PERSONAL_TYPES = frozenset({"person"})
_GROUP_TYPES = frozenset({"organization", "group", "state", "igo"})


class SpeakerResolver:
    """Maps the speaker words of one document to actor ids."""

    def __init__(
        self, doc: Doc, actors: Iterable[Actor], token_actor: Mapping[int, str],
        titles: Mapping[str, str] | None = None,
    ) -> None:
        self.doc = doc
        self.token_actor = token_actor
        self.titles = titles or {}  # actor id -> the title it holds here ("Transport Minister")
        actors = list(actors)
        self.actor_type = {a.id: a.type for a in actors}
        self.actor_name = {a.id: a.name for a in actors}
        self.actor_starts = {a.id: sorted(m.start for m in a.mentions) for a in actors}
        self.text_lower = document_text(doc).lower()
        # token -> actor for every mention, so that a lookup works whichever extractor made it
        self.mentions: list[tuple[int, int, str]] = []  # (token index of the mention head, _, id)
        seen: set[int] = set()
        for i, actor_id in sorted(token_actor.items()):
            if i in seen:
                continue
            seen.add(i)
            self.mentions.append((i, i, actor_id))
        self._starts = [m[0] for m in self.mentions]
        self._titles = self._titled_people()
        self.excluded: list[tuple[int, int]] = []  # character ranges (quote contents) to skip

    # -- public ----------------------------------------------------------------------------------
    def resolve(self, words: Span | None) -> str | None:
        """The actor id of the speaker named by ``words``, or None."""
        if words is None or len(words) == 0:
            return None
        head = words.root
        known = self._known(words)
        if known is not None:
            return known
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
            if lower in PERSON_PRONOUNS:
                return self.antecedent(head.i, _PERSONAL_TYPES)
            if lower in GROUP_PRONOUNS:
                return self.antecedent(head.i, _GROUP_TYPES) or (
                    self.antecedent(head.i, _PERSONAL_TYPES) if lower != "it" else None
                )
            return None
        if head.lemma_.lower() in ROLE_NOUNS or lower in ROLE_NOUNS:
            return self.titled(head)
        if head.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in head.lefts):
            return self.named_by_head(head)
        return None

    def named_by_head(self, head: Token) -> str | None:
        """'the alliance' after 'the Danube Water Alliance': the last organisation named before
        ``head`` whose name ends with that noun."""
        words = (head.lower_, head.lemma_.lower())
        best, best_at = None, -1
        for actor_id, name in self.actor_name.items():
            last = name.lower().split()[-1:] or [""]
            if self.actor_type.get(actor_id) not in _GROUP_TYPES or last[0] not in words:
                continue
            # its mentions, or its name written earlier where the actors extractor took no mention
            before = [start for start in self.actor_starts[actor_id] if start < head.idx]
            before.append(self.text_lower.rfind(name.lower(), 0, head.idx))
            if max(before) > best_at:
                best, best_at = actor_id, max(before)
        return best

    def antecedent(self, before: int, types: frozenset[str]) -> str | None:
        """The actor last named, as a clause subject if possible, before token ``before``."""
        doc = self.doc
        limit = doc[before].idx - _LOOKBACK
        fallback: str | None = None
        sent = doc[before].sent
        while True:
            candidates = [
                (i, a)
                for i, _, a in self._mentions_between(sent.start, min(sent.end, before))
                if self.actor_type.get(a) in types and not self._in_excluded(doc[i].idx)
            ]
            candidates = sorted(candidates + self._described_subjects(sent.start, min(sent.end, before), types))
            for i, actor_id in reversed(candidates):
                if _is_subject(doc[i]):
                    return actor_id
            if candidates and fallback is None:
                fallback = candidates[0][1]
            if fallback is not None or sent.start == 0 or doc[sent.start].idx < limit:
                return fallback
            sent = doc[sent.start - 1].sent

    def titled(self, head: Token) -> str | None:
        """The last person introduced before ``head`` with the title ``head`` names."""
        title = head.lemma_.lower()
        best: str | None = None
        for i, actor_id, titles in self._titles:
            if i >= head.i:
                break
            if title in titles:
                best = actor_id
        return best

    # -- helpers ---------------------------------------------------------------------------------
    def _described_subjects(self, start: int, end: int, types: frozenset[str]) -> list[tuple[int, str]]:
        """Clause subjects between tokens ``start`` and ``end`` that the actors extractor did not map
        but that name an actor by description ("The alliance called on ...", "the minister said"),
        so that "it" or "he" after them points back to them."""
        out = []
        for token in self.doc[start:end]:
            if token.dep_ not in ("nsubj", "nsubjpass") or token.i in self.token_actor or token.pos_ != "NOUN":
                continue
            if self._in_excluded(token.idx):
                continue
            if token.lemma_.lower() in ROLE_NOUNS or token.lower_ in ROLE_NOUNS:
                actor = self.titled(token)
            elif any(c.dep_ in ("det", "poss") for c in token.lefts):
                actor = self.named_by_head(token)
            else:
                actor = None
            if actor is not None and self.actor_type.get(actor) in types:
                out.append((token.i, actor))
        return out

    def _known(self, words: Span) -> str | None:
        """An actor the actors extractor already mapped, preferring the head, then apposition."""
        head = words.root
        if head.i in self.token_actor:
            return self.token_actor[head.i]
        for child in head.children:
            if child.dep_ == "appos" and child.i in self.token_actor:
                return self.token_actor[child.i]
        for child in head.subtree:
            if child.dep_ == "appos":
                for t in child.subtree:
                    if t.i in self.token_actor and self.actor_type.get(self.token_actor[t.i]) == "person":
                        return self.token_actor[t.i]
        if head.pos_ == "PROPN":
            for t in words:
                if t.i in self.token_actor and t.head.i == head.i and t.dep_ == "compound":
                    return self.token_actor[t.i]
        return None

    def _mentions_between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        lo = bisect_left(self._starts, start)
        hi = bisect_left(self._starts, end)
        return self.mentions[lo:hi]

    def _in_excluded(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.excluded)

    def _titled_people(self) -> list[tuple[int, str, frozenset[str]]]:
        """Each person mention with the title words written around it, in document order."""
        out = []
        seen: set[tuple[int, str]] = set()
        for i, actor_id in sorted(self.token_actor.items()):
            if self.actor_type.get(actor_id) != "person":
                continue
            token = self.doc[i]
            root = token
            while root.dep_ in ("compound", "flat") and root.head.i != root.i and root.head.i in self.token_actor:
                root = root.head
            if (root.i, actor_id) in seen:
                continue
            seen.add((root.i, actor_id))
            words = {t.lemma_.lower() for t in root.lefts if self.token_actor.get(t.i, actor_id) == actor_id}
            words |= {w.lower() for w in self.titles.get(actor_id, "").split()}
            words |= {t.lemma_.lower() for t in root.children if t.dep_ == "appos"}
            if root.dep_ == "appos":
                words.add(root.head.lemma_.lower())
                words |= {t.lemma_.lower() for t in root.head.lefts}
            out.append((root.i, actor_id, frozenset(w for w in words if w in ROLE_NOUNS)))
        return out


def _present_form(verb: Token) -> bool:
    """A verb in the present by its form ("condemn", "welcomes"), not a participle or an
    infinitive ("to condemn")."""
    lemma, word = verb.lemma_.lower(), verb.lower_
    if verb.tag_ in ("VBG", "VBN") or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return word in (lemma, lemma + "s", lemma + "es") or (lemma.endswith("y") and word == lemma[:-1] + "ies")


def _is_subject(token: Token) -> bool:
    """Whether the mention at ``token`` is (inside) the subject of a clause."""
    while token.dep_ in ("compound", "flat", "poss", "appos", "amod") and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


class DocumentVoice:
    """The document's own first person ("I", "we") and who it is: the authors, senders and
    signatories the roles extractor found.

    "I" is the one author, else the one sender, else the one signatory; "we" is the one sender,
    else the one author when that is not a person. Where a role is held by several actors ("We,
    the undersigned organisations" under four senders; a joint statement of three governments),
    "we" is left unresolved: the voice is the group's, and naming one member would put the group's
    words in that member's mouth. The senders are on the document (``record.senders``).
    """

    def __init__(self, record: Document) -> None:
        self.authors = list(record.authors or [])
        self.senders = list(record.senders or [])
        self.signatories = list(record.signatories or [])
        self.types = {a.id: a.type for a in record.actors or []}
        self.countries = {a.id: a.country for a in record.actors or []}
        self.roles: list[Role] = list(record.roles or [])

    def is_senders_present(self, cue: Token, speaker: Span | None, token_actor: Mapping[int, str]) -> bool:
        """Whether a reported act is the document's own act in the third person: "Japan, the ROK,
        and the United States strongly condemn ..." in their joint statement. The cue is in the
        present (what the document does as it is read, not what someone did), and the speaker
        words name the senders, authors or signatories, the states whose governments they are, or
        those states' officials ("President Yoon"); an actor of another country makes it a report.
        The tense is read from the word's form: the tagger often takes a bare "condemn" for a past."""
        if speaker is None or not _present_form(cue):
            return False
        own = set(self.senders) | set(self.authors) | set(self.signatories)
        states = {self.countries[a] for a in own if self.countries.get(a)}
        named = {token_actor[t.i] for t in speaker if t.i in token_actor}
        verdicts = [a in own or (self.countries.get(a) in states if self.countries.get(a) else None) for a in named]
        return any(verdicts) and False not in verdicts

    @staticmethod
    def is_first_person(words: Span | None) -> bool:
        """"I", "we", "our three countries", and "the undersigned (organisations)", a letter's name
        for its own senders."""
        if words is None or len(words) == 0:
            return False
        root = words.root
        return root.lower_ in FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL | {"undersigned"} or any(
            c.lower_ == "undersigned" and c.dep_ in ("amod", "compound", "det")
            or c.lower_ == "our" and c.dep_ == "poss"
            for c in root.children
        )

    def resolve(self, words: Span) -> str | None:
        """The actor a first-person pronoun stands for, or None (several, or none known; or a
        phrase such as "our three countries")."""
        if words.root.lower_ not in FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL:
            return None
        if words.root.lower_ in FIRST_PERSON_SINGULAR:
            for holders in (self.authors, self.senders, self.signatories):
                if len(holders) == 1:
                    return holders[0]
                if holders:
                    return None
            return None
        if len(self.senders) == 1:
            return self.senders[0]
        if not self.senders and len(self.authors) == 1 and self.types.get(self.authors[0]) != "person":
            return self.authors[0]
        return None

    def issuer(self) -> tuple[str, Role | None] | None:
        """The one actor the whole document speaks for (its one sender, else its one author), with
        the evidence of that role when it lies in the text."""
        for role, holders in (("sender", self.senders), ("author", self.authors)):
            if len(holders) == 1:
                evidence = next((r for r in self.roles if r.role == role and r.actor == holders[0]
                                 and r.start is not None), None)
                return holders[0], evidence
            if holders:
                return None
        return None

