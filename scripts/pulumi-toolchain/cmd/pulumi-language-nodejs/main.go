// pulumi-language-nodejs: the language host the Pulumi CLI starts for `runtime: nodejs`
// projects, TypeScript or JavaScript (see internal/langhost for why this project builds its
// own).
//
// It follows the behaviour of Pulumi's own host (pulumi/pulumi,
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go, Apache-2.0, read at 3.259/3.260), written
// anew on this project's internal/langhost:
//
//   - Run: `node [nodeargs] <@pulumi/pulumi/cmd/run> --monitor ... --engine ... --organization
//     ... --project ... --root-directory ... --stack ... --pwd <program dir> [--dry-run]
//     --parallel N [--tracing ...] <entry point> [args]`, the entry point resolved with
//     `require.resolve` from the program directory (so the program's own node_modules decide
//     the SDK version), PULUMI_CONFIG (keys in the `<namespace>:config:<name>` spelling that
//     every SDK version reads) and PULUMI_CONFIG_SECRET_KEYS in the environment, and
//     PULUMI_NODEJS_TYPESCRIPT=true unless the project's `typescript` option is false
//     (PULUMI_NODEJS_TSCONFIG_PATH from its `tsconfig` option): the SDK's run entry point
//     then registers ts-node itself, with the project's own typescript (or its vendored one).
//     Exit code 32 means "the program already told the user": the engine adds nothing.
//   - GetRequiredPackages: every package.json under a node_modules directory of the program
//     directory (symlinks followed, policy packs skipped) whose `pulumi` section has
//     `"resource": true` names a resource plugin: `pulumi.name`, else the name after
//     `@pulumi/`; `pulumi.version`, else the package's version; `pulumi.server` and
//     parameterizations as given.
//   - InstallDependencies, About, GetProgramDependencies, Link: npm (or yarn, pnpm, bun) as
//     the sdk/v3 module's nodejs/npm package drives it, as upstream does.
//   - RunPlugin (a provider plugin written in TypeScript): `node @pulumi/pulumi/cmd/run-plugin
//     <plugin dir> args...`.
//   - Pack (`pulumi package pack-sdk`): an npm tarball of the package directory (pack.go).
//   - GenerateProgram, GenerateProject, GeneratePackage: the CLI's own Node.js code generator
//     (pkg/v3/codegen/nodejs).
//
// Pulumi's language conformance suite (make conformance, scripts/pulumi-conformance) holds it to
// upstream's behaviour, SDKs packed and by path (the counts are in the README, Tests): every L1
// and L2 test passes but those its expected.go lists, none of which
// is this host's doing. Not done here, and why: the official host puts a gRPC proxy of the resource monitor between
// the program and the engine, only to tag RegisterResource calls as coming from Node.js (the
// engine recognises the Node.js SDK by its gRPC user agent, `grpc-node-js/...`, just as well)
// and to serve synchronous invokes over a pair of pipes (`--sync`), which the Node.js SDK of
// this era no longer calls. Programs therefore talk to the engine's monitor directly. Policy
// packs written for Node.js (@pulumi/policy; RunPlugin of kind analyzer) are refused: nothing
// here pins or tests @pulumi/policy (running one would be `@pulumi/pulumi/cmd/run-policy-pack`
// through langhost.RunPolicyPackProcess with the PULUMI_NODEJS_ prefix, as the Python host runs
// its packs). The bun runtime, debugger attachment, fnm-managed Node.js versions and `pulumi
// new`'s prompts (RuntimeOptionsPrompts, Template) answer Unimplemented or say they are not
// supported; upstream's cache of installed node_modules trees shared between projects (a test
// speed-up of its own conformance runs) is not here.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	"github.com/google/shlex"
	"github.com/hashicorp/hcl/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/pulumi/pulumi/pkg/v3/codegen/cgstrings"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/fsutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pulumi-ice-voice.local/pulumi-toolchain/internal/langhost"
)

const (
	// The SDK's entry points, resolved from the program directory. PULUMI_LANGUAGE_NODEJS_RUN_PATH
	// overrides the first two, as it does for the official host.
	runModule       = "@pulumi/pulumi/cmd/run"
	runPluginModule = "@pulumi/pulumi/cmd/run-plugin"
	runPathEnv      = "PULUMI_LANGUAGE_NODEJS_RUN_PATH"
)

