// Package shim exposes the terraform-provider-random framework provider.
package shim

import (
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	random "github.com/terraform-providers/terraform-provider-random/internal/provider"
)

// NewProvider returns a new instance of the Terraform random provider.
func NewProvider() fwprovider.Provider { return random.New() }
