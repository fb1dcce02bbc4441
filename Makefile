# Two commands do all set-up on a fresh machine:  make run   and   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
DEMO ?= 1
export FLASK_APP := trading_floor

.PHONY: run test lint check chromium nginx wrk cluster-start cluster-stop translations bench clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q '.[test]'
	touch $@

# compiled catalogues are files made from the .po files: rebuilt only when a .po changed, so two
# `make test` started together (.ci/run) never write a .mo while the other reads it
MO := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/*.po))
translations: $(MO)

translations/%.mo: translations/%.po $(BIN)/.installed
	@$(BIN)/pybabel -q compile -i $< -o $@

run: $(BIN)/.installed translations
	DEMO=$(DEMO) $(BIN)/flask setup
	$(BIN)/honcho start -f Procfile -p $(PORT)

chromium:
	@command -v /usr/bin/chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

# Debian's nginx for the production layout (scripts/cluster.sh runs it as the user, never the service)
nginx:
	@[ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; fi; }

# wrk for the load runs (bench/load, bench/README.md): Debian's package
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi; }

# two gunicorn nodes behind nginx, two job consumers, PostgreSQL and Redis (README: Vận hành)
cluster-start: $(BIN)/.installed translations nginx
	scripts/cluster.sh start

cluster-stop:
	scripts/cluster.sh stop

test: $(BIN)/.installed translations chromium
	$(BIN)/python -m pytest $(ARGS)

# the edit-test loop: ruff and the suite without the browser tests (make test runs everything)
check: $(BIN)/.installed translations
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not browser" -x $(ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	@tmp=$$(mktemp -d) && FLOOR_INSTANCE_PATH=$$tmp $(BIN)/flask db upgrade && FLOOR_INSTANCE_PATH=$$tmp $(BIN)/flask db check; \
	  rc=$$?; rm -rf $$tmp; exit $$rc

clean:
	rm -rf $(VENV) instance search_index/*
