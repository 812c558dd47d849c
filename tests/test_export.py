"""Exports: every format written from a database with records of every kind, reread, checked against
the store (row counts, columns, values), plus the column documentation they rely on."""

from __future__ import annotations

import csv
import json
import sqlite3

import networkx as nx
import pyarrow.parquet as pq
import pytest

from communique.errors import DatabaseNotFound, ExportError, UnknownExportFormat
from communique.export import FORMATS, export
from communique.export import tables as export_tables
from communique.export.gdelt import COLUMNS as GDELT_COLUMNS
from communique.export.gdelt import DESCRIPTIONS as GDELT_DESCRIPTIONS
from communique.export.gdelt import lead_end, quad_class
from communique.schema import Actor, Mention, validate
from communique.store import Store
from communique.store.columns import TABLES, table_columns
from communique.store.networks import Filters, build_network

from .conftest import ROOT, run_cli
from .workbench_data import AMNESTY, HOSTILE_TEXT, NORWAY_GOV, OXFAM, _doc, build_workbench_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_workbench_db(tmp_path_factory.mktemp("export") / "workbench.db")


def store_counts(db) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_every_column_is_described_and_docs_are_fresh():
    for table in TABLES:
        for name, _, description in table_columns(table):
            assert description, f"{table}.{name} has no description: describe it in the schema or store/columns.py"
    assert set(GDELT_DESCRIPTIONS) == set(GDELT_COLUMNS)
    from communique.export.docs import export_markdown

    docs = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert export_markdown() in docs, "docs/schema.md is stale: run `make schema`"


