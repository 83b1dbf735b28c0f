# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test check lint format messages clean browser wrk bench bench-quick bench-pages bench-search bench-sitemap

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: export DEBUG ?= 1
run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py create_local_admin --url http://$(HOST)/ru/admin/
	$(PY) manage.py runserver $(HOST)

check: export DEBUG ?= 1
check: $(VENV)/.installed
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# One pytest worker per CPU (pytest-xdist), each with its own test database, live server and
# Chromium; a module's tests stay in one worker, so module-scoped fixtures are built once.
# `make test PYTEST_WORKERS=0` runs everything in one process.
PYTEST_WORKERS ?= auto

test: $(VENV)/.installed check browser
	$(PY) manage.py compilemessages --ignore=.venv -v0 --settings=tests.settings
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadscope

# Browser tests drive Debian's Chromium (never Playwright's own download).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null; \
	  else sudo apt-get install -y -q chromium >/dev/null; fi || \
	  echo "Could not install chromium: the browser tests will be skipped."; }

# The benchmarks' load generator, Debian's wrk.
wrk:
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for the benchmark…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; \
	  else sudo apt-get install -y -q wrk >/dev/null; fi; }

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: export DEBUG ?= 1
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --all --ignore=.venv --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# Every public page served by gunicorn (production settings, 2 workers) and driven by wrk, against a
# bare view through the same stack, with the page cache warm and disabled, at 10,000 then 100,000
# posts, and a load test; prints the issue 11 targets met or missed, writes bench/results/latest.json.
# PostgreSQL: a throwaway database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432).
bench: $(VENV)/.installed wrk
	$(PY) bench/throughput.py

# The same at 10,000 posts with shorter runs (aim: under 4 minutes; about 7 on a busy machine).
bench-quick: $(VENV)/.installed wrk
	$(PY) bench/throughput.py --quick

# Queries and render time per public page in-process (test client) at growing sizes; SQLite works too.
bench-pages: $(VENV)/.installed
	$(PY) bench/pages.py

# Median search latency at 1,000 and 100,000 posts (PostgreSQL only: set DATABASE_URL; throwaway database).
bench-search: $(VENV)/.installed
	$(PY) bench/search.py

# Time, size and queries of the sitemap index and every page at 10,000 and 100,000 posts (throwaway database).
bench-sitemap: $(VENV)/.installed
	$(PY) bench/sitemap.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
