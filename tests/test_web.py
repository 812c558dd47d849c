"""The workbench in-process (Datasette's ASGI client, no browser): pages, JSON, escaping, the token
gate, the bind rule, metadata and the highlight layout. The browser tests are in test_browser.py."""

from __future__ import annotations

import asyncio
import html
import re
import socket
from urllib.parse import quote

import pytest

from communique.errors import ServeError, TokenRequired
from communique.web import document as document_view
from communique.web.security import check_bind, is_loopback
from communique.web.server import build_datasette
from communique.web.views import vendor_missing

from .conftest import run_cli
from .workbench_data import AMNESTY, EVIL, HOSTILE_MARK, HOSTILE_TEXT, NORWAY_GOV, OXFAM, build_workbench_db, joint_statement

TOKEN = "a-very-secret-token-123"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_workbench_db(tmp_path_factory.mktemp("web") / "workbench.db")


@pytest.fixture(scope="module")
def get(db):
    ds = build_datasette(db)

    def fetch(path: str, **kwargs):
        return asyncio.run(ds.client.get(path, **kwargs))

    return fetch


def text_part(page: str) -> str:
    """The highlighted text block of a document page."""
    return page.split('id="cq-text"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]


def test_overview_and_tables(get):
    page = get("/-/communique")
    assert page.status_code == 200
    assert "Joint statement on the detained journalists" in page.text and "5 documents" in page.text
    assert "content-security-policy" in page.headers and "script-src 'self'" in page.headers["content-security-policy"]
    table = get("/workbench/documents")
    assert table.status_code == 200
    assert "/-/communique/document?id=joint-2024" in html.unescape(table.text)  # render_cell links ids to the page
    assert page.headers["x-content-type-options"] == "nosniff" and table.headers["x-frame-options"] == "DENY"
    quotes = html.unescape(get("/workbench/quotes").text)  # a foreign key to documents.id links to the page
    assert '<a href="/-/communique/document?id=joint-2024&db=workbench" title="open the document page">Joint statement' in quotes
    assert '/-/communique/actor?id=person%3Ajane-roe&db=workbench" title="open the actor page">Jane Roe</a>' in quotes


def test_metadata_describes_every_column_and_facets(get):
    meta = get("/-/metadata.json").json()
    tables = meta["databases"]["workbench"]["tables"]
    assert tables["events"]["columns"]["place_lat"] == "Place: Latitude, WGS84."
    assert tables["stances"]["columns"]["polarity"] == "favor or against."
    assert tables["actors"]["label_column"] == "name"
    facets = get("/workbench/stances.json?_facet=polarity").json()["facet_results"]
    assert {v["value"]: v["count"] for v in facets["polarity"]["results"]} == {"against": 5, "favor": 2}
    search = get("/workbench/documents.json?_search=Bergen&_shape=array").json()
    assert [r["id"] for r in search] == ["readout-2024"]
    stream = get("/workbench/mentions.csv?_stream=on&_size=max")
    assert stream.status_code == 200 and len(stream.text.strip().splitlines()) == 1 + 17


def test_document_page_marks_every_kind(get):
    page = get("/-/communique/document?id=joint-2024")
    assert page.status_code == 200
    body = text_part(page.text)
    for kind in ("mention", "quote", "event", "demand", "stance", "technique", "role"):
        assert f"b-{kind}" in body, kind
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == joint_statement().text  # the exact text, every character
    assert "joint statement" in page.text and "several signatories address one government" in page.text
    assert page.text.count(f'href="/-/communique/actor?id={quote(NORWAY_GOV, safe="")}"') >= 1
    records = page.text.split('id="cq-records">', 1)[1].split("</script>", 1)[0]
    assert '"row": "/workbench/events/1"' in records and "quote-0" in records
    assert "Not extracted" not in page.text
    assert '"evidence": "Oxfam press office"' in records and '"span": [null, null]' in records  # a role from metadata


def test_third_party_records_with_a_span_are_drawn(get):
    page = get("/-/communique/document?id=readout-2024")
    assert "b-extension" in text_part(page.text) and "third-party record" in page.text
    assert '"title": "claims"' in page.text and "no span" not in page.text


def test_document_page_says_what_was_not_extracted(get):
    page = get("/-/communique/document?id=german")
    assert page.status_code == 200
    assert "Not extracted for this document" in page.text and "unsupported language" in page.text


def test_hostile_document_is_escaped_everywhere(get):
    page = get("/-/communique/document?id=hostile")
    assert page.status_code == 200
    for raw in ("<script>window", "<img src=x", '<a href="javascript', "<svg onload", "<iframe", "<b onmouseover", "<i>site"):
        assert raw not in page.text, raw
    assert "&lt;script&gt;" in text_part(page.text)
    assert html.unescape(re.sub(r"<[^>]+>", "", text_part(page.text))) == HOSTILE_TEXT
    assert 'href="javascript' not in page.text and "address <code>javascript:window.__pwned=1</code>" in page.text
    json_block = page.text.split('id="cq-records">', 1)[1].split("</script>", 1)[0]
    assert "<" not in json_block  # records reach the script as JSON with <, >, & escaped
    actor = get("/-/communique/actor?id=" + quote(EVIL, safe=""))
    assert actor.status_code == 200 and "<img" not in actor.text and HOSTILE_MARK in html.unescape(actor.text)
    network = get("/-/communique/network")
    assert "<img" not in network.text.split('id="cq-network-data">', 1)[1]
    row = get("/workbench/documents/4")
    assert row.status_code == 200 and "<script>window" not in row.text


def test_missing_things_are_404(get):
    assert get("/-/communique/document?id=nope").status_code == 404
    missing = get("/-/communique/actor?id=" + quote("<script>x</script>"))
    assert missing.status_code == 404 and "<script>x" not in missing.text
    assert get("/-/communique/document").status_code == 404
    assert get("/-/communique?db=other").status_code == 404


def test_actor_page(get):
    page = get("/-/communique/actor?id=" + quote(OXFAM, safe=""))
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Named 5 times in 3 documents" in text
    assert "signatory" in text and "An open letter on civilians" in text
    assert "2024-03" in text and "2024-04" in text  # stances over time, by month
    assert "REQUEST" in text and "CONSULT" in text  # as actor, as recipient
    assert "to release the detained journalists" in text
    assert "cq-not-extracted" not in page.text  # every kind is extracted somewhere in the fixtures
    gov = html.unescape(get("/-/communique/actor?id=" + quote(NORWAY_GOV, safe="")).text)
    assert "We will not stay silent" not in gov and "Readout of the meeting in Bergen" in gov


def test_network_json_and_filters(get):
    signed = get("/-/communique/network.json").json()
    edges = [e["data"] for e in signed["elements"] if "source" in e["data"]]
    assert signed["records"] == 7 and len(edges) == 7
    pair = {e["polarity"] for e in edges if e["source"] == OXFAM and e["target"] == NORWAY_GOV}
    assert pair == {"favor", "against"}
    assert {e["colour"] for e in edges} == {"#1a9850", "#d73027"}
    assert get("/-/communique/network.json?from=2024-04-01&to=2024-04").json()["records"] == 2
    assert get("/-/communique/network.json?from=2024-04-01").json()["records"] == 3  # and the hostile document's
    assert get("/-/communique/network.json?genre=open_letter").json()["edges"] == 0
    cosign = get("/-/communique/network.json?kind=cosign").json()
    weights = {(e["data"]["source"], e["data"]["target"]): e["data"]["weight"] for e in cosign["elements"] if "source" in e["data"]}
    assert weights[tuple(sorted((OXFAM, AMNESTY)))] == 2
    assert get("/-/communique/network?kind=cosign").status_code == 200


def test_network_draws_the_heaviest_edges_past_its_limit(get, monkeypatch):
    from communique.web import views

    monkeypatch.setattr(views, "EDGE_LIMIT", 3)
    data = get("/-/communique/network.json").json()
    assert (data["edges"], data["matching_edges"]) == (3, 7)
    assert "The 3 heaviest of 7 edges are drawn" in get("/-/communique/network").text


def test_events_json_filters(get):
    everything = get("/-/communique/events.json").json()
    assert everything["total"] == 6
    assert [e["type"] for e in get("/-/communique/events.json?type=CONSULT").json()["events"]] == ["CONSULT"]
    march = get("/-/communique/events.json?from=2024-03&to=2024-03").json()
    assert sorted(e["type"] for e in march["events"]) == ["REJECT", "REQUEST"]
    oslo = next(e for e in everything["events"] if e["place_name"] == "Oslo")
    assert oslo["country_numeric"] == "578" and oslo["href"].endswith("#event-1")
    for path in ("/-/communique/timeline", "/-/communique/map"):
        assert get(path).status_code == 200


def test_browser_libraries_are_installed_locally(get):
    assert vendor_missing() == [], "run `make install` (npm ci + scripts/vendor_web_assets.py)"
    for path in ("vendor/cytoscape.min.js", "vendor/leaflet/leaflet.js", "vendor/vis-timeline-graph2d.min.js",
                 "vendor/countries-50m.json", "document.js"):  # fmt: skip
        assert get(f"/-/static-plugins/communique/{path}").status_code == 200, path
    pages = [get(p).text for p in ("/-/communique/network", "/-/communique/map", "/-/communique/timeline")]
    for page in pages:
        assert not re.search(r"src=\"(https?:)?//|<link[^>]+href=\"(https?:)?//", page), "a page loads something from elsewhere"


def test_token_gate(db):
    ds = build_datasette(db, token=TOKEN)

    def fetch(path, **kwargs):
        return asyncio.run(ds.client.get(path, **kwargs))

    assert fetch("/-/communique").status_code == 401
    assert fetch("/-/communique", headers={"Authorization": "Bearer wrong-token-wrong-token"}).status_code == 401
    assert fetch("/-/communique", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert fetch("/workbench/documents.json", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    login = fetch(f"/-/communique/network?kind=cosign&token={TOKEN}")
    assert login.status_code == 302 and login.headers["location"] == "/-/communique/network?kind=cosign"
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
    value = cookie.split(";", 1)[0]
    assert fetch("/-/communique", headers={"Cookie": value}).status_code == 200
    assert fetch("/-/communique", headers={"Cookie": "communique_token=forged"}).status_code == 401


def test_loopback_server_answers_only_loopback_names(db):
    ds = build_datasette(db)
    ds.communique_loopback_only = True
    for host, status in (("127.0.0.1:8001", 200), ("localhost:8001", 200), ("[::1]:8001", 200), ("localhost", 200),
                         ("evil.example:8001", 400), ("evil.example", 400), ("127.0.0.1.evil.example", 400)):  # fmt: skip
        assert asyncio.run(ds.client.get("/-/communique", headers={"Host": host})).status_code == status, host


def test_bind_rules():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.8.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    check_bind("127.0.0.1", None)
    with pytest.raises(TokenRequired):
        check_bind("0.0.0.0", None)
    with pytest.raises(ServeError):
        check_bind("0.0.0.0", "short")
    check_bind("0.0.0.0", TOKEN)


def test_serve_refuses_an_open_address_without_token(db, tmp_path):
    done = run_cli("serve", str(db), "--host", "0.0.0.0", "--port", "1")
    assert done.returncode == 3 and b"[CQ501]" in done.stderr and b"Traceback" not in done.stderr
    from click.testing import CliRunner

    from communique.cli import cli

    missing = CliRunner().invoke(cli, ["serve", str(tmp_path / "none.db")])
    assert missing.exit_code == 3 and "[CQ301]" in missing.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = CliRunner().invoke(cli, ["serve", str(db), "--port", str(taken.getsockname()[1])])
    assert busy.exit_code == 3 and "[CQ500]" in busy.output and "choose another --port" in busy.output


def test_segments_overlapping_and_crossing():
    a = document_view.Mark(0, 10, "stance", "stance-0")
    b = document_view.Mark(5, 15, "demand", "demand-0")  # crosses a
    c = document_view.Mark(6, 8, "mention", "mention-0")  # inside both
    segs = document_view.segments(20, [a, b, c])
    assert [(s, e, tuple(m.key for m in ms)) for s, e, ms in segs] == [
        (0, 5, ("stance-0",)),
        (5, 6, ("stance-0", "demand-0")),
        (6, 8, ("stance-0", "demand-0", "mention-0")),
        (8, 10, ("stance-0", "demand-0")),
        (10, 15, ("demand-0",)),
        (15, 20, ()),
    ]
    tag = document_view.Mark(0, 3, "mention", "mention-0")
    rendered = str(document_view.render_text("<b>x</b> & more", [tag]))
    assert rendered == ('<span class="seg" data-r="mention-0" data-at="0"><span class="band b-mention d0">&lt;b&gt;</span></span>'
                        "x&lt;/b&gt; &amp; more")
    nested = str(document_view.render_text("x" * 20, [a, b, c]))
    assert '<span class="band b-stance d2"><span class="band b-demand d1"><span class="band b-mention d0">xx</span>' in nested
