"""Events: PLOVER event coding over the dependency parse, with actors, recipients, mood, date and place.

    >>> communique.analyze("The unions praised the minister on Friday.", published="2024-03-01",
    ...                    only=["events"]).events[0].type
    'SUPPORT'

How an event is found (docs/events.md tells the whole story):

1. Triggers: verbs, nouns and two-word phrases of the lexicon (events_lexicon.yaml, written from the
   PLOVER definitions), plus every demand found by the `demands` extractor (a REQUEST each).
2. A trigger that another trigger governs in the same clause is folded into it: "threatened to
   shell" is one THREATEN whose mode (violence) comes from "shell"; "killed in a drone strike" is one
   ASSAULT. Across clauses (and, advcl, relative clauses) triggers stay separate events.
3. Actors and recipients from the parse: subjects, objects, directed prepositions, passive agents,
   possessives and nationality adjectives of nominal triggers, coordinated phrases.
4. Mood: negation, future, possibility and condition. As PLOVER codes them, a future or promised
   cooperative act is AGREE, a future or threatened conflictual act is THREATEN, and a refused
   cooperative act is REJECT; other negated events are kept with ``negated: true``.
5. Reported speech: an event inside what X said is X's claim (``claimed_by``); an accusation
   ("accused Y of shelling") is an ACCUSE by the speaker plus the event, claimed by the speaker.
6. Date (dateparser, against the publication date) and place (offline GeoNames gazetteer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..schema import Event
from . import Extractor, sentences, shared_state
from .event_syntax import (
    PRONOUNS,
    Argument,
    according_to,
    make_argument,
    np_span,
    mood_of,
    nominal_roles,
    speech_head,
    subject_of,
)
from .event_triggers import (
    COOPERATIVE,
    MATERIAL_CONFLICT,
    VERBAL,
    Trigger,
    all_inner,
    anchor_of,
    find_triggers,
    load_lexicon,
)
from .event_places import attach_own_places, carry_context, find_dateline
from .event_roles import RoleFinder
from .event_when_where import resolve_date

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..schema import Document

#: The mode a THREATEN takes from what is threatened; REQUEST and REJECT modes from what is asked.
THREAT_MODES = {"ASSAULT": "violence", "MOBILIZE": "violence", "COERCE": "restrict", "SANCTION": "relations",
                "PROTEST": "restrict"}  # fmt: skip
ASK_MODES = {"AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist", "CONCEDE": "change",
             "RETREAT": "yield", "CONSULT": "meet", "AGREE": "meet"}  # fmt: skip
CONFIDENCE = {"phrase": 0.8, "demand": 0.75, "verb": 0.7, "noun": 0.6}
#: A direct quotation: text between paired quotation marks within one paragraph.
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,2000})[”\"]")
_DURATION = re.compile(r"^(?:the\s+)?(?:past\s+|last\s+|next\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"several|many|few)\s+(?:days?|weeks?|months?|years?|decades?)$", re.I)


class EventsExtractor(Extractor):
    name = "events"
    assigns = ("events",)
    requires = ("actors", "demands")
    spacy = ("parser", "ner", "lemmatizer")
    version = "1"

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self.roles = RoleFinder({}, {})
        from ..kb.gazetteer import gazetteer

        self.lexicon = load_lexicon()
        self.gazetteer = gazetteer()

    def __call__(self, doc: Doc, record: Document) -> None:
        state = shared_state(doc)
        token_actor: dict[int, str] = state.get("token_actor", {})
        demands: dict[int, dict[str, Any]] = state.get("demand_triggers", {})
        countries = {a.country for a in record.actors or () if a.country}
        ents = list(doc.ents)  # Span.ents rebuilds the document's entities on each call: once here
        for ent in ents:
            if ent.label_ == "GPE":
                place = self.gazetteer.lookup(ent.text)
                if place is not None and place.kind == "country":
                    countries.add(place.country)
        self.roles = RoleFinder(token_actor, {a.id: a for a in record.actors or ()}, self.lexicon.munitions)
        dateline = find_dateline(record.text, self.gazetteer)
        published = record.published or (dateline.date if dateline is not None else None)
        quoted = [m.span(1) for m in _QUOTED.finditer(record.text)]
        ent_index = 0
        all_coded: list[CodedEvent] = []
        accusations: list[Event] = []
        for sent in sentences(doc):
            sent_ents = []
            while ent_index < len(ents) and ents[ent_index].start < sent.end:
                if ents[ent_index].start >= sent.start:
                    sent_ents.append(ents[ent_index])
                ent_index += 1
            triggers = find_triggers(self.lexicon, sent, demands)
            if not triggers:
                continue
            opening = dateline.end if dateline is not None else 0
            coded = [self._code(doc, record, sent, t, token_actor, opening) for t in triggers]
            coded = [c for c in coded if c is not None]
            self._attach_dates(published, sent_ents, coded)
            attach_own_places(sent_ents, coded, self.gazetteer, countries, token_actor, self.roles.names_actor)
            all_coded.extend(coded)
            accusations.extend(self._quoted_accusations(doc, record, coded, quoted))
        carry_context(all_coded, record.text, dateline)
        events = [c.to_event(doc) for c in all_coded] + accusations
        if record.published is None and published is not None:
            for event in events:  # the dateline's date stood in for the publication date
                if event.date_source == "published":
                    event.date_source = "dateline"
        events.sort(key=lambda e: (e.start, e.end))
        _carry_meeting_date(events)
        record.events = events

    # -- one trigger --------------------------------------------------------------------------------
    def _code(self, doc, record, sent, trig: Trigger, token_actor, dateline_end: int = 0) -> CodedEvent | None:
        lex = self.lexicon
        anchor = anchor_of(trig)
        inner = all_inner(trig)
        actor_tok, recipient_tok = self.roles.roles(trig, anchor)
        for sub in inner:  # a folded nominal trigger lends its actor or recipient ("a Turkish strike")
            if sub.token.pos_ in ("NOUN", "PROPN"):
                a, r = nominal_roles(sub.token)
                actor_tok = actor_tok or a
                recipient_tok = recipient_tok or (r if r is not None and (actor_tok is None or r.i != actor_tok.i) else None)
        if trig.demand is not None:  # a demand names who asks and of whom
            if trig.demand.get("by") is not None and trig.demand.get("kind") != "verb":
                actor_tok = doc[trig.demand["by"]]
            if trig.demand.get("target") is not None:
                recipient_tok = doc[trig.demand["target"]]
        actor_tok = _past_dateline(actor_tok, dateline_end)
        speech = speech_head(anchor)
        speaker_tok = _past_dateline(subject_of(speech)[0] if speech is not None else according_to(sent), dateline_end)
        if actor_tok is not None and not self.roles.names_actor(actor_tok):
            owner = next((c for c in actor_tok.children if c.dep_ == "poss" and c.lower_ in PRONOUNS), None)
            if owner is not None:  # "their forces": whose forces
                actor_tok = self._antecedent(doc, owner, speaker_tok, token_actor)
        if actor_tok is not None and actor_tok.lower_ in PRONOUNS:
            actor_tok = self._antecedent(doc, actor_tok, speaker_tok, token_actor)
        if recipient_tok is not None and recipient_tok.lower_ in PRONOUNS:
            recipient_tok = self._antecedent(doc, recipient_tok, None, token_actor)
        actors = make_argument(doc, actor_tok, token_actor) if actor_tok is not None else []
        recipients = make_argument(doc, recipient_tok, token_actor) if recipient_tok is not None else []
        mood = mood_of(anchor)
        category, mode = trig.category, trig.mode
        # the mode of a speech act comes from what it is about
        inner_cats = [s.category for s in inner if s.category != category]
        if category in ("REQUEST", "REJECT") and inner_cats:
            mode = mode or ASK_MODES.get(inner_cats[0])
        if category == "THREATEN" and inner_cats:
            mode = mode or THREAT_MODES.get(inner_cats[0])
        complements = [s.category for s in trig.inner if s.via in ("xcomp", "ccomp", "dobj")]
        if trig.token.lemma_ in lex.intent_verbs and category == "AGREE" and any(c in MATERIAL_CONFLICT for c in complements):
            category, mode = "THREATEN", THREAT_MODES.get(next(c for c in complements if c in MATERIAL_CONFLICT))
        if category == "ASSAULT" and mode is None:
            mode = self._assault_mode(trig, inner)
        modality, negated = "asserted", False
        if mood.conditional:
            modality = "hypothetical"
        elif mood.negated:
            if category in COOPERATIVE:
                category, mode = "REJECT", ASK_MODES.get(category)
            else:
                modality, negated = "negated", True
        elif mood.future or mood.possible:
            modality = "future" if mood.future else "hypothetical"
            if category in COOPERATIVE - {"AGREE"}:
                category, mode = "AGREE", None
            elif category in MATERIAL_CONFLICT:
                category, mode = "THREATEN", THREAT_MODES.get(category)
        if trig.demand is not None and trig.demand.get("kind") in ("obligation", "imperative") and modality == "asserted":
            modality = "demanded"
        claimed_by = None
        actor_ids = [a for arg in actors for a in arg.actor_ids[:1]]
        if trig.claim_of is not None:
            gov_actor, _ = self.roles.roles(trig.claim_of, anchor_of(trig.claim_of))
            if gov_actor is not None:
                claimed_by = next(iter(a for arg in make_argument(doc, gov_actor, token_actor) for a in arg.actor_ids), None)
        elif speaker_tok is not None:
            speaker_ids = [a for arg in make_argument(doc, speaker_tok, token_actor) for a in arg.actor_ids[:1]]
            if speaker_ids and not set(speaker_ids) & set(actor_ids):
                claimed_by = speaker_ids[0]
        if claimed_by is not None and modality == "asserted":
            modality = "claimed"
        confidence = CONFIDENCE[trig.kind] - (0.1 if not actors else 0.0) - (0.05 if category != trig.category else 0.0)
        for arg in (*actors, *recipients):
            arg.actor_ids = self.roles.chosen(arg.actor_ids)
        coded = CodedEvent(
            trig, category, lex.cameo(category, mode), mode, modality, negated, actors, recipients,
            claimed_by, round(max(confidence, 0.05), 2), sent, mood.future,
        )  # fmt: skip
        if claimed_by is not None and speech is not None and speaker_tok is not None:
            coded.speech, coded.speaker = speech, make_argument(doc, speaker_tok, token_actor)
        return coded

    def _quoted_accusations(self, doc, record, coded: list[CodedEvent], quoted) -> list[Event]:
        """A speaker who says, in a direct quotation, that another party attacked, coerced or
        sanctioned: the speaker ACCUSEs that party; the quoted event stays the speaker's claim."""
        out = []
        for c in coded:
            if c.speech is None or c.category not in MATERIAL_CONFLICT or c.negated:
                continue
            pos = c.trigger.token.idx
            if not any(a <= pos < b for a, b in quoted):
                continue
            accused = [a for arg in c.actors for a in arg.actor_ids[:1] if a != c.claimed_by]
            spans = [(c.speech.idx, c.speech.idx + len(c.speech))]
            spans += [(doc[a.start].idx, doc[a.end - 1].idx + len(doc[a.end - 1])) for a in c.speaker]
            out.append(
                Event(
                    start=min(x for x, _ in spans), end=max(y for _, y in spans), type="ACCUSE",
                    cameo=self.lexicon.cameo("ACCUSE", "allege"), mode="allege", modality="asserted",
                    negated=False, actors=[c.claimed_by], recipients=accused,
                    actor_text="; ".join(a.text(doc) for a in c.speaker) or None,
                    recipient_text="; ".join(a.text(doc) for a in c.actors) or None,
                    date=record.published, date_granularity="day" if record.published else None,
                    date_source="published" if record.published else None, place=None,
                    trigger=c.speech.text, claimed_by=None, confidence=0.6,
                )  # fmt: skip
            )
        return out

    @staticmethod
    def _antecedent(doc, pronoun: Token, speaker: Token | None, token_actor) -> Token:
        """A pronoun stands for the speaker ("X said it would ...") or the nearest actor before it."""
        if speaker is not None and speaker.lower_ not in PRONOUNS:
            return speaker
        for i in range(pronoun.i - 1, max(pronoun.i - 80, -1), -1):
            if i in token_actor and doc[i].pos_ in ("PROPN", "NOUN", "ADJ"):
                return doc[i]
        return pronoun

    def _assault_mode(self, trig: Trigger, inner: list[Trigger]) -> str | None:
        cues = self.lexicon.assault_cues
        for t in [trig, *inner]:
            for tok in t.token.subtree:
                mode = cues.get(tok.lemma_.lower())
                if mode:
                    return mode
        return None

    # -- dates ------------------------------------------------------------------------------------------
    @staticmethod
    def _owner(token: Token, coded: list[CodedEvent]) -> CodedEvent | None:
        """The event a date phrase modifies: its head is the trigger, directly ("Friday", "last
        month") or through one preposition ("in August 2019")."""
        owners = {t.i: c for c in coded for t in c.own_tokens()}
        head = token.head
        if token.dep_ in ("npadvmod", "tmod", "advmod", "obl") and head.i in owners:
            return owners[head.i]
        if head.dep_ == "prep" and token.dep_ == "pobj" and head.head.i in owners:
            return owners[head.head.i]
        return None

    def _attach_dates(self, published: str | None, sent_ents, coded: list[CodedEvent]) -> None:
        loose = []
        for ent in sent_ents:
            if ent.label_ != "DATE" or _DURATION.match(ent.text) or ent.root.head.lower_ in ("for", "within", "over"):
                continue  # a duration ("for six months") is not a date
            owner = self._owner(ent.root, coded)
            if owner is None:
                if ent.root.head.pos_ in ("VERB", "AUX") or (ent.root.head.dep_ == "prep" and ent.root.head.head.pos_ == "VERB"):
                    loose.append(ent)  # "said on Tuesday": the sentence's date
            elif owner.date is None:
                owner.set_date(ent, published, "text")
        for event in coded:
            if event.date is None and loose:
                event.set_date(loose[0], published, "sentence")
            if event.date is None and published and not event.future:
                event.date, event.date_granularity, event.date_source = published, "day", "published"
            if event.date and published and event.modality in ("asserted", "claimed"):
                if event.date[:4].isdigit() and int(event.date[:4]) < int(published[:4]) - 1:
                    event.modality = "historical"


