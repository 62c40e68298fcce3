#!/usr/bin/env bash
# Build the Pulumi CLI and what it needs to run this project's programs, from published
# Go modules only, into a cache outside the repository.
#
#   scripts/pulumi-from-source.sh            build (or reuse) and print the bin directory
#   scripts/pulumi-from-source.sh --check    print the bin directory if it is built; exit 1 if not
#
# This is the path for machines that reach package registries (the Go module proxy) but
# not get.pulumi.com or GitHub; elsewhere use the official installer. What it builds into
# <dest>/bin, pinned by the go.mod and go.sum of the modules named:
#   pulumi                          the CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi;
#                                   scripts/pulumi-toolchain)
#   pulumi-language-python          language hosts of this project's own (scripts/pulumi-toolchain,
#   pulumi-language-nodejs            see internal/langhost for why), on the CLI's published code
#   pulumi-language-go
#   pulumi-language-yaml            Pulumi YAML's language host (github.com/pulumi/pulumi-yaml
#                                   v1.25.0 at its own pins: scripts/pulumi-yaml)
#   pulumi-language-java            Pulumi's Java and .NET language hosts (github.com/pulumi/
#   pulumi-language-dotnet            pulumi-java v1.34.0, pulumi-dotnet/pulumi-language-dotnet/v3
#                                   v3.110.0, at their own pins: scripts/pulumi-java and
#                                   scripts/pulumi-dotnet), for their code generators (make dist)
#   pulumi-language-python-exec     the Python SDK's program runner  } copied from the sdk/v3
#   pulumi-resource-pulumi-python   dynamic-provider plugins         } module, made
#   pulumi-resource-pulumi-nodejs     (Python and Node.js)           } executable
# and, into <dest>/plugins/resource-random-<version>, the `random` resource plugin at the
# version of the pinned pulumi-random PyPI and @pulumi/random npm packages
# (scripts/pulumi-random/build.sh). Those get installed with `pulumi plugin install resource
# random <version> --file ...` (make up and the tests do it: this machine cannot download
# plugins). Programs in TypeScript also need npm packages: scripts/nodejs-deps.sh.
#
# <dest> is ~/.cache/pulumi-ice-voice/pulumi-<version>-<key>, the key a hash of every build
# source. The three slow parts (the CLI, the random plugin, the YAML host) are also kept in
# ~/.cache/pulumi-ice-voice/parts/, each keyed by its own sources only, and linked into a
# new <dest>: an edit of a language host of ours rebuilds only our hosts (under a minute).
#
# Idempotent: a second run checks the stamp and `pulumi version` and takes a second or
# two. A cold run on 2 cores downloads about 2 GB of modules and takes about 17 minutes
# (the Java and .NET hosts about a minute each of it, with the CLI's modules already there).
#
# Environment: XDG_CACHE_HOME (cache root, default ~/.cache), GOPROXY (as go uses it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$ROOT/scripts/pulumi-toolchain"
YAML_MODULE="$ROOT/scripts/pulumi-yaml"
PULUMI_VERSION="v3.274.1"
# The YAML host's version: the one pulumi-yaml release the Go module proxy serves.
YAML_VERSION="v1.25.0"
# The Java and .NET hosts' versions: the ones the Terraform bridge pins, which the proxy serves.
JAVA_VERSION="v1.34.0"
DOTNET_VERSION="v3.110.0"
# The random plugin's version: the pulumi-random PyPI package and the @pulumi/random npm
# package are pinned to it (pyproject.toml, examples' requirements,
# scripts/nodejs-deps/package.json), since the plugin cache matches versions exactly.
RANDOM_VERSION="4.21.1"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ice-voice"
PARTS="$CACHE/parts"
TAGS="osusergo,grpcnotrace"
LDFLAGS="-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
YAML_LDFLAGS="-w -s -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION"
JAVA_LDFLAGS="-w -s -X github.com/pulumi/pulumi-java/pkg/version.Version=$JAVA_VERSION"
DOTNET_LDFLAGS="-w -s -X github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3/version.Version=$DOTNET_VERSION"

say() { printf 'pulumi-from-source: %s\n' "$*" >&2; }
die() { printf '%s\n' "$*" >&2; exit 1; }

# key_of <words> -- <files or directories>: 12 hex digits of the words and of the build
# sources (*.go, go.mod, go.sum, *.sh) found under the paths, relative to the repository.
key_of() {
    local words=()
    while [ "$1" != "--" ]; do words+=("$1"); shift; done
    shift
    (
        cd "$ROOT"
        printf '%s\n' "${words[@]}"
        find "$@" -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name '*.sh' \) -print0 \
            | sort -z | xargs -0 cat
    ) | sha256sum | cut -c1-12
}
# The cache is keyed by the pinned versions and by this project's own sources of the
# build (the language hosts, this script, the random plugin's and the YAML host's modules):
# change any of them and a new directory is built beside the old one.
DEST="$CACHE/pulumi-${PULUMI_VERSION#v}-$(key_of -- scripts/pulumi-from-source.sh scripts/pulumi-toolchain \
    scripts/pulumi-random scripts/pulumi-yaml scripts/pulumi-java scripts/pulumi-dotnet)"
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
GO_VERSION="$(go env GOVERSION)"

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
say "downloading modules (pinned by the go.sum files of scripts/pulumi-toolchain and scripts/pulumi-yaml)"
(cd "$TOOLCHAIN" && go mod download) >/dev/null 2>&1 || die "$NO_GO"
for module in "$YAML_MODULE" "$ROOT/scripts/pulumi-java" "$ROOT/scripts/pulumi-dotnet"; do
    (cd "$module" && go mod download) >/dev/null 2>&1 || die "$NO_GO"
