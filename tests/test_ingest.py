"""Each reader, encodings, directories, stdin and the size limit."""

from __future__ import annotations

import io
import json

import pytest

from communique.errors import (
    DocumentTooLarge,
    EmptyDocument,
    FrontMatterError,
    HtmlError,
    InputNotFound,
    JsonlError,
    PdfError,
    UndecodableText,
    UnsupportedFormat,
)
from communique.ingest import InputDocument, InputFailure, from_text, iter_inputs, sniff_format
from communique.ingest._decode import decode_bytes
from communique.testing import make_pdf


def read_one(path, **kwargs):
    items = list(iter_inputs([path], **kwargs))
    assert len(items) == 1, items
    return items[0]


def ok(path, **kwargs) -> InputDocument:
    item = read_one(path, **kwargs)
    assert isinstance(item, InputDocument), getattr(item, "error", item)
    return item


def failed(path, code_class, **kwargs) -> InputFailure:
    item = read_one(path, **kwargs)
    assert isinstance(item, InputFailure), item
    assert isinstance(item.error, code_class), item.error
    assert item.error.code.startswith("CQ1")
    return item


# -- text and encodings -------------------------------------------------------------------------
def test_txt_utf8_keeps_text_exactly(tmp_path):
    text = "The minister said: “We will act.”\nSecond line — with a dash.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    doc = ok(tmp_path / "a.txt")
    assert doc.text == text
    assert doc.id == doc.content_hash[:16]
    assert doc.warnings == []


def test_crlf_normalised_and_offsets_refer_to_stored_text(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"One.\r\nTwo.\rThree.")
    assert ok(tmp_path / "a.txt").text == "One.\nTwo.\nThree."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_bom_encodings(tmp_path, encoding):
    (tmp_path / "a.txt").write_bytes("Déclaration commune du 3 mars.".encode(encoding))
    assert ok(tmp_path / "a.txt").text == "Déclaration commune du 3 mars."


def test_windows_1252_detected_with_warning(tmp_path):
    text = "The “minister” met the délégation in Paris on Friday and said it was a naïve plan. " * 5
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    doc = ok(tmp_path / "a.txt")
    assert "minister" in doc.text and "Paris" in doc.text
    assert [w["code"] for w in doc.warnings] == ["CQW103"]


def test_utf8_with_stray_bytes_is_repaired_not_reguessed():
    data = ("Zürich und Genève — " * 50).encode("utf-8") + b"caf\xe9 " + ("ok " * 100).encode()
    text, note = decode_bytes(data)
    assert "Zürich" in text and "café" in text
    assert "repaired" in note


def test_binary_file_is_refused(tmp_path):
    (tmp_path / "a.txt").write_bytes(bytes(range(256)) * 20)
    failed(tmp_path / "a.txt", UndecodableText)


def test_empty_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"  \n\n ")
    failed(tmp_path / "a.txt", EmptyDocument)


def test_missing_path():
    item = read_one("/nonexistent/file.txt")
    assert isinstance(item.error, InputNotFound) and item.error.code == "CQ101"


# -- markdown -----------------------------------------------------------------------------------
def test_markdown_front_matter_and_plain_text(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: \"Joint\\u00a0Statement\"\ndate: '2021-03-01'\nsource_url: https://example.org/x\n"
        "id: js-1\nauthor: [A. One, B. Two]\n---\n\n"
        "We, the **leaders** of the [Quad](https://example.org), express our support for a long\n"
        "paragraph that pandoc wrapped at seventy-two characters per line, as scrapers do.\n\n"
        "In solidarity,\n\nAlpha Network\nBeta Union\nGamma Council\n",
        encoding="utf-8",
    )
    doc = ok(tmp_path / "a.md")
    assert doc.id == "js-1"
    assert doc.title == "Joint\u00a0Statement"
    assert doc.published == "2021-03-01"
    assert doc.url == "https://example.org/x"
    assert doc.author == "A. One; B. Two"
    assert "**" not in doc.text and "https://" not in doc.text
    assert "for a long paragraph that pandoc" in doc.text  # wrapped prose re-joined
    assert "Alpha Network\nBeta Union\nGamma Council" in doc.text  # short lines kept