def _past_dateline(tok, dateline_end: int):
    """The parser makes a dateline's town the subject ("NAIROBI, 3 May - The coalition condemned"):
    the subject is then the phrase after the dash, which it reads as an apposition of the town."""
    if tok is None or tok.idx >= dateline_end:
        return tok
    return next((c for c in tok.children if c.dep_ == "appos" and c.idx >= dateline_end), None)


def _carry_meeting_date(events: list[Event]) -> None:
    """In a readout, what the parties said, agreed or discussed happened at the meeting or call the
    text dated first ("met yesterday in Dubai ... The leaders discussed ..."): verbal events dated
    only by the publication date take that meeting's date (its place: event_places.carry_context)."""
    meeting = next((e for e in events[:2] if e.type == "CONSULT" and e.date_source in ("text", "sentence")), None)
    if meeting is None:  # only a text that opens with its meeting or call reads as a readout
        return
    for event in events:
        if event.start <= meeting.start or event.type not in VERBAL or event.modality not in ("asserted", "claimed"):
            continue
        if event.date_source == "published":
            event.date, event.date_granularity, event.date_source = meeting.date, meeting.date_granularity, "document"


@dataclass
class CodedEvent:
    trigger: Trigger
    category: str
    cameo: str
    mode: str | None
    modality: str
    negated: bool
    actors: list[Argument]
    recipients: list[Argument]
    claimed_by: str | None
    confidence: float
    sent: Span
    future: bool
    speech: Any = None  # the speech verb of the claim, and who speaks
    speaker: list[Argument] = field(default_factory=list)
    date: str | None = None
    date_granularity: str | None = None
    date_source: str | None = None
    place: Any = None

    def place_tokens(self) -> list[Token]:
        """What a place phrase may hang from: the trigger's own words and the verb that carries a
        nominal trigger ("talks were held in Geneva", "imposed a curfew in Cizre")."""
        anchor = anchor_of(self.trigger)
        own = self.own_tokens()
        return own if any(t.i == anchor.i for t in own) else [*own, anchor]

    def own_tokens(self) -> list[Token]:
        """The trigger's words and those of folded triggers of the same category ("killed in a drone
        strike"): what a date or a place may hang from."""
        same = [t for t in all_inner(self.trigger) if t.category == self.trigger.category]
        return [t for trig in (self.trigger, *same) for t in trig.tokens]

    def set_date(self, ent: Span, published: str | None, source: str) -> None:
        resolved = resolve_date(ent.text, published, future=self.future)
        if resolved is not None:
            self.date, self.date_granularity, self.date_source = resolved.date, resolved.granularity, source

    def to_event(self, doc: Doc) -> Event:
        trig = self.trigger
        toks = sorted(trig.tokens, key=lambda t: t.i)
        if toks[-1].i - toks[0].i <= 4:
            trigger_text = doc[toks[0].i : toks[-1].i + 1].text
        else:
            trigger_text = " ".join(t.text for t in toks)
        spans = [(t.idx, t.idx + len(t)) for t in toks]
        for arg in (*self.actors, *self.recipients):
            spans.append((doc[arg.start].idx, doc[arg.end - 1].idx + len(doc[arg.end - 1])))
        actor_ids = list(dict.fromkeys(a for arg in self.actors for a in arg.actor_ids))
        recipient_ids = [a for a in dict.fromkeys(a for arg in self.recipients for a in arg.actor_ids) if a not in actor_ids]
        return Event(
            start=min(s for s, _ in spans),
            end=max(e for _, e in spans),
            type=self.category,
            cameo=self.cameo,
            mode=self.mode,
            modality=self.modality,
            negated=self.negated,
            actors=actor_ids,
            recipients=recipient_ids,
            actor_text="; ".join(a.text(doc) for a in self.actors) or None,
            recipient_text="; ".join(a.text(doc) for a in self.recipients) or None,
            date=self.date,
            date_granularity=self.date_granularity,
            date_source=self.date_source,
            place=self.place,
            trigger=trigger_text,
            claimed_by=self.claimed_by,
            confidence=self.confidence,
        )
