"""Merging the mentions of one document into actors.

Mentions with the same key are one actor already (every alias of a knowledge-base entry has its id).
On top of that, in this order:

- **appositions**: "the NLD, Myanmar's National League for Democracy" (spaCy's ``appos`` relation),
  for two organisations or two persons;
- **acronyms**: "FARC" and "Revolutionary Armed Forces of Colombia", from the initials;
- **surnames and short forms**: "Macron" and "bin Salman" after "Emmanuel Macron" and "Mohammed bin
  Salman": a person name that ends another person's name (the nearest one before it when several do);
- **spelling variants** in the document (``same_actor_name``: rapidfuzz ratio and like words);
- **titles without a name**: "the Crown Prince", "the President", "Secretary-General" point back to
  the nearest person holding that title (else forward, else an office actor); a generic one
  ("the minister", "the commander") also to a holder of a kind of that office ("Foreign Minister
  X"), else it is a person of the document's own, named by the office;
- **pronouns**: he/him/his/she/her point back to the nearest person in the same or the two previous
  sentences, a subject preferred for a subject pronoun.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..kb import KnowledgeBase
from . import sentences
from ._actor_mentions import pronoun_tokens
from ._actor_names import OTHER_CUTOFF, PERSON_CUTOFF, acronym_fits, fold, is_acronym, same_actor_name, slug
from ._actor_refs import Found, Ref, office_actor

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ORG_TYPES = ("organization", "igo", "group")
_PRONOUN_WINDOW = 2  # sentences back


@dataclass
class Cluster:
    """One actor of the document: its mentions and the reference that names it."""

    ref: Ref
    mentions: list[Found] = field(default_factory=list)


class Merger:
    def __init__(self, doc: Doc, kb: KnowledgeBase, found: list[Found]) -> None:
        self.doc, self.kb, self.found = doc, kb, found
        self.parent: dict[str, str] = {}
        self.refs: dict[str, Ref] = {}
        for f in found:
            if f.ref is not None:
                self._register(f.ref)
                for member in f.ref.members:
                    self._register(member)

    # -- union-find over keys ----------------------------------------------------------------------
    def _register(self, ref: Ref) -> None:
        if ref.key not in self.refs:
            self.refs[ref.key] = ref
            self.parent[ref.key] = ref.key
        else:
            _fill(self.refs[ref.key], ref)

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, keep: str, other: str) -> None:
        a, b = self.find(keep), self.find(other)
        if a == b:
            return
        ra, rb = self.refs[a], self.refs[b]
        if rb.fixed and not ra.fixed:  # a knowledge-base id always names the merged actor
            a, b, ra, rb = b, a, rb, ra
        if ra.fixed and rb.fixed:
            return  # two known actors are never merged by a heuristic
        self.parent[b] = a
        _fill(ra, rb)

    # -- the rules ------------------------------------------------------------------------------------
    def run(self) -> list[Cluster]:
        self._appositions()
        self._acronyms()
        self._short_person_names()
        self._variants()
        self._office_mentions()
        self._pronouns()
        return self._clusters()

    def _named(self, types: tuple[str, ...]) -> list[Found]:
        return [f for f in self.found if f.kind == "name" and f.ref is not None and f.ref.type in types]

    def _appositions(self) -> None:
        """An acronym in apposition to a long name, or in brackets right after it, is that name.

        Two long names in apposition are not merged: in a list ("the Peace Corps, the Presidio
        Trust, ...") spaCy often reads the items as appositions of each other.
        """
        orgs = self._named(_ORG_TYPES)
        by_token = {i: f for f in orgs for i in range(f.start, f.end)}
        doc = self.doc
        for f in orgs:
            if not is_acronym(f.ref.name):
                continue
            root = doc[f.start : f.end].root
            other = by_token.get(root.head.i) if root.dep_ == "appos" else None
            if f.start >= 2 and doc[f.start - 1].text == "(" and f.end < len(doc) and doc[f.end].text == ")":
                other = by_token.get(f.start - 2, other)
            if other is not None and other is not f and " " in other.ref.name:
                if f.ref.name[0].upper() == other.ref.name[0].upper() or doc[f.start - 1].text == "(":
                    self.union(other.ref.key, f.ref.key)

    def _acronyms(self) -> None:
        orgs = self._named(_ORG_TYPES)
        longs = [f for f in orgs if " " in f.ref.name]
        for f in orgs:
            if not is_acronym(f.ref.name):
                continue
            for long in longs:
                if acronym_fits(f.ref.name, long.ref.name):
                    self.union(long.ref.key, f.ref.key)
                    break

    def _short_person_names(self) -> None:
        persons = self._named(("person",))
        # spaCy sometimes calls a person's full name an organisation ("Amara Okoye arrived"): a name
        # of two to four capitalised words without an organisation word can be the full name
        maybe = [
            f for f in self._named(("organization",))
            if not f.ref.fixed and f.ref.sector is None and 2 <= len(f.ref.name.split()) <= 4
            and all(w[:1].isupper() for w in f.ref.name.split())
        ]  # fmt: skip
        # the longer names that end with each shorter run of words ("Okoye" -> "Amara Okoye"), in
        # the order of the mentions, so that the pairs are not compared one by one
        ending: dict[tuple[str, ...], list[Found]] = {}
        for other in [*persons, *maybe]:
            other_words = tuple(other.ref.name.lower().split())
            for k in range(1, len(other_words)):
                ending.setdefault(other_words[-k:], []).append(other)
        for f in persons:
            best = None
            for other in ending.get(tuple(f.ref.name.lower().split()), ()):
                if best is None or _closer(other, best, f):
                    best = other
            if best is not None:
                if best.ref.type != "person":
                    best.ref.type = self.refs[self.find(best.ref.key)].type = "person"
                self.union(best.ref.key, f.ref.key)

    def _variants(self) -> None:
        for types in (("person",), _ORG_TYPES):
            named = list({self.find(f.ref.key): f for f in self._named(types)}.values())
            folded = [fold(f.ref.name) for f in named]
            for i, j in _candidate_pairs(folded, PERSON_CUTOFF if types[0] == "person" else OTHER_CUTOFF):
                if same_actor_name(types[0], folded[i], folded[j]):
                    self.union(named[i].ref.key, named[j].ref.key)

    def _office_mentions(self) -> None:
        persons = [f for f in self.found if f.ref is not None and f.ref.type == "person" and f.ref.title]
        for f in self.found:
            if f.kind != "office":
                continue
            holders = [
                p for p in persons
                if self.refs[self.find(p.ref.key)].title == f.office
                and (f.country is None or self.refs[self.find(p.ref.key)].country in (None, f.country))
            ]  # fmt: skip
            if not holders and f.generic:  # "the minister" after "Transport Minister Anders Holm"
                holders = [p for p in persons if _title_ends_with(self.refs[self.find(p.ref.key)].title, f.office)]
            before = [p for p in holders if p.start < f.start]
            if before and self.doc[f.end - 1].text[:1].isupper():
                holder = before[0]  # "the President" written with a capital: the document's own
            else:
                holder = before[-1] if before else (holders[0] if holders else None)
            if holder is not None:
                f.ref = self.refs[self.find(holder.ref.key)]
            else:
                f.ref = self._office_actor(f)
                self._register(f.ref)
            persons.append(f) if f.ref.type == "person" and f.ref.title else None

    def _office_actor(self, f: Found) -> Ref:
        if f.generic:  # "the commander": one of a country's many holders, so the document's own person
            return Ref(f"local:{slug(f.office)}", f.office, "person", None, self.kb.offices[f.office].sector, local=True,
                       title=f.office, generic=True)  # fmt: skip
        if f.country is None and self.kb.offices[f.office].body is None:
            title = f.office.title() if f.office.islower() else f.office
            return Ref(f"local:{slug(f.office)}", title, "person", None, self.kb.offices[f.office].sector, local=True,
                       title=f.office)  # fmt: skip
        return office_actor(self.kb, f.office, f.country)

    def _pronouns(self) -> None:
        doc = self.doc
        owned = {i for f in self.found for i in range(f.start, f.end)}
        persons = sorted(
            (f for f in self.found if f.ref is not None and f.ref.type == "person" and f.kind != "member"),
            key=lambda f: f.start,
        )
        if not persons:
            return
        starts = [sent.start for sent in sentences(doc)]  # sentence number of token i: bisect over starts
        added = []
        for tok in pronoun_tokens(doc):
            if tok.i in owned:
                continue
            here = bisect_right(starts, tok.i)
            window = [p for p in persons if p.start < tok.i and here - bisect_right(starts, p.start) <= _PRONOUN_WINDOW]
            if not window:
                continue
            if tok.dep_ in ("nsubj", "nsubjpass"):
                subjects = [p for p in window if doc[p.start : p.end].root.dep_ in ("nsubj", "nsubjpass")]
                window = subjects or window
            antecedent = window[-1]
            ref = self.refs[self.find(antecedent.ref.key)]
            found = Found(tok.i, tok.i + 1, ref, "pronoun")
            added.append(found)
            persons.append(found)
            persons.sort(key=lambda f: f.start)
        self.found.extend(added)

    # -- result ------------------------------------------------------------------------------------------
    def _clusters(self) -> list[Cluster]:
        clusters: dict[str, Cluster] = {}
        for f in sorted(self.found, key=lambda f: (f.start, f.end)):
            if f.ref is None:
                continue
            root = self.find(f.ref.key)
            cluster = clusters.get(root)
            if cluster is None:
                cluster = clusters[root] = Cluster(self.refs[root])
            cluster.mentions.append(f)
        for cluster in clusters.values():
            cluster.ref = self._best_name(cluster)
            for i, member in enumerate(cluster.ref.members):
                cluster.ref.members[i] = self.refs[self.find(member.key)]
        return list(clusters.values())

    def _best_name(self, cluster: Cluster) -> Ref:
        ref = cluster.ref
        if ref.fixed or ref.type != "person":
            if not ref.fixed:
                names = [m.ref.name for m in cluster.mentions if m.kind == "name" and m.ref.type == ref.type]
                longest = max(names, key=lambda n: (len(n.split()), len(n)), default=ref.name)
                if not is_acronym(longest) or all(is_acronym(n) for n in names):
                    ref.name = longest
            return ref
        names = [m.ref.name for m in cluster.mentions if m.kind == "name" and m.ref.type == "person"]
        ref.name = max(names, key=lambda n: (len(n.split()), len(n)), default=ref.name)
        return ref


def _fill(into: Ref, other: Ref) -> None:
    """Complete ``into`` with what ``other`` knows and it does not."""
    into.country = into.country or other.country
    into.sector = into.sector or other.sector
    into.title = into.title or other.title
    if other.members and not into.members:
        into.members = list(other.members)


def _title_ends_with(title: str | None, office: str) -> bool:
    """Whether a holder's title is a kind of ``office`` ("foreign minister" of "minister"), not its
    deputy ("deputy minister", "vice president")."""
    words = (title or "").replace("-", " ").split()
    return len(words) > 1 and words[-1] == office and words[0] not in ("deputy", "vice")


def _closer(candidate: Found, best: Found, target: Found) -> bool:
    """Whether ``candidate`` is a better antecedent than ``best`` for ``target``: before it and nearer."""
    def distance(f: Found) -> int:
        return target.start - f.start if f.start < target.start else 10**9 + f.start

    return distance(candidate) < distance(best)


#: Names whose scores against every other name are held at once (see ``_candidate_pairs``).
_PAIR_BLOCK = 512


def _candidate_pairs(names: list[str], cutoff: float) -> list[tuple[int, int]]:
    """Pairs (i < j) of names that may be variants of one name: those whose rapidfuzz ratio reaches
    ``cutoff`` (all pairs scored at once in C by ``process.cdist``; a list of 1,500 names took
    seconds pair by pair in Python) and those equal without spaces; ``same_actor_name`` decides."""
    if len(names) < 2:
        return []
    import numpy as np
    from rapidfuzz import fuzz, process

    pairs: set[tuple[int, int]] = set()
    # in blocks of rows: cdist returns a dense matrix, and a document naming 10,000 actors would
    # otherwise hold 10,000 x 10,000 scores at once
    for top in range(0, len(names), _PAIR_BLOCK):
        scores = process.cdist(names[top : top + _PAIR_BLOCK], names, scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
        rows, cols = np.nonzero(scores)
        pairs.update((top + int(i), int(j)) for i, j in zip(rows, cols, strict=True) if j > top + i)
    spaced: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        spaced.setdefault(name.replace(" ", ""), []).append(i)
    pairs.update((group[0], k) for group in spaced.values() for k in group[1:])
    return sorted(pairs)
