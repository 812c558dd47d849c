"""Actors: who is named or referred to in a text, normalised against the knowledge base.

    >>> communique.analyze("The Kremlin rejected the offer by Turkish troops.", only=["actors"]).actors

Each actor has a corpus-wide ``id``, a normalised ``name``, a ``type`` (person, organization, state,
igo, group, location), an ISO3 ``country`` and a PLOVER/CAMEO ``sector`` where they can be told,
``members`` for a group, and every mention with its offsets. How mentions are found is in
``_actor_mentions``, how they are merged in ``_actor_merge``; the knowledge base is
``communique.kb``. Ids are a pure function of the document (a knowledge-base id, else
``<type>:<slug of the name>``), the same in every process; the writer that stores a run joins
spelling variants across the corpus (``communique.store._actor_ids``).

Later extractors read two maps from ``shared_state(doc)``: ``actor_spans`` {(start_char, end_char):
actor id} for every mention, and ``token_actor`` {token index: actor id} for every token of a
mention, the titles before a name ("Prime Minister" in "Prime Minister Trudeau") and the pronouns
and titles resolved to a person ("he", "the Crown Prince").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..kb import load_kb
from ..schema import Actor, Mention
from . import Extractor, shared_state
from ._actor_home import document_countries, give_home_country
from ._actor_mentions import MentionFinder
from ._actor_merge import Cluster, Merger
from ._actor_names import canonical_id, normalise_name, slug
from ._kb_matcher import KBMatcher

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..schema import Document

__all__ = ["ActorsExtractor", "normalise_name", "slug"]


class ActorsExtractor(Extractor):
    name = "actors"
    assigns = ("actors",)
    requires = ()
    spacy = ("ner", "parser", "lemmatizer")
    version = "2"

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self.kb = load_kb()
        self.matcher = KBMatcher(self.kb)

    def __call__(self, doc: Doc, record: Document) -> None:
        finder = MentionFinder(doc, self.kb, self.matcher(doc), record.id)
        found = finder.run()
        clusters = Merger(doc, self.kb, found).run()
        home, named = document_countries(found)  # the country the document is about, for its domestic actors
        give_home_country(doc, self.kb, clusters, home, named, finder.country_at)
        ids = {id(c): self._actor_id(c, record.id) for c in clusters}
        clusters = _join_same_id(clusters, ids)  # two names with one slug ("Al-Qaeda", "Al Qaeda")
        id_of_key = {}
        for cluster in clusters:
            id_of_key[cluster.ref.key] = ids[id(cluster)]
            for mention in cluster.mentions:
                id_of_key.setdefault(mention.ref.key, ids[id(cluster)])
        actors: list[Actor] = []
        span_actor: dict[tuple[int, int], str] = {}
        token_actor: dict[int, str] = {}
        # larger spans first, so a member's tokens ("Hungarian") override its group's
        ordered = sorted(((m, ids[id(c)]) for c in clusters for m in c.mentions), key=lambda p: p[0].start - p[0].end)
        for mention, actor_id in ordered:
            for i in (*range(mention.start, mention.end), *mention.title_tokens):
                token_actor[i] = actor_id
        for cluster in clusters:
            actor_id = ids[id(cluster)]
            ref = cluster.ref
            mentions = []
            for m in cluster.mentions:
                span = doc[m.start : m.end]
                start, end = span.start_char, span.end_char
                if (start, end) in span_actor:
                    continue
                span_actor[(start, end)] = actor_id
                mentions.append(Mention(start=start, end=end, text=record.text[start:end]))
            if not mentions:
                continue
            members = [id_of_key.get(m.key) or self._member_id(m) for m in ref.members]
            actors.append(
                Actor(
                    id=actor_id, name=ref.name, type=ref.type, country=ref.country, sector=ref.sector,
                    members=list(dict.fromkeys(members)), mentions=mentions,
                )
            )  # fmt: skip
        record.actors = actors
        state = shared_state(doc)
        state["actor_spans"] = span_actor  # (start_char, end_char) of each mention -> actor id
        state["token_actor"] = token_actor  # token index -> actor id, for syntax-based extractors
        state["actor_titles"] = {ids[id(c)]: c.ref.title for c in clusters if c.ref.title}

    def _actor_id(self, cluster: Cluster, doc_id: str) -> str:
        ref = cluster.ref
        if ref.fixed:
            return ref.key
        if ref.local:
            return f"local:{doc_id}:{ref.key.split(':', 1)[1]}"
        return canonical_id(ref.type, ref.name)

    @staticmethod
    def _member_id(ref) -> str:
        return ref.key if ref.fixed else canonical_id(ref.type, ref.name)


def _join_same_id(clusters: list[Cluster], ids: dict[int, str]) -> list[Cluster]:
    """One cluster per final id: two clusters whose names have one slug are one actor."""
    first: dict[str, Cluster] = {}
    out = []
    for cluster in clusters:
        actor_id = ids[id(cluster)]
        if actor_id in first:
            first[actor_id].mentions.extend(cluster.mentions)
            first[actor_id].mentions.sort(key=lambda m: (m.start, m.end))
        else:
            first[actor_id] = cluster
            out.append(cluster)
    return out
