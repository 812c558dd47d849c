"""Hostile input: what real crawls contain ends as a result or a coded error, never a traceback, a
hang or a lost batch. Property-based fuzzing (hypothesis) of ingest and of the whole pipeline: a
quick run here, 10,000 examples each with ``make test-slow``."""

from __future__ import annotations

import functools
import json
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.errors import CommuniqueError
from communique.ingest import InputDocument, InputFailure, RawInput, parse_raw
from communique.schema import Document, ErrorRecord, json_schema
from communique.testing import make_pdf

from .conftest import run_cli

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THOROUGH = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FORMATS = ("txt", "md", "html", "pdf")

# Bytes that look a little like each format, so the fuzzer gets past the first check of a reader.
PREFIXES = {
    "txt": st.just(b""),
    "md": st.sampled_from([b"", b"---\n", b"---\ntitle: [unclosed\n", b"---\ndate: 2024-13-45\n---\n", b"# "]),
    "html": st.sampled_from([b"", b"<html><body>", b"<!doctype html><article><p>", b"<div><div><p>"]),
    "pdf": st.sampled_from([b"%PDF-1.4\n", make_pdf("The minister spoke.")[:200], b"PK\x03\x04"]),
}


def raw_inputs():
    return st.sampled_from(FORMATS).flatmap(
        lambda fmt: st.tuples(
            st.just(fmt),
            PREFIXES[fmt],
            st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass"))),
        )
    )


def check_parsed(fmt: str, prefix: bytes, body: bytes) -> list:
    items = parse_raw(RawInput(f"fuzz.{fmt}", prefix + body, fmt), max_chars=50_000)
    assert len(items) == 1
    for item in items:
        if isinstance(item, InputFailure):
            assert isinstance(item.error, CommuniqueError) and item.error.code.startswith("CQ1"), item.error
        else:
            assert isinstance(item, InputDocument) and item.text.strip() and "\r" not in item.text
    return items


@QUICK
@given(raw_inputs())
def test_fuzz_ingest_quick(case):
    check_parsed(*case)


@pytest.mark.slow
@pytest.mark.timeout(3600)
@THOROUGH
@given(raw_inputs())
def test_fuzz_ingest_thorough(case):
    check_parsed(*case)


TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(["The", "minister", "Jonas Berg", "of", "Oslo", "said", '"', "“", "”", "'", ".", ",", "\n\n",
                              "U.S.", "(", ")", "—", "\u200b", "\ufeff", "Ł", "東京", "🙂", "https://x.org/a?b=c", "#tag"]),
             max_size=120).map(" ".join),  # fmt: skip
)


def check_pipeline(pipe, fmt: str, prefix: bytes, body: bytes) -> None:
    results = pipe._run_batch(check_parsed(fmt, prefix, body))  # noqa: SLF001
    assert len(results) == 1
    check_result(results[0])


@functools.lru_cache(maxsize=1)
def validator():
    import jsonschema

    return jsonschema.Draft202012Validator(json_schema())  # built once: schema.validate rebuilds it


def check_result(result) -> None:
    assert isinstance(result, (Document, ErrorRecord))
    validator().validate(result.to_dict())
    if isinstance(result, Document):
        for actor in result.actors or ():
            for m in actor.mentions:
                assert 0 <= m.start < m.end <= len(result.text) and result.text[m.start : m.end] == m.text


@QUICK
@given(TEXTS)
def test_fuzz_whole_pipeline_quick(actors_pipeline, text):
    check_pipeline(actors_pipeline, "txt", b"", text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@pytest.mark.timeout(3600)
@THOROUGH
@given(st.one_of(TEXTS.map(lambda t: ("txt", b"", t.encode("utf-8", "surrogatepass"))), raw_inputs()))
def test_fuzz_whole_pipeline_thorough(pipeline, case):
    check_pipeline(pipeline, *case)


# -- files that real crawls contain ----------------------------------------------------------------
def crawl_files(folder, *, huge: bool) -> dict[str, str]:
    """Write the hostile files; return file name -> the code expected (or "ok")."""
    folder.mkdir()
    expected = {}

    def put(name, data, outcome):
        (folder / name).write_bytes(data)
        expected[name] = outcome

    put("binary.txt", bytes(range(256)) * 64, "CQ103")
    put("invalid-utf8.txt", b"The minister \xff\xfe said \xc3\x28 the \xa0talks failed.", "ok")
    put("mixed-encodings.txt", "Café naïve résumé — “quoted”. ".encode() * 40 + "Müller’s".encode("cp1252"), "ok")
    put("utf16-no-bom.txt", "The minister said hello.".encode("utf-16-le"), "CQ103")
    put("empty.txt", b"", "CQ104")
    put("whitespace.md", b"---\ntitle: x\n---\n \n\t\n", "CQ104")
    put("unbalanced-quotes.txt", b'He said "we will never and then \xe2\x80\x9cnothing. \'\' " " \xe2\x80\x9d\xe2\x80\x9d', "ok")
    put("nested.html", b"<html><body>" + b"<div>" * 100_000 + b"<p>Deep.</p>" + b"</div>" * 100_000, "CQ106")
    pdf = make_pdf("The minister said the talks failed.\n" * 20)
    xref = pdf.rfind(b"xref")
    put("broken-xref.pdf", pdf[:xref] + b"xref\n0 9\n" + b"0000099999 00000 n \n" * 9 + pdf[pdf.rfind(b"trailer"):], "ok")
    put("no-xref.pdf", pdf[: len(pdf) // 2], "CQ105")
    with zipfile.ZipFile(folder / "archive.pdf", "w") as zf:
        zf.writestr("a.txt", "The minister said hello.")
    expected["archive.pdf"] = "CQ102"
    put("one-line.txt", b"QUJD" * 250_000, "ok")  # a 1,000,000-character line (a base64 blob)
    put("bad.jsonl", b'{"text": "Fine line."}\n{"text": \n[1,2]\n', "ok")  # one ok, two CQ107
    if huge:
        with (folder / "huge.txt").open("wb") as fh:  # 100 MB of text: refused before it is read
            for _ in range(100):
                fh.write(b"The minister said the talks failed. " * 29_128)
        expected["huge.txt"] = "CQ110"
        put("prose-line.txt", b"The minister met Jonas Berg in Oslo. " * 27_000, "CQ206")  # ~1M chars of prose
    return expected


@pytest.mark.timeout(900)
@pytest.mark.parametrize("huge", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_crawl_files_end_as_results_or_coded_errors(tmp_path, huge):
    expected = crawl_files(tmp_path / "crawl", huge=huge)
    db = tmp_path / "a.db"
    args = ["analyze", str(tmp_path / "crawl"), "--db", str(db), "--json", "--only", "actors", "--no-progress"]
    done = run_cli(*args, "--timeout", "20" if huge else "60", timeout=600)
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err, err
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    got: dict[str, list[str]] = {}
    for line in lines:
        name = line["source"].split("/")[-1].split(":")[0]
        got.setdefault(name, []).append(line["error"]["code"] if "error" in line else "ok")
    assert got.pop("bad.jsonl") == ["ok", "CQ107", "CQ107"] and expected.pop("bad.jsonl")
    assert {name: codes[0] for name, codes in got.items()} == expected
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        failed = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
    assert stored + failed == len(lines)  # nothing lost
