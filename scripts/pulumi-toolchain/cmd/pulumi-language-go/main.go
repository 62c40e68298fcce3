// pulumi-language-go: the language host the Pulumi CLI starts for `runtime: go` projects
// (see internal/langhost for why this project builds its own).
//
// It follows the behaviour of Pulumi's own host (pulumi/pulumi,
// sdk/go/pulumi-language-go/main.go, Apache-2.0, read at 3.27x), written anew on this
// project's internal/langhost:
//
//   - Run: `go build -o <temporary file>` in the program directory (or the `buildTarget`
//     option's path, kept), or the executable the `binary` option names, run in the program's
//     working directory with the engine's settings in the environment the Go SDK reads
//     (PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_PROJECT, PULUMI_STACK, PULUMI_ORGANIZATION,
//     PULUMI_ROOT_DIRECTORY, PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_DRY_RUN,
//     PULUMI_PARALLEL). Exit code 32 means "the program already told the user".
//   - GetRequiredPackages: every module the program's go.mod requires (`go list -m -json`,
//     `go mod download -json` for those not in the module cache yet) whose directory holds a
//     pulumi-plugin.json (in its root, `go/`, `go/*/` or `*/`) with `"resource": true`, or
//     whose path is github.com/pulumi/pulumi-<name>/sdk (upstream: any github.com/pulumi/pulumi-
//     prefix, see isPulumiProviderSDK), names a resource plugin: the file's name
//     and version (else the module's, a pseudo-version taken back to its release), its
//     server and parameterization.
//   - InstallDependencies: `go mod tidy` in the program directory.
//   - RunPlugin (a provider plugin written in Go, PulumiPlugin.yaml `runtime: go`): compiled
//     as a program is, then run with the engine's arguments and environment, its exit code
//     sent back.
//   - About, GetProgramDependencies: `go version`, and the go.mod's requirements (a module
//     replaced by a local path has no version).
//   - GenerateProgram, GenerateProject, GeneratePackage: the CLI's own Go code generator
//     (pkg/v3/codegen/go); overlays are refused, as upstream refuses them.
//
// Not done here: debugger attachment (dlv), the deprecated PULUMI_GO_USE_RUN (`go run`),
// vendor-directory mode in GetRequiredPackages (a vendored program's plugins are found only
// in the module cache), the minimum Go version check (this project needs Go 1.26 anyway),
// `pulumi package add` into a Go project (Link) and `pulumi package publish` (Pack): they
// answer Unimplemented.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/blang/semver"

	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pulumi-ice-voice.local/pulumi-toolchain/internal/langhost"
)

type host struct {
	langhost.Base
	langhost.Generator
}

func main() {
	langhost.ObsoleteFlags("binary", "buildTarget", "root")
	langhost.Main(func(engine, tracing string) pulumirpc.LanguageRuntimeServer {
		return &host{Base: langhost.NewBase(engine, tracing), Generator: generator}
	})
}

// options are the project's runtime options (Pulumi.yaml `runtime.options`).
type options struct {
	binary      string // a prebuilt program to run instead of compiling one
	buildTarget string // where to compile the program to (kept after the run)
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	var opts options
	if info == nil || info.Options == nil {
		return opts, nil
	}
	raw := info.Options.AsMap()
	for key, into := range map[string]*string{"binary": &opts.binary, "buildTarget": &opts.buildTarget} {
		if v, ok := raw[key]; ok {
			s, ok := v.(string)
			if !ok {
				return opts, fmt.Errorf("%s option must be a string", key)
			}
			*into = s
		}
	}
	if opts.binary != "" && opts.buildTarget != "" {
		return opts, errors.New("binary and buildTarget cannot both be specified")
	}
	return opts, nil
}

func goBinary() (string, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("unable to find the 'go' executable (Go programs need Go on PATH): %w", err)
	}
	return gobin, nil
}

