# Hoptac — the two commands: `make demo` and `make test`. See README.md.
PY := .venv/bin/python
PORT ?= 8000
DEMO_ENV := DEBUG=$${DEBUG:-1}

.PHONY: demo test install install-test migrate lint format messages bench clean

demo: install  ## install what is missing, migrate, load the demo, serve on 127.0.0.1:$(PORT)
	@mkdir -p var
	@$(DEMO_ENV) $(PY) manage.py demo --port $(PORT)

test: install-test  ## lint + the whole suite on SpatiaLite and on PostgreSQL + PostGIS
	@scripts/test.sh

install:
	@scripts/bootstrap.sh demo

install-test:
	@scripts/bootstrap.sh test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages:  ## refresh the Vietnamese catalogue after changing UI strings
	$(PY) scripts/messages.py

.PHONY: bench-search
bench-search: install-test  ## search benchmark (both backends and two peers) -> var/bench/search.json
	@$(PY) bench/search/run.py

.PHONY: bench-indicators
bench-indicators: install-test  ## indicators benchmark, SpatiaLite and PostgreSQL (COPY, DuckDB peers; ARGS="--records N --backend sqlite") -> var/bench/indicators.json
	@$(PY) bench/indicators/run.py $(ARGS)

.PHONY: bench-programmes
bench-programmes: install-test  ## programmes speed benchmark (SpatiaLite and PostGIS) -> var/bench/programmes.json
	@$(PY) bench/programmes/run.py

.PHONY: stack test-faults bench-load
stack: install-test  ## the production stack here (nginx, 2 gunicorn, worker, scheduler, PostGIS, Redis); REPLICA=1 adds a read replica
	@$(PY) scripts/stack.py $(if $(REPLICA),--replica)

test-faults: install-test  ## the fault suite against the stack (also run by make test); prints the fault table
	@$(PY) scripts/faults.py

bench-load: install-test  ## 100 users for 5 min against the stack (Locust, loopback) -> var/bench/load.json
	@$(PY) bench/load/run.py $(ARGS)

clean:
	rm -rf var/test var/test-hoptac.sqlite3 .pytest_cache

bench-startup: install  ## make demo a second time: seconds to /healthz (target 3 s) -> var/bench/startup.json
	@$(PY) bench/startup/run.py

bench-geo: install-test  ## geodata: 1M parcels on PostGIS, Hoptac vs pygeoapi and tipg; writes var/bench/geo.json
	@bench/geo/run.sh $(ARGS)

.PHONY: bench-drafting
bench-drafting: install-test  ## drafting a 10-page agreement, target 2 s, peer: underthesea's tagging -> var/bench/drafting.json
	@$(PY) bench/drafting/run.py

.PHONY: bench-investment
bench-investment: install-test  ## matchmaking p95 and B2B scheduling (SpatiaLite and PostGIS) -> var/bench/investment.json
	@$(PY) bench/investment/run.py

bench: bench-programmes bench-search bench-drafting bench-investment bench-geo bench-load bench-startup  ## every benchmark
