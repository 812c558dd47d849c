"""Running the pipeline over many documents into a store and/or a JSON Lines stream.

``run_batch`` is what ``communique analyze`` calls; Python code can call it the same way::

    from communique.run import run_batch
    summary = run_batch(["examples"], db="demo.db")
"""

from ._batch import RunSummary, run_batch
from ._work import WorkSpec

__all__ = ["RunSummary", "WorkSpec", "run_batch"]
