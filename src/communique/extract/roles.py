"""Document roles: who wrote it (authors), in whose name it is sent (senders), to whom (addressees),
and who signed it (signatories), each with the evidence for it.

    >>> record = communique.analyze("examples/written/open-letter-journalists-safety.md", only=["roles"])
    >>> record.addressees, record.senders, record.signatories

Where the evidence is found:

- **authors**: a byline at the top ("By Maria Jensen"), with the author's self-description from a
  closing biography ("Maria Jensen is a senior fellow at ..."); else the input's metadata author
  (front matter, an HTML byline that trafilatura took out of the main text), recorded with
  ``origin="metadata"`` and no offsets.
- **addressees**: the salutation ("Dear Secretary-General Guterres,", "Dear Madam Speaker:",
  "Excellency:", "To the Congress of the United States:"), and the address block above it.
- **senders and signatories**: the closing and signature blocks (see ``_name_lines``): organisations
  listed under a closing ("In solidarity,") are senders, persons signatories with the rest of their
  line ("Executive Director, Coalition for Press Freedom") as description; organisations under an
  explicit "Signed:" heading are signatories too. A letter signed only by persons is sent in their
  name.
- **joint statements**: "We, the leaders of A, B and C, ..." (the group's members, or the body named)
  are senders.
- **readouts and joint statements written as readouts**: the actors before the opening sentence's
  verb ("President Biden spoke ...") are senders — the readout is issued on their side — and the
  actors after its "with" are addressees, the counterpart they spoke to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..kb import load_kb
from ..schema import Actor, Mention, Role
from . import Extractor, sentences, shared_state
from ._actor_names import canonical_id, fold, normalise_name, person_name, same_actor_name, slug
from ._name_lines import CLOSING, looks_like_name, name_lines

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..schema import Document

_BYLINE = re.compile(r"^[ \t]*(?:by|written by|words by)[ \t]+(?P<names>[A-Z][^\n]{1,150}?)[ \t]*$", re.I | re.M)
_SALUTATION = re.compile(
    r"^[ \t]*(?:(?:my )?dear|to)[ \t]+(?P<who>[^\n,:;]{2,100}?)[ \t]*[,:;](?:[ \t]*\((?:dear[ \t]+)?(?P<also>[^\n)]{2,80}?)[,:;]?\))?[ \t]*$"
    r"|^[ \t]*(?P<excellency>(?:your |his |her )?excellency)\b[ \t]*[,:](?P<rest>[^\n]{0,80})$",
    re.I | re.M,
)  # fmt: skip
_SIGNED_HEADING = re.compile(r"^(?:signed|signed by|signatories|signatures|co-?signed by|endorsed by|list of signatories)\b", re.I)
_GENERIC_ADDRESSEE = re.compile(
    r"^(?:sir|madam|sir or madam|sirs|colleagues|friends|all|everyone|members|reader|readers|editor|"
    r"whom it may concern|friends and colleagues|fellow \w+)$", re.I)  # fmt: skip
_HONORIFIC_ONLY = re.compile(r"^(?:(?:mr|mrs|ms|madam|madame|mister|sir)\.?\s+)", re.I)
_NOT_A_NAME = re.compile(r"\b(?:staff|reporter|correspondent|desk|agencies|editorial board|newsroom|admin)\b", re.I)
#: "Statement by President Joe Biden on ...", "Remarks by Mayor Elena Petrova at ...": who issued it.
_ISSUED_BY = re.compile(
    r"^(?P<kind>statement|remarks|speech|address|letter|message|op-?ed)(?: as prepared for delivery)? (?:by|from) "
    r"(?P<who>.+?)(?= (?:on|regarding|about|to|in|at|for|before|after|during|mourning|honou?ring|celebrating|"
    r"marking|welcoming|following|ahead)\b|[:;(]|$)", re.I)  # fmt: skip
_ISSUER_ROLE = {"remarks": "author", "speech": "author", "address": "author", "op-ed": "author", "oped": "author"}
_ABOUT = re.compile(r"^(?i:about) (?P<who>(?:the )?[A-Z][^\n]{2,80}?)\s*$", re.M)
_READOUT_VERBS = frozenset("speak meet hold host convene talk join visit welcome receive call".split())
_ROLE_TYPES = ("person", "organization", "igo", "state", "group")
_SPLIT_NAMES = re.compile(r"\s*(?:,|\band\b|&)\s*")


class RolesExtractor(Extractor):
    name = "roles"
    assigns = ("authors", "senders", "addressees", "signatories", "roles")
    requires = ("actors", "genre")
    spacy = ("parser",)
    version = "1"

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self.kb = load_kb()

    def __call__(self, doc: Doc, record: Document) -> None:
        finder = _Roles(doc, record, self.kb)
        finder.run()
        record.roles = sorted(finder.roles, key=lambda r: (r.start is None, r.start or 0, r.role))
        for field, role in (("authors", "author"), ("senders", "sender"), ("addressees", "addressee"),
                            ("signatories", "signatory")):  # fmt: skip
            setattr(record, field, list(dict.fromkeys(r.actor for r in record.roles if r.role == role)))


class _Roles:
    def __init__(self, doc: Doc, record: Document, kb) -> None:
        self.doc, self.record, self.kb = doc, record, kb
        self.text = record.text
        state = shared_state(doc)
        self.token_actor: dict[int, str] = state.get("token_actor", {})
        self.actor_spans: dict[tuple[int, int], str] = state.setdefault("actor_spans", {})
        self.actors: dict[str, Actor] = {a.id: a for a in record.actors or ()}
        self.roles: list[Role] = []

    def run(self) -> None:
        self._byline()
        self._salutation()
        self._closing_blocks()
        self._we_the()
        if self.record.genre in ("readout", "joint_statement") and not self._has("sender"):
            self._opening_sentence()
        if not self._has("sender"):
            self._about_section()
        if not self._has("sender") and not self._has("author"):
            self._issued_by()
        if not self._has("author"):
            self._metadata_author()

    # -- issuers ------------------------------------------------------------------------------------------
    def _issued_by(self) -> None:
        """ "Statement by X and Y on ...": from the first line of the text, else from the title (metadata)."""
        first_line = self.text.lstrip().split("\n", 1)[0]
        offset = len(self.text) - len(self.text.lstrip())
        found = _ISSUED_BY.match(first_line)
        if found is not None:
            role = _ISSUER_ROLE.get(found.group("kind").lower(), "sender")
            for start, end in _pieces(found.group("who"), offset + found.start("who")):
                if looks_like_name(self.text[start:end]):
                    self._add(role, self._actor_for(start, end), start, end)
            return
        title = " ".join((self.record.title or "").split())
        found = _ISSUED_BY.match(title)
        if found is None:
            return
        role = _ISSUER_ROLE.get(found.group("kind").lower(), "sender")
        for start, end in _pieces(found.group("who"), found.start("who")):
            name = title[start:end]
            if not looks_like_name(name.removeprefix("the ")):
                continue
            bare = _strip_title(name, self.kb)
            office = self.kb.office(bare.removeprefix("the ").removeprefix("The "))
            if office is not None:
                actor_id = self._office_actor(bare.removeprefix("the ").removeprefix("The "), None, None)
            else:
                actor_id = self._known(bare) or self._new_actor(bare, None, None, "person")
            self._add(role, actor_id, None, None, origin="metadata", text=name)

    def _about_section(self) -> None:
        """A press release's closing "About the Red River Relief Network" names who issued it."""
        for found in _ABOUT.finditer(self.text, max(0, len(self.text) - 2500)):
            start, end = found.start("who"), found.end("who")
            if self.text[start:end].lower().startswith("the "):
                start += 4
            actor_id = self._actor_for(start, end)
            if self.actors[actor_id].type in ("organization", "igo", "group"):
                self._add("sender", actor_id, start, end)
                return

    # -- helpers -------------------------------------------------------------------------------------------
    def _has(self, role: str) -> bool:
        return any(r.role == role for r in self.roles)

    def _add(self, role: str, actor_id: str, start: int | None, end: int | None, description: str | None = None,
             origin: str = "text", text: str | None = None) -> None:  # fmt: skip
        if any(r.role == role and r.actor == actor_id for r in self.roles):
            return
        evidence = text if text is not None else self.text[start:end]
        self.roles.append(Role(start=start, end=end, role=role, actor=actor_id, text=evidence,
                               description=description or None, origin=origin))  # fmt: skip

    def _actors_in(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """(actor id, start, end) of each run of tokens in [start, end) that points to one actor."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        runs: list[list] = []
        if span is None:
            return []
        for token in span:
            actor_id = self.token_actor.get(token.i)
            if actor_id is None:
                continue
            t_start, t_end = token.idx, token.idx + len(token.text)
            if runs and runs[-1][0] == actor_id and token.i == runs[-1][3] + 1:
                runs[-1][2], runs[-1][3] = t_end, token.i
            else:
                runs.append([actor_id, t_start, t_end, token.i])
        return [(a, s, e) for a, s, e, _ in runs if self._role_worthy(a)]

    def _role_worthy(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor is not None and actor.type in _ROLE_TYPES

    def _actor_for(self, start: int, end: int, prefer: str | None = None) -> str:
        """The actor named by text[start:end]: the one found there, else a new one added to the record."""
        found = self._actors_in(start, end)
        if prefer:
            typed = [f for f in found if self.actors[f[0]].type == prefer]
            found = typed or found
        if found:
            return max(found, key=lambda f: f[2] - f[1])[0]
        return self._new_actor(self.text[start:end], start, end, prefer)

    def _new_actor(self, text: str, start: int | None, end: int | None, prefer: str | None = None) -> str:
        kb = self.kb
        entry = kb.lookup(normalise_name(text)) or kb.lookup(person_name(text, kb.honorifics))
        if entry is not None:
            actor_id, name, type_, country, sector = entry.id, entry.name, entry.type, entry.country, entry.sector
        else:
            told = kb.name_sector(text.split())
            if prefer == "person" or (prefer is None and not told and 2 <= len(text.split()) <= 5):
                type_, name, country, sector = "person", person_name(text, kb.honorifics), None, None
            else:
                type_, name, country = (told[1] if told else "organization"), normalise_name(text), None
                sector = told[0] if told else None
            actor_id = self._variant_of(type_, name) or canonical_id(type_, name)
        return self._register(Actor(id=actor_id, name=name, type=type_, country=country, sector=sector, mentions=[]),
                              start, end)  # fmt: skip

    def _variant_of(self, type_: str, name: str) -> str | None:
        """The id of an actor of the document whose name ``name`` is a spelling variant of."""
        folded = fold(name)
        for actor in self.actors.values():
            if actor.type == type_ and same_actor_name(type_, folded, fold(actor.name)):
                return actor.id
        return None

    def _register(self, new: Actor, start: int | None, end: int | None) -> str:
        """Add ``new`` to the record unless an actor with its id is there; add the mention, if any."""
        actor = self.actors.get(new.id)
        if actor is None:
            actor = self.actors[new.id] = new
            self.record.actors = [*(self.record.actors or []), actor]
        if start is not None and (start, end) not in self.actor_spans:
            actor.mentions.append(Mention(start=start, end=end, text=self.text[start:end]))
            self.actor_spans[(start, end)] = actor.id
            for token in self.doc.char_span(start, end, alignment_mode="expand") or ():
                self.token_actor.setdefault(token.i, actor.id)
        return actor.id

    # -- authors -------------------------------------------------------------------------------------------
    def _byline(self) -> None:
        head_end = _offset_after_lines(self.text, 3)
        found = _BYLINE.search(self.text, 0, head_end)
        if found is None:
            return
        names_start, names = found.start("names"), found.group("names")
        name_part, _, self_description = names.partition(",") if " and " not in names else (names, "", "")
        for piece in _pieces(name_part, names_start):
            if not looks_like_name(self.text[piece[0] : piece[1]]):
                continue
            actor_id = self._actor_for(*piece, prefer="person")
            description = self_description.strip() or self._biography(actor_id)
            self._add("author", actor_id, *piece, description=description)

    def _biography(self, actor_id: str) -> str | None:
        """"a senior fellow at X" from a closing "Maria Jensen is a senior fellow at X." """
        actor = self.actors.get(actor_id)
        if actor is None:
            return None
        names = {actor.name, actor.name.split()[-1]} | {m.text for m in actor.mentions}
        tail_start = max(0, len(self.text) - 1500)
        for name in sorted(names, key=len, reverse=True):
            pattern = re.compile(rf"(?:^|\n){re.escape(name)} (?:is|was|has been|serves as) (?P<desc>[^\n]+?)\.(?:\s|$)")
            found = pattern.search(self.text, tail_start)
            if found:
                return found.group("desc").strip()
        return None

    def _metadata_author(self) -> None:
        author = (self.record.author or "").strip()
        if not author or _NOT_A_NAME.search(author):
            return
        for name in [n.strip() for n in author.split(";") if n.strip()]:
            if not any(c.isupper() for c in name):
                continue
            actor_id = self._known(name) or self._new_actor(name, None, None)
            self._add("author", actor_id, None, None, origin="metadata", text=name)

    def _known(self, name: str) -> str | None:
        """The id of an actor of this document with this name (or a near spelling)."""
        from rapidfuzz import fuzz

        entry = self.kb.lookup(name)
        if entry is not None and entry.id in self.actors:
            return entry.id
        key = normalise_name(name).lower()
        for actor in self.actors.values():
            if actor.name.lower() == key or fuzz.ratio(actor.name.lower(), key) >= 92:
                return actor.id
        return None

    # -- addressees ----------------------------------------------------------------------------------------
    def _salutation(self) -> None:
        head_end = _offset_after_lines(self.text, 12)
        found = _SALUTATION.search(self.text, 0, head_end)
        if found is None:
            return
        if found.group("excellency"):
            rest = found.group("rest").strip(" ,:")
            if rest:  # "Your Excellency, Ambassador Ruiz,"
                start = found.start("rest") + found.group("rest").index(rest)
                self._addressee(start, start + len(rest))
            if not self._has("addressee"):
                self._address_block(found.start())
            return
        for group in ("who", "also"):
            if found.group(group):
                self._addressee(found.start(group), found.end(group))
        if not self._has("addressee"):
            self._address_block(found.start())

    def _addressee(self, start: int, end: int) -> None:
        text = self.text[start:end]
        bare = _HONORIFIC_ONLY.sub("", text).strip()
        if not bare or _GENERIC_ADDRESSEE.match(bare) or _GENERIC_ADDRESSEE.match(text.strip()):
            return
        found = self._actors_in(start, end)
        if found:
            for actor_id, _, _ in found:
                self._add("addressee", actor_id, start, end)
            return
        office = self.kb.office(bare)
        if office is not None:  # "Dear Madam Speaker": the holder of an office
            self._add("addressee", self._office_actor(bare, start, end), start, end)
        elif looks_like_name(bare):
            self._add("addressee", self._new_actor(bare, start + text.index(bare), end), start, end)

    def _office_actor(self, title: str, start: int | None, end: int | None) -> str:
        office = self.kb.office(title)
        label = " ".join(w.capitalize() if w.islower() else w for w in title.split())
        if office.body is not None:
            body = self.kb.entries[office.body]
            actor_id, name, country = f"office:{office.body.split(':', 1)[1]}-{slug(title)}", f"{label} ({body.name})", body.country
        else:
            actor_id, name, country = f"local:{self.record.id}:{slug(title)}", label, None
        return self._register(
            Actor(id=actor_id, name=name, type="person", country=country, sector=office.sector, mentions=[]), start, end
        )

    def _address_block(self, salutation_start: int) -> None:
        """The person (else body) named in the address lines above the salutation, with the rest as description."""
        lines = [line for line in name_lines(self.text[:salutation_start]) if line.end <= salutation_start]
        if not lines:
            return
        people = []
        for line in lines:
            for actor_id, s, e in self._actors_in(line.start, line.end):
                people.append((self.actors[actor_id].type != "person", s, actor_id, e))
        if not people:
            return
        _, start, actor_id, end = min(people)
        rest = [self.text[line.start : line.end] for line in lines if line.start >= end]
        places = {self.text[s:e] for line in lines for a, s, e in self._actors_in(line.start, line.end)
                  if self.actors[a].type == "location"}  # fmt: skip
        description = ", ".join(r for r in rest if r not in places) or None
        self._add("addressee", actor_id, start, end, description=description)

    # -- senders and signatories -------------------------------------------------------------------------------
    def _closing_blocks(self) -> None:
        letter = self.record.genre == "open_letter" or self._has("addressee")
        signatories_are_senders = True
        for line in name_lines(self.text):
            if line.after_closing is None and not (line.last_block and letter):
                continue
            signed = bool(line.after_closing and _SIGNED_HEADING.match(line.after_closing))
            first_start, first_end = line.parts[0]
            first = self._actor_for(first_start, first_end)
            if self.actors[first].type == "person":
                description = ", ".join(self.text[s:e] for s, e in line.parts[1:]) or None
                self._add("signatory", first, first_start, first_end, description=description)
                continue
            for start, end in line.parts:  # a line of organisations: "Alpha Network, Beta Union"
                actor_id = self._actor_for(start, end)
                if self.actors[actor_id].type == "person":
                    continue
                self._add("sender", actor_id, start, end)
                signatories_are_senders = False
                if signed:
                    self._add("signatory", actor_id, start, end)
        if signatories_are_senders and not self._has("sender"):
            for role in [r for r in self.roles if r.role == "signatory"]:
                self._add("sender", role.actor, role.start, role.end, description=role.description)

    def _we_the(self) -> None:
        """ "We, the leaders of Australia, India, and the United States, ..." near the top."""
        for sent in sentences(self.doc)[:3]:
            for token in sent:
                if token.lower_ != "we":
                    continue
                appos = next((c for c in token.children if c.dep_ == "appos"), None)
                if appos is None:
                    break
                tokens = [t for t in appos.subtree if not t.is_punct or t.i < max(x.i for x in appos.subtree)]
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
                phrase = self.text[start:end]
                if "undersigned" in phrase.lower():
                    return  # the signature block says who
                found = self._actors_in(start, end)
                groups = [a for a, _, _ in found if self.actors[a].members]
                if groups:
                    members = set(self.actors[groups[0]].members)
                    found = [f for f in found if f[0] in members]
                for actor_id, s, e in found:
                    self._add("sender", actor_id, s, e, description=phrase)
                return

    def _opening_sentence(self) -> None:
        """Readout style: "President Biden spoke with President López Obrador ..." opens the text."""
        sents = [s for s in sentences(self.doc) if s.text.strip()]
        if not sents:
            return
        sent = sents[0]
        root = sent.root
        if root.lemma_.lower() not in _READOUT_VERBS:
            return
        subjects = [
            f for f in self._actors_in(sent.start_char, root.idx)
            if self.actors[f[0]].type != "location" and not f[0].startswith("local:")
        ]  # fmt: skip
        if subjects and self.actors[subjects[0][0]].type == "person":  # "A and B met": persons only, not
            subjects = [f for f in subjects if self.actors[f[0]].type == "person"]  # "A, an Iraq war veteran"
        readout = self.record.genre == "readout"
        for n, (actor_id, s, e) in enumerate(subjects):
            # "A and B met today": in a readout A's side issued it and B is the counterpart; in a joint
            # statement written as a readout every party is a sender
            self._add("addressee" if readout and n > 0 else "sender", actor_id, s, e)
        after = [t for t in root.subtree if t.i > root.i]
        counterparts = [t for t in after if t.lower_ == "with" and t.dep_ == "prep"] or [
            t for t in after
            if t.head.i == root.i and (t.dep_ in ("dobj", "oprd", "dative") or t.lower_ == "to" and t.dep_ == "prep")
        ]  # fmt: skip
        senders = {r.actor for r in self.roles if r.role == "sender"}
        for head in counterparts[:1]:  # "spoke with Y", "held a call with Y", "spoke to Y", "welcomed Y"
            objects = [c for c in head.children if c.dep_ == "pobj"] if head.dep_ == "prep" else [head]
            if objects:
                start, end = _noun_phrase(objects[0])
            else:  # a parse that made "with Y to discuss" a clause: Y runs up to the next verb
                words = [t for t in sent if t.i > head.i]
                stop = next((t for t in words if t.pos_ in ("VERB", "AUX", "PART") or t.text in ".;:"), None)
                if not words or stop is not None and stop.i == words[0].i:
                    continue
                start, end = words[0].idx, (stop.idx if stop is not None else sent.end_char)
            found = [f for f in self._actors_in(start, end) if f[0] not in senders and not f[0].startswith("local:")]
            # persons first: "President Abbas of the Palestinian Authority" is Abbas, his body only describes him
            people = [f for f in found if self.actors[f[0]].type == "person"] or [
                f for f in found if self.actors[f[0]].type in ("organization", "igo")
            ] or found
            for actor_id, s, e in people:
                self._add("addressee", actor_id, s, e)


def _noun_phrase(token) -> tuple[int, int]:
    """Character extent of the noun phrase headed by ``token``, with its "of X", appositions and
    conjuncts ("President A of B and Prime Minister C") but no clause hanging off it."""
    first, last = token.left_edge, token
    for child in token.rights:
        if child.dep_ in ("conj", "appos") and child.pos_ in ("PROPN", "NOUN"):
            child_start, child_end = _noun_phrase(child)
            last = max(last, child.doc.char_span(child_start, child_end, alignment_mode="expand")[-1], key=lambda t: t.i)
        elif child.dep_ == "prep" and child.lower_ == "of" or child.dep_ in ("cc", "compound"):
            last = max(last, child.right_edge, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _strip_title(name: str, kb) -> str:
    """ "President Joe Biden" -> "Joe Biden"; a bare office ("the Press Secretary") is kept."""
    words = name.split()
    for cut in range(min(4, len(words) - 1), 0, -1):
        if kb.office(" ".join(words[:cut]).removeprefix("the ").removeprefix("The ")) is not None:
            return " ".join(words[cut:])
    return person_name(name, kb.honorifics)


def _offset_after_lines(text: str, lines: int) -> int:
    """Offset of the end of the first ``lines`` non-empty lines."""
    count = 0
    for match in re.finditer(r"[^\n]*\S[^\n]*", text):
        count += 1
        if count == lines:
            return match.end()
    return len(text)


def _pieces(text: str, offset: int) -> list[tuple[int, int]]:
    """Offsets of the names in "Ana Ruiz and Li Wei" / "A, B and C" (text starts at ``offset``)."""
    out = []
    position = 0
    for piece in _SPLIT_NAMES.split(text):
        index = text.find(piece, position)
        if piece.strip() and index >= 0:
            lead = len(piece) - len(piece.lstrip())
            out.append((offset + index + lead, offset + index + lead + len(piece.strip())))
            position = index + len(piece)
    return out


__all__ = ["RolesExtractor", "CLOSING"]
