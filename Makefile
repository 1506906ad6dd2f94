# Every target bootstraps .venv itself, so a fresh clone needs only Python 3.11 and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench docs addin clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kundenwert demo -o workbook/Kundenportfolio.xlsx

test: $(STAMP)
	$(BIN)/pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python .ci/lint_tree.py build/lint
	cd build/lint && ../../$(BIN)/mypy --config-file ../../pyproject.toml -p kundenwert -p bench
	cd build/lint && ../../$(BIN)/lint-imports ../../pyproject.toml

bench: $(STAMP)
	$(BIN)/python -m bench

addin: $(STAMP)
	$(BIN)/kundenwert addin -o build/Kundenwert.xlam

clean:
	rm -rf $(VENV) build *.egg-info

docs: demo
	$(BIN)/python -m docs.render_matrix workbook/Kundenportfolio.xlsx docs/matrix.png
