#!/usr/bin/env bash
# Build the Pulumi CLI and what it needs to run this project's programs, from published
# Go modules only, into a cache outside the repository.
#
#   scripts/pulumi-from-source.sh            build (or reuse) and print the bin directory
#   scripts/pulumi-from-source.sh --check    print the bin directory if it is built; exit 1 if not
#
# This is the path for machines that reach package registries (the Go module proxy) but
# not get.pulumi.com or GitHub; elsewhere use the official installer. What it builds, all
# pinned by scripts/pulumi-toolchain/go.mod and go.sum:
#   pulumi                         the CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
#   pulumi-language-python         language hosts: this project's own (scripts/pulumi-toolchain,
#   pulumi-language-nodejs           see internal/langhost for why), on the CLI's published code
#   pulumi-language-yaml           Pulumi YAML's language host (github.com/pulumi/pulumi-yaml)
#   pulumi-language-python-exec    the Python SDK's program runner   } copied from the sdk/v3
#   pulumi-resource-pulumi-python  the dynamic-provider plugin       } module, made executable
# and, into <dest>/plugins/resource-random-<version>, the `random` resource plugin at the
# version of the pinned pulumi-random PyPI package (scripts/pulumi-random/build.sh). Those
# get installed with `pulumi plugin install resource random <version> --file ...` (make up
# and the tests do it: this machine cannot download plugins).
#
# Idempotent: a second run checks the stamp and `pulumi version` and takes a second or
# two. A cold run on 2 cores downloads about 2 GB of modules and takes about 10 minutes.
#
# Environment: XDG_CACHE_HOME (cache root, default ~/.cache), GOPROXY (as go uses it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$ROOT/scripts/pulumi-toolchain"
PULUMI_VERSION="v3.274.1"
# The random plugin's version: the pulumi-random PyPI package is pinned to it (pyproject.toml,
# examples' requirements), since the plugin cache matches versions exactly.
RANDOM_VERSION="4.21.1"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ice-voice"

say() { printf 'pulumi-from-source: %s\n' "$*" >&2; }
die() { printf '%s\n' "$*" >&2; exit 1; }

# The cache is keyed by the pinned versions and by this project's own sources of the
# build (the language hosts, this script, the random plugin's build): change any of them
# and a new directory is built beside the old one.
key() {
    (
        cd "$ROOT"
        cat scripts/pulumi-from-source.sh
        find scripts/pulumi-toolchain scripts/pulumi-random -type f \
            \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name '*.sh' \) -print0 \
            | sort -z | xargs -0 cat
    ) | sha256sum | cut -c1-12
}
DEST="$CACHE/pulumi-${PULUMI_VERSION#v}-$(key)"
BIN="$DEST/bin"
STAMP="$DEST/.complete"

built() {
    [ -f "$STAMP" ] && [ "$("$BIN/pulumi" version 2>/dev/null)" = "$PULUMI_VERSION" ]
}

if [ "${1:-}" = "--check" ]; then
    built && { echo "$BIN"; exit 0; }
    exit 1
fi

if built; then
    echo "$BIN"
    exit 0
fi

NO_GO="Cannot build the Pulumi CLI here: this needs Go 1.26 or newer ('go' on PATH) and the Go module proxy (GOPROXY=$(go env GOPROXY 2>/dev/null || echo unset)); install the CLI as https://www.pulumi.com/docs/iac/download-install/ explains instead."
command -v go >/dev/null 2>&1 || die "$NO_GO"
go_minor="$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
[ "${go_minor:-0}" -ge 26 ] 2>/dev/null || die "$NO_GO"

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
cd "$TOOLCHAIN"
say "downloading modules (pinned by scripts/pulumi-toolchain/go.sum)"
go mod download >/dev/null 2>&1 || die "$NO_GO"

mkdir -p "$BIN"
LDFLAGS="-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
build() { # <output name> <package>
    say "building $1"
    go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" -o "$BIN/$1" "$2"
}
build pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
build pulumi-language-python ./cmd/pulumi-language-python

SDK_DIR="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$SDK_DIR/python/cmd/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec"
install -m 0755 "$SDK_DIR/python/dist/pulumi-resource-pulumi-python" "$BIN/pulumi-resource-pulumi-python"

bash "$ROOT/scripts/pulumi-random/build.sh" "$DEST/plugins/resource-random-$RANDOM_VERSION" \
    "$RANDOM_VERSION" "$DEST/work/random"
rm -rf "$DEST/work"

[ "$("$BIN/pulumi" version)" = "$PULUMI_VERSION" ] \
    || die "pulumi-from-source: the built CLI reports '$("$BIN/pulumi" version)', not $PULUMI_VERSION"
touch "$STAMP"
say "built Pulumi $PULUMI_VERSION in $BIN"
echo "$BIN"
