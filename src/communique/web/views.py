"""The workbench pages, as Datasette routes under /-/communique/ (registered by the plugin).

Ids travel as query parameters (``?id=``), never in the path, so an id with slashes, question marks
or HTML in it reaches the page intact. Every page reads through Datasette's read-only connection.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from ..schema import GENRES, PLOVER_CATEGORIES
from ..store import Store
from ..store.networks import Filters, build_network
from . import document as document_view
from . import queries

PREFIX = "-/communique"
PLUGIN = "communique"
#: Edge colours of the signed network; also in the page's legend.
POLARITY_COLOURS = {"favor": "#1a9850", "against": "#d73027"}
#: Edges drawn at most (the heaviest first); GEXF/GraphML exports have them all.
EDGE_LIMIT = 2000


class Missing(Exception):
    """A page asked for something this database does not have: a 404 with the message."""


def page(view: Any) -> Any:
    """A workbench route: `Missing` becomes a plain 404 page (or JSON), not a logged traceback."""

    @functools.wraps(view)
    async def route(datasette: Any, request: Any) -> Response:
        try:
            return await view(datasette, request)
        except Missing as err:
            if request.path.endswith(".json"):
                return Response.json({"ok": False, "error": str(err), "status": 404}, status=404)
            context = {"ok": False, "error": str(err), "status": 404, "title": "Not found"}
            return Response.html(await datasette.render_template("error.html", context, request=request), status=404)

    return route


async def _database(datasette: Any, request: Any) -> Any:
    """The communique database this request is about: ``?db=NAME``, else the first one served."""
    wanted = request.args.get("db")
    for name, db in datasette.databases.items():
        if db.is_memory or name == "_internal" or (wanted and name != wanted):
            continue
        if await db.execute_fn(queries.is_communique_database):
            await datasette.ensure_permissions(request.actor, [("view-database", name), "view-instance"])
            return db
    raise Missing(f"No communique database {wanted!r} is served here." if wanted else "No communique database is served here.")


class Urls:
    """Links between workbench pages and to Datasette's rows and tables, for one database."""

    def __init__(self, datasette: Any, request: Any, db: Any) -> None:
        self.ds, self.db = datasette, db
        self.keep = {"db": request.args["db"]} if request.args.get("db") else {}

    def page(self, name: str, **params: Any) -> str:
        query = urlencode({**{k: v for k, v in params.items() if v not in (None, "", ())}, **self.keep}, doseq=True)
        path = f"{PREFIX}/{name}" if name else PREFIX  # Datasette redirects paths that end in /
        return self.ds.urls.path(path) + (f"?{query}" if query else "")

    def document(self, doc_id: str, record: str | None = None) -> str:
        return self.page("document", id=doc_id) + (f"#{record}" if record else "")

    def actor(self, actor_id: str) -> str:
        return self.page("actor", id=actor_id)

    def row(self, table: str, pk: Any) -> str:
        return self.ds.urls.row(self.db.name, table, tilde_encode(str(pk)))

    def table(self, table: str, **where: Any) -> str:
        query = urlencode({k: v for k, v in where.items() if v is not None})
        return self.ds.urls.table(self.db.name, table) + (f"?{query}" if query else "")

    def static(self, path: str) -> str:
        return self.ds.urls.static_plugins(PLUGIN, path)


def vendor_missing() -> list[str]:
    """Browser libraries that `make install` should have copied, and did not."""
    vendor = resources.files(__package__).joinpath("static", "vendor")
    manifest = vendor.joinpath("MANIFEST.json")
    if not manifest.is_file():
        return ["all (run `make install`: it runs npm ci and copies them)"]
    listed = json.loads(manifest.read_text(encoding="utf-8"))
    return [f for pkg in listed.values() for f in pkg["files"] if not vendor.joinpath(f).is_file()]