// compile builds the Go program in dir into outfile (a new temporary file when empty) and
// returns its path; the build's output goes to stdout and stderr.
func compile(ctx context.Context, dir, outfile string, stdout, stderr io.Writer) (string, error) {
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.go")); len(matches) == 0 {
		return "", fmt.Errorf("no Go files to build in %s", dir)
	}
	gobin, err := goBinary()
	if err != nil {
		return "", err
	}
	if outfile == "" {
		f, err := os.CreateTemp("", "pulumi-go.*")
		if err != nil {
			return "", fmt.Errorf("unable to create the Go program's file: %w", err)
		}
		outfile = f.Name()
		_ = f.Close()
	}
	cmd := exec.CommandContext(ctx, gobin, "build", "-o", outfile)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("error in compiling Go: unable to run `go build` in %s: %w", dir, err)
	}
	return outfile, nil
}

// programEnv is the environment through which the Go SDK reads the engine's settings.
func (h *host) programEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config, err := langhost.ConfigEnv(req.Config, req.ConfigSecretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), config...)
	for key, value := range map[string]string{
		pulumi.EnvOrganization:        req.Organization,
		pulumi.EnvProject:             req.Project,
		pulumi.EnvPulumiRootDirectory: req.GetInfo().GetRootDirectory(),
		pulumi.EnvStack:               req.Stack,
		pulumi.EnvDryRun:              strconv.FormatBool(req.DryRun),
		pulumi.EnvParallel:            strconv.Itoa(int(req.Parallel)),
		pulumi.EnvMonitor:             req.MonitorAddress,
		pulumi.EnvEngine:              h.EngineAddress,
	} {
		if value != "" {
			env = append(env, key+"="+value)
		}
	}
	return env, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.AttachDebugger {
		return &pulumirpc.RunResponse{Error: "debugging Go programs is not supported by this language host"}, nil
	}
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	env, err := h.programEnv(req)
	if err != nil {
		return nil, err
	}
	program := opts.binary
	if program != "" {
		if program, err = exec.LookPath(program); err != nil {
			return nil, fmt.Errorf("unable to find the %q executable: %w", opts.binary, err)
		}
	} else {
		if program, err = compile(ctx, req.Info.ProgramDirectory, opts.buildTarget, os.Stdout, os.Stderr); err != nil {
			return nil, err
		}
		if opts.buildTarget == "" {
			defer os.Remove(program)
		}
	}
	runCtx, cancel := context.WithCancel(h.CancelContext())
	defer cancel()
	context.AfterFunc(ctx, cancel)
	cmd := exec.CommandContext(runCtx, program, req.Args...)
	cmd.Dir = req.Pwd
	cmd.Env = env
	return langhost.RunProgram(cmd), nil
}

// modInfo is what `go list -m -json` and `go mod download -json` both say of a module.
type modInfo struct {
	Path, Version, Dir string
}

func goJSON(ctx context.Context, dir string, args ...string) ([]modInfo, error) {
	gobin, err := goBinary()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, gobin, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	var mods []modInfo
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		var m modInfo
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("reading the output of go %s: %w", strings.Join(args, " "), err)
		}
		mods = append(mods, m)
	}
	return mods, nil
}

// goMod is what `go mod edit -json` says of a go.mod.
type goMod struct {
	Require []struct {
		Path, Version string
		Indirect      bool
	}
	Replace []struct{ Old struct{ Path string } }
}

// loadGomod finds the go.mod of the module holding dir (GOWORK off: only it) and reads it
// with `go mod edit -json`; it returns the module's directory too.
func loadGomod(ctx context.Context, dir string) (string, *goMod, error) {
	gobin, err := goBinary()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, gobin, "list", "-m", "-f", "{{.GoMod}}")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		return "", nil, fmt.Errorf("go list -m: %w", err)
	}
	path := string(bytes.TrimSpace(out))
	if path == "" {
		return "", nil, fmt.Errorf("no go.mod file found for %s", dir)
	}
	out, err = exec.CommandContext(ctx, gobin, "mod", "edit", "-json", path).Output()
	if err != nil {
		return "", nil, fmt.Errorf("go mod edit -json %s: %w", path, err)
	}
	var mod goMod
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return filepath.Dir(path), &mod, nil
}

