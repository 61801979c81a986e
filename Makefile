# The two commands a newcomer needs are `make run` and `make test`; everything else is here
# for developers. Every target installs what it needs first, so none depends on another
# having been run by hand.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export OPSROOM_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run serve test test-sqlite test-postgres lint bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# WeasyPrint (the weekly CompStat report) needs Pango: scripts/ensure-pango.sh installs it.
run: install
	scripts/ensure-pango.sh >&2
	$(BIN)/opsroom migrate --quiet
	$(BIN)/opsroom demo load
	@echo "Console: http://127.0.0.1:$(PORT)/  (simulator log: $(OPSROOM_DATA_DIR)/simulator.log)"
	@$(BIN)/opsroom demo simulate >>"$(OPSROOM_DATA_DIR)/simulator.log" 2>&1 & sim=$$!; \
	  trap 'kill $$sim 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/opsroom serve --host 127.0.0.1 --port $(PORT)

serve: install
	scripts/ensure-pango.sh >&2
	$(BIN)/opsroom migrate --quiet
	$(BIN)/opsroom serve --host 127.0.0.1 --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL (the server on 127.0.0.1:5432 when
# it answers, otherwise a private one that scripts/ensure-postgres.sh installs and starts).
test: install
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# The browser tests drive Debian's Chromium and the sync tests start their own nats-server
# processes; scripts/ensure-chromium.sh and scripts/ensure-nats.sh install them if missing.
# The fuzzing runs 25 examples per operation and mode on PostgreSQL, which refuses more
# of what generated input holds (NUL characters, huge numbers, odd offsets), and 10 on
# SQLite: the whole suite keeps within its 20 minutes.
test-sqlite: install
	scripts/ensure-poppler.sh >&2 && scripts/ensure-pango.sh >&2 && chromium=$$(scripts/ensure-chromium.sh) && nats=$$(scripts/ensure-nats.sh) && \
	  OPSROOM_CHROMIUM=$$chromium OPSROOM_NATS_SERVER=$$nats OPSROOM_DATA_DIR=$$(mktemp -d) OPSROOM_DATABASE_URL= \
	  OPSROOM_FUZZ_EXAMPLES=$${OPSROOM_FUZZ_EXAMPLES:-10} $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	scripts/ensure-poppler.sh >&2 && scripts/ensure-pango.sh >&2 && url=$$(scripts/ensure-postgres.sh) && chromium=$$(scripts/ensure-chromium.sh) && \
	  nats=$$(scripts/ensure-nats.sh) && \
	  OPSROOM_CHROMIUM=$$chromium OPSROOM_NATS_SERVER=$$nats OPSROOM_DATA_DIR=$$(mktemp -d) OPSROOM_DATABASE_URL=$$url \
	  $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

bench: install
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/recommend.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/persons.py
	$(BIN)/python bench/campaigns.py
	$(BIN)/python bench/compstat.py

# Re-extract the strings, fill Arabic from tools/translations_ar.py and compile the .mo
# (which is committed, so a fresh machine needs no gettext tools).
messages: install
	cd src/opsroom && ../../$(BIN)/django-admin makemessages -l ar --no-obsolete \
	  --ignore='migrations/*' --settings=opsroom.settings
	$(BIN)/python tools/translations_ar.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