def _filters(request: Any) -> tuple[Filters, dict[str, Any]]:
    genres = tuple(g for g in request.args.getlist("genre") if g in GENRES)
    date_from = (request.args.get("from") or "").strip()[:10] or None
    date_to = (request.args.get("to") or "").strip()[:10] or None
    form = {"from": date_from or "", "to": date_to or "", "genres": genres}
    return Filters(date_from, date_to, genres), form


async def _render(datasette: Any, request: Any, template: str, context: dict[str, Any]) -> Response:
    context = {"vendor_missing": vendor_missing(), "all_genres": GENRES, **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html)


@page
async def index(datasette: Any, request: Any) -> Response:
    db = await _database(datasette, request)
    data = await db.execute_fn(queries.overview)
    return await _render(datasette, request, "communique_index.html", {"data": data, "links": Urls(datasette, request, db), "database": db.name})


@page
async def document(datasette: Any, request: Any) -> Response:
    db = await _database(datasette, request)
    doc_id = request.args.get("id")
    if not doc_id:
        raise Missing("Which document? Add ?id=DOCUMENT_ID.")
    links = Urls(datasette, request, db)

    def read(conn: Any) -> Any:
        store = Store.over(conn, db.path or "")
        if queries.document_pk(conn, doc_id) is None:
            return None
        doc = store.get(doc_id)
        names = {a.id: a.name for a in doc.actors or ()}
        # Records may name actors the document's actor list lacks (a role-only signatory): the
        # store already knows how to find every id a record points at.
        referenced = Store._referenced_actor_ids(doc.model_dump(mode="json"))
        names.update(queries.actor_names(conn, referenced - set(names)))
        return doc, queries.row_ids(conn, doc_id), names, queries.document_pk(conn, doc_id)

    found = await db.execute_fn(read)
    if found is None:
        raise Missing(f"No document {doc_id!r} in this database.")
    doc, rows, names, pk = found
    marks, records = document_view.collect(doc, rows, names, document_view.Links(row=links.row, actor=links.actor))
    roles = {
        role: [{"id": a, "name": names.get(a, a), "href": links.actor(a)} for a in getattr(doc, role) or []]
        for role in ("authors", "senders", "addressees", "signatories")
    }
    not_run = [kind for kind in ("actors", "roles", "quotes", "events", "demands", "stances", "techniques") if getattr(doc, kind) is None]
    context = {
        "doc": doc,
        "links": links,
        "text_html": document_view.render_text(doc.text, marks),
        "records": records,
        "kinds": document_view.KINDS,
        "counts": document_view.kind_counts(records),
        "roles": roles,
        "not_run": not_run,
        "row_url": links.row("documents", pk),
        "safe_url": doc.url if doc.url and doc.url.lower().startswith(("http://", "https://")) else None,
    }
    return await _render(datasette, request, "communique_document.html", context)


@page
async def actor(datasette: Any, request: Any) -> Response:
    db = await _database(datasette, request)
    actor_id = request.args.get("id")
    if not actor_id:
        raise Missing("Which actor? Add ?id=ACTOR_ID.")
    data = await db.execute_fn(lambda conn: queries.actor_page(conn, actor_id))
    if data is None:
        raise Missing(f"No actor {actor_id!r} in this database.")
    context = {"data": data, "links": Urls(datasette, request, db), "actor_id": actor_id, "limit": queries.ACTOR_LIST_LIMIT}
    return await _render(datasette, request, "communique_actor.html", context)


