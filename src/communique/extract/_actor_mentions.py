"""Finding actor mentions in a parsed text and saying what each one refers to.

Four sources of mentions, resolved in this order:

1. **Names**: spaCy's entities (PERSON, ORG, GPE, NORP, LOC, FAC) and the knowledge base's names
   (aliases, capitals and seats, country adjectives). Where two overlap the longer wins, then the
   knowledge base. A capital is its government when it acts ("Moscow rejected", "talks with
   Washington") and a place when something happens in it ("detained in Bamako").
2. **Persons with titles**: "Russian President Vladimir Putin", "Prime Minister Trudeau of Canada",
   "Xi Jinping, China's president": the title gives the sector, the adjective, possessive or "of X"
   the country.
3. **Nominal actors**: a noun that names what an actor is ("officials", "troops", "regime", "rebels",
   see ``scripts/kb_sources/sector_nouns.tsv``) with what qualifies it: "Syrian rebels",
   "the regime in Damascus", "the Kyiv regime", "Kremlin officials", "the Assad regime". With a
   country, a state sector names that country's institution (kb:syr-gov); coordinated countries
   ("Hungarian and Romanian officials", "the governments of A, B and C") make a group with members;
   a number ("three opposition parties") makes a counted group. Without a country the actor is local
   to the document ("the ministry").
4. **Offices without a name** ("the Crown Prince", "the President"): left for the merging step to
   point back to the person who holds the title, or made an office actor. A lower-case or common
   one-word title with no country ("the minister", "the commander") only when definite and
   singular: resolved to a holder the same way, else a generic person of the document's own.

Everything here is rules over spaCy's parse and the knowledge base (no model of our own): spaCy gives
entities, lemmas and dependencies, the knowledge base the vocabulary.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..kb import KnowledgeBase, alias_key
from . import document_text
from ._actor_names import normalise_name, person_name, slug
from ._actor_nominals import NominalRules
from ._actor_people import PeopleRules
from ._actor_refs import Found, Ref, entry_ref
from ._kb_matcher import KBMatch
from ._name_lines import name_lines

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
_PRIORITY = {"ENTRY": 0, "LINE": 1, "CAPITAL": 2, "ADJ": 3, "NER": 4}
#: Prepositions after which a capital is a place, not its government ("in Moscow", "to Kyiv").
_PLACE_PREPOSITIONS = frozenset(
    "in at near to into across around outside inside within throughout via through from over toward "
    "towards beyond along past off onto above below under".split()
)
#: Single-word titles too common as ordinary words to stand alone as a reference to a person.
_WEAK_TITLES = frozenset(
    "general justice representative speaker marshal commander secretary mp rep. sen. gen. col. adm. "
    "rev. reverend premier chancellor governor minister commissioner consul envoy".split()
)
#: Words that may stand between a country and a title ("Lebanon's new President").
_TITLE_ADJECTIVES = frozenset("new acting interim outgoing incoming then current deputy vice".split())
_CODE_LIKE = re.compile(r"^(?:COVID|SARS|MERS|H\d+N\d+|Ebola)\b|^[A-Z]+-\d+$", re.IGNORECASE)
_DEFINITE = frozenset(("the", "this", "that"))
_PERSON_PRONOUNS = frozenset("he him his himself she her hers herself".split())


class MentionFinder(NominalRules, PeopleRules):
    """Finds the mentions of one document; see the module's docstring for the rules."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, matches: list[KBMatch], doc_id: str) -> None:
        self.doc, self.kb, self.doc_id = doc, kb, doc_id
        self.at: dict[str, dict[int, KBMatch]] = {kind: {} for kind in ("ENTRY", "CAPITAL", "ADJ", "OFFICE")}
        for m in sorted(matches, key=lambda m: m.start - m.end):  # longest first wins each token
            for i in range(m.start, m.end):
                self.at[m.kind].setdefault(i, m)
        self.offices_ending: dict[int, KBMatch] = {}
        for m in matches:
            if m.kind == "OFFICE":
                best = self.offices_ending.get(m.end)
                if best is None or m.end - m.start > best.end - best.start:
                    self.offices_ending[m.end] = m
        self.owner: dict[int, Found] = {}  # token -> the mention that took it
        self.found: list[Found] = []
        self.person_tokens: dict[int, Ref] = {}
        self._busy: set[tuple[int, int]] = set()
        self.persons: list[Ref] = []
        self.lines: list[list[tuple[int, int]]] = []  # token spans of the parts of each name line
        self.ethnic = self._ethnic_tokens()  # "ethnic Albanians": these country words name no country

    # -- driver ------------------------------------------------------------------------------------
    def run(self) -> list[Found]:
        names = self._name_spans()
        self.name_at = {i: span for span in names for i in range(span[0], span[1])}
        communities = set()
        for start, end, kind, value in names:
            if kind in ("NER", "ENTRY") and value not in ("FAC",) and self._community(start, end):
                communities.add(start)  # "Hutu", "Iraqi Kurds", "ethnic Albanians": a people, not a person or a state
                continue
            if kind in ("NER", "LINE") and value == "PERSON" or kind == "ENTRY" and self.kb.entries[value].type == "person":
                self._person(start, end)
            elif kind == "LINE" and value == "OFFICE":
                self._title_on_its_own(start, end)
            elif kind == "LINE" and value == "ORG":
                self._organization(start, end)
        for token in self.doc:
            if token.i not in self.owner:
                self._nominal(token)
        for start, end, kind, value in names:
            if not any(i in self.owner for i in range(start, end)) and kind != "ADJ" and start not in communities:
                self._name(start, end, kind, value)
        self._offices()
        for start, end, kind, value in names:
            if kind == "ADJ" and not any(i in self.owner or i in self.ethnic for i in range(start, end)):
                entry = self.kb.country(value)
                if entry is not None:
                    self._add(Found(start, end, entry_ref(entry), "adjective"))
        self._affiliations()
        self.found.sort(key=lambda f: f.start)
        return self.found

    def _add(self, found: Found) -> Found:
        self.found.append(found)
        for i in (*range(found.start, found.end), *found.title_tokens):
            self.owner.setdefault(i, found)
        return found

    # -- 1. names ------------------------------------------------------------------------------------
    def _name_spans(self) -> list[tuple[int, int, str, str]]:
        doc = self.doc
        candidates = []
        for kind in ("ENTRY", "CAPITAL", "ADJ"):
            for m in {id(m): m for m in self.at[kind].values()}.values():
                start = m.start + (doc[m.start].lower_ == "the" and m.end - m.start > 1)
                candidates.append((start, m.end, kind, m.value))
        for ent in doc.ents:
            if ent.label_ not in NER_LABELS:
                continue
            start, end = ent.start, ent.end
            for i in range(start + 1, end):
                if doc[i].text == "(":  # "World Health Organization (WHO": spaCy ran past the bracket
                    end = i
                    break
            for i in range(start, end - 1):
                if "\n\n" in doc[i].text_with_ws or doc[i + 1].is_space and "\n\n" in doc[i + 1].text:
                    end = i + 1  # an entity never runs over a blank line
                    break
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            if ent.label_ == "PERSON":
                start = self._skip_titles(start, end)
            while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s", "'", "’")):
                end -= 1
            if _CODE_LIKE.match(doc[start:end].text) or ent.label_ == "PERSON" and any(
                ch.isdigit() for ch in doc[start:end].text
            ):
                continue  # "COVID-19", "H5N1": not actors
            if doc[start].lower_ == "dear":
                continue  # a salutation ("Dear Madam"): read by the roles extractor
            if end > start and not self._is_title_only(start, end):
                label = ent.label_
                if label != "PERSON" and self._looks_like_person(start, end):
                    label = "PERSON"
                candidates.append((start, end, "NER", label))
        candidates.extend(self._line_parts())
        candidates.extend(self._titled_names())
        candidates.sort(key=lambda c: (c[0] - c[1], _PRIORITY[c[2]], c[0]))
        taken: set[int] = set()
        chosen = []
        for c in candidates:
            if any(i in taken for i in range(c[0], c[1])):
                continue
            chosen.append(c)
            taken.update(range(c[0], c[1]))
        return sorted(chosen)

    def _skip_titles(self, start: int, end: int) -> int:
        """First token of a PERSON entity after titles and honorifics that spaCy included in it."""
        moved = True
        while moved and start < end - 1:
            moved = False
            for m in (self.at["OFFICE"].get(start),):
                if m is not None and m.start == start and m.end < end:
                    start, moved = m.end, True
            word = self.doc[start].lower_
            if not moved and (word in self.kb.honorifics or word in ("prince", "princess", "former")):
                start, moved = start + 1, True
        return start

    def _line_parts(self) -> list[tuple[int, int, str, str]]:
        """Names in signature, closing and address blocks (see ``_name_lines``), typed by their words."""
        doc, kb = self.doc, self.kb
        out = []
        full = document_text(doc)
        lines = name_lines(full)
        ents = {(e.start, e.end): e.label_ for e in doc.ents} if lines else {}
        labels = {i: label for (start, end), label in ents.items() for i in range(start, end)}
        for line in lines:
            spans = [doc.char_span(a, b, alignment_mode="expand") for a, b in line.parts]
            self.lines.append([(s.start, s.end) for s in spans if s is not None and len(s)])
            for a, b in line.parts:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                text = full[a:b]
                words = text.split()
                if kb.office(text) is not None:
                    out.append((span.start, span.end, "LINE", "OFFICE"))
                elif kb.lookup(text) is not None or " ".join(words).lower() in kb.honorifics:
                    continue  # a known name is found as such; "His Excellency" is no name
                elif kb.capital_country(text) or any(labels.get(i) in ("GPE", "LOC", "FAC") for i in range(span.start, span.end)):
                    continue  # an address line ("New York")
                elif kb.name_sector(words) or len(line.parts) == 1 and ents.get((span.start, span.end)) == "ORG":
                    out.append((span.start, span.end, "LINE", "ORG"))
                elif 2 <= len(words) <= 6:
                    out.append((span.start, span.end, "LINE", "PERSON"))
        return out

    def _affiliations(self) -> None:
        """A person's sector and country from the body on their line ("Amina Diallo, Executive
        Director, Coalition for Press Freedom") when nothing else gave them one."""
        for parts in self.lines:
            refs = [self.owner[start].ref if start in self.owner else None for start, _ in parts]
            person = refs[0] if refs and refs[0] is not None and refs[0].type == "person" else None
            body = next((r for r in refs[1:] if r is not None and r.type in ("organization", "igo")), None)
            if person is not None and body is not None:
                person.sector = person.sector or body.sector
                person.country = person.country or body.country

    def _titled_names(self) -> list[tuple[int, int, str, str]]:
        """ "Governor Asa Hutchinson", "Prime Minister Rowley": capitalised words after a title are a
        person's name even where spaCy found no entity."""
        doc, out = self.doc, []
        for end_of_title, office in self.offices_ending.items():
            if office.end - office.start == 1 and not doc[office.start].is_title:
                continue
            i = end_of_title
            while i < len(doc) and i - end_of_title < 4 and doc[i].is_title and doc[i].pos_ == "PROPN" and (
                i not in self.at["ENTRY"] and i not in self.at["ADJ"] and i not in self.at["CAPITAL"]
                and i not in self.at["OFFICE"]
            ):  # fmt: skip
                i += 1
            if i > end_of_title:
                out.append((end_of_title, i, "LINE", "PERSON"))
        return out

    def _looks_like_person(self, start: int, end: int) -> bool:
        """An entity spaCy did not call a person but that is one: "Amina Diallo, Executive Director"."""
        doc = self.doc
        if not 2 <= end - start <= 4 or not all(t.is_title and t.is_alpha for t in doc[start:end]):
            return False
        if self.kb.name_sector([t.text for t in doc[start:end]]) or self.kb.lookup(doc[start:end].text):
            return False
        return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].i in self.at["OFFICE"] and (
            self.at["OFFICE"][end + 1].start == end + 1
        )

    def _is_title_only(self, start: int, end: int) -> bool:
        m = self.at["OFFICE"].get(start)
        return m is not None and m.start == start and m.end >= end

    def _name(self, start: int, end: int, kind: str, value: str) -> None:
        doc, kb = self.doc, self.kb
        span = doc[start:end]
        text = span.text
        if kind == "ENTRY":
            entry = kb.entries[value]
            if entry.type == "person":
                self._person(start, end)
                return
            self._add(Found(start, end, entry_ref(entry), "name"))
        elif kind == "CAPITAL":
            if self._acts(span.root):
                self._add(Found(start, end, entry_ref(kb.institution(value, "GOV")), "name"))
            else:
                name = normalise_name(text)
                self._add(Found(start, end, Ref(f"location:{slug(name)}", name, "location", value), "name"))
        elif value == "ORG":
            self._organization(start, end)
        elif value in ("GPE", "LOC"):
            name = normalise_name(text)
            entry = kb.lookup(name) or kb.fuzzy_country(name)  # "Afganistan": a misspelt state
            # a place the base does not know is in the country its name names ("Western Cambodia")
            ref = entry_ref(entry) if entry else Ref(f"location:{slug(name)}", name, "location",
                                                     self._country_inside(start, end))  # fmt: skip
            self._add(Found(start, end, ref, "name"))
        elif value == "NORP":
            name = normalise_name(text)
            entry = kb.lookup(name)
            ref = entry_ref(entry) if entry else Ref(f"group:{slug(name)}", name, "group")
            self._add(Found(start, end, ref, "name"))
        # FAC names the knowledge base does not know (airports, bridges) are places, not actors

    def _acts(self, token: Token) -> bool:
        """Whether a capital stands for its government here rather than for the place."""
        if token.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "dobj", "appos", "conj", "compound"):
            if token.dep_ == "conj":  # "Brussels, London and Washington": as the first conjunct is
                first = token
                while first.dep_ == "conj" and first.head.i != first.i:
                    first = first.head
                return first.dep_ != "conj" and self._acts(first)
            return token.dep_ != "compound"  # "Moscow talks", "Beijing Olympics": the place
        if token.dep_ == "pobj":
            return token.head.lower_ not in _PLACE_PREPOSITIONS
        return False

    def _organization(self, start: int, end: int) -> None:
        kb = self.kb
        span = self.doc[start:end]
        self._busy.add((start, end))
        name = normalise_name(span.text)
        entry = kb.lookup(name) or kb.fuzzy(name)
        if entry is not None:
            self._add(Found(start, end, entry_ref(entry), "name"))
            return
        root = span.root
        noun = self._sector_noun(root)
        if noun is not None and len(span) <= 8:
            ref = self._qualified(root, noun, start, end)
            # only a description ("Norwegian foreign ministry", "Government of the United States"), not a
            # proper name ("United States Democratic Party"): every other word is a country word or lower case
            common = all(t.i == root.i or self.country_at(t.i) or not t.is_title for t in span)
            if ref is not None and (common or len(span) == 1):
                self._add(Found(start, end, ref, "nominal" if ref.local else "name"))
                return
        told = kb.name_sector(name.split())
        sector, type_ = told if told else (None, "organization")
        country = self._country_inside(start, end)
        self._add(Found(start, end, Ref(f"{type_}:{slug(name)}", name, type_, country, sector), "name"))

    def _country_inside(self, start: int, end: int) -> str | None:
        for i in range(start, end):
            iso3 = self.country_at(i)
            if iso3:
                return iso3
        return None

    def country_at(self, i: int) -> str | None:
        """ISO3 named by the token at ``i`` (adjective, state, capital, a region of one state), or None."""
        if i in self.ethnic:
            return None
        m = self.at["ADJ"].get(i) or self.at["CAPITAL"].get(i)
        if m is not None:
            return m.value
        m = self.at["ENTRY"].get(i)
        if m is not None:
            entry = self.kb.entries[m.value]
            if entry.type in ("state", "location"):
                return entry.country
        return None

    # -- 2. persons ----------------------------------------------------------------------------------
    def _person(self, start: int, end: int) -> None:
        doc, kb = self.doc, self.kb
        name = person_name(doc[start:end].text, kb.honorifics)
        if not name or not any(c.isalpha() for c in name):
            return
        entry = kb.lookup(name)
        if entry is not None and entry.type == "person":
            ref = entry_ref(entry)
        else:
            ref = Ref(f"person:{slug(name)}", name, "person")
        words = name.lower().split()
        for earlier in reversed(self.persons):  # "Osinbajo" after "Yemi Osinbajo of Nigeria"
            if not earlier.name.lower().rstrip().endswith(words[-1]):
                continue  # cheap test first: a list of names compares every pair
            earlier_words = earlier.name.lower().split()
            if len(earlier_words) > len(words) and earlier_words[-len(words) :] == words:
                ref.country, ref.sector = ref.country or earlier.country, ref.sector or earlier.sector
                ref.title = ref.title or earlier.title
                break
        self.persons.append(ref)
        title, country, former, extra = self._title_before(start)
        after_country, after_tokens = self._of_country(end) if title else (None, ())
        if title is None:
            title, country2, extra2 = self._title_in_apposition(doc[start:end].root)
            country = country or country2
            extra = (*extra, *extra2)
        if title is None and not country:  # "Israeli right-winger Ariel Sharon"
            country, described, extra2 = self._description(start)
            ref.sector = ref.sector or described
            extra = (*extra, *extra2)
        country = country or after_country
        if title is not None:
            office = kb.offices[title]
            ref.title = title
            if office.sector and not ref.sector:
                ref.sector = office.sector
            if office.body and not ref.country:
                ref.sector = ref.sector or kb.entries[office.body].sector
        if former:
            ref.sector = "ELI"
        ref.country = ref.country or country
        found = self._add(Found(start, end, ref, "name", title_tokens=(*extra, *after_tokens)))
        for i in range(found.start, found.end):
            self.person_tokens[i] = ref

    def _title_on_its_own(self, start: int, end: int) -> None:
        """A title on its own after a person's name in a block ("Amina Diallo, Executive Director")."""
        before = [f for f in self.found if f.ref is not None and f.ref.type == "person" and f.end <= start]
        if not before or self.doc[before[-1].end : start].text.count("\n") > 1:
            return
        person = before[-1]
        # the office's key as the knowledge base writes it ("THE SECRETARY OF STATE" on an address
        # line is the office "secretary of state")
        title = alias_key(self.doc[start:end].text)
        office = self.kb.offices.get(title)
        if office is None:
            return
        person.ref.title = person.ref.title or title
        person.ref.sector = person.ref.sector or office.sector
        person.title_tokens = (*person.title_tokens, *range(start, end))
        for i in range(start, end):
            self.owner.setdefault(i, person)

    def _title_before(self, start: int) -> tuple[str | None, str | None, bool, tuple[int, ...]]:
        """(office, country, former, tokens) of "former Russian President" before a name at ``start``."""
        doc = self.doc
        i = start
        while i > 0 and doc[i - 1].lower_ in self.kb.honorifics:
            i -= 1
        office = self.offices_ending.get(i)
        country = None
        if office is None:  # "Ambassador of Russia to the United States Anatoly Antonov"
            office, country = self._title_with_posting(i)
        if office is None:  # "Minister for Home Affairs Amit Shah"
            office = self._title_with_portfolio(i)
            if office is None:
                return None, None, False, ()
        tokens = list(range(office.start, start))
        i = office.start
        while i > 0 and doc[i - 1].lower_ in _TITLE_ADJECTIVES:  # "Lebanon's new President"
            i -= 1
        if i > 0 and country is None:
            iso3 = self.country_at(i - 1)
            if iso3:
                m = self.at["ADJ"].get(i - 1) or self.at["ENTRY"].get(i - 1) or self.at["CAPITAL"].get(i - 1)
                tokens.extend(range(m.start, i))
                country, i = iso3, m.start
            elif doc[i - 1].tag_ == "POS" and i > 1 and self.country_at(i - 2):
                country = self.country_at(i - 2)
                tokens.extend((i - 2, i - 1))
                i -= 2
        former = i > 0 and doc[i - 1].lower_ in ("former", "ex", "late")
        return office.value, country, former, tuple(tokens)

    def _title_with_portfolio(self, i: int) -> KBMatch | None:
        """ "Minister for Interior", "Secretary of Foreign Affairs" ending at token ``i``: the office."""
        doc, j = self.doc, i
        while j > 0 and i - j < 4 and (doc[j - 1].is_title or doc[j - 1].lower_ in ("and", "&")):
            j -= 1
        if j == i or j < 2 or doc[j - 1].lower_ not in ("for", "of") or not doc[j].is_title:
            return None
        return self.offices_ending.get(j - 1)

    def _title_with_posting(self, i: int) -> tuple[KBMatch | None, str | None]:
        """ "Ambassador [of X] to Y" ending at token ``i``: the office and X (Y is where they serve)."""
        m = self.at["ENTRY"].get(i - 1) if i > 0 else None
        if m is None or self.kb.entries[m.value].type != "state":
            return None, None
        j = m.start - (m.start > 0 and self.doc[m.start - 1].lower_ == "the")
        if j < 2 or self.doc[j - 1].lower_ != "to":
            return None, None
        office = self.offices_ending.get(j - 1)
        if office is not None:
            return office, None
        of = self.at["ENTRY"].get(j - 2)  # "Ambassador of Russia to ..."
        if of is not None and self.kb.entries[of.value].type == "state":
            k = of.start - (of.start > 0 and self.doc[of.start - 1].lower_ == "the")
            if k > 1 and self.doc[k - 1].lower_ == "of" and self.offices_ending.get(k - 1) is not None:
                return self.offices_ending[k - 1], self.kb.entries[of.value].country
        return None, None

    def _of_country(self, end: int) -> tuple[str | None, tuple[int, ...]]:
        """The country in "... of Canada" / "of the Kingdom of Saudi Arabia" right after a name."""
        doc = self.doc
        if end < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            while j < len(doc) and doc[j].lower_ == "the":
                j += 1
            if j < len(doc):
                iso3 = self.country_at(j)
                if iso3:
                    m = self.at["ENTRY"].get(j) or self.at["ADJ"].get(j) or self.at["CAPITAL"].get(j)
                    return iso3, tuple(range(end, m.end))
        return None, ()

    def _title_in_apposition(self, root: Token) -> tuple[str | None, str | None, tuple[int, ...]]:
        """("president", "CHN", tokens) from "Xi Jinping, China's president," — an apposition."""
        for child in root.rights:
            if child.dep_ != "appos":
                continue
            office = self.offices_ending.get(child.i + 1)
            if office is None:
                continue
            country = None
            for tok in child.subtree:
                country = country or self.country_at(tok.i)
            subtree = [t.i for t in child.subtree]
            return office.value, country, tuple(range(min(subtree), max(subtree) + 1))
        return None, None, ()

    # -- 4. offices without a name ---------------------------------------------------------------------
    def _offices(self) -> None:
        doc = self.doc
        seen: set[int] = set()
        for m in sorted({id(m): m for m in self.at["OFFICE"].values()}.values(), key=lambda m: m.start):
            if m.start in seen or any(i in self.owner for i in range(m.start, m.end)):
                continue
            seen.update(range(m.start, m.end))
            last = doc[m.end - 1]
            if last.pos_ not in ("NOUN", "PROPN") or m.end < len(doc) and doc[m.end].ent_type_ == "PERSON":
                continue
            country, country_tokens = self._office_country(m)
            # a one-word title written in lower case ("the president") or too common a word to be a
            # title on its own ("commander", "minister") is the country's office only with its country
            # ("the president of Armenia", "a French minister"); without one, a definite singular
            # ("the minister", "this commander") is still one person the text is about: a generic
            # office, resolved to a holder by the merging step or kept as the document's own person
            generic = False
            if m.end - m.start == 1 and not country and (
                m.value in _WEAK_TITLES or last.is_sent_start or not last.text[0].isupper()
            ):  # fmt: skip
                if not (m.value not in _WEAK_TITLES and last.text[0].isupper()):
                    if not _definite_singular(last):
                        continue  # "a president should ...", "ministers", "Minister said": no one in particular
                    generic = True
            if last.dep_ == "compound" and last.head.pos_ in ("NOUN", "PROPN") and last.head.i >= m.end:
                continue
            holder = next((c for c in last.children if c.dep_ == "appos" and c.i in self.person_tokens), None)
            if holder is None and last.dep_ == "appos" and last.head.i in self.person_tokens:
                holder = last.head  # "Henrik Lund, the chief executive"
            if holder is not None:  # "The Port Authority's chief executive, Henrik Lund"
                ref = self.person_tokens[holder.i]
                ref.title = ref.title or m.value
                ref.sector = ref.sector or self.kb.offices[m.value].sector
                self._add(Found(m.start, m.end, ref, "title"))
                continue
            if any(i in self.owner for i in country_tokens):
                country_tokens = ()
            self._add(Found(m.start, m.end, None, "office", office=m.value, country=country, title_tokens=country_tokens,
                            generic=generic))  # fmt: skip

    def _office_country(self, m: KBMatch) -> tuple[str | None, tuple[int, ...]]:
        """The country of an office named without a holder, and its words: "Taiwan's Vice Foreign
        Minister", "a French minister", "the president of Armenia"."""
        doc = self.doc
        i = m.start
        while i > 0 and doc[i - 1].lower_ in _TITLE_ADJECTIVES:
            i -= 1
        if i > 0:
            country = self.country_at(i - 1)
            if country is None and doc[i - 1].tag_ == "POS" and i > 1:
                country = self.country_at(i - 2)
            if country is not None:
                found = self.at["ADJ"].get(i - 1) or self.at["ENTRY"].get(i - 1) or self.at["CAPITAL"].get(i - 1)
                if found is None:  # a possessive: "Taiwan's"
                    found = self.at["ADJ"].get(i - 2) or self.at["ENTRY"].get(i - 2) or self.at["CAPITAL"].get(i - 2)
                return country, tuple(range(found.start, m.start))
        return self._of_country(m.end)


def _definite_singular(token: Token) -> bool:
    """Whether an office noun names one person the text has in mind: singular, with "the", "this" or
    "that" ("the minister", "the new commander"), and not what someone is ("she became the minister",
    whose subject is the actor)."""
    if token.tag_ not in ("NN", "NNP") or token.dep_ in ("attr", "acomp"):
        return False
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.lefts)


def pronoun_tokens(doc: Doc) -> list[Token]:
    """Third-person personal pronouns that may point back to a person."""
    return [t for t in doc if t.lower_ in _PERSON_PRONOUNS and t.pos_ in ("PRON", "DET")]
