package main

import (
	"context"
	_ "embed"

	pfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"pulumi-ice-voice.local/pulumi-random/info"
)

//go:embed schema.json
var schema []byte

//go:embed bridge-metadata.json
var metadata []byte

func main() {
	pfbridge.Main(context.Background(), "random", info.Provider(metadata),
		pfbridge.ProviderMetadata{PackageSchema: schema, BridgeMetadata: metadata})
}
