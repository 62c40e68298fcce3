package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"pulumi-ice-voice.local/pulumi-random/info"
)

func main() { tfgen.Main("random", info.Provider(nil)) }
