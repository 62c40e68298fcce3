#!/usr/bin/env bash
# Install the npm packages that this project's TypeScript programs need (Pulumi's Node.js SDK,
# @pulumi/random, TypeScript: scripts/nodejs-deps/package.json, pinned by its
# package-lock.json) into a cache outside the repository, and print its node_modules
# directory. A program uses them through a `node_modules` symlink to that directory (node
# resolves modules through it; the Node.js language host finds the plugins a program needs
# in it), so nothing is installed into the repository.
#
#   scripts/nodejs-deps.sh            install (or reuse) and print the node_modules directory
#   scripts/nodejs-deps.sh --check    print it if it is installed; exit 1 if not
#
# The cache directory is ~/.cache/pulumi-ice-voice/npm-<key>, keyed by the two files: change
# either and a new one is installed beside the old. Idempotent: a second run checks a stamp.
# Needs Node.js and npm, and the npm registry (`npm ci`, about 200 packages, 30 s).
#
# Environment: XDG_CACHE_HOME (cache root, default ~/.cache), npm's own configuration.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/scripts/nodejs-deps"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ice-voice"
KEY="$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -c1-12)"
DEST="$CACHE/npm-$KEY"
STAMP="$DEST/.complete"

say() { printf 'nodejs-deps: %s\n' "$*" >&2; }
die() { printf '%s\n' "$*" >&2; exit 1; }

if [ -f "$STAMP" ]; then
    echo "$DEST/node_modules"
    exit 0
fi
[ "${1:-}" != "--check" ] || exit 1

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "Cannot install the npm packages of the TypeScript programs: this needs Node.js and npm ('node' and 'npm' on PATH); install Node.js (https://nodejs.org/en/download)."

# Installed in a directory of its own, then renamed into place: a run that fails or races
# another leaves no half-installed cache behind.
mkdir -p "$CACHE"
WORK="$(mktemp -d "$CACHE/npm-$KEY.XXXXXX")"
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
cp "$SRC/package.json" "$SRC/package-lock.json" "$WORK/"
say "installing the packages of scripts/nodejs-deps/package-lock.json into $DEST"
# --ignore-scripts: none of these packages needs an install script (protobufjs's only checks
# its own version); --no-audit/--no-fund: no calls beyond the registry's packages.
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) \
    || die "nodejs-deps: 'npm ci' failed in $WORK (is the npm registry reachable?)"
touch "$WORK/.complete"
[ -f "$STAMP" ] || rm -rf "$DEST" # what no run of this script leaves: a directory without its stamp
if ! mv -T "$WORK" "$DEST" 2>/dev/null; then
    [ -f "$STAMP" ] || die "nodejs-deps: could not move $WORK to $DEST"
fi
echo "$DEST/node_modules"
