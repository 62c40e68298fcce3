#!/usr/bin/env bash
# Hold this project's language hosts to Pulumi's own language conformance suite (make
# conformance): the L1 and L2 tests of pkg/v3 testing/pulumi-test-language (the CLI's 3.274.1)
# against pulumi-language-python and pulumi-language-nodejs as scripts/pulumi-from-source.sh
# builds them, each in two modes: SDKs packed (the hosts' Pack: a wheel, an npm tarball; how
# upstream runs it) and SDKs by path. The harness is scripts/pulumi-conformance (see its
# main.go); its expected-failure list, one reason per entry, is its expected.go.
#
#   scripts/conformance.sh                      every host, every mode
#   scripts/conformance.sh python packed        one host, one mode (python|nodejs, packed|path)
#   scripts/conformance.sh nodejs path -run 'l2-resource-simple$'   harness flags after the mode
#
# The tests install packages into every generated program and SDK, as upstream's do, but not
# from the network: the first run fills a package cache from PyPI and npm (a wheelhouse of
# what the core SDK, the generated SDKs and the build frontends need, and an npm cache of the
# Node.js SDK's lock and of the ranges that programs and SDKs ask for), under
# ~/.cache/pulumi-ice-voice/conformance-<key>/, keyed by this script and the SDK's version; the
# tests then run with pip and npm offline (PIP_NO_INDEX, npm's offline mode), so a test that
# needs anything else fails instead of reaching out. The suite's tests that fetch remote assets
# from GitHub are not run (expected.go says which).
#
# Each run's directory (logs of every failed test, the hosts' and the engine's output) is
# ${TMPDIR:-/tmp}/pulumi-ice-voice-conformance/<host>-<mode>/; the summary of each run ends the output.
# The exit status is 1 if any run had an unexpected failure or an unexpected pass.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HARNESS="$ROOT/scripts/pulumi-conformance"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ice-voice"
RUNS="${TMPDIR:-/tmp}/pulumi-ice-voice-conformance"
TAGS="osusergo,grpcnotrace"

say() { printf 'conformance: %s\n' "$*" >&2; }
die() { printf 'conformance: %s\n' "$*" >&2; exit 2; }

hosts=(python nodejs)
modes=(packed path)
if [ $# -gt 0 ] && [ "$1" != "--" ]; then hosts=("$1"); shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then modes=("$1"); shift; fi
[ "${1:-}" != "--" ] || shift

BIN="$(bash "$ROOT/scripts/pulumi-from-source.sh")"
NODE_MODULES="$(bash "$ROOT/scripts/nodejs-deps.sh")"
export CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local
SDK_DIR="$(cd "$HARNESS" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
SDK_VERSION="$(cat "$SDK_DIR/.version")"
mkdir -p "$CACHE/conformance"
(cd "$HARNESS" && go build -trimpath -tags "$TAGS" -o "$CACHE/conformance/pulumi-conformance" .)

DEPS="$CACHE/conformance-$SDK_VERSION-$(cat "${BASH_SOURCE[0]}" | sha256sum | cut -c1-12)"
WHEELS="$DEPS/wheelhouse"
NPM_CACHE="$DEPS/npm-cache"

# fetch_python: the wheel of the core SDK (built here only to resolve its dependencies), and
# everything the tests install with pip: the SDK's dependencies; pip, setuptools and wheel
# (every new virtualenv upgrades them); `build` (the host's Pack) and the build backends of
# the core SDK (hatchling) and of generated SDKs (setuptools); generated SDKs' dependencies.
fetch_python() {
    local work="$1"
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q --disable-pip-version-check build
    cp -R "$SDK_DIR/python" "$work/sdk" && chmod -R u+w "$work/sdk"
    "$work/venv/bin/python" -m build -q --wheel --outdir "$work/core" "$work/sdk" >/dev/null
    "$work/venv/bin/pip" download -q --disable-pip-version-check -d "$WHEELS" \
        "$work"/core/pulumi-*.whl pip setuptools wheel build hatchling parver semver typing-extensions
    rm -f "$WHEELS"/pulumi-"$SDK_VERSION"-*.whl # the tests install the one the host packs
}

# fetch_nodejs: the Node.js SDK's locked packages (the host's Pack runs `npm ci` in it), and
# the ranges generated programs and SDKs ask for: the SDK's own dependencies (installed with
# its packed tarball), typescript and @types/node (pkg/v3/codegen/nodejs's minimums).
fetch_nodejs() {
    local work="$1"
    cp -R "$SDK_DIR/nodejs" "$work/sdk" && chmod -R u+w "$work/sdk"
    (cd "$work/sdk" && npm ci --cache "$NPM_CACHE" --ignore-scripts --no-audit --no-fund >/dev/null)
    mkdir -p "$work/ranges"
    node -e '
        const sdk = require(process.argv[1]);
        const deps = { ...sdk.dependencies, typescript: "^4.7.0", "@types/node": "^20" };
        console.log(JSON.stringify({ name: "ranges", version: "0.0.0", dependencies: deps }));
    ' "$work/sdk/package.json" >"$work/ranges/package.json"
    (cd "$work/ranges" && npm install --cache "$NPM_CACHE" --no-audit --no-fund >/dev/null)
}

if [ ! -f "$DEPS/.complete" ]; then
    say "filling the package cache $DEPS from PyPI and npm (once)"
    rm -rf "$DEPS"
    mkdir -p "$WHEELS" "$NPM_CACHE"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/python" "$work/nodejs"
    (fetch_python "$work/python" && fetch_nodejs "$work/nodejs") >"$DEPS/fetch.log" 2>&1 \
        || die "filling the package cache failed: see $DEPS/fetch.log"
    touch "$DEPS/.complete"
fi

export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELS" PIP_DISABLE_PIP_VERSION_CHECK=1
export npm_config_cache="$NPM_CACHE" npm_config_offline=true npm_config_audit=false \
    npm_config_fund=false npm_config_update_notifier=false

status=0
for host in "${hosts[@]}"; do
    for mode in "${modes[@]}"; do
        say "$host, SDKs $mode"
        vendor=()
        # The Go module zip leaves out the Node.js SDK's vendor/ (ts-node 7.0.1 and typescript
        # 3.8.3, which it loads for programs that bring no ts-node): the same files as the
        # pinned @pulumi/pulumi's (scripts/nodejs-deps).
        [ "$host" != nodejs ] || vendor=(-vendor "$NODE_MODULES/@pulumi/pulumi/vendor")
        "$CACHE/conformance/pulumi-conformance" -bin "$BIN" -core-sdk "$SDK_DIR/$host" "${vendor[@]}" \
            -language "$host" -mode "$mode" -work "$RUNS/$host-$mode" "$@" || status=1
    done
done
exit $status