async def _network_data(datasette: Any, request: Any) -> tuple[dict[str, Any], dict[str, Any], Any, Urls]:
    db = await _database(datasette, request)
    links = Urls(datasette, request, db)
    kind = request.args.get("kind") if request.args.get("kind") in ("signed", "cosign") else "signed"
    filters, form = _filters(request)
    try:
        min_weight = max(1, int(request.args.get("min_weight") or 1))
    except ValueError:
        min_weight = 1
    net = await db.execute_fn(lambda conn: build_network(conn, kind, filters))
    edges = [e for e in net.edges if e["weight"] >= min_weight]
    matching = len(edges)
    if matching > EDGE_LIMIT:  # a browser layout slows to a crawl beyond; the page says so
        edges = sorted(edges, key=lambda e: -e["weight"])[:EDGE_LIMIT]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [
        {"data": {"id": actor_id, "label": attrs["name"], "type": attrs["type"], "country": attrs["country"] or "",
                  "signed": attrs.get("signed", 0), "href": links.actor(actor_id)}}
        for actor_id, attrs in net.nodes.items() if actor_id in used or kind == "cosign"
    ]  # fmt: skip
    elements = nodes + [
        {"data": {"id": f"e{i}", "source": e["source"], "target": e["target"], "weight": e["weight"],
                  "polarity": e.get("polarity", ""), "colour": POLARITY_COLOURS.get(e.get("polarity", ""), "#4a6fa5"),
                  "href": links.table("stances", holder=e["source"], target=e["target"], polarity=e["polarity"])
                  if kind == "signed" else None,
                  "documents": [{"id": d, "href": links.document(d)} for d in e.get("doc_ids", [])[:50]]}}
        for i, e in enumerate(edges)
    ]  # fmt: skip
    form.update({"kind": kind, "min_weight": min_weight})
    data = {"kind": kind, "directed": net.directed, "elements": elements, "nodes": len(nodes), "edges": len(edges),
            "matching_edges": matching, "records": sum(e["weight"] for e in edges)}  # fmt: skip
    return data, form, db, links


@page
async def network(datasette: Any, request: Any) -> Response:
    data, form, db, links = await _network_data(datasette, request)
    context = {"data": data, "form": form, "links": links, "colours": POLARITY_COLOURS}
    return await _render(datasette, request, "communique_network.html", context)


@page
async def network_json(datasette: Any, request: Any) -> Response:
    data, _, _, _ = await _network_data(datasette, request)
    return Response.json(data)


async def _event_data(datasette: Any, request: Any) -> tuple[dict[str, Any], dict[str, Any], Urls]:
    db = await _database(datasette, request)
    links = Urls(datasette, request, db)
    filters, form = _filters(request)
    types = tuple(t for t in request.args.getlist("type") if t in PLOVER_CATEGORIES)
    form["types"] = types
    data = await db.execute_fn(lambda conn: queries.events(conn, filters, types))
    for e in data["events"]:
        e["href"] = links.document(e["doc_id"], f"event-{e['seq']}")
        e["row"] = links.row("events", e["id"])
    return data, form, links


@page
async def timeline(datasette: Any, request: Any) -> Response:
    data, form, links = await _event_data(datasette, request)
    return await _render(datasette, request, "communique_timeline.html",
                         {"data": data, "form": form, "links": links, "plover": PLOVER_CATEGORIES, "limit": queries.EVENT_LIMIT})  # fmt: skip


@page
async def events_map(datasette: Any, request: Any) -> Response:
    data, form, links = await _event_data(datasette, request)
    return await _render(datasette, request, "communique_map.html",
                         {"data": data, "form": form, "links": links, "plover": PLOVER_CATEGORIES, "limit": queries.EVENT_LIMIT})  # fmt: skip


@page
async def events_json(datasette: Any, request: Any) -> Response:
    data, _, _ = await _event_data(datasette, request)
    return Response.json(data)


ROUTES = [
    (rf"^/{PREFIX}$", index),
    (rf"^/{PREFIX}/document$", document),
    (rf"^/{PREFIX}/actor$", actor),
    (rf"^/{PREFIX}/network$", network),
    (rf"^/{PREFIX}/network\.json$", network_json),
    (rf"^/{PREFIX}/timeline$", timeline),
    (rf"^/{PREFIX}/map$", events_map),
    (rf"^/{PREFIX}/events\.json$", events_json),
]
