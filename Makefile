# The commands a new user runs: `make up` (the quickstart) and `make test`.
# Each creates .venv and installs what it needs; nothing else is assumed but python3, and
# Go (or the Pulumi CLI already installed) for the tiers that run the real Pulumi CLI.

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PYTEST  = $(VENV)/bin/pytest

.PHONY: venv pulumi nodejs lint docs dist unit gotest emulator cli conformance release test slow bench \
	up down listen clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

## The Pulumi CLI, its language hosts and the random plugin, built from Go modules into
## ~/.cache/pulumi-ice-voice (scripts/pulumi-from-source.sh; seconds once built).
pulumi:
	@bash scripts/pulumi-from-source.sh >/dev/null

## The npm packages of the TypeScript programs (@pulumi/pulumi, typescript, ...), pinned by
## scripts/nodejs-deps/package-lock.json, into ~/.cache/pulumi-ice-voice/npm-<key> (once).
nodejs:
	@bash scripts/nodejs-deps.sh >/dev/null

## Lint and types: ruff format --check and ruff check over the repository; mypy over sdk,
## provider, emulator and tests (tests/cli/programs included), as [tool.mypy] in
## pyproject.toml lists them; gofmt and go vet over every Go module under scripts/.
## mypy keeps its cache beside the CLI's, outside the checkout, so that a fresh clone checks
## in a second what did not change (it compares each file's hash, not only its mtime; about
## 9 s without it).
MYPY_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/pulumi-ice-voice/mypy
lint: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy --cache-dir "$(MYPY_CACHE)"
	@bash scripts/go-checks.sh lint

## What is made from the kinds' tables of inputs and outputs (one row per property): the
## dynamic resources' classes (provider/pulumi_ice_voice/_dynamic/resources.py) and the
## README's reference (from the plugin's schema); a test fails when either is stale.
docs: $(VENV)/.installed
	$(PY) -m pulumi_ice_voice._dynamic.generate
	$(PY) -c "import pathlib; from pulumi_ice_voice.plugin._reference import spliced; \
	p = pathlib.Path('README.md'); p.write_text(spliced(p.read_text()))"

## The release artifacts of the version in sdk/icevoice/_version.py into dist/ (scripts/dist.py):
## the wheel and sdist, the plugin archive of each platform, the schema, and the SDKs the
## CLI's generators make (Python wheel, npm tarball, Go module, Java jar, C# source).
dist: $(VENV)/.installed pulumi nodejs
	$(PY) scripts/dist.py

## Test tiers, each on its own: unit (client, provider core, programs under mocks),
## emulator (conformance, the official SDK as client), cli (the real Pulumi CLI).
unit: $(VENV)/.installed
	$(PYTEST) tests/sdk tests/core tests/dynamic tests/plugin tests/policy tests/suite

## go test of our language hosts' helpers (scripts/pulumi-toolchain; seconds).
gotest:
	@bash scripts/go-checks.sh test

emulator: $(VENV)/.installed
	$(PYTEST) tests/emulator

cli: $(VENV)/.installed pulumi nodejs
	$(PYTEST) -n $(WORKERS) -m "not slow and not serial" tests/cli
	$(PYTEST) -m "serial and not slow" tests/cli

## The release tier: the artifacts of dist/ alone, installed as a user installs them, each
## language's program trained through the real CLI (make dist first).
release: dist
	$(PYTEST) tests/release

## Pulumi's own language conformance suite (L1 and L2 tests of pkg/v3 testing/pulumi-test-language)
## against our Python and Node.js language hosts, SDKs packed and by path (scripts/conformance.sh;
## about two hours on 2 cores, so it is part of `make slow`, not of `make test`).
conformance: pulumi nodejs
	@bash scripts/conformance.sh

## The whole test suite, as CI runs it: lint, types, the CLI build, the npm packages, the Go
## tests, the release artifacts, then every pytest tier on $(WORKERS) workers (pytest-xdist:
## most tests wait on a training or a CLI; the release tier is one group on one worker, handed
## out first, so its virtualenvs are installed once), then the tests marked serial (they count
## what runs at once, or how fast) alone.
WORKERS ?= 4
test: lint pulumi nodejs gotest dist
	$(PYTEST) -n $(WORKERS) --dist loadgroup -m "not slow and not serial"
	$(PYTEST) -m "serial and not slow"

## Long soaks and full-size runs, and the conformance suite.
slow: $(VENV)/.installed pulumi conformance
	$(PYTEST) -m slow

bench: $(VENV)/.installed pulumi
	$(PY) -m bench

## The quickstart: set up .venv, a local state backend (.pulumi/) and the dev stack on the
## embedded ICE emulator, run `pulumi up --yes`, print the outputs. Finds or builds the CLI.
up:
	@PYTHON=$(PYTHON) bash scripts/quickstart.sh up

## Destroy the quickstart's dev stack.
down:
	@PYTHON=$(PYTHON) bash scripts/quickstart.sh down

## Serve the quickstart's emulator data at the port `make up` used, so the demo audio URL
## among its outputs plays after the up has ended (Ctrl-C stops it).
listen:
	@PYTHON=$(PYTHON) bash scripts/quickstart.sh listen

clean:
	rm -rf $(VENV) .ice-emulator .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