def test_csv_every_table_every_row(db, tmp_path):
    written = export(db, "csv", tmp_path / "csv")
    counts = store_counts(db)
    assert written == counts
    for table in TABLES:
        with (tmp_path / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == [name for name, _, _ in table_columns(table)]
        assert len(rows) - 1 == counts[table], table
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        texts = {r["id"]: r["text"] for r in csv.DictReader(fh)}
    assert texts["hostile"] == HOSTILE_TEXT  # quotes, newlines and markup survive the round trip


def test_parquet_typed_and_complete(db, tmp_path):
    written = export(db, "parquet", tmp_path / "pq", tables=["documents", "quotes", "events", "stances"])
    counts = store_counts(db)
    for table in ("documents", "quotes", "events", "stances"):
        data = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        assert data.num_rows == counts[table] == written[table]
        assert data.column_names == [name for name, _, _ in table_columns(table)]
    quotes = pq.read_table(tmp_path / "pq" / "quotes.parquet")
    assert str(quotes.schema.field("direct").type) == "bool"
    assert quotes.schema.field("speaker").metadata[b"description"].startswith(b"Actor id")
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    geneva = next(e for e in events if e["place_name"] == "Geneva")
    assert geneva["place_lat"] == pytest.approx(46.2022) and geneva["negated"] is False
    assert not (tmp_path / "pq" / "mentions.parquet").exists()


def test_jsonl_records_are_the_stored_records(db, tmp_path):
    assert export(db, "jsonl", tmp_path / "out.jsonl") == {"documents": 5}
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    counts = store_counts(db)
    totals = dict.fromkeys(("quotes", "events", "demands", "stances", "techniques", "roles"), 0)
    with Store(db, readonly=True) as store:
        for line in lines:
            record = json.loads(line)
            validate(record)
            assert record == store.get(record["id"]).to_dict()
            for kind in totals:
                totals[kind] += len(record[kind] or [])
    assert len(lines) == counts["documents"]
    assert totals == {kind: counts[kind] for kind in totals}


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_signed_network_opens_as_a_graph_with_every_stance(db, tmp_path, fmt):
    out = tmp_path / f"signed.{fmt}"
    written = export(db, fmt, out)
    graph = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert graph.is_directed()
    assert written["records"] == store_counts(db)["stances"] == 7
    assert sum(d["favor"] + d["against"] for _, _, d in graph.edges(data=True)) == 7
    assert graph.number_of_edges() == written["edges"] == 6  # oxfam->government is one edge, favor 1 and against 1
    edge = graph.edges[OXFAM, NORWAY_GOV]
    assert (edge["favor"], edge["against"], edge["polarity"], float(edge["sign"])) == (1, 1, "mixed", 0.0)
    assert graph.nodes[NORWAY_GOV]["country"] == "NOR"
    label = graph.nodes[OXFAM]["label"]
    assert label == "Oxfam"


def test_cosign_and_event_networks(db, tmp_path):
    export(db, "graphml", tmp_path / "cosign.graphml", network="cosign")
    graph = nx.read_graphml(tmp_path / "cosign.graphml")
    assert not graph.is_directed()
    assert graph.edges[OXFAM, AMNESTY]["weight"] == 2  # the joint statement and the open letter
    export(db, "gexf", tmp_path / "events.gexf", network="events")
    events = nx.read_gexf(tmp_path / "events.gexf")
    conn = sqlite3.connect(db)
    pairs = conn.execute(
        "SELECT count(*) FROM event_actors a JOIN event_actors r ON a.event_id = r.event_id "
        "AND a.role = 'actor' AND r.role = 'recipient'"
    ).fetchone()[0]
    assert sum(d["weight"] for _, _, d in events.edges(data=True)) == pairs
    assert events.edges[OXFAM, NORWAY_GOV]["request"] == 1


def test_network_filters_by_date_and_genre(db):
    conn = sqlite3.connect(db)
    everything = build_network(conn, "signed")
    march = build_network(conn, "signed", Filters(date_from="2024-03", date_to="2024-03"))
    readouts = build_network(conn, "signed", Filters(genres=("readout",)))
    assert sum(e["weight"] for e in everything.edges) == 7
    assert {e["polarity"] for e in march.edges} == {"against"} and sum(e["weight"] for e in march.edges) == 4
    assert {e["polarity"] for e in readouts.edges} == {"favor"} and len(readouts.edges) == 2


def test_gdelt_table(db, tmp_path):
    out = tmp_path / "events.tsv"
    assert export(db, "gdelt", out) == {"events": store_counts(db)["events"]}
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and lines[0].split("\t") == list(GDELT_COLUMNS)
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines[1:-1]]
    assert len(rows) == 6 and all(len(line.split("\t")) == len(GDELT_COLUMNS) for line in lines[1:-1])
    request = next(r for r in rows if r["PloverType"] == "REQUEST")
    assert request["SQLDATE"] == "20240301" and request["MonthYear"] == "202403" and request["Year"] == "2024"
    assert request["EventRootCode"] == "10" and request["QuadClass"] == "3"
    assert request["Actor1Name"] == "Oxfam" and request["Actor2Code"] == "NORGOV"
    assert request["Actor1Ids"].split(";") == [OXFAM, AMNESTY, "organization:human-rights-watch"]
    assert request["ActionGeo_FullName"] == "Geneva" and request["ActionGeo_Type"] == "4"
    assert request["IsRootEvent"] == "1" and request["AvgTone"] == "-2.5"
    reject = next(r for r in rows if r["PloverType"] == "REJECT")
    assert reject["SQLDATE"] == "" and reject["MonthYear"] == "202403" and reject["ActionGeo_Type"] == "1"
    assert next(r for r in rows if r["PloverType"] == "ACCUSE")["IsRootEvent"] == "0"  # second paragraph
    threat = next(r for r in rows if r["PloverType"] == "THREATEN")
    assert threat["SOURCEURL"] == "javascript:window.__pwned=1" and "\n" not in threat["Trigger"]


def test_gdelt_helpers():
    assert [quad_class(c) for c in ("01", "05", "06", "08", "09", "13", "14", "20", None, "x")] == [1, 1, 2, 2, 3, 3, 4, 4, None, None]
    text = "A title\n\nThe lead sentence. Another.\n\nMore."
    assert text[: lead_end(text)].endswith("Another.")
    assert lead_end("no sentence end") == len("no sentence end") and lead_end("") == 0


def test_streams_past_any_cap(tmp_path, monkeypatch):
    """2,500 mentions (more than Datasette's 1,000-row page) in batches of 7: every row comes out."""
    text = "Oxfam " * 2500
    actor = Actor(id=OXFAM, name="Oxfam", type="organization",
                  mentions=[Mention(start=i * 6, end=i * 6 + 5, text="Oxfam") for i in range(2500)])  # fmt: skip
    db = build_workbench_db(tmp_path / "big.db", [_doc("big", text, actors=[actor])])
    monkeypatch.setattr(export_tables, "BATCH_ROWS", 7)
    assert export(db, "csv", tmp_path / "csv", tables=["mentions"])["mentions"] == 2500
    assert export(db, "parquet", tmp_path / "pq", tables=["mentions"])["mentions"] == 2500
    assert pq.read_table(tmp_path / "pq" / "mentions.parquet").num_rows == 2500
    with (tmp_path / "csv" / "mentions.csv").open(encoding="utf-8") as fh:
        assert sum(1 for _ in fh) == 2501


