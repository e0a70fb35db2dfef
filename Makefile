# Boussole — `make run` serves the app with demo data, `make check` lints, `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
# The app refuses to start without SECRET_KEY: use the one in the environment, else the one made once for this
# checkout in instance/secret_key (mode 600).
SECRET_KEY_FILE := instance/secret_key
FLASK := SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium

.PHONY: install install-dev system run db check test test-pg test-load browser oidc-provider oidc-demo bench bench-frontend-deps clean

$(BIN)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.runtime
install-dev: $(BIN)/.dev

## A random secret key, made once and kept: sessions and links stay valid from one `make run` to the next.
$(SECRET_KEY_FILE):
	mkdir -p $(dir $@)
	(umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@.tmp)
	chmod 600 $@.tmp
	mv $@.tmp $@

## Migrate, load the instruments, add demo data to an empty database.
db: install system $(SECRET_KEY_FILE)
	$(FLASK) db upgrade
	$(FLASK) surveys load
	$(FLASK) demo --if-empty

## Pages and commands print links on the same address: http://$(HOST):$(PORT), unless BOUSSOLE_BASE_URL is set.
db run: export BOUSSOLE_BASE_URL ?= http://$(HOST):$(PORT)

## Serve on http://$(HOST):$(PORT) (http://127.0.0.1:5000 by default) with demo data.
run: db
	$(FLASK) run --host $(HOST) --port $(PORT)

## System libraries: WeasyPrint renders the annual reviews with Pango, HarfBuzz and fontconfig, in DejaVu fonts;
## the tests read the PDFs with poppler-utils (pdftotext, pdfinfo; skipped when absent). Installed when we may (root).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core poppler-utils
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing $$missing…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	elif [ -n "$$missing" ]; then echo "Missing system packages (install them as root): $$missing"; fi

## Browser tests drive Debian's chromium; install it when we may (root), otherwise they are skipped.
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

## The single sign-on tests start a real OpenID provider, Node's certified oidc-provider (tests/oidc/provider; its
## node_modules is not committed): install Node when we may (root), then the provider's locked packages.
OIDC_PROVIDER := tests/oidc/provider
oidc-provider:
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Node.js for the single sign-on tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	@if ! command -v npm >/dev/null; then echo "Node.js and npm missing: the single sign-on tests are skipped (they fail under CI)"; \
	elif [ ! -f $(OIDC_PROVIDER)/node_modules/.package-lock.json ] || [ $(OIDC_PROVIDER)/package-lock.json -nt $(OIDC_PROVIDER)/node_modules/.package-lock.json ]; then \
		cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error; \
	fi

## Try single sign-on locally: the test provider on http://127.0.0.1:9000, which signs in whoever types an address
## (docs/sso.md). In another terminal: OIDC_ISSUER=http://127.0.0.1:9000 OIDC_CLIENT_ID=boussole
## OIDC_CLIENT_SECRET=boussole-demo-secret make run, then « Se connecter avec… » as admin@demo.boussole.fr.
oidc-demo: oidc-provider
	cd $(OIDC_PROVIDER) && OIDC_REDIRECT_URIS=http://$(HOST):$(PORT)/compte/connexion/sso/retour \
		OIDC_POST_LOGOUT_REDIRECT_URIS=http://$(HOST):$(PORT)/ node server.mjs

## Lint, formatting and types (settings in pyproject.toml) on the whole tree; CI runs it first, pre-commit the same.
check: install-dev
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy

## The whole suite on SQLite (set TEST_DATABASE_URL for PostgreSQL), in parallel with pytest-xdist: TEST_WORKERS
## processes, each on a database of its own (tests/conftest.py); `--dist loadgroup` hands out tests one by one but
## keeps an `xdist_group` on one worker. `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto
PYTEST_PARALLEL := $(BIN)/pytest -q -m "not slow" -n $(TEST_WORKERS) --dist loadgroup

test: install-dev system browser oidc-provider bench-frontend-deps
	$(PYTEST_PARALLEL)

## On PostgreSQL: TEST_DATABASE_URL names a database (…/test); worker gw0 tests in test_gw0, made and dropped there.
## Browser tests are left out: their served app has a SQLite file of its own (tests/browser/conftest.py), so they
## would run the very same thing twice; `make test` runs them.
test-pg: install-dev system oidc-provider
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/pytest -q -m "not slow and not browser" -n $(TEST_WORKERS) --dist loadgroup

## Load and crash tests, on SQLite, and on PostgreSQL when TEST_DATABASE_URL names a server (a database is made there
## and dropped; .ci/run passes it):
## gunicorn with several workers, 200 concurrent submissions, a SIGKILL mid-load then a restart. A few minutes.
test-load: install-dev
	$(BIN)/pytest -q -m slow

## Lighthouse and axe-core, locked in bench/package-lock.json (node_modules is not committed), drive Debian's chromium.
bench-frontend-deps: browser
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	npm ci --prefix bench --no-audit --no-fund --loglevel=error

bench: install-dev bench-frontend-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance .pytest_cache