type host struct {
	langhost.Base
	langhost.Generator
}

func main() {
	langhost.Main(func(engine, tracing string) pulumirpc.LanguageRuntimeServer {
		return &host{Base: langhost.NewBase(engine, tracing), Generator: generator}
	})
}

// options are the project's runtime options (Pulumi.yaml `runtime.options`).
type options struct {
	typescript     bool   // run through ts-node (default true)
	tsconfig       string // the tsconfig file ts-node reads
	nodeargs       string // extra arguments for node, shell-quoted
	packagemanager npm.PackageManagerType
	production     bool // install without devDependencies
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	opts := options{typescript: true, packagemanager: npm.AutoPackageManager}
	if info == nil || info.Options == nil {
		return opts, nil
	}
	raw := info.Options.AsMap()
	boolOption := func(key string, into *bool) error {
		if v, ok := raw[key]; ok {
			b, ok := v.(bool)
			if !ok {
				return fmt.Errorf("%s option must be a boolean", key)
			}
			*into = b
		}
		return nil
	}
	stringOption := func(key string, into *string) error {
		if v, ok := raw[key]; ok {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%s option must be a string", key)
			}
			*into = s
		}
		return nil
	}
	var pm string
	for _, err := range []error{
		boolOption("typescript", &opts.typescript),
		stringOption("tsconfig", &opts.tsconfig),
		stringOption("nodeargs", &opts.nodeargs),
		boolOption("production", &opts.production),
		stringOption("packagemanager", &pm),
	} {
		if err != nil {
			return opts, err
		}
	}
	switch pm {
	case "", "auto":
	case "npm":
		opts.packagemanager = npm.NpmPackageManager
	case "yarn":
		opts.packagemanager = npm.YarnPackageManager
	case "pnpm":
		opts.packagemanager = npm.PnpmPackageManager
	case "bun":
		opts.packagemanager = npm.BunPackageManager
	default:
		return opts, fmt.Errorf("packagemanager option must be one of auto, npm, yarn, pnpm or bun, got %q", pm)
	}
	return opts, nil
}

// typescriptEnv tells the SDK's entry points to register ts-node, and with which tsconfig.
func (o options) typescriptEnv() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// resolveModule finds a module's file as `require` from dir would, or says how to install the
// SDK. isPlugin changes only the advice.
func resolveModule(ctx context.Context, node, module, dir string, isPlugin bool) (string, error) {
	advice := "pulumi install"
	if isPlugin {
		advice = "npm install in " + dir
	}
	// JSON strings are JavaScript string literals.
	quote := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	// One line: some node shims mishandle newlines in -e arguments.
	script := fmt.Sprintf("try { console.log(require.resolve(%s)); } catch (e) { "+
		"console.error(e.code === 'MODULE_NOT_FOUND' ? %s : e.message); process.exit(1); }",
		quote(module), quote("It looks like the Pulumi SDK has not been installed. Have you run "+advice+"?"))
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
			return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", fmt.Errorf("could not run node to locate %s: %w", module, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// legacyConfig spells each key `<namespace>:config:<name>`: both spellings are read by every
// Node.js SDK since the new one was introduced, the old one by the oldest too.
func legacyConfig(cfg map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return nil, err
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	return out, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "attaching a debugger is not supported by this language host"}, nil
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not find node on the $PATH: %v", err)}, nil
	}
	opts, err := parseOptions(req.Info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	module := os.Getenv(runPathEnv)
	if module == "" {
		module = runModule
	}
	runPath, err := resolveModule(ctx, node, module, req.Info.ProgramDirectory, false)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("nodeargs option: %v", err)}, nil
	}
	args = append(args, runPath)
	args = append(args, langhost.ProgramArgs{
		Monitor: req.MonitorAddress, Engine: h.EngineAddress, Organization: req.Organization,
		Project: req.Project, RootDirectory: req.Info.RootDirectory, Stack: req.Stack,
		Pwd: req.Info.ProgramDirectory, DryRun: req.DryRun, Parallel: req.Parallel, Tracing: h.Tracing,
	}.Flags(langhost.NodeStyle)...)
	// The engine always names an entry point, "." for the program directory (whose
	// package.json `main` the SDK then follows).
	args = append(args, req.Info.EntryPoint)
	args = append(args, req.Args...)

	cfg, err := legacyConfig(req.Config)
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("failed to serialize configuration: %v", err)}, nil
	}
	env, err := langhost.ConfigEnv(cfg, req.ConfigSecretKeys)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(h.CancelContext())
	defer cancel()
	context.AfterFunc(ctx, cancel)
	cmd := exec.CommandContext(runCtx, node, args...)
	cmd.Env = append(append(os.Environ(), env...), opts.typescriptEnv()...)
	logging.V(5).Infof("Language host launching process: %s", cmd)
	return langhost.RunProgram(cmd), nil
}

