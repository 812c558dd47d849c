"""Nominal actors: a noun that says what an actor is, with what qualifies it.

"Syrian rebels", "the regime in Damascus", "the Kyiv regime", "Kremlin officials", "the Assad
regime", "the governments of A, B and C", "three opposition parties". The nouns and their sectors
are ``scripts/kb_sources/sector_nouns.tsv``; with a country, a state sector names that country's
institution (kb:syr-gov) and another sector its group (kb:syr-reb); coordinated countries make a
group with members; a number makes a counted group; with no country the actor is the document's own.
A mixin of :class:`~communique.extract._actor_mentions.MentionFinder`, whose state it shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._actor_names import normalise_name, slug
from ._actor_refs import Found, Ref, entry_ref

if TYPE_CHECKING:
    from spacy.tokens import Token

_MAX_PHRASE = 12
#: Quantifiers left out of a local actor's name ("several small firms" -> "small firms").
_QUANTIFIERS = frozenset(
    "several many some all most few both other various numerous multiple certain each every any no "
    "two three four five six seven eight nine ten dozens hundreds thousands".split()
)
#: Modifiers of a force that make it no one country's ("a regional peacekeeping force").
_MULTINATIONAL = frozenset("international multinational regional multilateral".split())
_DETERMINERS = frozenset("the a an this that these those its their our your my his her some all any".split())


class NominalRules:
    """Rules for nominal actors (see the module docstring)."""

    def _sector_noun(self, token: Token):
        if token.pos_ not in ("NOUN", "PROPN") or token.i in self.person_tokens:
            return None
        lemma = token.lemma_.lower()
        if token.i > 0:
            two = f"{self.doc[token.i - 1].lower_} {lemma}"
            noun = self.kb.sector_noun(two) or self.kb.sector_noun(f"{self.doc[token.i - 1].lower_} {token.lower_}")
            if noun is not None:
                return noun
        return self.kb.sector_noun(lemma) or self.kb.sector_noun(token.lower_)

    def _inside_name(self, i: int) -> bool:
        """Whether token ``i`` is part of a proper name (not a country word that may qualify a noun)."""
        span = self.name_at.get(i)
        if span is None or span[2] in ("ADJ", "CAPITAL"):
            return False
        return not (span[2] == "ENTRY" and self.kb.entries[span[3]].type == "state")

    def _nominal(self, token: Token) -> None:
        if self._inside_name(token.i):
            return
        noun = self._sector_noun(token)
        if noun is None or token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            return
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if token.dep_ == "amod" or first.dep_ in ("attr", "acomp"):
            return  # a modifier, or what something is ("Abe was a transformative leader"), not who acts
        if token.dep_ == "appos" and token.head.i in self.person_tokens:
            # "Jonas Berg, leader of the Federation of Transport Workers": describes the person, whose
            # sector and country it may give
            described = self._qualified(token, noun, None, None)
            person = self.person_tokens[token.head.i]
            if described is not None and not described.local:
                person.sector = person.sector or described.sector
                person.country = person.country or described.country
            return
        if self.offices_ending.get(token.i + 1) is not None and self._office_stands_alone(token):
            return  # "the foreign minister": an office, resolved to its holder later
        if noun.sector is None and any(
            prep.lower_ == "of" and any(self._sector_noun(o) for o in prep.children if o.dep_ == "pobj")
            for prep in token.rights
        ):
            return  # "a group of Moroccan diplomats": the diplomats are the actor
        ref = self._qualified(token, noun, None, None)
        if ref is None:
            return
        start, end = self._phrase_bounds(token)
        if any(i in self.owner for i in range(start, end)) and not ref.members:
            start = token.i - (1 if self._two_word(token) else 0)
        kind = "group" if ref.members else "nominal"
        self._add(Found(start, end, ref, kind))
        for member, (m_start, m_end) in self._member_spans:
            self._add(Found(m_start, m_end, member, "member"))

    def _two_word(self, token: Token) -> bool:
        return token.i > 0 and self.kb.sector_noun(f"{self.doc[token.i - 1].lower_} {token.lemma_.lower()}") is not None

    def _office_stands_alone(self, token: Token) -> bool:
        return token.lower_ in self.kb.offices or self.offices_ending[token.i + 1].end - self.offices_ending[token.i + 1].start > 1

    def _modifiers(self, head: Token) -> list[Token]:
        """Left modifiers of a noun that can qualify it: adjectives, compounds, possessives, numbers."""
        out = []
        for child in head.lefts:
            if child.dep_ in ("amod", "compound", "nmod", "poss", "nummod", "npadvmod"):
                out.append(child)
                out.extend(c for c in child.subtree if c.i != child.i and c.dep_ in ("conj", "compound", "amod"))
        return out

    def _pp_objects(self, head: Token) -> list[Token]:
        """Objects of "of/in/from" after a noun, with their conjuncts: "governments of A, B and C"."""
        out = []
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        out.append(pobj)
                        out.extend(_coordinated(pobj))
                out.extend(t for t in self._country_list(prep.i + 1) if t not in out)
        return out

    def _country_list(self, i: int) -> list[Token]:
        """Countries listed from token ``i`` on ("Japan, the Republic of Korea (ROK), and the United
        States"): read along the tokens, since a parser often attaches such a list wrongly."""
        doc, out = self.doc, []
        while i < len(doc):
            word = doc[i]
            if word.lower_ in ("the", ",", "and", "&") or word.is_space:
                i += 1
                continue
            if word.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")":
                i += 3  # "(ROK)"
                continue
            m = self.at["ENTRY"].get(i)
            if m is None or self.kb.entries[m.value].type != "state":
                break
            out.append(doc[m.end - 1])
            i = m.end
        return out if len(out) > 1 else []

    def _qualified(self, head: Token, noun, start: int | None, end: int | None) -> Ref | None:
        """The actor a sector noun names given what qualifies it (see the module docstring)."""
        kb = self.kb
        mods = self._modifiers(head)
        pobjs = self._pp_objects(head)
        self._member_spans: list[tuple[Ref, tuple[int, int]]] = []
        sector = noun.sector
        type_ = noun.type
        former = any(m.lower_ in ("former", "ex") for m in mods)
        counted = any(m.dep_ == "nummod" and m.like_num and m.lower_ not in ("one", "1") for m in mods)
        countries: list[tuple[str, tuple[int, int]]] = []
        org: Ref | None = None
        for tok in [*mods, *pobjs]:
            if tok.dep_ in ("compound", "amod") and noun.role == "member":
                mod_noun = kb.sector_noun(tok.lemma_.lower()) or kb.sector_noun(tok.lower_)
                if mod_noun is not None and mod_noun.sector:
                    sector = mod_noun.sector
            m = self.at["ENTRY"].get(tok.i)
            if m is not None and kb.entries[m.value].type not in ("state", "person", "location"):
                org = entry_ref(kb.entries[m.value])  # before its country word: "Palestinian Islamic Jihad"
                continue
            iso3 = self.country_at(tok.i) or self._misspelt_country(tok)
            if iso3 and (tok.dep_ != "pobj" or tok.head.lower_ in ("of", "in", "from")):
                m = self.at["ADJ"].get(tok.i) or self.at["ENTRY"].get(tok.i) or self.at["CAPITAL"].get(tok.i)
                span = (tok.i, tok.i + 1) if m is None else (m.start + (self.doc[m.start].lower_ == "the" and m.end - m.start > 1), m.end)
                if all(c[0] != iso3 for c in countries):
                    countries.append((iso3, span))
                continue
            person = self.person_tokens.get(tok.i)
            if person is not None and person.country and noun.sector in kb.state_sectors:
                countries.append((person.country, (tok.i, tok.i + 1)))
            elif tok.dep_ in ("compound", "poss", "pobj") and self._org_at(tok.i) is not None:
                org = self._org_at(tok.i)
        if former:
            sector = "ELI"
        if org is not None and not countries and (noun.role == "member" or org.sector == sector or org.type == "igo"):
            return org  # "UN peacekeepers", "the U.N. war crimes court": a body of the UN is the UN's
        if org is not None and not countries and org.country and sector:
            countries = [(org.country, (head.i, head.i + 1))]
        if head.tag_ in ("NNS", "NNPS") and type_ == "person":
            type_ = "group"
        if not countries and org is None and sector in ("MIL", "COP") and any(m.lower_ in _MULTINATIONAL for m in mods):
            type_ = "igo"  # "a regional peacekeeping force", "multinational troops": no one country's
        if not sector and countries:
            sector = "GOV" if noun.role == "member" else None
        if len(countries) > 1:
            members = [self._institution(iso3, sector) for iso3, _ in countries]
            self._member_spans = [(mem, span) for mem, (_, span) in zip(members, countries, strict=True)]
            name = normalise_name(self._phrase_text(head))
            return Ref(f"group:{slug(name)}", name, "group", None, sector, members=members)
        if countries:
            iso3 = countries[0][0]
            if sector:
                return self._institution(iso3, sector)
            return entry_ref(kb.country(iso3)) if kb.country(iso3) else None
        name = normalise_name(self._phrase_text(head, drop_numbers=True))
        if not name:
            return None
        return Ref(f"local:{slug(name)}", name, "group" if counted else type_, None, sector, local=True, counted=counted)

    def _misspelt_country(self, token: Token) -> str | None:
        """A capitalised modifier the base does not know may be a misspelt state ("Phillippines military")."""
        if token.pos_ != "PROPN" or not token.is_title or token.i in self.name_at and self.name_at[token.i][2] != "NER":
            return None
        entry = self.kb.fuzzy_country(token.text)
        return entry.country if entry is not None else None

    def _org_at(self, i: int) -> Ref | None:
        """The organisation named by an entity at token ``i`` ("Azadliq" in "Azadliq officials")."""
        if i not in self.owner:
            span = self.name_at.get(i)
            if span is None or span[2] != "NER" or span[3] != "ORG" or span[:2] in self._busy:
                return None
            if all(self._is_community_word(j) for j in range(span[0], span[1])):
                return None  # "Hausa politicians": a people, see _actor_people
            self._organization(span[0], span[1])
            if i not in self.owner:
                return None
        ref = self.owner[i].ref
        if ref is not None and ref.type in ("organization", "igo") and not ref.local:
            return ref
        return None

    def _institution(self, iso3: str, sector: str | None) -> Ref:
        kb = self.kb
        if sector:
            return entry_ref(kb.institution(iso3, sector))
        entry = kb.country(iso3)
        return entry_ref(entry) if entry else Ref(f"kb:{iso3.lower()}", iso3, "state", iso3)

    def _phrase_bounds(self, head: Token) -> tuple[int, int]:
        tokens = [head.i]
        for tok in self._modifiers(head):
            tokens.extend(t.i for t in tok.subtree if t.dep_ != "det")
        for pobj in self._pp_objects(head):  # the object's noun phrase, not a clause hanging off it
            tokens.extend(range(pobj.left_edge.i, pobj.i + 1))
        start, end = min(tokens), max(tokens) + 1
        for i in range(head.i - 1, start - 1, -1):  # a phrase never runs over a line break
            if "\n" in self.doc[i].text_with_ws:
                start = i + 1
                break
        for i in range(head.i, end - 1):
            if "\n" in self.doc[i].text_with_ws:
                end = i + 1
                break
        while start < head.i and self.doc[start].lower_ in _DETERMINERS:
            start += 1
        if end - start > _MAX_PHRASE:  # a parse that ran away: keep the noun alone
            start, end = head.i, head.i + 1
        while end - 1 > head.i and self.doc[end - 1].is_punct:
            end -= 1
        return start, end

    def _phrase_text(self, head: Token, drop_numbers: bool = False) -> str:
        start, end = self._phrase_bounds(head)
        if drop_numbers:  # a local actor's name: the common-noun phrase without counts or names
            while start < head.i and (
                self.doc[start].lower_ in _QUANTIFIERS or self.doc[start].like_num or self.doc[start].i in self.owner
                or self.doc[start].tag_ == "POS"
            ):
                start += 1
        return self.doc[start:end].text


def _coordinated(token: Token) -> list[Token]:
    """Nouns coordinated with ``token`` ("A, B and C"), following conj and appos links only."""
    out, todo = [], [token]
    while todo:
        for child in todo.pop().children:
            if child.dep_ in ("conj", "appos") and child.pos_ in ("PROPN", "NOUN"):
                out.append(child)
                todo.append(child)
    return out
