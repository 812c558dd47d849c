"""Small committed models and the code that runs them on the CPU (onnxruntime + tokenizers).

Every model lives in a folder beside this module with its files and a MODEL_CARD.md (data, licence
status, measured figures, the command that trained it). Nothing is downloaded at run time.
"""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent
