//go:build tools

// The upstream program built from this module (go build <package>), pinned by go.mod.
package tools

import _ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java"
