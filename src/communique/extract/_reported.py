"""Reported speech for the quotes extractor: what a cue verb, "according to" or a report noun says
someone said, and the document navigation the direct-quote search shares with it.

``ReportedSpeech`` is the base of the quotes extractor's per-document finder (``quotes._Finder``);
it is split off only to keep each module readable. Helpers here work on spaCy's dependency parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from ._cues import (
    CIRCUMSTANCE_ENTITIES,
    EVIDENCE_VERBS,
    INFINITIVE_VERBS,
    NO_OBJECT_CONTENT,
    NOT_REPORTING,
    OBJECT_VERBS,
    PREDICATE_AS,
    PREPOSITION_VERBS,
    QUOTE_ONLY_VERBS,
    REASON_PREPOSITIONS,
    REPORT_NOUNS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    TIME_ENTITIES,
)
from ._quote_marks import paragraph_bounds
from ._speakers import ROLE_NOUNS, DocumentVoice

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ._speakers import SpeakerResolver

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_PERSONAL_PRONOUNS = frozenset("i we you he she they".split())
#: Passive verbs whose subject is still the speaker ("she was quoted as saying ...").
_QUOTED_AS = frozenset("quote cite".split())
_NOBODY = frozenset("nobody none nothing".split())
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "pcomp"})
#: What a quote must contain: a word of letters that is not part of a web address.
WORDS = re.compile(r"(?<![/.@#\w])[^\W\d_]{2,}(?![/.@]\w|\w)")


@dataclass
class Found:
    """A quote being assembled: its content characters, cue and speaker words."""

    start: int
    end: int
    direct: bool
    cue: tuple[int, int] | None = None
    speaker: Span | None = None
    speaker_chars: tuple[int, int] | None = None
    actor: str | None = None
    own_cue: bool = False
    form: str = "quotation"


class ReportedSpeech:
    """Reported speech in one document, and the helpers to move around its paragraphs."""

    def __init__(self, doc: Doc, text: str, quoted: list[tuple[int, int]], resolver: SpeakerResolver):
        self.doc = doc
        self.text = text
        self.resolver = resolver
        self.paragraphs = paragraph_bounds(text)
        self.quoted = quoted  # (opening mark, end of closing mark) of every quotation
        self.in_quote = RangeSet(quoted)  # asked for every token: a scan of the list was quadratic

    def reported_speech(self, direct: list[Found]) -> list[Found]:
        """Clauses reported by a cue verb, "according to X", and "X said: ..." without marks."""
        candidates: list[Found] = []
        for token in self.doc:
            if token.idx in self.in_quote:
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                found = self.according_to(token)
            elif self.is_cue(token, quoted=False) or self.is_belief_verb(token):
                found = self.clause_of(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in REPORT_NOUNS:
                found = self.noun_report(token)
            else:
                continue
            if found is None or DocumentVoice.is_first_person(found.speaker):
                continue  # "We urge ...", "I believe ...": the document's own voice, not a quote
            if not self.can_report(found.speaker, token):
                continue
            candidates.append(found)
        accepted: list[Found] = []
        # the widest first: a report inside another report's content is part of that content
        for f in sorted(candidates, key=lambda f: f.start - f.end):
            if any(a.start <= f.cue[0] < a.end or overlaps(a, f) for a in accepted):
                continue
            within = [d for d in direct if overlaps(d, f)]
            if any(not (f.start <= d.start and d.end <= f.end) for d in within):
                continue
            if within and not self.words_around(f, within):
                continue  # the quotation marks already carry it ("said that “...”")
            accepted.append(f)
        return accepted

    def can_report(self, speaker: Span | None, cue: Token) -> bool:
        """Whether ``speaker`` can be the source of what ``cue`` reports: not "nobody" ("Nobody
        doubts that ..." reports no one's view), and for a verb of evidence ("showed", "found")
        someone or a source of information, not a fact ("the 2015 agreement showed that ...")."""
        if speaker is None:
            return True
        root = speaker.root
        if root.lower_ in _NOBODY or any(t.dep_ == "det" and t.lower_ == "no" for t in root.children):
            return False
        if cue.lemma_.lower() not in EVIDENCE_VERBS:
            return True
        return (
            root.pos_ in ("PRON", "PROPN")
            or root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or self.resolver.resolve(speaker) is not None
            or root.lemma_.lower() in SOURCE_NOUNS | ROLE_NOUNS
        )

    def words_around(self, f: Found, quotes: list[Found]) -> bool:
        """Whether a reported clause has words of its own beside the quotations in it (a mixed
        quote such as 'Putin has “been a leader”' is reported speech, with the quote inside)."""
        chars = list(self.text[f.start : f.end])
        for start, end in self.quoted:
            for i in range(max(start, f.start), min(end, f.end)):
                chars[i - f.start] = " "
        rest = "".join(chars).split()
        return any(WORDS.search(w) and w.lower() != "that" for w in rest)

    def clause_of(self, cue: Token) -> Found | None:
        """What the cue verb reports: its clause, infinitive, object or prepositional object."""
        tokens, form = self.content_tokens(cue)
        if not tokens:
            return self.colon_clause(cue) or self.parenthetical(cue)
        tokens = self.in_paragraph(tokens, cue)
        speaker = self.speaker_words(cue)
        if not tokens or speaker is None:
            return None
        start, end = trimmed(tokens)
        if end - start < 2:
            return None
        return Found(start, end, direct=False, cue=token_chars(cue), speaker=speaker, own_cue=True, form=form)

    def content_tokens(self, cue: Token) -> tuple[list[Token], str]:
        """What ``cue`` reports, and in which form; ([], "") when it reports nothing.

        In order (docs/quotes.md, "What is a quote"): a finite clause ("said (that) ..."); an
        infinitive after a speech act, belief or intention ("vowed to ...", "urged X to ...",
        "plans to ...", "called for X to ..."); an object with something said of it ("called the
        plan a disgrace", "accused X of lying"); the bare object of a speech act ("criticised the
        ruling", "cited the report"); a prepositional object ("called for calm", "talked about how
        ..."). An object or prepositional object that only says when or where is not content.
        """
        lemma = cue.lemma_.lower()
        children = list(cue.children)
        for child in children:
            if child.dep_ == "ccomp" and is_clause(child) and (lemma in SPEECH_VERBS or lemma not in NOT_REPORTING):
                return list(child.subtree), "clause"
        for child in children:
            if lemma in INFINITIVE_VERBS and is_infinitive(child):
                # "urged Congress to act": the addressee is part of the content
                return [t for c in children if c.dep_ == "dobj" and c.i < child.i for t in c.subtree] + list(
                    child.subtree
                ), "infinitive"
        for child in children:
            if is_gerund(child) and (lemma in SPEECH_VERBS or lemma in OBJECT_VERBS) and lemma not in NO_OBJECT_CONTENT:
                return list(child.subtree), "gerund"  # "proposed raising the tax", "denied having met him"
        if lemma in OBJECT_VERBS or (lemma in SPEECH_VERBS and lemma not in NO_OBJECT_CONTENT):
            objects = [c for c in children if c.dep_ == "dobj" and c.i > cue.i and c.ent_type_ not in TIME_ENTITIES]
            if objects:
                predicates = [c for c in children if c.i > objects[0].i and is_predicate_of_object(c)]
                if predicates:
                    return list(objects[0].subtree) + [t for c in predicates for t in c.subtree], "small clause"
                return list(objects[0].subtree), "object"
        for c in children:
            if c.dep_ == "prep" and c.lower_ in PREPOSITION_VERBS.get(lemma, ()) and c.i > cue.i:
                objects = [o for o in c.children if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in CIRCUMSTANCE_ENTITIES]
                if objects:
                    return list(objects[0].subtree), "preposition object"
        return [], ""

    def noun_report(self, noun: Token) -> Found | None:
        """'Trump's claim that ...', 'the warning by the ministry that ...'."""
        clause = next(
            (c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i
             and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)),
            None,
        )
        if clause is None:
            return None
        speaker = None
        for c in noun.children:
            if c.dep_ == "poss":
                speaker = self.doc[c.left_edge.i : c.right_edge.i + 1]
            elif c.dep_ == "prep" and c.lower_ == "by" and c.i < clause.i:
                pobj = next((o for o in c.children if o.dep_ == "pobj"), None)
                if pobj is not None:
                    speaker = self.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
        if speaker is None and noun.dep_ == "dobj":  # "X made the claim that ..."
            speaker = subject_of(noun.head)
        if speaker is None:
            return None
        tokens = self.in_paragraph(list(clause.subtree), noun)
        speaker = self.clip(speaker, noun)
        if not tokens or speaker is None:
            return None
        start, end = trimmed(tokens)
        return Found(start, end, direct=False, cue=token_chars(noun), speaker=speaker, own_cue=True, form="noun")

    def parenthetical(self, cue: Token) -> Found | None:
        """'But, he said, officials should be vigilant.': the cue hangs on the clause it reports."""
        if cue.dep_ not in ("parataxis", "advcl", "ccomp") or cue.lemma_.lower() not in SPEECH_VERBS:
            return None
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in cue.children):
            return None
        head = cue.head
        skip = {t.i for t in cue.subtree}
        tokens = [t for t in head.subtree if t.i not in skip]
        tokens = self.in_paragraph(tokens, cue)
        speaker = self.speaker_words(cue)
        if len(tokens) < 3 or speaker is None:
            return None
        start, end = trimmed(tokens)
        return Found(start, end, direct=False, cue=token_chars(cue), speaker=speaker, own_cue=True,
                     form="parenthetical")

    def colon_clause(self, cue: Token) -> Found | None:
        """'The minister said: talks will resume.' with no quotation marks."""
        nxt = cue.i + 1
        while nxt < len(self.doc) and self.doc[nxt].dep_ in ("npadvmod", "advmod", "prep", "pobj", "det", "dobj") and nxt - cue.i < 6:
            nxt += 1
        if nxt + 1 >= len(self.doc) or self.doc[nxt].text != ":":
            return None
        start = self.doc[nxt + 1].idx
        if self.text[start] in "“\"‘'":
            return None
        end = min(self.paragraph_end(start), self.doc[nxt + 1].sent.end_char)
        end = len(self.text[:end].rstrip(" .;,\n"))
        speaker = self.speaker_words(cue)
        if speaker is None or end - start < 2:
            return None
        return Found(start, end, direct=False, cue=token_chars(cue), speaker=speaker, own_cue=True, form="colon")

    def according_to(self, according: Token) -> Found | None:
        to = self.doc[according.i + 1]
        source = [c for c in to.children if c.dep_ == "pobj"]
        if not source:
            return None
        head = according.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        phrase = set(t.i for t in according.subtree) | {according.i, to.i} | {t.i for t in to.subtree}
        tokens = [t for t in head.subtree if t.i not in phrase and t.sent == according.sent]
        if not tokens:
            return None
        start, end = trimmed(tokens)
        if end - start < 2:
            return None
        speaker = self.doc[source[0].left_edge.i : source[0].right_edge.i + 1]
        return Found(start, end, direct=False, cue=(according.idx, to.idx + len(to.text)),
                     speaker=speaker, own_cue=True, form="according")

    def is_cue(self, token: Token, *, quoted: bool) -> bool:
        if not token.tag_.startswith("VB") or token.idx in self.in_quote:
            return False
        lemma = token.lemma_.lower()
        return (
            lemma in SPEECH_VERBS or lemma in INFINITIVE_VERBS or lemma in OBJECT_VERBS
            or lemma in PREPOSITION_VERBS or (quoted and lemma in QUOTE_ONLY_VERBS)
        )

    def is_belief_verb(self, token: Token) -> bool:
        """A verb outside the lexicon that still reports what someone holds: it takes a clause and
        its subject is a person, an organisation or a personal pronoun ("Clinton feels that ...").
        The clause must be finite, and must not hold a verb of saying that reports a clause of its
        own: in "published measurements showing that the spill reached ..." the report is made
        through "showing" (which the parser may hang under "published" as one clause), not through
        "published"."""
        if not token.tag_.startswith("VB") or token.lemma_.lower() in NOT_REPORTING:
            return False
        clauses = [c for c in token.children if c.dep_ == "ccomp" and is_finite_clause(c)]
        if not clauses or any(_reports_inside(c) for c in clauses):
            return False
        subject = subject_of(token)
        if subject is None:
            return False
        head = subject.root
        return head.lower_ in _PERSONAL_PRONOUNS or self.resolver.token_actor.get(head.i, "").startswith(
            ("person:", "organization:", "group:")
        )

    def speaker_words(self, cue: Token) -> Span | None:
        """The subject of the cue, clipped to the cue's paragraph (a title line without a full stop
        is often parsed into the first sentence)."""
        words = self._speaker_words(cue)
        return self.clip(words, cue) if words is not None else None

    def clip(self, words: Span, anchor: Token) -> Span | None:
        """``words`` without the tokens outside the paragraph of ``anchor``; None when none is in
        it (a salutation or title line the parser joined to the next sentence is not a speaker)."""
        tokens = [t for t in self.in_paragraph(list(words), anchor) if not t.is_space]
        return self.doc[tokens[0].i : tokens[-1].i + 1] if tokens else None

    def in_paragraph(self, tokens: list[Token], anchor: Token) -> list[Token]:
        """The tokens that lie in the paragraph of ``anchor`` (none when the parse reached into
        another paragraph only: "Dear Secretary-General," is not what "We write" reports)."""
        start = self.paragraph_start(anchor.idx)
        end = self.paragraph_end(anchor.idx)
        return [t for t in tokens if start <= t.idx < end]

    def _speaker_words(self, cue: Token) -> Span | None:
        """The subject of the cue, climbing through participles, infinitives and relative clauses."""
        verb = cue
        for _ in range(4):
            agent = [c for c in verb.children if c.dep_ == "agent"]
            if agent and list(agent[0].children):
                pobj = next(iter(agent[0].children))
                return self.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
            if any(c.dep_ == "nsubjpass" for c in verb.children) and verb.lemma_.lower() not in _QUOTED_AS:
                return None  # "the negotiators were told ...": the subject heard it; no one is named saying it
            subject = subject_of(verb, self.quoted)
            if subject is not None:
                return subject
            if verb.dep_ == "relcl":
                return self.doc[verb.head.left_edge.i : verb.head.i + 1]
            if verb.dep_ not in _CLIMB_DEPS or verb.head.i == verb.i:
                return None
            verb = verb.head
            if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "pobj", "appos"):
                # "issued a statement saying ...": the one who issued it
                verb = verb.head.head if verb.dep_ == "pobj" else verb.head
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def paragraph_start(self, offset: int) -> int:
        return max((s for s, _ in self.paragraphs if s <= offset), default=0)

    def paragraph_end(self, offset: int) -> int:
        return next((e for s, e in self.paragraphs if s <= offset < e), len(self.text))

    def same_paragraph(self, a: int, b: int) -> bool:
        return self.paragraph_start(a) == self.paragraph_start(b)

    def adjacent_paragraphs(self, a: int, b: int) -> bool:
        """Whether offset ``b`` opens the paragraph right after the one holding ``a``."""
        starts = [s for s, _ in self.paragraphs]
        pa = self.paragraph_start(a)
        return b in starts and pa in starts and starts.index(b) == starts.index(pa) + 1


