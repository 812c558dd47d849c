"""communique: political statements, letters, press releases and news into evidence-backed records.

    >>> import communique
    >>> record = communique.analyze("The ministry condemned the attack.", only=["actors"])
    >>> record.to_dict()["actors"]

The public surface is what this module exports; everything in a module whose name starts with an
underscore, and every name not listed in ``__all__``, may change without notice.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ._api import analyze, analyze_many, default_pipeline  # noqa: E402
from .errors import *  # noqa: E402,F403
from .errors import __all__ as _error_names  # noqa: E402
from .ingest import InputDocument, InputFailure, from_text, iter_inputs  # noqa: E402
from .pipeline import Pipeline  # noqa: E402
from .schema import Document, ErrorRecord, json_schema, validate  # noqa: E402

__all__ = [
    "__version__",
    "analyze",
    "analyze_many",
    "default_pipeline",
    "Document",
    "ErrorRecord",
    "InputDocument",
    "InputFailure",
    "Pipeline",
    "from_text",
    "iter_inputs",
    "json_schema",
    "validate",
    *_error_names,
]