// moduleSources are the modules at paths with their directories, downloaded if need be.
func moduleSources(ctx context.Context, moduleDir string, paths []string) ([]modInfo, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	mods, err := goJSON(ctx, moduleDir, append([]string{"list", "-m", "-json"}, paths...)...)
	if err != nil {
		return nil, err
	}
	var missing []string
	index := map[string]int{}
	for i, m := range mods {
		index[m.Path] = i
		if m.Dir == "" {
			missing = append(missing, m.Path)
		}
	}
	if len(missing) > 0 {
		downloaded, err := goJSON(ctx, moduleDir, append([]string{"mod", "download", "-json"}, missing...)...)
		if err != nil {
			return nil, err
		}
		for _, d := range downloaded {
			if i, ok := index[d.Path]; ok && mods[i].Dir == "" {
				mods[i].Dir = d.Dir
			}
		}
	}
	found := mods[:0]
	for _, m := range mods {
		if m.Dir != "" {
			found = append(found, m)
		}
	}
	return found, nil
}

// pluginJSON is the module's pulumi-plugin.json, or nil when it has none.
func (m modInfo) pluginJSON() (*plugin.PulumiPluginJSON, error) {
	candidates := []string{filepath.Join(m.Dir, "pulumi-plugin.json"), filepath.Join(m.Dir, "go", "pulumi-plugin.json")}
	for _, pattern := range []string{filepath.Join(m.Dir, "go", "*", "pulumi-plugin.json"), filepath.Join(m.Dir, "*", "pulumi-plugin.json")} {
		matches, _ := filepath.Glob(pattern)
		candidates = append(candidates, matches...)
	}
	for _, path := range candidates {
		meta, err := plugin.LoadPulumiPluginJSON(path)
		if err == nil {
			return meta, nil
		}
		if !os.IsNotExist(err) {
			return nil, err
		}
	}
	return nil, nil
}

