"""Extractors: one module per record kind, found through the ``communique.extractors`` entry points.

An extractor is a class with three declarations and a call::

    class ToneExtractor(Extractor):
        name = "tone"                 # unique; what --only and --exclude take
        assigns = ("tone",)           # Document fields it fills (see schema.assignable_fields)
        requires = ()                 # fields that must be filled before it runs
        spacy = ("parser",)           # spaCy components it reads (ner, parser, tagger, lemmatizer)

        def __call__(self, doc, record):      # doc: spacy Doc, record: schema.Document
            record.tone = ...

It is constructed once per pipeline (load models and lexicons in ``__init__``) and called once per
document. It must set every field it assigns, to ``[]`` when it finds nothing; a kind that is not
a Document field is stored in ``record.extensions[kind]`` as a list of JSON objects. Per-document
state shared between extractors goes in ``doc.user_data["communique"]``, never in spaCy globals.

communique's own extractors are registered in ``pyproject.toml`` exactly as a third-party package
registers its own (see docs/extending.md).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import BadExtractor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..schema import Document

ENTRY_POINT_GROUP = "communique.extractors"
SPACY_COMPONENTS = ("ner", "parser", "tagger", "lemmatizer")

__all__ = ["ENTRY_POINT_GROUP", "Extractor", "available_extractors", "document_text", "sentences", "shared_state"]


class Extractor:
    """Base class of extractors (subclassing it is optional; the declarations are what count)."""

    name: ClassVar[str]
    assigns: ClassVar[tuple[str, ...]]
    requires: ClassVar[tuple[str, ...]] = ()
    spacy: ClassVar[tuple[str, ...]] = ()
    version: ClassVar[str] = "1"

    def __init__(self, **config: Any) -> None:
        self.config = config

    def __call__(self, doc: Doc, record: Document) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<extractor {self.name} assigns={list(self.assigns)} requires={list(self.requires)}>"


def shared_state(doc: Doc) -> dict[str, Any]:
    """The per-document scratch space extractors use to pass intermediate results along."""
    return doc.user_data.setdefault("communique", {})


def document_text(doc: Doc) -> str:
    """``doc.text``, joined once per document: spaCy's property rebuilds the string from every token
    on each read, so a read inside a loop over sentences costs the whole document each time."""
    state = shared_state(doc)
    text = state.get("text")
    if text is None:
        text = state["text"] = doc.text
    return text


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, as ``list(doc.sents)``, found once per document.

    Walking ``doc.sents`` visits every token; six extractors read the sentences, so the token bounds
    are kept in the shared state (bounds, not spans: a span in ``user_data`` would hold its own doc).
    """
    state = shared_state(doc)
    bounds = state.get("sentence_bounds")
    if bounds is None:
        bounds = state["sentence_bounds"] = [(sent.start, sent.end) for sent in doc.sents]
    return [doc[start:end] for start, end in bounds]


def available_extractors() -> dict[str, Callable[..., Extractor]]:
    """Every installed extractor class by name. Raises BadExtractor for a malformed registration."""
    found: dict[str, Callable[..., Extractor]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            cls = ep.load()
        except Exception as err:  # noqa: BLE001 - any import failure of a plug-in is reported alike
            raise BadExtractor(f"Extractor {ep.name!r} ({ep.value}) failed to import: {err}.") from err
        check_declarations(cls, ep.name)
        if cls.name in found and found[cls.name] is not cls:
            raise BadExtractor(f"Two extractors are registered as {cls.name!r}; uninstall one.")
        found[cls.name] = cls
    return dict(sorted(found.items()))


def check_declarations(cls: Any, label: str) -> None:
    for attr in ("name", "assigns", "requires"):
        if not hasattr(cls, attr):
            raise BadExtractor(f"Extractor {label!r} does not declare {attr!r}.")
    if not isinstance(cls.name, str) or not cls.name:
        raise BadExtractor(f"Extractor {label!r} has no name.")
    for attr in ("assigns", "requires"):
        value = getattr(cls, attr)
        if not isinstance(value, (tuple, list)) or not all(isinstance(v, str) for v in value):
            raise BadExtractor(f"Extractor {cls.name!r}: {attr} must be a tuple of field names.")
    if not cls.assigns:
        raise BadExtractor(f"Extractor {cls.name!r} assigns nothing.")
    unknown = [c for c in getattr(cls, "spacy", ()) if c not in SPACY_COMPONENTS]
    if unknown:
        raise BadExtractor(f"Extractor {cls.name!r} asks for unknown spaCy components {unknown}.")
    if not callable(cls):
        raise BadExtractor(f"Extractor {cls.name!r} is not callable.")