def subject_of(verb: Token, outside: list[tuple[int, int]] = ()) -> Span | None:
    """The subject of ``verb``; one whose head word lies in an ``outside`` range (a quotation) is
    not the speaker of a cue outside it and is skipped."""
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS and not inside(child.idx, outside):
            if child.lower_ in ("it", "there") and child.dep_ == "nsubjpass":
                return None
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                head = verb.head
                return head.doc[head.left_edge.i : head.i + 1]
            tokens = [t for t in child.subtree if not in_clause(t, child)]
            return child.doc[tokens[0].i : tokens[-1].i + 1]
    return None


def is_clause(head: Token) -> bool:
    """Whether ``head`` heads a clause that can state something: a verb, or a clause with an
    auxiliary ("the plan is fair"), not a bare predicate ("proved the doubters wrong")."""
    return head.tag_.startswith("VB") or head.tag_ == "MD" or any(
        c.dep_ in ("aux", "auxpass", "cop") for c in head.children
    )


def is_finite_clause(head: Token) -> bool:
    """A clause with its own subject or tense ("that the spill reached ...", "she will go")."""
    return head.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") or c.tag_ in ("VBD", "VBZ", "VBP", "MD") and c.dep_.startswith("aux")
        for c in head.children
    )


def _reports_inside(clause: Token) -> bool:
    """Whether a word of saying inside ``clause`` has a clause of its own ("measurements showing
    that ...")."""
    return any(
        t.i != clause.i and t.lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "ccomp" for c in t.children)
        for t in clause.subtree
    )