def test_export_errors(db, tmp_path):
    with pytest.raises(UnknownExportFormat):
        export(db, "xlsx", tmp_path / "x")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError):
        export(db, "csv", tmp_path / "file")
    with pytest.raises(ExportError):
        export(db, "jsonl", tmp_path)
    with pytest.raises(ExportError):
        export(db, "csv", tmp_path / "c", tables=["nope"])
    with pytest.raises(DatabaseNotFound):
        export(tmp_path / "missing.db", "csv", tmp_path / "c")
    assert set(FORMATS) == {"csv", "jsonl", "parquet", "gexf", "graphml", "gdelt"}


def test_export_command(db, tmp_path):
    from click.testing import CliRunner

    from communique.cli import cli

    done = run_cli("export", str(db), "--format", "gdelt", "--out", str(tmp_path / "e.tsv"))  # as a user runs it
    assert done.returncode == 0, done.stderr.decode()
    assert b"6 events" in done.stderr
    runner = CliRunner()
    graph = runner.invoke(cli, ["export", str(db), "--format", "gexf", "--out", str(tmp_path / "g.gexf"), "--genre", "readout"])
    assert graph.exit_code == 0 and nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == 2
    bad = runner.invoke(cli, ["export", str(db), "--format", "csv", "--out", str(tmp_path / "e.tsv")])
    assert bad.exit_code == 3 and "[CQ400]" in bad.output
    missing = runner.invoke(cli, ["export", str(tmp_path / "none.db"), "--format", "csv", "--out", str(tmp_path / "c")])
    assert missing.exit_code == 3 and "[CQ301]" in missing.output
    assert runner.invoke(cli, ["export", str(db), "--format", "xlsx", "--out", "x"]).exit_code == 2


@pytest.mark.slow
def test_demo_database_in_every_format(demo_db, tmp_path):
    """The demo database (`make demo`) exported in every format, each reread and counted against the store."""
    counts = store_counts(demo_db)
    assert counts["documents"] == 20
    assert export(demo_db, "csv", tmp_path / "csv") == counts
    for table in TABLES:
        with (tmp_path / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) - 1 == counts[table], table
    export(demo_db, "parquet", tmp_path / "pq")
    for table in TABLES:
        assert pq.read_table(tmp_path / "pq" / f"{table}.parquet").num_rows == counts[table], table
    export(demo_db, "jsonl", tmp_path / "all.jsonl")
    records = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == counts["documents"]
    assert sum(len(a["mentions"]) for r in records for a in r["actors"] or []) == counts["mentions"]
    for kind in ("roles", "quotes", "events", "demands", "stances", "techniques"):
        assert sum(len(r[kind] or []) for r in records) == counts[kind], kind
    conn = sqlite3.connect(demo_db)
    pairs = conn.execute(
        "SELECT count(*) FROM event_actors a JOIN event_actors r ON a.event_id = r.event_id "
        "AND a.role = 'actor' AND r.role = 'recipient'"
    ).fetchone()[0]
    signatures = conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT d.id, j.value FROM documents d, json_each(d.signatories) j)"
    ).fetchone()[0]
    for fmt in ("gexf", "graphml"):
        for network in ("signed", "cosign", "events"):
            out = tmp_path / f"{network}.{fmt}"
            written = export(demo_db, fmt, out, network=network)
            graph = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
            assert (graph.number_of_nodes(), graph.number_of_edges()) == (written["nodes"], written["edges"])
            weights = sum(d["weight"] for _, _, d in graph.edges(data=True))
            if network == "signed":
                assert weights == written["records"] == counts["stances"]
            elif network == "events":
                assert weights == written["records"] == pairs
            else:
                assert written["records"] == signatures
    export(demo_db, "gdelt", tmp_path / "events.tsv")
    lines = (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) - 1 == counts["events"] and all(line.count("\t") == len(GDELT_COLUMNS) - 1 for line in lines)
