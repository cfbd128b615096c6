# Two commands do all set-up on a fresh machine:
#   make app     the web chat on http://127.0.0.1:7860 (builds the index on first start)
#   make test
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
Q       ?= How many chips are in an UltraServer?

.PHONY: install app ask index test test-fast bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the CPU wheel; an unpinned resolve pulls GBs of CUDA packages
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

index: $(STAMP)
	$(BIN)/rag index

app: $(STAMP)
	$(BIN)/python app.py

ask: $(STAMP)  # rag ask builds the index on first use
	$(BIN)/rag ask "$(Q)"

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not integration and not e2e and not slow"

bench: $(STAMP)
	$(BIN)/rag bench

clean:
	rm -rf $(VENV) index .pytest_cache
