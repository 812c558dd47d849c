"""The SQLite store: exact round trip, idempotence, failures, full text, crash and resume."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from communique.errors import DatabaseCorrupt, DatabaseNotFound, DocumentNotFound, SchemaMismatch
from communique.ingest import from_text
from communique.pipeline import error_record
from communique.schema import (
    Demand,
    Event,
    Place,
    Quote,
    Role,
    Stance,
    Technique,
)
from communique.store import Store

from .conftest import ROOT


def full_record(actors_pipeline):
    """A document with a record of every kind (hand-made where no extractor exists yet)."""
    doc = actors_pipeline.analyze(
        from_text("Oxfam urged the United Nations to act. \"Now,\" said Jane Roe of Oxfam on Friday in Geneva.", id="full")
    )
    ids = {a.name: a.id for a in doc.actors}
    oxfam, un = ids["Oxfam"], ids["the United Nations"] if "the United Nations" in ids else ids["United Nations"]
    doc.roles = [Role(role="author", actor=oxfam, start=0, end=5, text="Oxfam", description="a charity")]
    doc.authors, doc.senders, doc.addressees, doc.signatories = [oxfam], [oxfam], [un], []
    doc.genre, doc.genre_reason, doc.tone = "press_release", "test", -1.5
    doc.quotes = [Quote(speaker=None, text="Now", start=40, end=43, direct=True, cue="said", cue_start=46, cue_end=50)]
    doc.events = [
        Event(type="REQUEST", cameo="10", mode=None, negated=False, actors=[oxfam], recipients=[un, "person:someone-else"],
              date="2024-03", date_granularity="month", place=Place(name="Geneva", country="CHE", lat=46.2, lon=6.14, geonames_id=2660646, start=80, end=86),
              trigger="urged", start=6, end=11, confidence=0.9),
        Event(type="CONSULT", cameo="04", mode="phone", negated=True, actors=[], recipients=[], date=None, place=None,
              trigger="met", start=0, end=3, confidence=0.5, modality="negated"),
    ]  # fmt: skip
    doc.demands = [Demand(by=oxfam, target=un, text="to act", start=31, end=37)]
    doc.stances = [Stance(holder=oxfam, target=un, polarity="against", start=0, end=37, confidence=0.7)]
    doc.techniques = [Technique(label="Slogans", start=40, end=43, confidence=0.6)]
    doc.extensions = {"claims": [{"x": 1}]}
    return doc


def test_round_trip_is_exact(tmp_path, actors_pipeline):
    doc = full_record(actors_pipeline)
    with Store(tmp_path / "a.db") as store:
        store.write(doc, {"communique": "test"})
        back = store.get("full")
    assert back.to_dict() == doc.to_dict()


def test_null_kinds_stay_null(tmp_path, actors_pipeline):
    doc = actors_pipeline.analyze(from_text("Nothing here.", id="n"))
    with Store(tmp_path / "a.db") as store:
        store.write(doc)
        back = store.get("n")
    assert back.actors == [] and back.quotes is None and back.roles is None and back.authors is None


def test_writing_again_replaces_never_duplicates(tmp_path, actors_pipeline):
    doc = full_record(actors_pipeline)
    with Store(tmp_path / "a.db") as store:
        store.write(doc)
        first = store.counts()
        store.write(doc)
        store.write(doc)
        assert store.counts() == first
        assert first["documents"] == 1 and first["events"] == 2
        assert store.conn.execute("SELECT count(*) FROM event_actors").fetchone()[0] == 3


def test_failure_is_recorded_then_cleared_by_success(tmp_path, actors_pipeline):
    from communique.errors import EmptyDocument

    doc = actors_pipeline.analyze(from_text("Oxfam met.", id="d1", source="x.txt"))
    with Store(tmp_path / "a.db") as store:
        store.write(error_record("x.txt", EmptyDocument(source="x.txt")))
        assert store.counts()["failures"] == 1
        store.write(doc)
        assert store.counts()["failures"] == 0 and store.has("d1")


def test_full_text_search_and_foreign_keys(tmp_path, actors_pipeline):
    doc = full_record(actors_pipeline)
    with Store(tmp_path / "a.db") as store:
        store.write(doc)
        hits = store.conn.execute("SELECT d.id FROM documents_fts f JOIN documents d ON d.pk = f.rowid WHERE documents_fts MATCH 'geneva'").fetchall()
        assert [h[0] for h in hits] == ["full"]
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        store.conn.execute("DELETE FROM documents WHERE id = 'full'")
        for table in ("mentions", "quotes", "events", "event_actors", "roles", "demands", "stances", "techniques"):
            assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        assert store.conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'geneva'").fetchone()[0] == 0


def test_store_errors(tmp_path):
    with pytest.raises(DatabaseNotFound):
        Store(tmp_path / "none.db", readonly=True)
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseCorrupt):
        Store(tmp_path / "junk.db")
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    with pytest.raises(SchemaMismatch):
        Store(tmp_path / "other.db")
    with Store(tmp_path / "ok.db") as store, pytest.raises(DocumentNotFound):
        store.get("missing")


def make_corpus(folder, n):
    """n short statements; every tenth is a reposted copy of the one nine before it."""
    folder.mkdir()
    for i in range(n):
        j = i - 9 if i % 10 == 9 else i
        text = (
            f"Statement number {j}. The Ministry of Transport met the Federation of Transport Workers in Oslo "
            f"on Friday to discuss wages, and Jonas Berg{j} said the talks were useful."
        )
        (folder / f"doc{i:04d}.txt").write_text(("Reposted: " if j != i else "") + text, encoding="utf-8")


def killed_then_resumed(tmp_path, n: int, kill_at: int, *options: str) -> sqlite3.Connection:
    """Run over n documents, SIGKILL the run once ``kill_at`` are stored, resume; check and return the db."""
    corpus, db = tmp_path / "corpus", tmp_path / "run.db"
    make_corpus(corpus, n)
    cmd = [sys.executable, "-m", "communique", "analyze", str(corpus), "--db", str(db), "--only", "actors", "--no-progress", *options]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
        if db.exists():
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                conn.close()
            except sqlite3.OperationalError:
                continue
            if stored >= kill_at:
                break
    assert proc.poll() is None, "the run finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert kill_at <= stored < n
    done = subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = done.stderr.strip().splitlines()[-1]
    assert "skipped" in summary
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = conn.execute("SELECT source, count(*) FROM documents GROUP BY source").fetchall()
    assert len(rows) == n and all(count == 1 for _, count in rows)
    # every stored document is complete: its mentions and its near-duplicate signature were
    # committed with it, and a duplicate_of always names a stored document
    for check in (
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id)",
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM dedup_signatures s WHERE s.doc_id = d.id)",
        "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL AND duplicate_of NOT IN (SELECT id FROM documents)",
    ):
        assert conn.execute(check).fetchone()[0] == 0, check
    kinds = {json.loads(k)[0] for (k,) in conn.execute("SELECT kinds FROM documents")}
    assert kinds == {"actors"}
    assert conn.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0] == n // 10
    return conn


def test_killed_run_then_resume_stores_each_document_exactly_once(tmp_path):
    killed_then_resumed(tmp_path, 60, 10, "--batch-size", "4").close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_500_documents_on_two_workers_killed_at_a_random_point(tmp_path):
    seed = random.randrange(1_000_000)
    kill_at = random.Random(seed).randrange(20, 450)
    conn = killed_then_resumed(tmp_path, 500, kill_at, "--workers", "2", "--batch-size", "8")
    resumed = dict(conn.execute("SELECT source, duplicate_of FROM documents").fetchall())
    # the resumed run marks the same near-duplicates as a run that was never interrupted
    reference = tmp_path / "reference.db"
    subprocess.run([sys.executable, "-m", "communique", "analyze", str(tmp_path / "corpus"), "--db", str(reference),
                    "--only", "actors", "--no-progress", "--workers", "2"], cwd=ROOT, check=True, capture_output=True, timeout=600)  # fmt: skip
    with sqlite3.connect(reference) as ref:
        assert dict(ref.execute("SELECT source, duplicate_of FROM documents").fetchall()) == resumed, f"seed {seed}"