// pseudoVersion is Go's pseudo-version form (golang.org/x/mod/module.IsPseudoVersion).
var pseudoVersion = regexp.MustCompile(
	`^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// pluginVersion is a module version as the plugin's: a pseudo-version (a commit after a
// tag) is taken back to the release it follows.
func pluginVersion(version string) (string, error) {
	v, err := semver.ParseTolerant(version)
	if err != nil {
		return "", fmt.Errorf("module version %q is not a semantic version", version)
	}
	if pseudoVersion.MatchString(version) {
		if v.Major == 0 && v.Minor == 0 && v.Patch == 0 {
			return "", errors.New("a pseudo-version with no release before it")
		}
		if v.Patch > 0 {
			v.Patch--
		}
		return fmt.Sprintf("v%d.%d.%d", v.Major, v.Minor, v.Patch), nil
	}
	return version, nil
}

// dependency is the resource plugin a module names, or nil when it names none.
func (m modInfo) dependency() (*pulumirpc.PackageDependency, error) {
	meta, err := m.pluginJSON()
	if err != nil {
		return nil, fmt.Errorf("reading the pulumi-plugin.json of %s: %w", m.Path, err)
	}
	if (meta == nil && !isPulumiProviderSDK(m.Path)) || (meta != nil && !meta.Resource) {
		return nil, nil
	}
	dep := &pulumirpc.PackageDependency{Kind: "resource", Version: m.Version}
	if meta != nil {
		dep.Name, dep.Server = meta.Name, meta.Server
		if meta.Version != "" {
			dep.Version = meta.Version
		}
		if p := meta.Parameterization; p != nil {
			dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
		}
	}
	if dep.Name == "" { // github.com/pulumi/pulumi-aws/sdk/... => aws
		dep.Name = strings.SplitN(strings.Split(m.Path, "/")[2], "-", 2)[1]
	}
	if dep.Version, err = pluginVersion(dep.Version); err != nil {
		return nil, fmt.Errorf("%s: %w", m.Path, err)
	}
	return dep, nil
}

// isPulumiProviderSDK: a module of a Pulumi-published provider's SDK that may predate
// pulumi-plugin.json, github.com/pulumi/pulumi-<name>/sdk[/vN]. (Upstream's rule is the
// prefix alone, which takes github.com/pulumi/pulumi-cloud-sdk/go, a dependency of sdk/v3
// itself since 3.27x, for the SDK of a plugin "cloud-sdk" that does not exist.)
func isPulumiProviderSDK(path string) bool {
	parts := strings.Split(path, "/")
	return len(parts) >= 4 && parts[0] == "github.com" && parts[1] == "pulumi" &&
		strings.HasPrefix(parts[2], "pulumi-") && parts[3] == "sdk"
}

// GetRequiredPackages: the resource plugins of the modules the program's go.mod requires. A
// program outside a module, or one whose modules cannot be listed, needs none (as upstream).
func (h *host) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	moduleDir, gomod, err := loadGomod(ctx, req.Info.ProgramDirectory)
	if err != nil {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	}
	paths := make([]string, 0, len(gomod.Require))
	for _, r := range gomod.Require {
		paths = append(paths, r.Path)
	}
	mods, err := moduleSources(ctx, moduleDir, paths)
	if err != nil {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	}
	packages := []*pulumirpc.PackageDependency{}
	for _, m := range mods {
		dep, err := m.dependency()
		if err != nil {
			return nil, err
		}
		if dep != nil {
			packages = append(packages, dep)
		}
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	gobin, err := goBinary()
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Installing dependencies...")
	cmd := exec.CommandContext(server.Context(), gobin, "mod", "tidy")
	cmd.Dir = req.Info.ProgramDirectory
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("`go mod tidy` failed to install dependencies: %w", err)
	}
	fmt.Fprintln(stdout, "Finished installing dependencies")
	return closer.Close()
}

func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	gobin, err := goBinary()
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, gobin, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("failed to execute 'go version': %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: gobin, Version: strings.TrimSpace(string(out))}, nil
}

func (h *host) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	_, gomod, err := loadGomod(ctx, req.Info.ProgramDirectory)
	if err != nil {
		return nil, fmt.Errorf("load go.mod: %w", err)
	}
	replaced := map[string]bool{}
	for _, r := range gomod.Replace {
		replaced[strings.TrimRight(r.Old.Path, "/")] = true
	}
	var deps []*pulumirpc.DependencyInfo
	for _, r := range gomod.Require {
		if r.Indirect && !req.TransitiveDependencies {
			continue
		}
		version := r.Version
		if replaced[strings.TrimRight(r.Path, "/")] {
			version = "" // a replaced module has no version of its own
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: r.Path, Version: version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// RunPlugin runs a plugin written in Go from its directory: compiled, then started with the
// engine's arguments; its exit code goes back to the engine.
func (h *host) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	program, err := compile(server.Context(), req.Info.ProgramDirectory, "", stdout, stderr)
	if err != nil {
		return err
	}
	defer os.Remove(program)
	cmd := exec.CommandContext(server.Context(), program, req.Args...)
	cmd.Dir = req.Pwd
	cmd.Env = req.Env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return server.Send(&pulumirpc.RunPluginResponse{
				Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())}, //nolint:gosec
			})
		}
		return fmt.Errorf("could not run the plugin: %w", err)
	}
	return closer.Close()
}

// generator: the CLI's own Go code generator (pkg/v3/codegen/go).
var generator = langhost.Generator{
	Program: codegen.GenerateProgram,
	Project: func(dir string, project workspace.Project, program *pcl.Program, deps map[string]string) error {
		return codegen.GenerateProject(dir, project, program, deps)
	},
	Package: func(
		pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, _ schema.ReferenceLoader,
	) (map[string][]byte, error) {
		if len(req.ExtraFiles) > 0 {
			return nil, errors.New("overlays are not supported for Go")
		}
		return codegen.GeneratePackage("pulumi-language-go", pkg, req.LocalDependencies)
	},
}
