//go:build tools

// The upstream program built from this module (go build <package>), pinned by go.mod.
package tools

import _ "github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3"
