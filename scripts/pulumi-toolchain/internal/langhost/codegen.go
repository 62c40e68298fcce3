package langhost

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// LoadPackage loads the schema of a package `pulumi package add` links, with the language
// section of `language` read by `importer`.
func LoadPackage(
	ctx context.Context, loader schema.ReferenceLoader, dep *pulumirpc.PackageDependency,
	language string, importer schema.Language,
) (*schema.Package, error) {
	desc := &schema.PackageDescriptor{Name: dep.Name, DownloadURL: dep.Server}
	if v, err := semver.ParseTolerant(dep.Version); err == nil {
		desc.Version = &v
	}
	if p := dep.Parameterization; p != nil {
		desc.Parameterization = &schema.ParameterizationDescriptor{Name: p.Name, Value: p.Value}
		if v, err := semver.ParseTolerant(p.Version); err == nil {
			desc.Parameterization.Version = v
		}
	}
	ref, err := schema.LoadPackageReferenceV2(ctx, loader, desc)
	if err != nil {
		return nil, err
	}
	pkg, err := ref.Definition()
	if err != nil {
		return nil, err
	}
	if err := pkg.ImportLanguages(map[string]schema.Language{language: importer}); err != nil {
		return nil, err
	}
	return pkg, nil
}

// Generator serves the code generation RPCs of a language host (`pulumi import`, `convert`,
// `package gen-sdk`) with the CLI's own generators for its language: what the hosts share
// is loading the schemas, binding PCL and writing files; the three functions are what
// differs. A host embeds it.
type Generator struct {
	// Program turns a bound PCL program into the language's source files.
	Program func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error)
	// Project writes a whole project of the language into a directory.
	Project func(dir string, project workspace.Project, program *pcl.Program,
		localDependencies map[string]string) error
	// Package makes the files of an SDK for a provider's schema.
	Package func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		loader schema.ReferenceLoader) (map[string][]byte, error)
}

// GenerateProgram turns PCL (what `pulumi import` and `pulumi convert` produce) into a
// program of the host's language.
func (g Generator) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, closeLoader, err := Loader(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer closeLoader()
	program, diags, err := BindSource(req.Source, loader, req.Strict)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() || program == nil {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, genDiags, err := g.Program(program)
	if err != nil {
		return nil, err
	}
	diags = append(diags, genDiags...)
	return &pulumirpc.GenerateProgramResponse{
		Source: files, Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags),
	}, nil
}

// GenerateProject writes a whole project of the host's language from PCL (`pulumi convert`).
func (g Generator) GenerateProject(
	_ context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	loader, closeLoader, err := Loader(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer closeLoader()
	program, diags, err := BindDirectory(req.SourceDirectory, loader, req.Strict)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	var project workspace.Project
	if err := json.Unmarshal([]byte(req.Project), &project); err != nil {
		return nil, err
	}
	if err := g.Project(req.TargetDirectory, project, program, req.LocalDependencies); err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

// GeneratePackage writes an SDK of the host's language for a provider's schema
// (`pulumi package gen-sdk`, `pulumi package add`).
func (g Generator) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, closeLoader, err := Loader(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer closeLoader()
	pkg, diags, err := BindSchema(req.Schema, loader)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, err := g.Package(pkg, req, loader)
	if err != nil {
		return nil, err
	}
	if err := WriteFiles(req.Directory, files); err != nil {
		return nil, err
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

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
