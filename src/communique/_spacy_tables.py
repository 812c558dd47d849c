"""Two spaCy components answered from tables: the same rules and results, a fraction of the time.

Why this exists: in en_core_web_sm, two components spend their time in Python on questions whose
answers depend on a handful of values that repeat across a corpus (``benchmarks/spacy_tables.py``
measures both on the White House corpus):

- ``attribute_ruler`` runs a ``Matcher`` over all of its 179 patterns (the tag map, morphology rules
  and exceptions) at every token, about 28 ms per 800-token document. Almost all of those patterns
  look at one token only, at its tag, lower-case form, dependency label or space flag.
  :class:`TableAttributeRuler` is spaCy's ``AttributeRuler`` with the same patterns; it evaluates
  the one-token patterns once per distinct combination of those values and remembers which
  matched. Patterns of any other shape (several tokens, other attributes or predicates, extension
  attributes) still go through a spaCy ``Matcher``. Attributes are set in the order spaCy sets
  them, later patterns winning, by spaCy's own ``set_token_attrs`` and ``set_annotations``.
- the rule ``lemmatizer`` caches only the words its rules change. A word in its base form (most
  nouns and verbs) is recognised anew each time, which parses the token's morphology into a dict.
  :func:`cache_lemmas` remembers every answer of spaCy's own ``rule_lemmatize`` by the values it
  depends on (the word, its part of speech and its morphology), as spaCy's cache does for the rest.

No library offers either; spaCy has no per-value cache for its matcher or its base-form test.
:func:`use_spacy_tables` applies both to a loaded pipeline (``pipeline.load_spacy`` does).
Identical output is checked on handwritten texts that reach every pattern kind
(tests/test_spacy_tables.py) and on the White House corpus (``benchmarks/spacy_tables.py`` counts
differing tokens).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "communique_table_attribute_ruler"
#: Token attributes a table pattern may test; each is read with ``Doc.to_array`` exactly as the
#: matcher reads it.
_TABLE_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "TAG": "TAG", "DEP": "DEP", "IS_SPACE": "IS_SPACE"}
_TABLE_PREDICATES = {"IN", "NOT_IN", "REGEX"}
#: Distinct value combinations remembered at most; the table starts again when it is full.
MAX_TABLE = 50_000
#: Distinct (word, part of speech, morphology) lemmas remembered at most, likewise.
MAX_LEMMAS = 100_000


class TableAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose one-token patterns are answered from a table (see the module)."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        self._compiled = False

    # -- compiling the patterns -------------------------------------------------------------------
    def _compile(self) -> None:
        """Split the patterns into table tests and a residual matcher (done on first use)."""
        self._tests: list[tuple[int, list[list[tuple[str, str, Any]]]]] = []
        self._residual = Matcher(self.vocab)
        used: dict[str, None] = {}
        for aid, entry in enumerate(self.patterns):
            alternatives = [self._table_spec(p) for p in entry["patterns"]]
            simple = all(a is not None for a in alternatives) and self.indices[aid] in (0, -1)
            if simple and "_" not in entry["attrs"]:
                self._tests.append((aid, alternatives))  # type: ignore[arg-type]
                for alt in alternatives:
                    used.update((attr, None) for attr, _, _ in alt)  # type: ignore[union-attr]
            else:
                self._residual.add(str(aid), entry["patterns"])
        self._attrs = list(used)
        self._column = {attr: i for i, attr in enumerate(self._attrs)}
        self._match_ids = [self.vocab.strings.add(str(aid)) for aid in range(len(self.attrs))]
        self._table: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}
        self._compiled = True

    def _table_spec(self, pattern: list[dict]) -> list[tuple[str, str, Any]] | None:
        """(attribute, test, value) triples of a one-token pattern, or None when it needs the matcher."""
        if len(pattern) != 1:
            return None
        tests = []
        for key, value in pattern[0].items():
            attr = _TABLE_ATTRS.get(key.upper()) if isinstance(key, str) else None
            if attr is None:
                return None
            if isinstance(value, bool):
                tests.append((attr, "==", int(value)))
            elif isinstance(value, (str, int)):
                tests.append((attr, "==", self.vocab.strings.add(value) if isinstance(value, str) else value))
            elif isinstance(value, dict) and value and set(value) <= _TABLE_PREDICATES:
                for predicate, operand in value.items():
                    if predicate == "REGEX" and isinstance(operand, str):
                        tests.append((attr, "REGEX", re.compile(operand)))
                    elif predicate != "REGEX" and isinstance(operand, list) and all(isinstance(v, (str, int)) for v in operand):
                        tests.append((attr, predicate, {get_string_id(v) for v in operand}))
                    else:
                        return None
            else:
                return None
        return tests

    def _passes(self, tests: list[tuple[str, str, Any]], row: tuple[int, ...]) -> bool:
        for attr, test, operand in tests:
            value = row[self._column[attr]]
            if test == "==":
                ok = value == operand
            elif test == "IN":
                ok = value in operand
            elif test == "NOT_IN":
                ok = value not in operand
            else:  # REGEX, on the attribute's string as spaCy's matcher reads it
                ok = bool(operand.search(self.vocab.strings[value]))
            if not ok:
                return False
        return True

    def _matching(self, row: tuple[int, ...]) -> tuple[int, ...]:
        """The table patterns (attribute-set ids, ascending) that match a token with these values."""
        found = self._table.get(row)
        if found is None:
            if len(self._table) >= MAX_TABLE:
                self._table.clear()
                self._merged.clear()
            found = tuple(aid for aid, alts in self._tests if any(self._passes(alt, row) for alt in alts))
            self._table[row] = found
        return found

    def _merged_attrs(self, aids: tuple[int, ...]) -> dict:
        """The attributes the patterns aids set, later ones winning, as applying them in turn does."""
        merged = self._merged.get(aids)
        if merged is None:
            merged = {}
            for aid in aids:
                merged.update(self.attrs[aid])
            self._merged[aids] = merged
        return merged

    # -- running ----------------------------------------------------------------------------------
    def _rows(self, doc: Doc) -> list[tuple[int, ...]]:
        if not self._attrs:
            return [()] * len(doc)
        return [tuple(r) for r in doc.to_array(self._attrs).tolist()]

    def _residual_matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not len(self._residual):
            return []
        return [(int(self.vocab.strings[m]), m, s, e) for m, s, e in self._residual(doc, allow_missing=True)]

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """All matches, sorted as spaCy's ``AttributeRuler.match`` sorts them."""
        if not self._compiled:
            self._compile()
        matches = self._residual_matches(doc)
        for i, row in enumerate(self._rows(doc)):
            matches.extend((aid, self._match_ids[aid], i, i + 1) for aid in self._matching(row))
        matches.sort()
        return matches

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            if not self._compiled:
                self._compile()
            # residual matches by the token they change; a bad index raises spaCy's own error
            targets: dict[int, list[tuple[int, int, int, int]]] = {}
            for match in self._residual_matches(doc):
                aid, _, start, end = match
                index = self.indices[aid]
                target = start + index if index >= 0 else end + index
                if not start <= target < end:
                    self.set_annotations(doc, [match])
                targets.setdefault(target, []).append(match)
            for i, (token, row) in enumerate(zip(doc, self._rows(doc))):
                aids = self._matching(row)
                if i in targets:  # rare: apply everything for this token in spaCy's order
                    matches = targets[i] + [(aid, self._match_ids[aid], i, i + 1) for aid in aids]
                    self.set_annotations(doc, sorted(matches))
                elif aids:
                    set_token_attrs(token, self._merged_attrs(aids))
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own error handling for pipeline components
            return error_handler(self.name, self, [doc], e)

    def add(self, patterns: Iterable, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = False

    def clear(self) -> None:
        super().clear()
        self._compiled = False


def _make_table_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.vocab, name)