// packageJSON is what GetRequiredPackages reads of a package's package.json.
type packageJSON struct {
	Name    string                  `json:"name"`
	Version string                  `json:"version"`
	Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
}

func (h *host) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	sdkVersions := map[string]semver.Version{}
	packages, err := packagesUnder(req.Info.ProgramDirectory, false, map[string]bool{}, sdkVersions)
	if err != nil {
		// As upstream: what could be read still counts; the rest is only logged.
		logging.V(3).Infof("one or more errors while discovering plugins: %s", err)
	}
	warnIncompatibleSDKs(sdkVersions)
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// packagesUnder walks dir for the package.json files of node_modules packages.
func packagesUnder(
	dir string, inNodeModules bool, visited map[string]bool, sdkVersions map[string]semver.Version,
) ([]*pulumirpc.PackageDependency, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if visited[dir] {
		return nil, nil
	}
	visited[dir] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading plugin dir %s: %w", dir, err)
	}
	var packages []*pulumirpc.PackageDependency
	var errs []error
	for _, entry := range entries {
		path := filepath.Join(dir, entry.Name())
		isDir := entry.IsDir()
		if entry.Type()&fs.ModeSymlink != 0 {
			if path, err = filepath.EvalSymlinks(path); err != nil {
				errs = append(errs, fmt.Errorf("resolving link in plugin dir %s: %w", path, err))
				continue
			}
			info, err := os.Stat(path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			isDir = info.IsDir()
		}
		switch {
		case isDir:
			// A policy pack's plugins are not the program's.
			if pack, err := workspace.DetectPolicyPackPathAt(path); err != nil {
				errs = append(errs, err)
				continue
			} else if pack != "" {
				continue
			}
			more, err := packagesUnder(path, inNodeModules || filepath.Base(dir) == "node_modules", visited, sdkVersions)
			if err != nil {
				errs = append(errs, err)
			}
			packages = append(packages, more...)
		case inNodeModules && entry.Name() == "package.json":
			dep, err := packageDependency(path, sdkVersions)
			if err != nil {
				errs = append(errs, err)
			} else if dep != nil {
				packages = append(packages, dep)
			}
		}
	}
	return packages, errors.Join(errs...)
}

func packageDependency(path string, sdkVersions map[string]semver.Version) (*pulumirpc.PackageDependency, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading package.json %s: %w", path, err)
	}
	var info packageJSON
	if err := json.Unmarshal(data, &info); err != nil {
		return nil, fmt.Errorf("unmarshaling package.json %s: %w", path, err)
	}
	if info.Name == "@pulumi/pulumi" {
		v, err := semver.Parse(info.Version)
		if err != nil {
			return nil, fmt.Errorf("could not understand version %s in '%s': %w", info.Version, path, err)
		}
		sdkVersions[path] = v
	}
	if !info.Pulumi.Resource {
		return nil, nil
	}
	name := info.Pulumi.Name
	if name == "" {
		// Only @pulumi/ packages may leave the plugin's name to the package's.
		if !strings.HasPrefix(info.Name, "@pulumi/") {
			return nil, fmt.Errorf("missing property \"name\" for the third-party plugin '%v' "+
				"inside package.json under the \"pulumi\" section", info.Name)
		}
		name = strings.TrimPrefix(info.Name, "@pulumi/")
	}
	version := info.Pulumi.Version
	if version == "" {
		version = info.Version
	}
	if version == "" {
		return nil, fmt.Errorf("missing expected \"version\" property in %s", path)
	}
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	parameterization := func(p *plugin.PulumiParameterizationJSON) *pulumirpc.PackageParameterization {
		if p == nil {
			return nil
		}
		return &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
	}
	return &pulumirpc.PackageDependency{
		Name: name, Kind: "resource", Version: version, Server: info.Pulumi.Server,
		Parameterization: parameterization(info.Pulumi.Parameterization),
		Extension:        parameterization(info.Pulumi.ExtensionParameterization),
	}, nil
}

