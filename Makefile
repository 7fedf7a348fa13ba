# Two entry points for a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job on the embedded default: read the sample page, print what was found,
# store it in a local SQLite file and print one actor's timeline from the store.
DEMO_DB ?= demo.sqlite
run: $(STAMP)
	$(VENV)/bin/jishi process samples/page.txt --format text
	$(VENV)/bin/jishi ingest samples/page.txt --db $(DEMO_DB)
	$(VENV)/bin/jishi timeline --actor 王毅 --db $(DEMO_DB)
	@echo "Browse it: make serve, then open http://127.0.0.1:8000/ (jishi serve --db $(DEMO_DB))"

# The web app on the demo database (docs/web.md); Ctrl-C stops it.
serve: $(STAMP)
	$(VENV)/bin/jishi ingest samples/page.txt --db $(DEMO_DB)
	$(VENV)/bin/jishi serve --db $(DEMO_DB)

test: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(VENV)/bin/jishi bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB)
