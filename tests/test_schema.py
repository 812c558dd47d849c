"""The schema, the JSON Schema, the docs and the store agree; every output validates."""

from __future__ import annotations

import json
import re
import sqlite3

import jsonschema
import pytest

from communique import errors
from communique.schema import RECORD_KINDS, Document, Event, Place, build_json_schema, json_schema, validate
from communique.schema._docs import DOCUMENTED_MODELS, markdown_tables
from communique.store import DOCUMENT_COLUMNS, PLACE_COLUMNS, TABLE_COLUMNS, Store

from .conftest import ROOT


def test_shipped_json_schema_is_current():
    assert json_schema() == json.loads(json.dumps(build_json_schema())), "run `make schema`"
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_docs_tables_are_current():
    docs = (ROOT / "docs/schema.md").read_text(encoding="utf-8")
    assert markdown_tables() in docs, "docs/schema.md is stale: run `make schema`"


def test_every_record_kind_is_documented():
    documented = {m.__name__ for m in DOCUMENTED_MODELS}
    assert {m.__name__ for m in RECORD_KINDS.values()} <= documented


def test_store_has_a_column_for_every_field(tmp_path):
    with Store(tmp_path / "s.db") as store:
        def columns(table):
            return {r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")}

        doc_fields = set(Document.model_fields) - {*RECORD_KINDS, "extensions", "warnings", "extractors"}
        assert doc_fields - {"authors", "senders", "addressees", "signatories"} == set(DOCUMENT_COLUMNS)
        assert doc_fields <= columns("documents")
        for kind, (table, fields) in TABLE_COLUMNS.items():
            model_fields = set(RECORD_KINDS[kind].model_fields)
            if kind == "events":
                model_fields -= {"actors", "recipients", "place"}
            assert model_fields == set(fields), kind
            assert set(fields) <= columns(table), table
        assert {f"place_{f}" for f in PLACE_COLUMNS} <= columns("events")
        assert set(PLACE_COLUMNS) == set(Place.model_fields)
        actor_fields = set(RECORD_KINDS["actors"].model_fields) - {"id", "mentions", "members"}
        assert actor_fields <= columns("document_actors") and actor_fields <= columns("actors")
        assert {"start", "end", "text"} <= columns("mentions")
        assert set(Event.model_fields) >= {"actors", "recipients"}


def test_json_schema_rejects_what_it_should():
    doc = {"id": "x", "source": "s", "content_hash": "h", "text": "t"}
    validate(doc)
    with pytest.raises(jsonschema.ValidationError):
        validate({**doc, "published": "March 3"})
    with pytest.raises(jsonschema.ValidationError):
        validate({**doc, "unexpected": 1})
    with pytest.raises(jsonschema.ValidationError):
        validate({**doc, "events": [{"type": "PARTY"}]})
    validate({"id": None, "source": "s", "error": {"code": "CQ101", "message": "m"}})
    with pytest.raises(jsonschema.ValidationError):
        validate({"id": None, "source": "s", "error": {"code": "E1", "message": "m"}})


def test_every_error_class_has_a_unique_code_and_is_documented():
    classes = errors.all_error_classes()
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"CQ\d{3}", c) for c in codes)
    docs = (ROOT / "docs/errors.md").read_text(encoding="utf-8")
    tree = errors.__doc__
    for cls in classes:
        assert f"| {cls.code} | `{cls.__name__}` |" in docs, f"{cls.__name__} missing from docs/errors.md"
        assert cls.__name__ in tree and cls.code in tree, f"{cls.__name__} missing from the errors docstring"
        assert cls.default_message.endswith(".")
    assert set(errors.__all__) >= {c.__name__ for c in classes}


def test_every_warning_code_is_documented():
    docs = (ROOT / "docs/errors.md").read_text(encoding="utf-8")
    used = set()
    for path in (ROOT / "src/communique").rglob("*.py"):
        used |= set(re.findall(r'"(CQW\d{3})"', path.read_text(encoding="utf-8")))
    assert used, "no warning codes found"
    for code in used:
        assert f"| {code} |" in docs, f"{code} missing from docs/errors.md"


def test_store_file_is_plain_sqlite(tmp_path):
    with Store(tmp_path / "s.db"):
        pass
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
