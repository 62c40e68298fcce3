#!/usr/bin/env bash
# The quickstart, as `make up` and `make down` run it.
#
#   scripts/quickstart.sh up     set up .venv, a local state backend in .pulumi/ and the dev
#                                stack (embedded ICE emulator), run `pulumi up --yes`, print
#                                the stack outputs
#   scripts/quickstart.sh down   destroy the dev stack's resources
#   scripts/quickstart.sh listen serve the quickstart's emulator data (.ice-emulator/) at the
#                                port the embedded emulator of the last `up` used, so the
#                                demo audio URL among the outputs plays; Ctrl-C stops it
#
# Needs python3 and the Pulumi CLI. Without the CLI it installs it the official way when
# get.pulumi.com answers, or builds it from Go modules (scripts/pulumi-from-source.sh) when
# only package registries answer, and otherwise stops with one sentence saying how.
#
# Environment (all optional):
#   PYTHON                    interpreter that creates .venv (default python3)
#   PULUMI_BACKEND_URL        state backend (default file://<repo>/.pulumi: no Pulumi Cloud account)
#   PULUMI_CONFIG_PASSPHRASE  passphrase of the dev stack's secrets; when neither it nor
#                             PULUMI_CONFIG_PASSPHRASE_FILE is set, the local default below
#   QUICKSTART_STACK          stack name (default dev, configured by Pulumi.dev.yaml)
#   PULUMI_INSTALL_URL        the official installer (default https://get.pulumi.com)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"                      # the virtualenv named in Pulumi.yaml
STACK="${QUICKSTART_STACK:-dev}"
PULUMI_INSTALL_URL="${PULUMI_INSTALL_URL:-https://get.pulumi.com}"
# The documented local default: it protects nothing (the dev stack holds no secrets); set
# PULUMI_CONFIG_PASSPHRASE yourself before storing real credentials in a stack.
LOCAL_PASSPHRASE="pulumi-ice-voice-local"

INSTALL_SENTENCE="The Pulumi CLI is not installed, ${PULUMI_INSTALL_URL} cannot be reached and Go is not here to build it: install it as https://www.pulumi.com/docs/iac/download-install/ explains, put 'pulumi' on your PATH and run 'make up' again."

say() { printf '==> %s\n' "$*" >&2; }

# Finds the Pulumi CLI: on PATH, then built by scripts/pulumi-from-source.sh (its cache),
# then where the official installer puts it, then the official installer when
# get.pulumi.com answers, then a build from Go modules when `go` exists; otherwise one
# sentence says how to install it.
ensure_pulumi() {
    local built
    if command -v pulumi >/dev/null 2>&1; then
        return 0
    fi
    if built="$(bash "$ROOT/scripts/pulumi-from-source.sh" --check 2>/dev/null)"; then
        use_built_pulumi "$built"
        return 0
    fi
    # Where the official installer puts it, for a shell that has not picked up its PATH yet.
    if [ -x "$HOME/.pulumi/bin/pulumi" ]; then
        export PATH="$HOME/.pulumi/bin:$PATH"
        return 0
    fi
    if command -v curl >/dev/null 2>&1 \
        && curl -fsS -o /dev/null --connect-timeout 3 --max-time 5 "$PULUMI_INSTALL_URL" 2>/dev/null; then
        say "Pulumi CLI not found: installing it with the official installer ($PULUMI_INSTALL_URL)"
        if curl -fsSL --max-time 300 "$PULUMI_INSTALL_URL" | sh; then
            export PATH="$HOME/.pulumi/bin:$PATH"
            command -v pulumi >/dev/null 2>&1 && return 0
        fi
    fi
    if command -v go >/dev/null 2>&1; then
        say "Pulumi CLI not found and $PULUMI_INSTALL_URL cannot be reached: building it from Go modules (scripts/pulumi-from-source.sh; 10 minutes the first time)"
        if built="$(bash "$ROOT/scripts/pulumi-from-source.sh")"; then
            use_built_pulumi "$built"
            return 0
        fi
    fi
    echo "$INSTALL_SENTENCE" >&2
    exit 1
}

