"""Finding the knowledge base's names in a parsed text with spaCy's PhraseMatcher.

Four kinds of name are looked for: ENTRY (an alias of a knowledge-base actor), ADJ (a country
adjective), CAPITAL (a capital or seat) and OFFICE (a title). Matching is on lower case, then each
hit is checked against how the alias is written (``kb.case_matches``), so "US" is found and the
pronoun "us" is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc

KINDS = ("ENTRY", "CAPITAL", "ADJ", "OFFICE")


@dataclass(frozen=True)
class KBMatch:
    start: int  # token index
    end: int  # token index, exclusive
    kind: str  # ENTRY, CAPITAL, ADJ or OFFICE
    value: str  # entry id, ISO3 (ADJ, CAPITAL) or office key


class KBMatcher:
    """Built on first use for the vocabulary of the documents it is given (the pipeline's)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._matcher = None
        self._vocab = None

    def _build(self, doc: Doc) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        tokenizer = spacy.blank("en", vocab=doc.vocab).tokenizer
        matcher = PhraseMatcher(doc.vocab, attr="LOWER")
        for kind, names in self.kb.patterns().items():
            matcher.add(kind, list(tokenizer.pipe(names)))
        self._matcher, self._vocab = matcher, doc.vocab

    def __call__(self, doc: Doc) -> list[KBMatch]:
        if self._matcher is None or self._vocab is not doc.vocab:
            self._build(doc)
        found: list[KBMatch] = []
        strings = doc.vocab.strings
        for match_id, start, end in self._matcher(doc):
            kind = strings[match_id]
            text = doc[start:end].text
            value = self._resolve(kind, text)
            if value is not None:
                found.append(KBMatch(start, end, kind, value))
        return found

    def _resolve(self, kind: str, text: str) -> str | None:
        kb = self.kb
        if kind == "ENTRY":
            entry = kb.lookup(text)
            return entry.id if entry else None
        if kind == "ADJ":
            return kb.adjective_country(text)
        if kind == "CAPITAL":
            return kb.capital_country(text)
        office_key = text.lower()
        return office_key if office_key in kb.offices else None
