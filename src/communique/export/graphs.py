"""Actor networks as GEXF or GraphML (networkx writes both), shaped so that Gephi opens them as is.

Gephi merges parallel edges on import, so each file has at most one edge per ordered pair of actors
(per unordered pair for ``cosign``); what the workbench draws as several edges (favor and against,
or one edge per PLOVER type) becomes counts on that one edge. Attribute values are plain strings,
integers and floats: Gephi rejects missing values, so an unknown country or sector is "".
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from ..schema import PLOVER_CATEGORIES
from ..store.networks import Filters, Network, build_network


def _node_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {
        "label": attrs["name"],
        "actor_type": attrs["type"] or "",
        "country": attrs["country"] or "",
        "sector": attrs["sector"] or "",
    }
    if "signed" in attrs:
        out["signed"] = int(attrs["signed"])
    return out


def to_networkx(net: Network) -> nx.Graph:
    """One simple (Di)Graph with documented edge attributes (docs/schema.md, "Networks")."""
    graph: nx.Graph = nx.DiGraph() if net.directed else nx.Graph()
    graph.graph.update({"network": net.kind, "producer": "communique"})
    for actor_id, attrs in net.nodes.items():
        graph.add_node(actor_id, **_node_attrs(attrs))
    merged: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for e in net.edges:
        data = merged[(e["source"], e["target"])]
        if net.kind == "signed":
            data[e["polarity"]] = data.get(e["polarity"], 0) + e["weight"]
        elif net.kind == "events":
            data[e["type"]] = data.get(e["type"], 0) + e["weight"]
        else:
            data["weight"] = e["weight"]
    for (source, target), data in merged.items():
        if net.kind == "signed":
            favor, against = data.get("favor", 0), data.get("against", 0)
            attrs = {
                "weight": favor + against,
                "favor": favor,
                "against": against,
                "sign": round((favor - against) / (favor + against), 4),
                "polarity": "favor" if favor > against else "against" if against > favor else "mixed",
            }
        elif net.kind == "events":
            attrs = {"weight": sum(data.values())}
            attrs.update({t.lower(): data.get(t, 0) for t in PLOVER_CATEGORIES})
        else:
            attrs = {"weight": data["weight"]}
        graph.add_edge(source, target, **attrs)
    return graph


def write_graph(conn, out: Path, fmt: str, network: str, filters: Filters = Filters()) -> dict[str, int]:
    """Write one network as ``fmt`` (gexf or graphml); counts of nodes, edges and records behind them."""
    net = build_network(conn, network, filters)
    graph = to_networkx(net)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8", version="1.2draft")
    else:
        nx.write_graphml(graph, out, encoding="utf-8")
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "records": sum(e["weight"] for e in net.edges) if net.kind != "cosign" else sum(net.nodes[a].get("signed", 0) for a in net.nodes),
    }
