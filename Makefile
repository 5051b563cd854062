# The two commands of the README: `make run` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test screenshots bench bench-api bench-events bench-throughput clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	$(PY) manage.py dojo_relay & trap 'kill $$! 2>/dev/null' EXIT; $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite: everything but the browser tests, then the browser tests in their own process.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)
	$(PY) -m pytest -o addopts="-ra --strict-markers" tests/frontdesk/browser

# The browser tests, writing the screenshots that the README and docs/ show.
screenshots: install
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -o addopts="-ra --strict-markers" tests/frontdesk/browser

# Benchmarks print figures; they are not tests. See the README's performance section.
bench: bench-api bench-events bench-throughput

# EPOS Data API latency over HTTP against gunicorn (uses the database of DATABASE_URL).
bench-api: install
	$(PY) bench/epos_api.py $(BENCH_ARGS)

# Requests per second beside two reference endpoints, and the floor-poll load run (uses the
# database of DATABASE_URL; wrk if installed: apt-get install wrk).
bench-throughput: install
	$(PY) bench/throughput.py $(BENCH_ARGS)

# POS event latency, commit to arrival, with a live Celery worker (needs DATABASE_URL and REDIS_URL).
bench-events: install
	$(PY) bench/event_latency.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-shm db.sqlite3-wal staticfiles
