"""Quotes: who is reported saying what, directly in quotation marks or in reported speech.

    >>> doc = communique.analyze("“We will not give up,” said Jonas Berg.", only=["quotes"])
    >>> [(q.text, q.speaker, q.cue) for q in doc.quotes]
    [('We will not give up,', 'person:jonas-berg', 'said')]

Forms found:

* direct quotes between straight or curly double marks, also over several paragraphs; a mark that
  cannot be paired becomes a CQW201 warning and never stops the analysis (see ``_quote_marks``);
* reported speech on spaCy's dependency parse: a verb of saying or believing with a clausal
  complement ("X said that ...", "X told Y ...", "..., X said"), "according to X", a cue verb
  followed by a colon ("he said: ...");
* transcripts and epigraphs: "Name: ..." at the start of a paragraph, "— Name" after a quote.

The speaker is the subject of the cue (climbing through "..., saying that" and relative clauses), or
for a quote with no cue of its own the speaker of the quote before it in the paragraph, else the
subject of the sentence before. The speaker's words are kept (``speaker_start``/``speaker_end``) and
resolved to an actor id through the actors extractor's ``token_actor`` map, with a fallback for
pronouns and role nouns in ``_speakers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..schema import Quote, Warning
from . import Extractor, shared_state
from ._cues import (
    INFINITIVE_VERBS,
    NOT_REPORTING,
    OBJECT_PREPOSITIONS,
    OBJECT_VERBS,
    PREPOSITION_VERBS,
    QUOTE_ONLY_VERBS,
    REPORT_NOUNS,
    SPEECH_VERBS,
)
from ._quote_marks import QuotedSpan, pair_quote_marks, paragraph_bounds
from ._speakers import SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..schema import Document

#: Dependency labels by which a quotation or clause hangs from its cue verb.
_CONTENT_DEPS = frozenset({"ccomp", "parataxis", "dobj", "xcomp", "advcl", "dep", "attr", "oprd"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
#: Entity types of a prepositional object that says when or where, not what ("spoke on Monday").
_CIRCUMSTANCE = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL"})
_PERSONAL_PRONOUNS = frozenset("i we you he she they".split())
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "pcomp"})
#: Quotes shorter than this many words need a cue of their own (else they are titles or scare quotes).
MIN_UNCUED_WORDS = 4
#: What a quote must contain: a word of letters that is not part of a web address.
_WORDS = re.compile(r"(?<![/.@#\w])[^\W\d_]{2,}(?![/.]\w)")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_DASH_NAME = re.compile(r"\s*(?:[—–]|--)\s*(?P<name>[A-Z][^\n,;()]{1,80})")
_TRANSCRIPT = re.compile(r"[\"“]?(?P<name>[A-Z][A-Za-z.’' -]{1,60}):\s+(?=\S)")
_BEFORE_GAP = re.compile(r"^(?:[^.!?“”\"]{0,80}[:,]|\s*(?:that)?)\s*$", re.I)


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


class QuotesExtractor(Extractor):
    name = "quotes"
    assigns = ("quotes",)
    requires = ("actors",)
    spacy = ("parser", "lemmatizer")
    version = "1"

    def __call__(self, doc: Doc, record: Document) -> None:
        text = record.text
        spans, oddities = pair_quote_marks(text)
        for odd in oddities:
            record.warnings.append(
                Warning(code="CQW201", message=f"Quotation mark at {odd.offset}: {odd.message}.",
                        start=odd.offset, end=odd.offset + 1)
            )
        state = shared_state(doc)
        resolver = SpeakerResolver(
            doc, record.actors or [], state.get("token_actor", {}), state.get("actor_titles", {})
        )
        resolver.excluded = [(s.start, s.end) for s in spans]
        finder = _Finder(doc, text, spans, resolver)
        found = finder.run()
        quotes = []
        for f in found:
            if f.speaker is not None and f.actor is None:
                f.actor = resolver.resolve(f.speaker)
            speaker_chars = f.speaker_chars or (
                (f.speaker.start_char, f.speaker.end_char) if f.speaker is not None else (None, None)
            )
            quotes.append(
                Quote(
                    start=f.start,
                    end=f.end,
                    speaker=f.actor,
                    text=text[f.start : f.end],
                    direct=f.direct,
                    cue=text[f.cue[0] : f.cue[1]] if f.cue else None,
                    cue_start=f.cue[0] if f.cue else None,
                    cue_end=f.cue[1] if f.cue else None,
                    speaker_start=speaker_chars[0],
                    speaker_end=speaker_chars[1],
                )
            )
        record.quotes = quotes


class _Finder:
    """The search for quotes in one document; one instance per call."""

    def __init__(self, doc: Doc, text: str, spans: list[QuotedSpan], resolver: SpeakerResolver):
        self.doc = doc
        self.text = text
        self.spans = spans
        self.resolver = resolver
        self.paragraphs = paragraph_bounds(text)
        self.quoted = [(s.open_mark, s.outer_end) for s in spans]

    # -- driver ----------------------------------------------------------------------------------
    def run(self) -> list[Found]:
        transcripts = self.transcripts()
        direct = [self.attach(span) for span in self.spans]
        self.inherit(direct)
        kept = [f for f in direct if f is not None and not any(_overlaps(t, f) for t in transcripts)]
        reported = self.reported_speech(kept + transcripts)
        absorbed = {id(f) for r in reported for f in kept if r.start <= f.start and f.end <= r.end}
        out = [f for f in kept if id(f) not in absorbed] + reported + transcripts
        return sorted((f for f in out if _WORDS.search(self.text, f.start, f.end)), key=lambda f: (f.start, f.end))

    # -- direct quotes ---------------------------------------------------------------------------
    def attach(self, span: QuotedSpan) -> Found | None:
        """A direct quote with the cue and speaker found around its marks."""
        f = Found(span.start, span.end, direct=True)
        if span.end <= span.start or _is_title(self.text[span.start : span.end]):
            return None
        cue = self.cue_by_parse(span) or self.cue_after(span)
        if cue is None and len(self.text[span.start : span.end].split()) >= MIN_UNCUED_WORDS:
            cue = self.cue_before(span)  # a short quote before it is a title or a scare quote
        if cue is not None:
            f.cue = _token_chars(cue)
            f.speaker = self.speaker_words(cue)
            f.own_cue = True
            return f
        if self.colon_before(span, f) or self.dash_after(span, f):
            f.own_cue = True
            return f
        cue = self.cue_in_sentence(span)
        if cue is not None:
            f.cue, f.speaker, f.own_cue = _token_chars(cue), self.speaker_words(cue), True
        return f

    def cue_in_sentence(self, span: QuotedSpan) -> Token | None:
        """The nearest cue with a subject in the sentences the quote touches (a mixed quote such as
        'told reporters that “I need you”' whose parse did not attach the quote to the verb)."""
        tokens = self.tokens_in(span.open_mark, span.outer_end)
        if not tokens:
            return None
        first, last = tokens[0].sent.start, tokens[-1].sent.end
        candidates = [
            t for t in self.doc[first:last]
            if self.is_cue(t, quoted=False) and self.same_paragraph(t.idx, span.start)
            and self._speaker_words(t) is not None and not self.reports_elsewhere(t, span)
        ]
        if not candidates:
            return None
        return min(candidates, key=lambda t: min(abs(t.idx - span.open_mark), abs(t.idx - span.outer_end)))

    def cue_by_parse(self, span: QuotedSpan) -> Token | None:
        """The cue verb outside the marks on which the quotation hangs in the parse."""
        inside = self.tokens_in(span.open_mark, span.end)
        for token in inside:
            head = token.head
            if head.i == token.i or _inside(head.idx, self.quoted):
                continue
            if token.dep_ in _CONTENT_DEPS and self.is_cue(head, quoted=False):
                return head
        return None

    def reports_elsewhere(self, cue: Token, span: QuotedSpan) -> bool:
        """Whether the cue already has content of its own that is not this quotation."""
        tokens = self.content_tokens(cue)
        return bool(tokens) and not any(span.open_mark <= t.idx < span.outer_end for t in tokens)

    def cue_after(self, span: QuotedSpan) -> Token | None:
        """'..., she said' / '..., said Jonas Berg': a cue in the words right after the quote."""
        if span.close_mark is None:
            return None
        end = self.paragraph_end(span.close_mark)
        nxt = [o for o, _ in self.quoted if o > span.close_mark]
        limit = min([end, span.outer_end + 90, *nxt])
        gap = self.text[span.outer_end : limit]
        stop = _SENTENCE_END.search(gap, 1)
        limit = span.outer_end + (stop.start() if stop else len(gap))
        for token in self.tokens_in(span.outer_end, limit):
            if self.is_cue(token, quoted=True):
                return token
        return None

    def cue_before(self, span: QuotedSpan) -> Token | None:
        """'he said: “...”' / 'warned that “...”': a cue right before the opening mark."""
        start = max(self.paragraph_start(span.open_mark), span.open_mark - 100)
        prev = [c for _, c in self.quoted if c <= span.open_mark]
        start = max([start, *prev])
        for token in reversed(self.tokens_in(start, span.open_mark)):
            if self.is_cue(token, quoted=True):
                gap = self.text[token.idx + len(token.text) : span.open_mark]
                return token if _BEFORE_GAP.match(gap) else None
        return None

    def colon_before(self, span: QuotedSpan, f: Found) -> bool:
        """'The minister was blunt: “...”': the sentence before a colon names the speaker."""
        before = self.text[self.paragraph_start(span.open_mark) : span.open_mark].rstrip()
        if not before.endswith(":") and not (before == "" and self.previous_paragraph_ends_colon(span)):
            return False
        colon = self.text.rfind(":", 0, span.open_mark)
        tokens = self.tokens_in(colon, colon + 1)
        if not tokens:
            return False
        before = [t for t in self.doc[tokens[0].sent.start : tokens[0].i] if not t.is_space]
        heads = [t for t in before if not (before[0].i <= t.head.i < tokens[0].i) or t.head.i == t.i]
        verb = next((t for t in heads if t.pos_ in ("VERB", "AUX")), None)
        subject = _subject_of(verb) if verb is not None else None
        if subject is not None:
            subject = self.clip(subject, tokens[0])
        f.cue = (colon, colon + 1)
        f.speaker = subject
        return subject is not None

    def previous_paragraph_ends_colon(self, span: QuotedSpan) -> bool:
        start = self.paragraph_start(span.open_mark)
        return self.text[:start].rstrip().endswith(":")

    def dash_after(self, span: QuotedSpan, f: Found) -> bool:
        """'“...” — Amir Haddad': a name after a dash closes the quote."""
        if span.close_mark is None:
            return False
        match = _DASH_NAME.match(self.text, span.outer_end, self.paragraph_end(span.close_mark))
        if match is None:
            return False
        dash = self.text.index(match.group(0).strip()[0], span.outer_end)
        name_start, name_end = match.start("name"), match.end("name")
        name_end = len(self.text[:name_end].rstrip(" .,"))
        f.cue = (dash, dash + 1 if self.text[dash] != "-" else dash + 2)
        words = self.doc.char_span(name_start, name_end, alignment_mode="expand")
        f.speaker = words
        f.speaker_chars = (name_start, name_end)
        return True

    def inherit(self, direct: list[Found | None]) -> None:
        """Quotes with no cue of their own take the speaker before them (and its cue, in a paragraph)."""
        previous: Found | None = None
        for k, f in enumerate(direct):
            if f is None:
                continue
            span = self.spans[k]
            if not f.own_cue:
                same_paragraph = previous is not None and self.same_paragraph(previous.end, f.start)
                if previous is not None and previous.speaker is not None and (
                    same_paragraph or self.adjacent_paragraphs(previous.end, span.open_mark)
                ):
                    f.speaker, f.speaker_chars, f.actor = previous.speaker, previous.speaker_chars, previous.actor
                    f.cue = previous.cue  # PolNeAR and newsroom practice: the quote goes on
                else:
                    f.speaker = self.previous_sentence_speaker(span.open_mark)
                if f.speaker is None and len(self.text[f.start : f.end].split()) < MIN_UNCUED_WORDS:
                    direct[k] = None
                    continue
            previous = f

    def previous_sentence_speaker(self, offset: int) -> Span | None:
        """The subject of the sentence before ``offset`` when it names an actor."""
        tokens = self.tokens_in(offset, offset + 1)
        if not tokens or tokens[0].sent.start == 0:
            return None
        sent = self.doc[tokens[0].sent.start - 1].sent
        if _inside(sent.start_char, self.quoted) and _inside(sent.end_char - 1, self.quoted):
            return None
        subject = _subject_of(sent.root)
        if subject is None or self.resolver.resolve(subject) is None:
            return None
        return self.clip(subject, subject.root)

    # -- reported speech -------------------------------------------------------------------------
    def reported_speech(self, direct: list[Found]) -> list[Found]:
        """Clauses reported by a cue verb, "according to X", and "X said: ..." without marks."""
        candidates: list[Found] = []
        for token in self.doc:
            if _inside(token.idx, self.quoted):
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                found = self.according_to(token)
            elif self.is_cue(token, quoted=False) or self.is_belief_verb(token):
                found = self.clause_of(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in REPORT_NOUNS:
                found = self.noun_report(token)
            else:
                continue
            if found is None:
                continue
            candidates.append(found)
        accepted: list[Found] = []
        # the widest first: a report inside another report's content is part of that content
        for f in sorted(candidates, key=lambda f: f.start - f.end):
            if any(a.start <= f.cue[0] < a.end or _overlaps(a, f) for a in accepted):
                continue
            inside = [d for d in direct if _overlaps(d, f)]
            if any(not (f.start <= d.start and d.end <= f.end) for d in inside):
                continue
            if inside and not self.words_around(f, inside):
                continue  # the quotation marks already carry it ("said that “...”")
            accepted.append(f)
        return accepted

    def words_around(self, f: Found, quotes: list[Found]) -> bool:
        """Whether a reported clause has words of its own beside the quotations in it (a mixed
        quote such as 'Putin has “been a leader”' is reported speech, with the quote inside)."""
        chars = list(self.text[f.start : f.end])
        for start, end in self.quoted:
            for i in range(max(start, f.start), min(end, f.end)):
                chars[i - f.start] = " "
        rest = "".join(chars).split()
        return any(_WORDS.search(w) and w.lower() != "that" for w in rest)

    def clause_of(self, cue: Token) -> Found | None:
        """What the cue verb reports: its clause, infinitive, object or prepositional object."""
        tokens = self.content_tokens(cue)
        if not tokens:
            return self.colon_clause(cue) or self.parenthetical(cue)
        start, end = _trimmed(self.in_paragraph(tokens, cue))
        speaker = self.speaker_words(cue)
        if speaker is None or end - start < 2:
            return None
        return Found(start, end, direct=False, cue=_token_chars(cue), speaker=speaker, own_cue=True)

    def content_tokens(self, cue: Token) -> list[Token]:
        lemma = cue.lemma_.lower()
        children = list(cue.children)
        for child in children:
            if child.dep_ == "ccomp" and (lemma in SPEECH_VERBS or lemma not in NOT_REPORTING):
                return list(child.subtree)
        for child in children:
            if child.dep_ == "xcomp" and lemma in INFINITIVE_VERBS and any(
                t.dep_ == "aux" and t.lower_ == "to" for t in child.lefts
            ):
                # "urged Congress to act": the addressee is part of the content
                return [t for c in children if c.dep_ == "dobj" and c.i < child.i for t in c.subtree] + list(
                    child.subtree
                )
        if lemma in OBJECT_VERBS:
            objects = [c for c in children if c.dep_ == "dobj" and c.i > cue.i]
            if objects:
                tokens = list(objects[0].subtree)
                for c in children:
                    if c.i > objects[0].i and (c.dep_ in ("oprd", "xcomp", "ccomp") or (
                        c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS)):
                        tokens += list(c.subtree)
                return tokens
        for c in children:
            if c.dep_ == "prep" and c.lower_ in PREPOSITION_VERBS.get(lemma, ()) and c.i > cue.i:
                objects = [o for o in c.children if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in _CIRCUMSTANCE]
                if objects:
                    return list(objects[0].subtree)
        return []

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
            speaker = _subject_of(noun.head)
        if speaker is None:
            return None
        start, end = _trimmed(self.in_paragraph(list(clause.subtree), noun))
        speaker = self.clip(speaker, noun)
        return Found(start, end, direct=False, cue=_token_chars(noun), speaker=speaker, own_cue=True)

    def parenthetical(self, cue: Token) -> Found | None:
        """'But, he said, officials should be vigilant.': the cue hangs on the clause it reports."""
        if cue.dep_ not in ("parataxis", "advcl", "ccomp") or cue.lemma_.lower() not in SPEECH_VERBS:
            return None
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in cue.children):
            return None
        head = cue.head
        skip = {t.i for t in cue.subtree}
        tokens = [t for t in head.subtree if t.i not in skip]
        if len(tokens) < 3:
            return None
        start, end = _trimmed(self.in_paragraph(tokens, cue))
        speaker = self.speaker_words(cue)
        if speaker is None:
            return None
        return Found(start, end, direct=False, cue=_token_chars(cue), speaker=speaker, own_cue=True)

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
        return Found(start, end, direct=False, cue=_token_chars(cue), speaker=speaker, own_cue=True)

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
        start, end = _trimmed(tokens)
        if end - start < 2:
            return None
        speaker = self.doc[source[0].left_edge.i : source[0].right_edge.i + 1]
        return Found(start, end, direct=False, cue=(according.idx, to.idx + len(to.text)),
                     speaker=speaker, own_cue=True)

    def transcripts(self) -> list[Found]:
        """'MAYOR PETROVA: Thank you all.' — a name and a colon open a transcript paragraph."""
        out = []
        for p_start, p_end in self.paragraphs:
            match = _TRANSCRIPT.match(self.text, p_start, p_end)
            if match is None:
                continue
            name = match.group("name")
            words = self.doc.char_span(match.start("name"), match.end("name"), alignment_mode="contract")
            if words is None or len(words) > 6 or any(t.tag_.startswith("VB") for t in words):
                continue  # "The minister said: ..." is a cue verb and a colon, not a name
            named = any(t.i in self.resolver.token_actor for t in words)
            if not (named or (name.isupper() and len(name) > 2 and len(words) <= 3)):
                continue
            colon = match.end("name")
            # "PENCE: ..." in a transcript is verbatim; "Carson: Clinton not fit" in a headline is not
            end = len(self.text[:p_end].rstrip("\"” "))
            out.append(Found(match.end(), end, direct=name.isupper(), cue=(colon, colon + 1),
                             speaker=words, own_cue=True))
        return out

    # -- shared helpers --------------------------------------------------------------------------
    def is_cue(self, token: Token, *, quoted: bool) -> bool:
        if not token.tag_.startswith("VB") or _inside(token.idx, self.quoted):
            return False
        lemma = token.lemma_.lower()
        return (
            lemma in SPEECH_VERBS or lemma in INFINITIVE_VERBS or lemma in OBJECT_VERBS
            or lemma in PREPOSITION_VERBS or (quoted and lemma in QUOTE_ONLY_VERBS)
        )

    def is_belief_verb(self, token: Token) -> bool:
        """A verb outside the lexicon that still reports what someone holds: it takes a clause and
        its subject is a person, an organisation or a personal pronoun ("Clinton feels that ...")."""
        if not token.tag_.startswith("VB") or token.lemma_.lower() in NOT_REPORTING:
            return False
        if not any(c.dep_ == "ccomp" for c in token.children):
            return False
        subject = _subject_of(token)
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

    def clip(self, words: Span, anchor: Token) -> Span:
        """``words`` without the tokens outside the paragraph of ``anchor``."""
        tokens = self.in_paragraph(list(words), anchor)
        return self.doc[tokens[0].i : tokens[-1].i + 1]

    def in_paragraph(self, tokens: list[Token], anchor: Token) -> list[Token]:
        """The tokens that lie in the paragraph of ``anchor``."""
        start = self.paragraph_start(anchor.idx)
        end = self.paragraph_end(anchor.idx)
        return [t for t in tokens if start <= t.idx < end] or tokens

    def _speaker_words(self, cue: Token) -> Span | None:
        """The subject of the cue, climbing through participles, infinitives and relative clauses."""
        verb = cue
        for _ in range(4):
            subject = _subject_of(verb)
            if subject is not None:
                return subject
            agent = [c for c in verb.children if c.dep_ == "agent"]
            if agent and list(agent[0].children):
                pobj = next(iter(agent[0].children))
                return self.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
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


_MINOR_WORDS = frozenset("a an the of and or in on at to for with by from as vs".split())


def _is_title(quoted: str) -> bool:
    """'“Meet the Press”', '“Mercy Street,”': a short name in title case, not something said."""
    words = [w.strip(".,;:!?’'\"()") for w in quoted.split()]
    words = [w for w in words if w and w.lower() not in _MINOR_WORDS]
    return 0 < len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() for w in words) and not any(
        w.isupper() and len(w) > 1 for w in words[:1]
    ) and not quoted.rstrip().endswith(("!", "?"))


def _subject_of(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            if child.lower_ in ("it", "there") and child.dep_ == "nsubjpass":
                return None
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                head = verb.head
                return head.doc[head.left_edge.i : head.i + 1]
            tokens = [t for t in child.subtree if not _in_clause(t, child)]
            return child.doc[tokens[0].i : tokens[-1].i + 1]
    return None


def _in_clause(token: Token, root: Token) -> bool:
    """Whether ``token`` sits in a relative or adverbial clause under ``root`` (not the name itself)."""
    while token.i != root.i:
        if token.dep_ in ("relcl", "acl", "advcl") or token.dep_ == "punct" and token.head.i == root.i:
            return True
        token = token.head
    return False


def _trimmed(tokens) -> tuple[int, int]:
    tokens = sorted(tokens, key=lambda t: t.i)
    while len(tokens) > 1 and (tokens[0].is_punct and tokens[0].text not in "“\"" or tokens[0].is_space):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].text in ",;:-—–." or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _token_chars(token: Token) -> tuple[int, int]:
    end = token
    for child in token.rights:
        if child.dep_ == "prt" and child.i == end.i + 1:
            end = child
    return token.idx, end.idx + len(end.text)


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in ranges)


def _overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end
