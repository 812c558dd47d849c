"""The generated part of docs/schema.md about exports: table columns, the GDELT-style columns and
the network attributes, from the code that writes them (``make schema`` splices it in; a test fails
when the docs are stale)."""

from __future__ import annotations

from ..store.columns import markdown_tables
from .gdelt import COLUMNS, DESCRIPTIONS

BEGIN = "<!-- generated from communique.export.docs: begin -->"
END = "<!-- generated from communique.export.docs: end -->"

NODE_ATTRIBUTES = {
    "id": "Actor id.",
    "label": "Actor name.",
    "actor_type": "person, organization, state, igo, group, location or other.",
    "country": "ISO3 country, or empty.",
    "sector": "Sector code, or empty.",
    "signed": "cosign only: number of documents the actor signed.",
}
EDGE_ATTRIBUTES = {
    "signed": {
        "weight": "Number of stance records from source (holder) to target.",
        "favor": "How many of them are `favor`.",
        "against": "How many of them are `against`.",
        "sign": "(favor - against) / weight, from -1 (all against) to 1 (all favor).",
        "polarity": "`favor` or `against` when one dominates, else `mixed`.",
    },
    "cosign": {"weight": "Number of documents both actors signed (undirected)."},
    "events": {
        "weight": "Number of events with source among the actors and target among the recipients.",
        "agree ... assault": "One count per PLOVER type (16 attributes, lower case).",
    },
}


def _table(rows: dict[str, str], head: str) -> list[str]:
    return [f"| {head} | description |", "|---|---|", *(f"| `{k}` | {v} |" for k, v in rows.items()), ""]


def export_markdown() -> str:
    parts = [BEGIN, "", "### Tables (CSV, Parquet, Datasette)", "", markdown_tables(), "### GDELT-style event table", ""]
    parts += ["| column | description |", "|---|---|", *(f"| `{c}` | {DESCRIPTIONS[c]} |" for c in COLUMNS), ""]
    parts += ["### Networks (GEXF, GraphML)", "", "Node attributes:", ""] + _table(NODE_ATTRIBUTES, "attribute")
    for network, attrs in EDGE_ATTRIBUTES.items():
        parts += [f"Edge attributes of `--network {network}`:", ""] + _table(attrs, "attribute")
    parts.append(END)
    return "\n".join(parts)


def splice(document: str) -> str:
    start = document.index(BEGIN)
    end = document.index(END) + len(END)
    return document[:start] + export_markdown() + document[end:]
