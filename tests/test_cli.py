"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import sqlite3

from communique.ingest import iter_inputs
from communique.schema import validate

from .conftest import EXAMPLE_DOCUMENTS, EXAMPLES, run_cli


def test_analyze_examples_json_every_line_valid_and_in_order():
    done = run_cli("analyze", str(EXAMPLES), "--json", "--no-progress")
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    assert len(lines) == EXAMPLE_DOCUMENTS
    records = [json.loads(line) for line in lines]
    for record in records:
        validate(record)
        assert "error" not in record, record
    expected = [item.id for item in iter_inputs([EXAMPLES])]
    assert [r["id"] for r in records] == expected  # input order
    statuses = {r["status"] for r in records}
    assert statuses == {"analysed", "unsupported_language"}
    assert "analysed 19, unsupported language 1" in done.stderr.decode()


def test_analyze_into_db_with_a_bad_file_then_resume(tmp_path):
    (tmp_path / "good.txt").write_text("Oxfam criticised the Ministry of Finance on Friday.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "lines.jsonl").write_text('{"id": "j1", "text": "The council met."}\n{broken\n', encoding="utf-8")
    db = tmp_path / "out.db"
    done = run_cli("analyze", str(tmp_path), "--db", str(db), "--no-progress")
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "error [CQ103]" in err and "error [CQ107]" in err
    assert "analysed 2" in err and "failed 2" in err
    assert "Traceback" not in err
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert sorted(r[0] for r in conn.execute("SELECT code FROM failures")) == ["CQ103", "CQ107"]
    again = run_cli("analyze", str(tmp_path), "--db", str(db), "--resume", "--no-progress")
    assert "skipped 2" in again.stderr.decode() and "analysed 0" in again.stderr.decode()
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_show_marks_records_in_text(tmp_path):
    db = tmp_path / "s.db"
    text = "Amnesty International criticised the government of Chile on Friday."
    done = run_cli("analyze", "-", "--db", str(db), "--no-progress", input=text.encode())
    assert done.returncode == 0, done.stderr.decode()
    doc_id = sqlite3.connect(db).execute("SELECT id FROM documents").fetchone()[0]
    shown = run_cli("show", doc_id, "--db", str(db), "--no-color")
    out = shown.stdout.decode()
    assert shown.returncode == 0
    assert "[Amnesty International]a1" in out and "[government of Chile]a2" in out
    assert "actor      Amnesty International (organization, NGO)" in out
    as_json = json.loads(run_cli("show", doc_id, "--db", str(db), "--json").stdout)
    assert as_json["text"] == text
    missing = run_cli("show", "nope", "--db", str(db))
    assert missing.returncode == 3 and b"[CQ303]" in missing.stderr


def test_usage_errors_and_codes(tmp_path):
    assert run_cli("analyze").returncode == 2
    unknown = run_cli("analyze", "-", "--only", "nope", "--json", input=b"text")
    assert unknown.returncode == 3 and b"[CQ202]" in unknown.stderr
    missing = run_cli("analyze", str(tmp_path / "missing.txt"), "--json")
    assert missing.returncode == 1 and b"[CQ101]" in missing.stderr
    line = json.loads(missing.stdout)
    validate(line)
    assert line["error"]["code"] == "CQ101"


def test_summary_and_extractors(tmp_path):
    db = tmp_path / "s.db"
    run_cli("analyze", str(EXAMPLES / "written"), "--db", str(db), "--no-progress")
    out = run_cli("summary", "--db", str(db)).stdout.decode()
    assert "9 documents" in out and "Most present actors" in out
    figures = json.loads(run_cli("summary", "--db", str(db), "--json").stdout)
    assert figures["documents"] == 9 and figures["by_status"]["unsupported_language"] == 1
    listed = run_cli("extractors").stdout.decode()
    assert listed.startswith("actors")
