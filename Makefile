# Pantau: two commands do all the set-up on a fresh machine.
#   make run    install, migrate, load reference and demo data, start the whole system
#   make test   install the test dependencies and run the tests
#   make screenshots  every page at both sizes, for review -> review/out/index.html
#   make bench  the city-scale benchmarks (1,000,000 complaints, SQLite and PostgreSQL) -> bench/RESULTS.md
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test install bench screenshots clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

# `make run` is the demo: demo users, data and the simulator, unless the environment says otherwise.
PANTAU_DEMO__LOAD_DEMO_DATA ?= true
PANTAU_DEMO__SIMULATOR ?= true
# and a musrenbang round in progress whatever the month
PANTAU_PLANNING__DEMO_ROUND_NOW ?= true
DEMO_ENV := PANTAU_DEMO__LOAD_DEMO_DATA=$(PANTAU_DEMO__LOAD_DEMO_DATA) PANTAU_DEMO__SIMULATOR=$(PANTAU_DEMO__SIMULATOR) \
	PANTAU_PLANNING__DEMO_ROUND_NOW=$(PANTAU_PLANNING__DEMO_ROUND_NOW)

run: $(VENV)/.installed
	$(DEMO_ENV) $(PY) manage.py init
	$(DEMO_ENV) $(PY) run.py

# one worker per core, a file's tests in one worker (its module fixtures are built once)
PYTEST_ARGS ?= -n auto --dist loadfile
test: $(VENV)/.installed-test
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(PY) -m bench $(BENCH_ARGS)

# every page at 1920x1080 and 3840x2160 as a demo user allowed on it -> review/out/index.html
screenshots: $(VENV)/.installed-test
	$(PY) -m review.screenshots $(SCREENSHOT_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