done

# part <name> <key> <command...>: print the directory $PARTS/<name>-<key>, made by running
# the command with $OUT set to a fresh directory (then renamed into place) unless an earlier
# run made it.
part() {
    local dir="$PARTS/$1-$2"
    shift 2
    if [ ! -f "$dir/.complete" ]; then
        mkdir -p "$PARTS"
        local out
        out="$(mktemp -d "$dir.XXXXXX")"
        chmod 755 "$out"
        OUT="$out" "$@" >&2 || { rm -rf "$out"; return 1; }
        touch "$out/.complete"
        rm -rf "$dir"
        mv -T "$out" "$dir" 2>/dev/null || { rm -rf "$out"; [ -f "$dir/.complete" ] || return 1; }
    fi
    echo "$dir"
}
# link <file> <dir>: a hard link (a copy on another file system) of a part's file into dir.
link() { ln -f "$1" "$2/" 2>/dev/null || cp -f "$1" "$2/"; }

build_cli() {
    say "building pulumi"
    (cd "$TOOLCHAIN" && go build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" -o "$OUT/pulumi" \
        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
}
build_yaml() {
    say "building pulumi-language-yaml"
    (cd "$YAML_MODULE" && go build -trimpath -tags "$TAGS" -ldflags "$YAML_LDFLAGS" \
        -o "$OUT/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
}
build_java() {
    say "building pulumi-language-java"
    (cd "$ROOT/scripts/pulumi-java" && go build -trimpath -tags "$TAGS" -ldflags "$JAVA_LDFLAGS" \
        -o "$OUT/pulumi-language-java" github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java)
}
build_dotnet() {
    say "building pulumi-language-dotnet"
    (cd "$ROOT/scripts/pulumi-dotnet" && go build -trimpath -tags "$TAGS" -ldflags "$DOTNET_LDFLAGS" \
        -o "$OUT/pulumi-language-dotnet" github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3)
}
build_random() {
    bash "$ROOT/scripts/pulumi-random/build.sh" "$OUT" "$RANDOM_VERSION" "$OUT.work"
    local status=$?
    rm -rf "$OUT.work"
    return $status
}

rm -rf "$DEST"
mkdir -p "$BIN" "$DEST/plugins/resource-random-$RANDOM_VERSION"
cli="$(part "pulumi-${PULUMI_VERSION#v}" \
    "$(key_of "$GO_VERSION" "$TAGS" "$LDFLAGS" -- scripts/pulumi-toolchain/go.mod scripts/pulumi-toolchain/go.sum)" \
    build_cli)"
link "$cli/pulumi" "$BIN"
yaml="$(part "pulumi-language-yaml-${YAML_VERSION#v}" \
    "$(key_of "$GO_VERSION" "$TAGS" "$YAML_LDFLAGS" -- scripts/pulumi-yaml)" build_yaml)"
link "$yaml/pulumi-language-yaml" "$BIN"
java="$(part "pulumi-language-java-${JAVA_VERSION#v}" \
    "$(key_of "$GO_VERSION" "$TAGS" "$JAVA_LDFLAGS" -- scripts/pulumi-java)" build_java)"
link "$java/pulumi-language-java" "$BIN"
dotnet="$(part "pulumi-language-dotnet-${DOTNET_VERSION#v}" \
    "$(key_of "$GO_VERSION" "$TAGS" "$DOTNET_LDFLAGS" -- scripts/pulumi-dotnet)" build_dotnet)"
link "$dotnet/pulumi-language-dotnet" "$BIN"
random="$(part "random-$RANDOM_VERSION" \
    "$(key_of "$GO_VERSION" "$RANDOM_VERSION" -- scripts/pulumi-random)" build_random)"
link "$random/pulumi-resource-random" "$DEST/plugins/resource-random-$RANDOM_VERSION"

# This project's own language hosts: small, and quick to rebuild from Go's build cache.
for host in python nodejs go; do
    say "building pulumi-language-$host"
    (cd "$TOOLCHAIN" && go build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" \
        -o "$BIN/pulumi-language-$host" "./cmd/pulumi-language-$host")
done

SDK_DIR="$(cd "$TOOLCHAIN" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$SDK_DIR/python/cmd/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec"
install -m 0755 "$SDK_DIR/python/dist/pulumi-resource-pulumi-python" "$BIN/pulumi-resource-pulumi-python"
install -m 0755 "$SDK_DIR/nodejs/dist/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"

[ "$("$BIN/pulumi" version)" = "$PULUMI_VERSION" ] \
    || die "pulumi-from-source: the built CLI reports '$("$BIN/pulumi" version)', not $PULUMI_VERSION"
touch "$STAMP"
say "built Pulumi $PULUMI_VERSION in $BIN"
echo "$BIN"