def is_infinitive(head: Token) -> bool:
    """A to-infinitive complement ("vowed to fight"), or one with its own subject introduced by
    "for" ("called for Clinton to release ...")."""
    to = any(t.dep_ == "aux" and t.lower_ == "to" for t in head.lefts)
    if head.dep_ == "xcomp":
        return to
    return head.dep_ == "advcl" and to and any(t.dep_ == "mark" and t.lower_ == "for" for t in head.lefts)


def is_gerund(head: Token) -> bool:
    """A gerund complement ("proposed raising the tax"), not a participle of manner or time."""
    return head.dep_ == "xcomp" and head.tag_ == "VBG" and not any(t.dep_ == "aux" for t in head.lefts)


def is_predicate_of_object(child: Token) -> bool:
    """What a cue's clause says of its object: "called the plan [a disgrace]", "described X [as
    Y]", "accused X [of lying]", "criticised X [for failing to act]"."""
    if child.dep_ in ("oprd", "xcomp", "ccomp"):
        return True
    if child.dep_ != "prep":
        return False
    if child.lower_ == PREDICATE_AS:
        return True
    return child.lower_ in REASON_PREPOSITIONS and any(o.dep_ == "pcomp" and o.tag_.startswith("VB") for o in child.children)


def in_clause(token: Token, root: Token) -> bool:
    """Whether ``token`` sits in a relative or adverbial clause under ``root`` (not the name itself)."""
    while token.i != root.i:
        if token.dep_ in ("relcl", "acl", "advcl") or token.dep_ == "punct" and token.head.i == root.i:
            return True
        token = token.head
    return False


def trimmed(tokens) -> tuple[int, int]:
    tokens = sorted(tokens, key=lambda t: t.i)
    while len(tokens) > 1 and (tokens[0].is_punct and tokens[0].text not in "“\"" or tokens[0].is_space):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].text in ",;:-—–." or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def token_chars(token: Token) -> tuple[int, int]:
    end = token
    for child in token.rights:
        if child.dep_ == "prt" and child.i == end.i + 1:
            end = child
    return token.idx, end.idx + len(end.text)


def inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in ranges)


class RangeSet:
    """``offset in RangeSet(ranges)`` is ``inside(offset, ranges)`` in O(log n): ranges sorted by
    start, with the furthest end reached so far (ranges may overlap). A document with hundreds of
    quotations asks it for each of its tokens. (No library in our stack has an interval lookup.)"""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def __contains__(self, offset: int) -> bool:
        k = bisect_right(self.starts, offset)
        return k > 0 and self.reach[k - 1] > offset


def overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end