// warnIncompatibleSDKs warns, as upstream does, when two copies of @pulumi/pulumi of
// different major versions are installed: resources of one are not resources of the other.
func warnIncompatibleSDKs(versions map[string]semver.Version) {
	var firstPath string
	var first semver.Version
	for path, v := range versions {
		if firstPath == "" {
			firstPath, first = path, v
			continue
		}
		if v.Major != first.Major && (v.Major > 2 || first.Major > 2) {
			fmt.Fprintf(os.Stderr, "Found incompatible versions of @pulumi/pulumi. Differing major versions "+
				"are not supported.\n  Version %s referenced at %s\n  Version %s referenced at %s\n",
				first, firstPath, v, path)
			return
		}
	}
}

func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	opts, err := parseOptions(req.Info)
	if err != nil {
		return fmt.Errorf("failed to parse options: %w", err)
	}
	if req.UseLanguageVersionTools {
		logging.V(5).Infof("ignoring useLanguageVersionTools: this language host does not switch Node.js versions")
	}
	fmt.Fprint(stdout, "Installing dependencies...\n\n")
	root := req.Info.ProgramDirectory
	if workspaceRoot, err := npm.FindWorkspaceRoot(root); err == nil {
		fmt.Fprintf(stdout, "Detected workspace root at %s\n", workspaceRoot)
		root = workspaceRoot
	} else if !errors.Is(err, npm.ErrNotInWorkspace) {
		return fmt.Errorf("failure while trying to find workspace root: %w", err)
	}
	if _, err := npm.Install(server.Context(), opts.packagemanager, root, opts.production, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprint(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	opts, err := parseOptions(req.GetInfo())
	if err != nil {
		return nil, fmt.Errorf("failed to parse options: %w", err)
	}
	dir := ""
	if req.GetInfo() != nil {
		dir = req.Info.ProgramDirectory
	}
	pm, err := npm.ResolvePackageManager(opts.packagemanager, dir)
	if err != nil {
		return nil, fmt.Errorf("could not resolve packagemanager: %w", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find executable \"node\": %w", err)
	}
	metadata := map[string]string{"packagemanager": pm.Name()}
	if v, err := pm.Version(); err == nil {
		metadata["packagemanagerVersion"] = v.String()
	}
	// The TypeScript the program would load, resolved as node resolves it from the program.
	ts := exec.CommandContext(ctx, node, "-e", "console.log(require('typescript/package.json').version)")
	ts.Dir = dir
	if out, err := ts.Output(); err == nil {
		metadata["typescriptVersion"] = strings.TrimSpace(string(out))
	}
	var version string
	if out, err := exec.CommandContext(ctx, node, "--version").Output(); err == nil {
		version = strings.TrimSpace(string(out))
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: version, Metadata: metadata}, nil
}

func (h *host) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, fmt.Errorf("failed to parse options: %w", err)
	}
	pm, err := npm.ResolvePackageManager(opts.packagemanager, req.Info.ProgramDirectory)
	if err != nil {
		return nil, fmt.Errorf("failed to determine package manager: %w", err)
	}
	packages, err := pm.ListPackages(ctx, req.Info.ProgramDirectory, req.TransitiveDependencies)
	if err != nil {
		return nil, fmt.Errorf("failed to get node dependencies: %w", err)
	}
	deps := make([]*pulumirpc.DependencyInfo, len(packages))
	for i, p := range packages {
		deps[i] = &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version}
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// RunPlugin runs a plugin written for Node.js (a provider in TypeScript, say) from its
// directory with the SDK's run-plugin entry point, which serves it and prints its port.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.Kind == string(apitype.AnalyzerPlugin) {
		return status.Error(codes.Unimplemented, "policy packs are not supported by this language host")
	}
	if req.GetAttachDebugger() {
		return status.Error(codes.Unimplemented, "attaching a debugger is not supported by this language host")
	}
	ctx := server.Context()
	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	opts, err := parseOptions(req.Info)
	if err != nil {
		return err
	}
	module := os.Getenv(runPathEnv)
	if module == "" {
		module = runPluginModule
	}
	runPath, err := resolveModule(ctx, node, module, req.Info.ProgramDirectory, true)
	if err != nil {
		return err
	}
	// nodeargs are node's own options, so they come before the script (upstream passes them
	// after it, where the plugin sees them as its arguments).
	args, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return fmt.Errorf("nodeargs option: %w", err)
	}
	args = append(args, runPath, req.Info.ProgramDirectory)
	args = append(args, req.Args...)

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = req.Pwd
	env := req.Env
	if len(env) == 0 {
		env = os.Environ()
	}
	cmd.Env = append(env, opts.typescriptEnv()...)
	return langhost.RunPluginProcess(server, cmd)
}

