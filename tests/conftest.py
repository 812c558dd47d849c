from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = Path(os.environ.get("COMMUNIQUE_SHARED_DATA", ROOT.parent / "shared" / "data"))
#: Documents in examples/: eleven White House files, six single-document files, three JSONL lines.
EXAMPLE_DOCUMENTS = 20


def shared(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with a clear message when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"gold/corpus data not found at {path} (../shared/data is absent)")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from communique import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def actors_pipeline():
    from communique import Pipeline

    return Pipeline(only=["actors"])


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the installed command line in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "communique", *args],
        input=input,
        capture_output=True,
        cwd=cwd or ROOT,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo database as `make demo` builds it: every example analysed by every installed extractor."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    done = run_cli("analyze", str(EXAMPLES), "--db", str(db), "--no-progress")
    assert done.returncode == 0, done.stderr.decode()
    return db