# The CLI from scripts/pulumi-from-source.sh: on PATH, with the plugins it built (random)
# installed into the user's plugin cache, since this machine cannot download them.
use_built_pulumi() {
    local bin="$1" binary kind name version dir
    export PATH="$bin:$PATH"
    for binary in "$(dirname "$bin")"/plugins/*/pulumi-resource-*; do
        [ -x "$binary" ] || continue
        dir="$(basename "$(dirname "$binary")")"
        kind="${dir%%-*}"; name="${dir#*-}"; version="${name#*-}"; name="${name%%-*}"
        if ! pulumi plugin ls 2>/dev/null | grep -Eq "^${name}[[:space:]]+${kind}[[:space:]]+${version}[[:space:]]"; then
            say "installing the $name plugin $version built from Go modules"
            pulumi plugin install "$kind" "$name" "$version" --file "$binary" >/dev/null
        fi
    done
}

# Creates or updates .venv with the package, the embedded emulator and pulumi-random.
# Reinstalls only when pyproject.toml changed or the imports fail.
ensure_venv() {
    local stamp="$VENV/.quickstart-installed"
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] \
        && "$VENV/bin/python" -c "import pulumi, pulumi_random, pulumi_ice_voice, ice_emulator, uvicorn" 2>/dev/null; then
        return 0
    fi
    say "Installing pulumi-ice-voice[emulator] and pulumi-random into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e '.[emulator]' 'pulumi-random==4.21.1'
    touch "$stamp"
}

# A state backend inside the repository: no Pulumi Cloud account, no login.
use_local_backend() {
    export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$ROOT/.pulumi}"
    case "$PULUMI_BACKEND_URL" in
        file://*) mkdir -p "${PULUMI_BACKEND_URL#file://}" ;;
    esac
    if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
        export PULUMI_CONFIG_PASSPHRASE="$LOCAL_PASSPHRASE"
    fi
    export PULUMI_SKIP_UPDATE_CHECK=true
}

up() {
    ensure_pulumi
    ensure_venv
    use_local_backend
    say "Stack $STACK (backend $PULUMI_BACKEND_URL)"
    pulumi stack select "$STACK" --create --non-interactive
    pulumi up --yes --skip-preview --stack "$STACK" --non-interactive
    say "Outputs of stack $STACK:"
    pulumi stack output --stack "$STACK" --non-interactive
}

down() {
    ensure_pulumi
    use_local_backend
    if ! pulumi stack select "$STACK" --non-interactive >/dev/null 2>&1; then
        say "No stack $STACK in $PULUMI_BACKEND_URL: nothing to destroy"
        return 0
    fi
    ensure_venv
    pulumi destroy --yes --skip-preview --stack "$STACK" --non-interactive
}

# The embedded emulator lives only as long as a Pulumi command; the URLs it hands out name
# the port it remembers in its data directory (provider/pulumi_ice_voice/_embedded.py).
# Serving that directory on that port makes them play again.
listen() {
    local data="$ROOT/.ice-emulator" port
    port="$(cat "$data/port" 2>/dev/null || true)"
    if [ -z "$port" ]; then
        echo "No quickstart emulator data in $data: run 'make up' first." >&2
        exit 1
    fi
    if ! "$VENV/bin/python" -c "import ice_emulator" 2>/dev/null; then
        ensure_venv
    fi
    say "Serving $data at http://127.0.0.1:$port until Ctrl-C (stop it before the next 'make up')"
    exec "$VENV/bin/python" -m ice_emulator --data-dir "$data" --port "$port"
}

case "${1:-up}" in
    up) up ;;
    down) down ;;
    listen) listen ;;
    *)
        echo "usage: $0 [up|down|listen]" >&2
        exit 2
        ;;
esac