def test_markdown_keeps_lines_a_wrapper_did_not_break(tmp_path):
    # the first name line is long, but the next name would have fitted on it: not a wrapped line
    (tmp_path / "a.md").write_text(
        "Signed:\nAmina Diallo, Executive Director, Coalition for Press Freedom\n"
        "Tomas Herrera, Coordinator, Reporters' Safety Network\n",
        encoding="utf-8",
    )
    doc = ok(tmp_path / "a.md")
    assert "Press Freedom\nTomas Herrera" in doc.text and "Signed:\nAmina" in doc.text


def test_markdown_bad_front_matter(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: [unclosed\n---\nBody text here.\n", encoding="utf-8")
    failed(tmp_path / "a.md", FrontMatterError)
    (tmp_path / "b.md").write_text("---\ntitle: never closed\n\nBody.\n", encoding="utf-8")
    failed(tmp_path / "b.md", FrontMatterError)
    (tmp_path / "c.md").write_text("---\n- a list\n---\nBody.\n", encoding="utf-8")
    failed(tmp_path / "c.md", FrontMatterError)


def test_markdown_unreadable_date_is_a_warning_not_a_failure(tmp_path):
    (tmp_path / "a.md").write_text("---\ndate: sometime soon\n---\nThe council met.\n", encoding="utf-8")
    doc = ok(tmp_path / "a.md")
    assert doc.published is None
    assert [w["code"] for w in doc.warnings] == ["CQW102"]


def test_markdown_without_front_matter(tmp_path):
    (tmp_path / "a.md").write_text("# Heading\n\nJust text.\n", encoding="utf-8")
    assert ok(tmp_path / "a.md").text == "Heading\n\nJust text.\n"


# -- html ---------------------------------------------------------------------------------------
HTML = """<!DOCTYPE html><html><head><title>Unions praise minister | Daily Planet</title>
<meta name="author" content="Jane Roe"><meta property="article:published_time" content="2024-03-01">
<meta property="og:site_name" content="Daily Planet"></head><body><nav>Home | World | Sport</nav>
<article><h1>Unions praise minister</h1><p>The unions praised the minister on Friday, saying the
agreement was fair. "This is a good day," said Ana Lopez, the union leader.</p><p>The ministry did not
comment further on the deal, which covers 40,000 workers across the country.</p>
<script>alert("x")</script></article><footer>Copyright Daily Planet</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    doc = ok(tmp_path / "a.html")
    assert doc.title == "Unions praise minister"
    assert doc.author == "Jane Roe"
    assert doc.published == "2024-03-01"
    assert doc.site == "Daily Planet"
    assert "praised the minister" in doc.text
    assert "alert" not in doc.text and "Copyright" not in doc.text


def test_html_without_main_text(tmp_path):
    (tmp_path / "a.html").write_text("<html><head><script>var x = 1;</script></head><body><img src=x></body></html>", encoding="utf-8")
    failed(tmp_path / "a.html", HtmlError)


# -- pdf ----------------------------------------------------------------------------------------
def test_pdf_text_and_metadata(tmp_path):
    (tmp_path / "a.pdf").write_bytes(make_pdf("First paragraph of the release.\n\nSecond (with parentheses).", title="Release", author="An NGO"))
    doc = ok(tmp_path / "a.pdf")
    assert "First paragraph of the release." in doc.text
    assert "Second (with parentheses)." in doc.text
    assert doc.title == "Release" and doc.author == "An NGO"


def test_pdf_damaged_encrypted_and_zip(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF")
    failed(tmp_path / "broken.pdf", PdfError)
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf("Secret text.")))
    writer.encrypt("password")
    buf = io.BytesIO()
    writer.write(buf)
    (tmp_path / "locked.pdf").write_bytes(buf.getvalue())
    failed(tmp_path / "locked.pdf", PdfError)
    import zipfile

    with zipfile.ZipFile(tmp_path / "archive.pdf", "w") as zf:
        zf.writestr("inner.txt", "hello")
    failed(tmp_path / "archive.pdf", UnsupportedFormat)


# -- jsonl --------------------------------------------------------------------------------------
def test_jsonl_lines_with_a_bad_one_in_the_middle(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "First document.", "title": "One", "published": "2024-01-02", "source": "wire", "author": "X", "language": "en", "extra": 1}),
        "{not json",
        json.dumps({"id": "c", "title": "no text"}),
        "",
        json.dumps({"text": "Fourth document.", "id": 7}),
        json.dumps(["a", "list"]),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([tmp_path / "a.jsonl"]))
    assert [type(i).__name__ for i in items] == ["InputDocument", "InputFailure", "InputFailure", "InputDocument", "InputFailure"]
    first, bad, notext, fourth, alist = items
    assert (first.id, first.title, first.published, first.source, first.author, first.language) == ("a", "One", "2024-01-02", "wire", "X", "en")
    assert isinstance(bad.error, JsonlError) and bad.source.endswith("a.jsonl:2")
    assert isinstance(notext.error, JsonlError) and notext.id == "c"
    assert fourth.id == "7" and fourth.source.endswith("a.jsonl:5")
    assert isinstance(alist.error, JsonlError)


# -- directories, stdin, limits -----------------------------------------------------------------
def test_directory_walk_is_recursive_sorted_and_skips_hidden_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "a.md").write_text("One.", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "c.txt").write_text("Three.", encoding="utf-8")
    texts = [i.text.strip() for i in iter_inputs([tmp_path])]
    assert texts == ["One.", "Two.", "Three."]


def test_explicit_file_with_unknown_extension_is_sniffed(tmp_path):
    (tmp_path / "statement.asc").write_text("A plain statement.", encoding="utf-8")
    assert ok(tmp_path / "statement.asc").text == "A plain statement."


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"%PDF-1.7 ...", "pdf"),
        (b'{"text": "x"}\n', "jsonl"),
        (b"---\ntitle: x\n---\nbody", "md"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"Just words.", "txt"),
        (b"PK\x03\x04rest", "zip"),
    ],
)
def test_sniff(data, fmt):
    assert sniff_format(data) == fmt


def test_stdin(tmp_path):
    data = b'{"id": "s1", "text": "From a pipe."}\n{"id": "s2", "text": "Second."}\n'
    items = list(iter_inputs(["-"], stdin=io.BytesIO(data)))
    assert [i.id for i in items] == ["s1", "s2"]
    items = list(iter_inputs(["-"], stdin=io.BytesIO(b"Plain text from stdin.")))
    assert items[0].text == "Plain text from stdin." and items[0].source == "-"


def test_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    failed(tmp_path / "big.txt", DocumentTooLarge, max_chars=100)
    (tmp_path / "huge.txt").write_bytes(b"x" * 5000)  # refused before it is read
    failed(tmp_path / "huge.txt", DocumentTooLarge, max_chars=1000)
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "long " * 100}) + "\n" + json.dumps({"text": "short"}) + "\n")
    items = list(iter_inputs([tmp_path / "a.jsonl"], max_chars=50))
    assert isinstance(items[0].error, DocumentTooLarge) and isinstance(items[1], InputDocument)


def test_from_text_metadata():
    doc = from_text("The council met on Friday.", id="x1", published="3 March 2024", title="T")
    assert (doc.id, doc.published, doc.title, doc.source) == ("x1", "2024-03-03", "T", "<string>")
    with pytest.raises(EmptyDocument):
        from_text("   ")
