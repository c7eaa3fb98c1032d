# Two commands do all set-up on a fresh Debian or Ubuntu machine:
#   make run    system packages, a venv, the install, then the app
#   make test   the same set-up, then lint, types, import contracts and every test
#   make install / make uninstall   hipcoach in your menu (launcher, icons, ~/.local/bin)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck imports pytest system-deps clean bench screenshots install uninstall

run: $(STAMP)
	$(BIN)/hipcoach $(ARGS)

test: $(STAMP) lint typecheck imports pytest

# The launcher, its icons and a `hipcoach` command for this checkout's .venv; a manifest
# keeps what was written, so uninstall removes exactly that (tools/desktop_install.py).
install: $(STAMP)
	$(BIN)/python tools/desktop_install.py install

uninstall:
	$(PYTHON) tools/desktop_install.py uninstall

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
