#!/usr/bin/env bash
# The checks of this project's Go code: every Go module under scripts/ (our language hosts, the
# conformance suite's harness, the random plugin's and the YAML host's wrapper modules).
#
#   scripts/go-checks.sh lint    gofmt -l (no file may need formatting) and go vet
#   scripts/go-checks.sh test    go test of the language hosts' pure helpers and of the
#                                conformance harness's expected-failure list (seconds once the
#                                Go build cache is warm)
#
# Both build with the flags scripts/pulumi-from-source.sh builds with (CGO off, -trimpath, the
# same tags), so the packages it compiled come from the Go build cache instead of being compiled
# again. go.mod files are read-only here: a module whose go.mod or go.sum is not tidy fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TAGS="osusergo,grpcnotrace"
export CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local

die() { printf 'go-checks: %s\n' "$*" >&2; exit 1; }
command -v go >/dev/null 2>&1 \
    || die "Go 1.26 or newer ('go' on PATH) is needed to check the Go modules under scripts/"

# vet <module dir> <tags>: go vet of the module's packages, if it has any outside build tags.
vet() {
    (
        cd "$1"
        if [ -n "$(go list -tags "$2" ./... 2>/dev/null)" ]; then
            go vet -trimpath -tags "$2" ./...
        fi
    )
}

lint() {
    local unformatted
    unformatted="$(cd "$ROOT" && gofmt -l scripts)"
    [ -z "$unformatted" ] || die "gofmt would change these files (run gofmt -w): $unformatted"
    vet "$ROOT/scripts/pulumi-toolchain" "$TAGS"
    vet "$ROOT/scripts/pulumi-conformance" "$TAGS"
    vet "$ROOT/scripts/pulumi-yaml" "$TAGS"
    vet "$ROOT/scripts/pulumi-random/shim" ""
    # The random plugin embeds the schema files its build generates (scripts/pulumi-random/
    # build.sh): vet a copy with the same placeholders, as the module cache and the repository
    # stay untouched.
    local copy
    copy="$(mktemp -d)"
    trap 'rm -rf "$copy"' RETURN
    cp -R "$ROOT/scripts/pulumi-random/." "$copy/"
    echo '{}' >"$copy/cmd/pulumi-resource-random/schema.json"
    echo '{}' >"$copy/cmd/pulumi-resource-random/bridge-metadata.json"
    vet "$copy" ""
}

gotest() {
    (cd "$ROOT/scripts/pulumi-toolchain" && go test -trimpath -tags "$TAGS" ./...)
    (cd "$ROOT/scripts/pulumi-conformance" && go test -trimpath -tags "$TAGS" ./...)
}

case "${1:-}" in
    lint) lint ;;
    test) gotest ;;
    *) die "usage: scripts/go-checks.sh lint|test" ;;
esac
