"""Peoples and persons described: communities, "ethnic X", and a person's descriptive words.

- **Communities** (``scripts/kb_sources/communities.txt``): a name made of words for an ethnic,
  sectarian or religious community ("Hutu", "Kurds", "Shiites") is a group, not an organisation or a
  person, of the country a country adjective gives it ("Iraqi Kurds") or else of the document's home
  country (``_actor_home``). A state's demonym after another country's adjective names a community
  of that country: "Bosnian Serbs" are Bosnia's.
- **"ethnic X"**: "ethnic Albanians" are a community, not Albania; the country words after
  "ethnic" give no country ("ethnic Albanian guerrillas in Macedonia" are rebels of the home
  country).
- **Descriptions of a person**: words before a name that say who the person is, with a country
  word and a common noun right before the name: "Israeli right-winger Ariel Sharon", "South African
  leader F.W. de Klerk", "Iraq's Al-Qaeda frontman Abu Musab al-Zarqawi", "suspected British
  militant X". The country word gives the person's country and a sector noun its sector.

A mixin of :class:`~communique.extract._actor_mentions.MentionFinder`, whose state it shares. Rules
over spaCy's tokens and the knowledge base, written here because no library reads these phrasings.
"""

from __future__ import annotations

from ._actor_names import normalise_name, slug
from ._actor_refs import Found, Ref

#: Words that may stand in a person's description besides the country word and the head noun.
_DESCRIPTION_STOP = frozenset("the a an this that his her their its of for to by with and or".split())
_MAX_DESCRIPTION = 6


class PeopleRules:
    """Rules for communities and described persons (see the module docstring)."""

    def _ethnic_tokens(self) -> set[int]:
        """Country words right after "ethnic" ("ethnic Albanians", "ethnic Albanian guerrillas")."""
        out: set[int] = set()
        for tok in self.doc:
            if tok.lower_ == "ethnic" and tok.i + 1 < len(self.doc):
                m = self.at["ADJ"].get(tok.i + 1) or self.at["ENTRY"].get(tok.i + 1)
                if m is not None and m.start == tok.i + 1:
                    out.update(range(m.start, m.end))
        return out

    def _is_community_word(self, i: int) -> bool:
        return self.doc[i].lower_ in self.kb.communities

    def _community(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) name a community; if so, add its group, unless the words only
        describe a noun that the nominal rules read ("Hutu rebels", "Moslem forces")."""
        doc, kb = self.doc, self.kb
        if start > 0 and doc[start - 1].lower_ == "ethnic":
            start -= 1
        elif start > 0 and start - 1 in self.at["ADJ"] and start - 1 not in self.owner:
            start = self.at["ADJ"][start - 1].start  # "Iraqi Kurds", when the entity left the adjective out
        country = self._country_after_of(start, end)  # "the Albanians of southern Serbia"
        people, i = country is not None, start if country is None else end
        while i < end:
            tok = doc[i]
            if tok.lower_ == "ethnic" or tok.i in self.ethnic or self._is_community_word(i):
                people = True
                i += 1
                continue
            if tok.text in ("-", "–"):
                i += 1
                continue
            adjective = self.at["ADJ"].get(i)
            entry = self.at["ENTRY"].get(i)
            if adjective is not None and country is None:
                country, i = adjective.value, adjective.end
            elif entry is not None and kb.entries[entry.value].type == "state" and country is not None:
                people = people or kb.entries[entry.value].country != country  # "Bosnian Serbs"
                i = entry.end
            else:
                return False
        if not people:
            return False
        last = doc[end - 1]
        if last.dep_ in ("amod", "compound") and last.head.i >= end and self._sector_noun(last.head):
            return True  # "Hutu rebels", "Moslem forces": words of a description of rebels, of forces
        name = normalise_name(doc[start:end].text)
        self._add(Found(start, end, Ref(f"group:{slug(name)}", name, "group", country, "CVL"), "name"))
        return True

    def _country_after_of(self, start: int, end: int) -> str | None:
        """For a state's demonym ("Albanians"), the other country of the place in "of <place>" after it."""
        doc = self.doc
        entry = self.at["ENTRY"].get(start)
        if entry is None or (entry.start, entry.end) != (start, end) or doc[end - 1].tag_ not in ("NNPS", "NNS"):
            return None
        if end + 1 >= len(doc) or doc[end].lower_ != "of":
            return None
        own = self.kb.entries[entry.value].country
        for place in (c for c in doc[end].children if c.dep_ == "pobj"):  # the place itself, not "Israeli-occupied"
            for tok in (place, *(c for c in place.children if c.dep_ == "compound")):
                country = self.country_at(tok.i)
                if country:
                    return country if country != own else None
        return None

    def _description(self, start: int) -> tuple[str | None, str | None, tuple[int, ...]]:
        """(country, sector, tokens) of a description right before a person's name at ``start``."""
        doc = self.doc
        head = start - 1
        if head < 0 or doc[head].pos_ != "NOUN" or not doc[head].is_lower or head in self.owner:
            return None, None, ()
        country, tokens, i = None, [], head
        while i >= 0 and start - i <= _MAX_DESCRIPTION:
            tok = doc[i]
            found = self.country_at(i)
            if found:
                country = found
                m = self.at["ADJ"].get(i) or self.at["ENTRY"].get(i) or self.at["CAPITAL"].get(i)
                tokens.extend(range(m.start, i + 1))
                i = m.start - 1
                continue
            if tok.is_punct and tok.text not in ("-", "'s", "’s") or tok.lower_ in _DESCRIPTION_STOP:
                break
            if tok.pos_ in ("VERB", "AUX", "ADP", "PRON", "NUM") and tok.text not in ("-",):
                break
            if tok.i in self.name_at and self.name_at[tok.i][2] in ("NER", "ENTRY"):
                i -= 1  # a name inside the description ("Al-Qaeda frontman") stays its own actor
                continue
            tokens.append(i)
            i -= 1
        if country is None:
            return None, None, ()
        noun = self._sector_noun(doc[head])
        return country, noun.sector if noun is not None else None, tuple(sorted(set(tokens)))