def use_table_attribute_ruler(nlp: Language) -> Language:
    """Replace the pipeline's stock ``attribute_ruler`` by a :class:`TableAttributeRuler` with the
    same patterns and name; a pipeline without one (or with another class) is left as it is."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    stock = nlp.get_pipe("attribute_ruler")
    if type(stock) is not AttributeRuler:
        return nlp
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=_make_table_attribute_ruler)
    table = nlp.replace_pipe("attribute_ruler", FACTORY)
    table.add_patterns(stock.patterns)
    return nlp


def cache_lemmas(nlp: Language) -> Language:
    """Make the pipeline's rule lemmatizer remember every lemma by (word, POS, morphology).

    spaCy's ``Lemmatizer`` looks its method up in ``self.lemmatize`` (chosen by its ``mode``); this
    puts a caching wrapper around the rule method there. A pipeline without a rule lemmatizer (or
    whose lemmatizer already has another method) is left as it is.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.lemmatize != lemmatizer.rule_lemmatize:
        return nlp
    rule_lemmatize = lemmatizer.rule_lemmatize
    cache: dict[tuple[int, int, int], list[str]] = {}

    # rule_lemmatize reads the token's text, part of speech and morphology only (its base-form
    # test too), the same key spaCy's own cache uses for the words its rules change
    def lemmatize(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = cache.get(key)
        if found is None:
            if len(cache) >= MAX_LEMMAS:
                cache.clear()
            found = cache[key] = rule_lemmatize(token)
        return found

    lemmatizer.lemmatize = lemmatize
    return nlp


def use_spacy_tables(nlp: Language) -> Language:
    """Both of the above: the table attribute ruler and the lemma cache."""
    return cache_lemmas(use_table_attribute_ruler(nlp))
