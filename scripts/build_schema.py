"""Regenerate the shipped JSON Schema and the field tables of docs/schema.md from the models.

Run after changing src/communique/schema (``make schema``); tests/test_schema.py fails until you do.
"""

import json
from pathlib import Path

from communique.schema import build_json_schema
from communique.export.docs import splice as splice_exports
from communique.schema._docs import splice

ROOT = Path(__file__).resolve().parent.parent
schema_path = ROOT / "src/communique/schema/record.schema.json"
schema_path.write_text(json.dumps(build_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
docs_path = ROOT / "docs/schema.md"
docs_path.write_text(splice_exports(splice(docs_path.read_text(encoding="utf-8"))), encoding="utf-8")
print(f"wrote {schema_path.relative_to(ROOT)} and the tables of {docs_path.relative_to(ROOT)} (records and exports)")
