# mentorhub: `make run` starts it, `make test` checks it. Both set everything up first.

VENV := .venv
STAMP := $(VENV)/.installed-from-pyproject
# The first Python 3.11 or newer on PATH.
PYTHON = $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { command -v $$p; break; }; done)

.PHONY: run test demo install clean

# The test suite runs on every core (at most 8: each worker takes its own Redis database
# under CI, counting down from 15); a test file's tests stay on one worker, so module
# fixtures such as the demo build are made once per file.
PARALLEL = -n auto --maxprocesses=8 --dist loadfile

run: $(STAMP)
	$(VENV)/bin/mentorhub run

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy mentorhub
	$(VENV)/bin/pytest $(PARALLEL)

demo: $(STAMP)
	$(VENV)/bin/mentorhub demo --reset

install: $(STAMP)

clean:
	rm -rf var $(VENV)

# Install again only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "mentorhub needs Python 3.11 or newer: install python3.11+ and try again." >&2; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)
