# Two commands do all set-up on a fresh Debian or Ubuntu machine:
#   make run    system packages, a venv, the install, then the app
#   make test   the same set-up, then lint, types, import contracts and every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck imports pytest system-deps clean bench screenshots

run: $(STAMP)
	$(BIN)/hipcoach $(ARGS)

test: $(STAMP) lint typecheck imports pytest

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy hipcoach tools

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	bash scripts/with-sound-server.sh $(BIN)/python -m pytest

bench: $(STAMP)
	bash scripts/with-sound-server.sh $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
