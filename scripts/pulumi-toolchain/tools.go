//go:build tools

// The upstream programs built from this module (go build <package>), pinned by go.mod.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
