"""Quotes: who is reported saying what, directly in quotation marks or in reported speech.

    >>> doc = communique.analyze("“We will not give up,” said Jonas Berg.", only=["quotes"])
    >>> [(q.text, q.speaker, q.cue) for q in doc.quotes]
    [('We will not give up,', 'person:jonas-berg', 'said')]

Forms found (docs/quotes.md has the details and what is left out):

* direct quotes between straight or curly double marks (or the doubled '' of news archives), also
  over several paragraphs; a mark that cannot be paired becomes a CQW201 warning and never stops the
  analysis (``_quote_marks``); short title-case quotations ("“Meet the Press”") are titles, and short
  ones with no cue are scare quotes, so neither is kept;
* reported speech on spaCy's dependency parse (``_reported``): a verb of saying or believing with a
  clause ("X said that ...", "X told Y ...", "..., X said"), an infinitive ("vowed to ..."), an
  object ("criticised the ruling"), "according to X", "his claim that ...", a cue verb and a colon
  ("he said: ..."); a quotation inside such a clause with words of its own around it (a mixed quote)
  is part of the reported clause;
* transcripts and epigraphs: "NAME: ..." at the start of a paragraph, "— Name" after a quote.

The speaker of a quotation is the subject of its cue: the verb it hangs on in the parse, else a cue
verb right after or right before it, else the words before a colon, else a dash and a name. A
quotation without a cue of its own continues the one before it in the same or the previous
paragraph (same speaker, same cue, as PolNeAR annotates), else takes the nearest cue of its
sentence, else the subject of the sentence before it. The speaker's words are kept
(``speaker_start``/``speaker_end``) and resolved to an actor id through the actors extractor's
``token_actor`` map (pronouns and titles included), with a fallback for pronouns and role nouns in
``_speakers``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..schema import Quote, Warning
from . import Extractor, shared_state
from ._quote_marks import QuotedSpan, pair_quote_marks
from ._reported import WORDS, Found, ReportedSpeech, inside, overlaps, subject_of, token_chars
from ._speakers import DocumentVoice, SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..schema import Document

#: Dependency labels by which a quotation or clause hangs from its cue verb.
_CONTENT_DEPS = frozenset({"ccomp", "parataxis", "dobj", "xcomp", "advcl", "dep", "attr", "oprd"})
#: Quotes shorter than this many words need a cue of their own (else they are titles or scare quotes).
MIN_UNCUED_WORDS = 4
#: At most this many words outside a quotation with no cue that is then the whole document's voice.
_ISSUER_OUTSIDE_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_DASH_NAME = re.compile(r"\s*(?:[—–]|--)\s*(?P<name>[A-Z][^\n,;()]{1,80})")
_TRANSCRIPT = re.compile(r"[\"“]?(?P<name>[A-Z][A-Za-z.’' -]{1,60}):\s+(?=\S)")
#: Words that open a letter's salutation, which a "Name:" line must not be taken for.
_SALUTATION_WORDS = ("dear ", "my dear ", "to ")
_BEFORE_GAP = re.compile(r"^(?:[^.!?“”\"]{0,80}[:,]|\s*(?:that)?)\s*$", re.I)


class QuotesExtractor(Extractor):
    name = "quotes"
    assigns = ("quotes",)
    requires = ("actors", "authors", "senders", "signatories", "roles")
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
        finder.salutations = [(r.start, r.end) for r in record.roles or () if r.role == "addressee" and r.start is not None]
        found = finder.run()
        voice = DocumentVoice(record)
        _whole_document_quotation(found, text, spans, voice)
        quotes = []
        for f in found:
            if not f.direct and f.cue and voice.is_senders_present(
                    doc.char_span(*f.cue, alignment_mode="expand")[0], f.speaker, resolver.token_actor):
                continue  # "Japan, the ROK, and the United States condemn ..." in their own statement
            if f.speaker is not None and f.actor is None:
                f.actor = resolver.resolve(f.speaker)
            if f.actor is None and voice.is_first_person(f.speaker):
                f.actor = voice.resolve(f.speaker)  # 'I told them: “...”' in a speech
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


class _Finder(ReportedSpeech):
    """The search for quotes in one document; one instance per call."""

    def __init__(self, doc: Doc, text: str, spans: list[QuotedSpan], resolver: SpeakerResolver):
        super().__init__(doc, text, [(s.open_mark, s.outer_end) for s in spans], resolver)
        self.spans = spans
        self.salutations: list[tuple[int, int]] = []  # the addressee's evidence (the roles extractor)

    # -- driver ----------------------------------------------------------------------------------
    def run(self) -> list[Found]:
        transcripts = self.transcripts()
        direct = [self.attach(span) for span in self.spans]
        self.inherit(direct)
        kept = [f for f in direct if f is not None and not any(overlaps(t, f) for t in transcripts)]
        reported = self.reported_speech(kept + transcripts)
        absorbed = {id(f) for r in reported for f in kept if r.start <= f.start and f.end <= r.end}
        out = [f for f in kept if id(f) not in absorbed] + reported + transcripts
        return sorted((f for f in out if WORDS.search(self.text, f.start, f.end)), key=lambda f: (f.start, f.end))

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
            f.cue = token_chars(cue)
            f.speaker = self.speaker_words(cue)
            f.own_cue = True
            return f
        if self.colon_before(span, f) or self.dash_after(span, f):
            f.own_cue = True
            return f
        cue = self.cue_in_sentence(span)
        if cue is not None:
            f.cue, f.speaker, f.own_cue = token_chars(cue), self.speaker_words(cue), True
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
        for token in self.tokens_in(span.open_mark, span.end):
            head = token.head
            if head.i == token.i or head.idx in self.in_quote:
                continue
            if token.dep_ in _CONTENT_DEPS and self.is_cue(head, quoted=False):
                return head
        return None

    def reports_elsewhere(self, cue: Token, span: QuotedSpan) -> bool:
        """Whether the cue already has content of its own that is not this quotation."""
        tokens, _ = self.content_tokens(cue)
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
        subject = subject_of(verb, self.quoted) if verb is not None else None
        if subject is None:
            subject = self.name_before(tokens[0])  # "- Michael P. McDonald: “...”"
        if subject is not None:
            subject = self.clip(subject, tokens[0])
        f.cue = (colon, colon + 1)
        f.speaker = subject
        return subject is not None

    def name_before(self, colon: Token) -> Span | None:
        """The name (proper nouns, or an actor's mention) that ends right at ``colon``."""
        i = colon.i - 1
        token_actor = self.resolver.token_actor
        while i >= 0 and (self.doc[i].pos_ == "PROPN" or i in token_actor) and not self.doc[i].is_space:
            i -= 1
        return self.doc[i + 1 : colon.i] if i + 1 < colon.i else None

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
        if sent.start_char in self.in_quote and sent.end_char - 1 in self.in_quote:
            return None
        subject = subject_of(sent.root)
        if subject is None or self.resolver.resolve(subject) is None:
            return None
        return self.clip(subject, subject.root)

    # -- reported speech -------------------------------------------------------------------------

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
            if name.lower().startswith(_SALUTATION_WORDS) or inside(match.start("name"), self.salutations):
                continue  # "Dear Madam Speaker:" opens a letter; it is no one's turn to speak
            colon = match.end("name")
            # "PENCE: ..." in a transcript is verbatim; "Carson: Clinton not fit" in a headline is not,
            # and a headline ends with its line even where the text is hard-wrapped
            line_end = self.text.find("\n", colon, p_end)
            end = p_end if name.isupper() or line_end < 0 else line_end
            end = len(self.text[:end].rstrip("\"” "))
            out.append(Found(match.end(), end, direct=name.isupper(), cue=(colon, colon + 1), form="transcript",
                             speaker=words, own_cue=True))
        return out

    # -- shared helpers --------------------------------------------------------------------------


def _whole_document_quotation(found: list[Found], text: str, spans: list[QuotedSpan], voice: DocumentVoice) -> None:
    """A statement whose whole text is one quotation with no cue ("Statement from the Press
    Secretary": “...”) is the words of the one actor the document is issued by."""
    issuer = voice.issuer()
    if issuer is None:
        return
    for f in found:
        if not f.direct or f.cue is not None or f.speaker is not None:
            continue
        span = next((s for s in spans if s.start == f.start and s.end == f.end), None)
        if span is None:
            continue
        inside_words = len(text[f.start : f.end].split())
        outside_words = len(text[: span.open_mark].split()) + len(text[span.outer_end :].split())
        if outside_words <= min(_ISSUER_OUTSIDE_WORDS, inside_words // 5):
            f.actor, evidence = issuer
            if evidence is not None:
                f.speaker_chars = (evidence.start, evidence.end)


_MINOR_WORDS = frozenset("a an the of and or in on at to for with by from as vs".split())


def _is_title(quoted: str) -> bool:
    """'“Meet the Press”', '“Mercy Street,”': a short name in title case, not something said."""
    words = [w.strip(".,;:!?’'\"()") for w in quoted.split()]
    words = [w for w in words if w and w.lower() not in _MINOR_WORDS]
    return 0 < len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() for w in words) and not any(
        w.isupper() and len(w) > 1 for w in words[:1]
    ) and not quoted.rstrip().endswith(("!", "?"))
