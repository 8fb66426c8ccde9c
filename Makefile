# The two commands of the README: `make run` and `make test`. Everything they need is
# installed into .venv from PyPI; nothing installed by hand is assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck pytest test-packaged test-deb dist package bench bench-server lambda-zip clean

# make dist ONEFILE=1 builds the single-file variant (dist/onefile/).
ONEFILE ?= 0

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,build,server]'
	touch $@

$(VENV)/.build-installed: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[build]'
	touch $@

run: $(VENV)/.run-installed
	$(BIN)/python -m care4u_desktop $(ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

PYTEST := QT_QPA_PLATFORM=offscreen CARE4U_REQUIRE_PACKAGED=1 $(BIN)/python -m pytest
# The bare Debian roots (apt, dpkg and tar: mostly waiting on the disk and the network) run
# beside the rest of the suite, in a second pytest, so they cost the 2-core CI little time.
BARE_ROOT_TESTS := tests/packaging/test_deb_bare_root.py tests/packaging/test_make_run_bare_root.py

# tests/packaging builds the standalone app (once per source state, under a lock both
# pytest runs share) and runs it. --durations: where the 20-minute budget goes.
pytest: $(VENV)/.test-installed
	@log=$$(mktemp); \
	$(PYTEST) -p no:cacheprovider $(BARE_ROOT_TESTS) >$$log 2>&1 & bare=$$!; \
	$(PYTEST) --durations=20 $(addprefix --ignore=,$(BARE_ROOT_TESTS)) $(PYTEST_ARGS); rc=$$?; \
	wait $$bare; bare_rc=$$?; \
	echo "== the bare Debian roots ($(BARE_ROOT_TESTS)): exit $$bare_rc"; cat $$log; rm -f $$log; \
	[ $$rc -eq 0 ] && [ $$bare_rc -eq 0 ]

test: lint typecheck pytest

# The standalone app in dist/care4u-desktop/ (see docs/packaging.md).
dist: $(VENV)/.build-installed
	ONEFILE=$(ONEFILE) $(BIN)/python -m PyInstaller --noconfirm --clean build.spec

# dist/care4u-desktop_<version>_<arch>.deb from the one-folder build of the current sources
# (the packaged tests' build, reused when the sources are unchanged). Debian: dpkg-dev.
package: $(VENV)/.build-installed
	$(BIN)/python freeze/deb.py $(DEB_ARGS)

# The .deb installed with apt into a bare debootstrap root (cached under ~/.cache/care4u)
# and run there: smoke test, care4u-admin doctors, the kiosk session under cage. As root.
test-deb: $(VENV)/.test-installed
	$(PYTEST) $(BARE_ROOT_TESTS) $(PYTEST_ARGS)

# Only the packaged tests: build if needed, smoke test offscreen, care4u-admin, no secrets.
test-packaged: $(VENV)/.test-installed
	QT_QPA_PLATFORM=offscreen CARE4U_REQUIRE_PACKAGED=1 $(BIN)/python -m pytest tests/packaging $(PYTEST_ARGS)

# Size and start-up against the floor (a one-QLabel app); not a pass/fail test.
bench: $(VENV)/.build-installed
	$(BIN)/python benchmarks/package_bench.py $(BENCH_ARGS)

# care4u-server's AWS Lambda zip in dist/lambda/ (wheels for Lambda's Python 3.12, x86_64;
# docs/server.md). LAMBDA_ARGS="--arch arm64" for Graviton.
lambda-zip: $(VENV)/.run-installed
	$(BIN)/python freeze/lambda_zip.py $(LAMBDA_ARGS)

# 50 simulated kiosks against care4u-server on loopback, next to the same work on the store
# (BENCH_ARGS="--backend aws" for DynamoDB on a moto server); not part of make test.
bench-server: $(VENV)/.test-installed
	$(BIN)/python benchmarks/server_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
