# Two commands do all the setup on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

.PHONY: install run test lint bench load clean
install: $(STAMP)

run: $(STAMP)  ## the app on the embedded store, loading data/plans/ on first start
	$(BIN)/streamlit run app.py --server.headless true

test: $(STAMP) lint  ## lint, types, then every test (browser tests need chromium)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python bench/units.py
	$(BIN)/python bench/cascade_eval.py
	$(BIN)/python bench/neo4j_store.py
	$(BIN)/python bench/app_render.py
	$(BIN)/python bench/browser_render.py
	$(BIN)/python bench/gazetteer.py
	$(BIN)/python bench/corpus_eval.py --brief
	$(BIN)/python bench/regex_worst.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/memory.py --mb 19
	$(BIN)/python bench/scale.py --sizes 100 --app-sizes 100

load: $(STAMP)
	$(BIN)/plankg load data/plans

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
