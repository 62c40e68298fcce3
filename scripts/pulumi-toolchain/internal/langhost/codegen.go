package langhost

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Loader connects to the engine's schema loader (every code generation request names it).
func Loader(target string) (schema.ReferenceLoader, func(), error) {
	client, err := schema.NewLoaderClient(target)
	if err != nil {
		return nil, nil, err
	}
	return schema.NewCachedLoader(client), func() { _ = client.Close() }, nil
}

func bindOptions(strict bool) []pcl.BindOption {
	options := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !strict {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	return options
}

// BindSource binds the PCL files of a GenerateProgram request (`pulumi import`, `convert`).
func BindSource(
	source map[string]string, loader schema.ReferenceLoader, strict bool,
) (*pcl.Program, hcl.Diagnostics, error) {
	parser := hclsyntax.NewParser()
	for path, contents := range source {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics, nil
		}
	}
	return pcl.BindProgram(parser.Files, loader, bindOptions(strict)...)
}

// BindDirectory binds a directory of PCL files (GenerateProject).
func BindDirectory(dir string, loader schema.ReferenceLoader, strict bool) (*pcl.Program, hcl.Diagnostics, error) {
	return pcl.BindDirectory(dir, loader, bindOptions(strict)...)
}

// BindSchema binds a provider schema for SDK generation.
func BindSchema(raw string, loader schema.ReferenceLoader) (*schema.Package, hcl.Diagnostics, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		return nil, nil, err
	}
	return schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
}

// WriteFiles writes generated files under dir.
func WriteFiles(dir string, files map[string][]byte) error {
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("could not create directory %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil { //nolint:gosec
			return fmt.Errorf("could not write %s: %w", path, err)
		}
	}
	return nil
}
