"""The communique workbench: a Datasette plugin (registered in the ``datasette`` entry-point group).

Datasette gives the tables, facets, full-text search, the JSON API and CSV; this plugin adds the
pages under /-/communique/ (views.py): documents with every record highlighted in place, actors,
the signed and co-signatory networks, a timeline and a map of events. Templates and static files
ship in this package; the browser libraries are copied into static/vendor by ``make install``.
``communique serve`` (server.py) starts it with metadata and the safety rules of security.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

from .security import LoopbackHosts, SecurityHeaders, TokenGate
from .views import PREFIX, ROUTES

_ACTOR_COLUMNS = {
    ("actors", "id"), ("document_actors", "actor_id"), ("mentions", "actor_id"), ("event_actors", "actor_id"),
    ("roles", "actor"), ("quotes", "speaker"), ("demands", "by"), ("demands", "target"),
    ("stances", "holder"), ("stances", "target"), ("events", "claimed_by"),
}  # fmt: skip
_DOCUMENT_COLUMNS = {("documents", "id"), ("failures", "doc_id")} | {
    (t, "doc_id") for t in ("document_actors", "mentions", "roles", "quotes", "events", "demands", "stances", "techniques")
}


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return ROUTES


@hookimpl
def menu_links(datasette: Any, actor: Any, request: Any) -> list[dict[str, str]]:
    base = datasette.urls.path(PREFIX)
    return [
        {"href": base, "label": "Workbench: documents and actors"},
        {"href": f"{base}/network", "label": "Signed actor network"},
        {"href": f"{base}/network?kind=cosign", "label": "Co-signatory network"},
        {"href": f"{base}/timeline", "label": "Timeline of events"},
        {"href": f"{base}/map", "label": "Map of events"},
    ]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str, database: str, datasette: Any) -> Markup | None:
    """Link document and actor ids in Datasette's tables to their workbench pages.

    A column that references ``documents.id`` also needs this for a working link at all: Datasette
    links a foreign key to the row of that key, and the documents table's key is ``pk``, not ``id``.
    """
    label = None
    if isinstance(value, dict) and "value" in value:  # a foreign key Datasette expanded with its label
        label, value = value.get("label"), value["value"]
    if not isinstance(value, str) or not value:
        return None
    if (table, column) in _DOCUMENT_COLUMNS:
        page = "document"
    elif (table, column) in _ACTOR_COLUMNS:
        page = "actor"
    else:
        return None
    href = datasette.urls.path(f"{PREFIX}/{page}") + "?" + urlencode({"id": value, "db": database})
    if label and label != value:
        return Markup(f'<a href="{escape(href)}" title="open the {page} page">{escape(label)}</a>&nbsp;<em>{escape(value)}</em>')
    return Markup(f'<a href="{escape(href)}" title="open the {page} page">{escape(value)}</a>')


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        # The token is read per request: `communique serve` sets it on the instance after Datasette
        # built its app (and its in-process client) in the constructor.
        app = TokenGate(SecurityHeaders(app), lambda: getattr(datasette, "communique_token", None))
        return LoopbackHosts(app, lambda: getattr(datasette, "communique_loopback_only", False))

    return wrap
