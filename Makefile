# The two commands of README.md: `make serve` and `make test`.
SHELL := /bin/bash
# The first interpreter that really runs and is 3.12 or newer (pyenv shims may exist but fail).
PYTHON_BIN := $(shell for py in python3 python3.13 python3.12; do \
	$$py -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$py; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: serve test install lint

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.12 or newer is needed (python3.12 not found)"; exit 1; }
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

serve: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py loaddata fixtures/seed.json
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install
	./scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
