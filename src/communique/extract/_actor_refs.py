"""What an actor mention refers to, before the merging step gives final ids."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..kb import Entry, KnowledgeBase
from ._actor_names import slug


@dataclass
class Ref:
    """What a mention refers to, before final ids are given."""

    key: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    fixed: bool = False  # the key is a knowledge-base id: keep it
    local: bool = False  # an unqualified common noun ("the ministry"): its id is local to the document
    counted: bool = False  # a counted group ("three opposition parties"): some, not the whole body
    members: list[Ref] = field(default_factory=list)
    title: str | None = None  # office key of a person ("prime minister")
    generic: bool = False  # "the minister" with no holder named: one of many holders, the document's own


@dataclass
class Found:
    """One mention: tokens [start, end) refer to ``ref`` (None for an office or pronoun to resolve)."""

    start: int
    end: int
    ref: Ref | None
    kind: str  # name, nominal, adjective, group, member, office, title, pronoun
    office: str | None = None  # for kind "office": the title
    country: str | None = None  # for kind "office": the country that qualifies it
    generic: bool = False  # for kind "office": a lower-case or common one-word title ("the commander")
    title_tokens: tuple[int, ...] = ()  # tokens of a title or adjective that also point to the actor


def entry_ref(entry: Entry) -> Ref:
    return Ref(entry.id, entry.name, entry.type, entry.country, entry.sector, fixed=True)


def office_actor(kb: KnowledgeBase, office_key: str, country: str | None) -> Ref:
    """An office as an actor when no holder is named: "the Prime Minister of Montenegro"
    (office:mne-prime-minister) or, for an office of a body, "Secretary-General (United Nations)"."""
    office = kb.offices[office_key]
    title = office_key.title() if office_key.islower() else office_key
    if country is not None:
        name = kb.countries.get(country, {}).get("name", country)
        return Ref(f"office:{country.lower()}-{slug(office_key)}", f"{title} of {name}", "person", country,
                   office.sector, fixed=True, title=office_key)  # fmt: skip
    body = kb.entries[office.body]
    return Ref(f"office:{body.id.split(':', 1)[1]}-{slug(office_key)}", f"{title} ({body.name})", "person",
               body.country, office.sector, fixed=True, title=office_key)  # fmt: skip
