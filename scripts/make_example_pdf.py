"""Build examples/written/press-release-river-monitoring.pdf from its text source (written for the
project, not taken from anywhere). Run: .venv/bin/python scripts/make_example_pdf.py"""

from pathlib import Path

from communique.testing import make_pdf

ROOT = Path(__file__).resolve().parent.parent
source = ROOT / "scripts/example_sources/press-release-river-monitoring.txt"
target = ROOT / "examples/written/press-release-river-monitoring.pdf"
text = source.read_text(encoding="utf-8")
paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
target.write_bytes(make_pdf("\n\n".join(paragraphs), title="Danube Water Alliance press release", author="Danube Water Alliance"))
print(f"wrote {target} ({target.stat().st_size} bytes)")
