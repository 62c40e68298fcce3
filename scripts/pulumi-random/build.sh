#!/usr/bin/env bash
# Build pulumi-resource-random <VERSION> into <OUT_DIR>, from this directory's wrapper
# module (see go.mod for why a wrapper) and published Go modules only.
#
#   scripts/pulumi-random/build.sh <OUT_DIR> <VERSION> <WORK_DIR>
#
# The plugin embeds its Pulumi schema, which the bridge's tfgen generates from the
# Terraform provider: the module is copied to WORK_DIR (module caches are read-only and
# the repository stays clean), tfgen is built and run there, then the plugin.
# Called by scripts/pulumi-from-source.sh, which owns idempotency (its cache key covers
# this directory). Cold: about 4 minutes and 3 GB of module and build caches on 2 cores.
set -euo pipefail

OUT="$1"
VERSION="$2"
WORK="$3"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN=local

say() { printf 'pulumi-from-source: %s\n' "$*" >&2; }

rm -rf "$WORK"
# tfgen finds the Terraform provider's docs with `go mod download` in ./provider.
mkdir -p "$WORK/provider" "$OUT"
cp -R "$HERE"/. "$WORK/provider/"
rm -f "$WORK/provider/build.sh"
cd "$WORK/provider"
PLUGIN=cmd/pulumi-resource-random
echo '{}' >"$PLUGIN/schema.json"           # placeholders until tfgen writes them
echo '{}' >"$PLUGIN/bridge-metadata.json"

LDFLAGS="-s -w -X pulumi-ice-voice.local/pulumi-random/info.Version=$VERSION"
say "building the random plugin's schema generator"
go build -trimpath -ldflags "$LDFLAGS" -o "$WORK/pulumi-tfgen-random" ./cmd/pulumi-tfgen-random
# --skip-examples: converting the docs' HCL examples only adds documentation, and stalls
# for a minute and a half trying to reach the network.
(cd "$WORK" && PULUMI_SKIP_MISSING_MAPPING_ERROR=true PULUMI_SKIP_EXTRA_MAPPING_ERROR=true \
    "$WORK/pulumi-tfgen-random" schema --skip-examples --out "$WORK/gen" >"$WORK/tfgen.log" 2>&1) \
    || { cat "$WORK/tfgen.log" >&2; exit 1; }
go run ./cmd/schema-version "$VERSION" "$WORK/gen/schema.json" "$PLUGIN/schema.json"
[ ! -f "$WORK/gen/bridge-metadata.json" ] || cp "$WORK/gen/bridge-metadata.json" "$PLUGIN/bridge-metadata.json"

say "building pulumi-resource-random $VERSION"
go build -trimpath -ldflags "$LDFLAGS" -o "$OUT/pulumi-resource-random" "./$PLUGIN"
