"""Corpus-wide actor ids: the same actor keeps its id across the documents of a run.

An actor the knowledge base knows has the knowledge base's id (kb:rus-gov, person:vladimir-putin).
Any other named actor gets ``<type>:<slug of its name>``, so the same name always gives the same id,
in any run and any process. A spelling variant ("Volodymyr Zelenskiy" after "Volodymyr Zelensky",
"Organisation" after "Organization") is matched by rapidfuzz against the names already seen in the
run and takes the id first given to that actor. Near-matching is per process: two worker processes
may give a variant two ids, never one id to two actors.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._actor_names import slug

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
#: Above this many names the registry stops learning new ones (exact ids still work), bounding memory.
MAX_NAMES = 200_000


def fold(name: str) -> str:
    text = slug(name).replace("-", " ")
    return " ".join(_NON_WORD.sub(" ", text).split())


class ActorRegistry:
    """Maps (type, name) to a stable id; one per process (:func:`default_registry`)."""

    def __init__(self, person_cutoff: float = 90, other_cutoff: float = 92) -> None:
        self.person_cutoff = person_cutoff
        self.other_cutoff = other_cutoff
        self._exact: dict[tuple[str, str], str] = {}
        self._buckets: dict[tuple[str, str], tuple[list[str], list[str]]] = {}

    def __len__(self) -> int:
        return len(self._exact)

    def resolve(self, type_: str, name: str) -> str:
        folded = fold(name)
        key = (type_, folded)
        known = self._exact.get(key)
        if known is not None:
            return known
        actor_id = self._near(type_, folded) or f"{type_}:{slug(name)}"
        if len(self._exact) < MAX_NAMES:
            self._exact[key] = actor_id
            names, ids = self._buckets.setdefault((type_, folded[:1]), ([], []))
            names.append(folded)
            ids.append(actor_id)
        return actor_id

    def _near(self, type_: str, folded: str) -> str | None:
        if len(folded) < 6:
            return None
        bucket = self._buckets.get((type_, folded[:1]))
        if not bucket:
            return None
        from rapidfuzz import fuzz, process

        names, ids = bucket
        cutoff = self.person_cutoff if type_ == "person" else self.other_cutoff
        for candidate, score, index in process.extract(folded, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3):
            del score
            if type_ != "person" or _same_shape(folded, candidate):
                return ids[index]
        return None


def _same_shape(a: str, b: str) -> bool:
    """Person names are variants only with as many words and near-equal surnames (not "Ana"/"Ann" X)."""
    from rapidfuzz import fuzz

    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and fuzz.ratio(wa[-1], wb[-1]) >= 80 and wa[0][:1] == wb[0][:1]


@lru_cache(maxsize=1)
def default_registry() -> ActorRegistry:
    """The registry every extractor of this process shares, so roles and actors give the same ids."""
    return ActorRegistry()
