"""A table-driven attribute ruler: spaCy's own rules and annotations, in a fifth of the time.

Why this exists: spaCy's ``AttributeRuler`` runs a ``Matcher`` over all of its patterns at every
token. en_core_web_sm has 179 of them (its tag map, morphology rules and exceptions), and matching
them costs about 27 ms per 800-token document, an eighth of the whole parse
(``benchmarks/attribute_ruler.py``). Almost all of those patterns look at one token only, and at
its tag, lower-case form, dependency label or space flag, compared with fixed values. Their outcome
is therefore a function of those values, and only the values a pattern names matter: a word that no
pattern names behaves like any other such word. No library offers this, and spaCy's matcher has no
cache by value.

:class:`TableAttributeRuler` is spaCy's ``AttributeRuler`` with the same patterns. Each token's
values are reduced to the ones the patterns name (any other value becomes one stand-in), and the
one-token patterns are evaluated once per distinct reduced combination (679 after 300 White House
documents). A value that one of the patterns' regular expressions accepts is kept as itself.
Patterns of any other shape (several tokens, other attributes or predicates, extension attributes)
still go through spaCy matchers, each run only on a document that holds a value its pattern
cannot match without. Attributes are set in the
order spaCy sets them, later patterns winning, with spaCy's own ``set_token_attrs`` and
``set_annotations``.

:func:`use_table_attribute_ruler` swaps it into a loaded pipeline (``pipeline.load_spacy`` does).
Identical output is checked on handwritten texts that reach every pattern kind
(tests/test_attribute_ruler.py) and on the White House corpus (``benchmarks/attribute_ruler.py``
compares every token's annotations).

The rule lemmatizer was looked at too: remembering its answers for base forms saved about 2 ms per
document but grew with the vocabulary, against a memory goal with little margin, so it was left as
spaCy ships it (docs/performance.md, run 6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "communique_table_attribute_ruler"
#: Token attributes a table pattern may test; each is read with ``Doc.to_array`` exactly as the
#: matcher reads it.
_TABLE_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "TAG": "TAG", "DEP": "DEP", "IS_SPACE": "IS_SPACE"}
_TABLE_PREDICATES = {"IN", "NOT_IN", "REGEX"}
#: Distinct reduced combinations remembered at most (a safety bound: en_core_web_sm's patterns
#: gave 679 over 300 White House documents); the table starts again when full.
MAX_TABLE = 50_000


class TableAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose one-token patterns are answered from a table (see the module)."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        self._compiled = False

    # -- compiling the patterns -------------------------------------------------------------------
    def _compile(self) -> None:
        """Split the patterns into table tests and residual matchers (done on first use)."""
        self._tests: list[tuple[int, list[list[tuple[str, str, Any]]]]] = []
        residual: list[tuple[int, list]] = []
        used: dict[str, None] = {}
        for aid, entry in enumerate(self.patterns):
            alternatives = [self._table_spec(p) for p in entry["patterns"]]
            simple = all(a is not None for a in alternatives) and self.indices[aid] in (0, -1)
            if simple and "_" not in entry["attrs"]:
                self._tests.append((aid, alternatives))  # type: ignore[arg-type]
                for alt in alternatives:
                    used.update((attr, None) for attr, _, _ in alt)  # type: ignore[union-attr]
            else:
                residual.append((aid, entry["patterns"]))
        self._attrs = list(used)
        self._column = {attr: i for i, attr in enumerate(self._attrs)}
        # per column, the values some table pattern names: any other value answers every == / IN /
        # NOT_IN test alike, so it is replaced by one stand-in, a value no pattern names (a token
        # that really has it is an unnamed value too); a value a REGEX test accepts is kept
        columns: list[set[int]] = [set() for _ in self._attrs]
        self._regexes: dict[int, list[re.Pattern]] = {}
        for _, alternatives in self._tests:
            for alt in alternatives:
                for attr, test, operand in alt:
                    if test == "REGEX":
                        self._regexes.setdefault(self._column[attr], []).append(operand)
                    else:
                        columns[self._column[attr]].update(operand if test != "==" else (operand,))
        named = set().union(*columns)
        self._stand_in = next(v for v in range(2**64 - 1, 0, -1) if v not in named)
        self._named = [np.array(sorted(c), dtype=np.uint64) for c in columns]
        # one matcher per residual pattern, run only on a document that has a value the pattern
        # cannot match without (``_prerequisite``)
        prerequisites = [(aid, patterns, self._prerequisite(patterns)) for aid, patterns in residual]
        self._pre_attrs = list(dict.fromkeys(attr for _, _, needs in prerequisites for attr, _ in needs or ()))
        self._residual = []
        for aid, patterns, needs in prerequisites:
            matcher = Matcher(self.vocab)
            matcher.add(str(aid), patterns)
            at = None if needs is None else [(self._pre_attrs.index(attr), values) for attr, values in needs]
            self._residual.append((aid, matcher, at))
        self._match_ids = [self.vocab.strings.add(str(aid)) for aid in range(len(self.attrs))]
        self._table: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}
        self._compiled = True

    def _tests_of(self, key: Any, value: Any) -> list[tuple[str, str, Any]] | None:
        """(attribute, test, operand) triples for one key of a token spec, operands hashed as the
        matcher hashes them; None when the table cannot answer it."""
        attr = _TABLE_ATTRS.get(key.upper()) if isinstance(key, str) else None
        if attr is None:
            return None
        if isinstance(value, bool):
            return [(attr, "==", int(value))]
        if isinstance(value, (str, int)):
            return [(attr, "==", self.vocab.strings.add(value) if isinstance(value, str) else value)]
        if not (isinstance(value, dict) and value and set(value) <= _TABLE_PREDICATES):
            return None
        tests = []
        for predicate, operand in value.items():
            if predicate == "REGEX" and isinstance(operand, str):
                tests.append((attr, "REGEX", re.compile(operand)))
            elif predicate != "REGEX" and isinstance(operand, list) and all(isinstance(v, (str, int)) for v in operand):
                tests.append((attr, predicate, {get_string_id(v) for v in operand}))
            else:
                return None
        return tests

    def _table_spec(self, pattern: list[dict]) -> list[tuple[str, str, Any]] | None:
        """The tests of a one-token pattern, or None when it needs the matcher."""
        if len(pattern) != 1:
            return None
        tests = []
        for key, value in pattern[0].items():
            found = self._tests_of(key, value)
            if found is None:
                return None
            tests.extend(found)
        return tests

    def _prerequisite(self, patterns: list[list[dict]]) -> list[tuple[str, np.ndarray]] | None:
        """Per alternative, one (attribute, values) that some token must have for it to match (a
        token without an operator, tested with == or IN); None when an alternative has none."""
        needs = []
        for pattern in patterns:
            usable = [
                (attr, {operand} if test == "==" else operand)
                for spec in pattern
                if "OP" not in spec
                for key, value in spec.items()
                for attr, test, operand in self._tests_of(key, value) or ()
                if test in ("==", "IN") and attr != "IS_SPACE"
            ]
            if not usable:
                return None
            attr, values = usable[0]
            needs.append((attr, np.array(sorted(values), dtype=np.uint64)))
        return needs

    def _passes(self, tests: list[tuple[str, str, Any]], row: tuple[int, ...], strings: Any) -> bool:
        for attr, test, operand in tests:
            value = row[self._column[attr]]
            if test == "==":
                ok = value == operand
            elif test == "IN":
                ok = value in operand
            elif test == "NOT_IN":
                ok = value not in operand
            else:  # REGEX, on the attribute's string as spaCy's matcher reads it
                ok = value != self._stand_in and bool(operand.search(strings[value]))
            if not ok:
                return False
        return True

    def _matching(self, row: tuple[int, ...], strings: Any) -> tuple[int, ...]:
        """The table patterns (attribute-set ids, ascending) that match a token with these (reduced)
        values."""
        found = self._table.get(row)
        if found is None:
            if len(self._table) >= MAX_TABLE:
                self._table.clear()
                self._merged.clear()
            found = tuple(aid for aid, alts in self._tests if any(self._passes(alt, row, strings) for alt in alts))
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
        """Each token's values of the tested attributes, reduced to the values patterns name."""
        if not self._attrs:
            return [()] * len(doc)
        values = doc.to_array(self._attrs).reshape(len(doc), len(self._attrs))
        for j, known in enumerate(self._named):
            column = values[:, j]
            other = ~np.isin(column, known)
            for value in np.unique(column[other]).tolist() if j in self._regexes else ():
                text = doc.vocab.strings[value]
                if any(r.search(text) for r in self._regexes[j]):
                    other &= column != value
            column[other] = self._stand_in
        return [tuple(row) for row in values.tolist()]

    def _residual_matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """Matches of the patterns the table does not answer, each run only where it can match."""
        if not self._residual:
            return []
        present = doc.to_array(self._pre_attrs).reshape(len(doc), len(self._pre_attrs)) if self._pre_attrs else None
        found = []
        for aid, matcher, needs in self._residual:
            if needs is not None and not any(np.isin(present[:, j], values).any() for j, values in needs):
                continue
            found.extend((aid, m, s, e) for m, s, e in matcher(doc, allow_missing=True))
        return found

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """All matches, sorted as spaCy's ``AttributeRuler.match`` sorts them."""
        if not self._compiled:
            self._compile()
        matches = self._residual_matches(doc)
        for i, row in enumerate(self._rows(doc)):
            matches.extend((aid, self._match_ids[aid], i, i + 1) for aid in self._matching(row, doc.vocab.strings))
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
            strings = doc.vocab.strings
            for i, (token, row) in enumerate(zip(doc, self._rows(doc))):
                aids = self._matching(row, strings)
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
