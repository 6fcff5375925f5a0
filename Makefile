# Saola: `make run` starts the embedded platform, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements/base.txt requirements/dev.txt pyproject.toml | sha1sum | cut -c1-12)
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export TEST_POSTGRES_URL

.PHONY: run test lint typecheck messages bench install chromium pdf-deps clean

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP) messages pdf-deps

messages: $(STAMP)
	DJANGO_SETTINGS_MODULE=saola.settings.test $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

run: install
	$(BIN)/saola run --port $(PORT)

# Browser tests use Debian's Chromium; the QR test reads slips back with poppler and zbar.
TEST_DEBS := chromium poppler-utils zbar-tools

chromium:
	@missing=$$(for p in $(TEST_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || printf "%s " $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's $$missing for browser and document tests..."; \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 \
	    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing)) \
	  || echo "$$missing could not be installed: the tests that need them will be skipped"; fi

# WeasyPrint (PDF slips) needs Pango; Liberation Serif has Times New Roman's metrics (Decree
# 30/2020 layout), DejaVu Serif is the fallback; SoftHSM2 is the PKCS#11 token the signing tests
# use in place of an officer's USB token. Installed from Debian when missing, as root.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core softhsm2

pdf-deps:
	@missing=$$(for p in $(PDF_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || printf "%s " $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "PDF documents need Debian's $$missing: install them as root."; \
	  else echo "Installing Debian's $$missing for PDF documents..."; \
	    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 \
	      || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing)) \
	    || echo "$$missing could not be installed: PDF documents or token signing will not work"; fi; fi

lint: $(STAMP)
	$(BIN)/ruff check saola tests bench
	$(BIN)/ruff format --check saola tests bench

typecheck: $(STAMP)
	$(BIN)/mypy saola

test: install chromium lint typecheck
	@echo "== tests on SQLite =="
	$(BIN)/pytest -q -n 2 --dist loadfile
	@if $(BIN)/python -c "import os,psycopg; psycopg.connect(os.environ['TEST_POSTGRES_URL'], connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== tests on PostgreSQL ($(TEST_POSTGRES_URL)) =="; \
	  SAOLA_TEST_DB=postgres $(BIN)/pytest -q -n 2 --dist loadfile -m "not browser and not loopback"; \
	else echo "== PostgreSQL did not answer at $(TEST_POSTGRES_URL): skipped the PostgreSQL run =="; fi

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
