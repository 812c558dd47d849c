"""Near-duplicates: syndicated copies point to their original, in the store, the JSON and across runs."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from communique.dedup import DuplicateIndex, signature, similarity
from communique.errors import UsageError
from communique.run import run_batch

ARTICLE = (
    "The port authority of Harbour City announced on Tuesday that dock workers will return to work "
    "after a three-week strike over pay and safety. The agreement, reached after talks mediated by the "
    "regional labour office, raises wages by six percent over two years and creates a joint safety "
    "committee. Union leader Maria Santos said the deal was a fair compromise and thanked members for "
    "their patience. The harbour master said ships waiting offshore would be unloaded within a week. "
    "Local businesses, which lost an estimated four million dollars during the stoppage, welcomed the news."
)
SYNDICATED = "From our wire service. " + ARTICLE.replace("Tuesday", "Tuesday,") + " Copyright 2024 Coast Herald."
REWRITTEN = (
    "Dock workers in Harbour City ended their strike this week. Talks led by the labour office produced "
    "a wage rise and a safety committee, and the union called the result fair."
)


def test_signatures_estimate_jaccard_similarity():
    assert similarity(signature(ARTICLE), signature(ARTICLE)) == 1.0
    assert similarity(signature(ARTICLE), signature(SYNDICATED)) > 0.8
    assert similarity(signature(ARTICLE), signature(REWRITTEN)) < 0.2
    assert len(signature("")) == 512 and len(signature("x" * 1_000_000)) == 512


def test_index_points_to_the_earliest_original_never_to_a_copy():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    index = DuplicateIndex(conn, 0.8)
    assert index.find("a", signature(ARTICLE)) is None
    index.add("a", signature(ARTICLE), None)
    assert index.find("a", signature(ARTICLE)) is None  # itself, re-analysed
    assert index.find("b", signature(SYNDICATED)) == "a"
    index.add("b", signature(SYNDICATED), "a")
    # a copy of the copy still names the original
    assert index.find("c", signature(SYNDICATED + " Reposted.")) == "a"
    assert index.find("d", signature(REWRITTEN)) is None
    # a stricter threshold re-cuts the bands of the stored signatures and applies
    strict = DuplicateIndex(conn, 0.98)
    assert (strict.bands, strict.rows) != (index.bands, index.rows)
    assert strict.find("e", signature(ARTICLE + " Reposted by the Coast Herald on Wednesday.")) is None and strict.find("e", signature(ARTICLE)) == "a"
    with pytest.raises(UsageError):
        DuplicateIndex(conn, 0)


def jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_run_marks_copies_in_store_and_json_across_runs(tmp_path, actors_pipeline):
    db = tmp_path / "a.db"
    first = jsonl(tmp_path / "one.jsonl", [
        {"id": "orig", "text": ARTICLE}, {"id": "copy1", "text": SYNDICATED}, {"id": "other", "text": REWRITTEN},
    ])  # fmt: skip
    out = io.StringIO()
    summary = run_batch([first], db=db, json_out=out, pipeline=actors_pipeline)
    assert summary.duplicates == 1
    assert [json.loads(line)["duplicate_of"] for line in out.getvalue().splitlines()] == [None, "orig", None]
    # a later run compares with what is stored
    second = jsonl(tmp_path / "two.jsonl", [{"id": "copy2", "text": ARTICLE + " Updated at 5pm."}])
    run_batch([second], db=db, pipeline=actors_pipeline)
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT id, duplicate_of FROM documents").fetchall())
        assert rows == {"orig": None, "copy1": "orig", "other": None, "copy2": "orig"}
        assert conn.execute("SELECT count(*) FROM dedup_signatures").fetchone()[0] == 4
        # replacing a document replaces its index rows (foreign keys), never duplicates them
        run_batch([first], db=db, pipeline=actors_pipeline)
        assert conn.execute("SELECT count(*) FROM dedup_signatures").fetchone()[0] == 4
        assert conn.execute("SELECT count(DISTINCT doc_id) FROM dedup_bands").fetchone()[0] == 4
    # off, and stricter
    out = io.StringIO()
    run_batch([first], json_out=out, pipeline=actors_pipeline, dedup=False)
    assert [json.loads(line)["duplicate_of"] for line in out.getvalue().splitlines()] == [None, None, None]
    out = io.StringIO()
    run_batch([first], json_out=out, pipeline=actors_pipeline, dedup_threshold=0.98)
    assert [json.loads(line)["duplicate_of"] for line in out.getvalue().splitlines()] == [None, None, None]


def test_a_document_the_store_refuses_becomes_a_failure_and_the_run_goes_on(tmp_path, actors_pipeline, monkeypatch):
    from communique.schema import Actor, Mention

    # an extractor that lists one actor twice breaks the store's (doc_id, actor_id) key
    def twice(doc, record):
        record.actors = [Actor(id="person:x", name=n, type="person", mentions=[Mention(start=0, end=1, text="T")]) for n in "ab"]

    monkeypatch.setattr(type(actors_pipeline.extractors[0]), "__call__", lambda self, doc, rec: twice(doc, rec))
    first = jsonl(tmp_path / "one.jsonl", [{"id": "a", "text": ARTICLE}, {"id": "b", "text": REWRITTEN}])
    out = io.StringIO()
    summary = run_batch([first], db=tmp_path / "a.db", json_out=out, pipeline=actors_pipeline)
    assert summary.failed == 2 and [json.loads(line)["error"]["code"] for line in out.getvalue().splitlines()] == ["CQ300"] * 2
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM dedup_signatures").fetchone()[0] == 0  # rolled back with it