// Link adds generated SDKs to the program's package.json (`pulumi package add`) and says how
// to import them.
func (h *host) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if len(req.Packages) == 0 {
		return &pulumirpc.LinkResponse{}, nil // nothing to link, and nothing to say
	}
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	loader, closeLoader, err := langhost.Loader(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer closeLoader()
	pm, err := npm.ResolvePackageManager(opts.packagemanager, req.Info.ProgramDirectory)
	if err != nil {
		return nil, err
	}
	typescript := opts.typescript || opts.tsconfig != ""
	if !typescript {
		if _, err := fsutil.Searchup(req.Info.ProgramDirectory, "tsconfig.json"); err == nil {
			typescript = true
		}
	}
	esm := typescript || isModulePackage(req.Info.ProgramDirectory)
	var imports strings.Builder
	for _, dep := range req.Packages {
		pkg, err := langhost.LoadPackage(ctx, loader, dep.Package, "nodejs", codegen.Importer)
		if err != nil {
			return nil, err
		}
		name := nodePackageName(pkg)
		if err := pm.Link(ctx, req.Info.ProgramDirectory, name, dep.Path); err != nil {
			return nil, err
		}
		if esm {
			fmt.Fprintf(&imports, "  import * as %s from %q;\n", cgstrings.Camel(pkg.Name), name)
		} else {
			fmt.Fprintf(&imports, "  const %s = require(%q);\n", cgstrings.Camel(pkg.Name), name)
		}
	}
	language := "JavaScript"
	if typescript {
		language = "TypeScript"
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: fmt.Sprintf("You can import the SDK in your %s code with:\n\n%s", language, imports.String()),
	}, nil
}

func isModulePackage(dir string) bool {
	manifest, err := npm.SearchupPackageManifest(dir)
	if err != nil {
		return false
	}
	data, _, err := npm.ReadPackageManifest(filepath.Dir(manifest))
	return err == nil && data["type"] == "module"
}

// nodePackageName is the npm name of a package's generated SDK, as the code generator names it.
func nodePackageName(pkg *schema.Package) string {
	if info, ok := pkg.Language["nodejs"].(codegen.NodePackageInfo); ok && info.PackageName != "" {
		return info.PackageName
	}
	if pkg.Namespace != "" {
		return "@" + pkg.Namespace + "/" + pkg.Name
	}
	return "@pulumi/" + pkg.Name
}

// generator: the CLI's own Node.js code generator (pkg/v3/codegen/nodejs).
var generator = langhost.Generator{
	Program: func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error) {
		return codegen.GenerateProgramWithOptions(program, codegen.ProgramOptions{Runtime: "nodejs"})
	},
	Project: func(dir string, project workspace.Project, program *pcl.Program, deps map[string]string) error {
		return codegen.GenerateProject(dir, project, program, deps, false /* forceTsc */, "nodejs")
	},
	Package: func(
		pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader,
	) (map[string][]byte, error) {
		return codegen.GeneratePackage(
			"pulumi-language-nodejs", pkg, req.ExtraFiles, req.LocalDependencies, req.Local, loader)
	},
}
