package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestDependency(t *testing.T) {
	for _, tc := range []struct {
		name string
		dist plugin.DependencyInfo
		meta *plugin.PulumiPluginJSON
		want *pulumirpc.PackageDependency
	}{
		{
			name: "the plugin named by the distribution, its version padded",
			dist: plugin.DependencyInfo{Name: "pulumi-random", Version: "4.21"},
			want: &pulumirpc.PackageDependency{Name: "random", Version: "v4.21.0", Kind: "resource"},
		},
		{
			name: "pulumi-plugin.json names the plugin, its version and server",
			dist: plugin.DependencyInfo{Name: "pulumi_icetoy", Version: "0.0.0"},
			meta: &plugin.PulumiPluginJSON{Resource: true, Name: "icetoy", Version: "v1.2.3", Server: "https://x"},
			want: &pulumirpc.PackageDependency{Name: "icetoy", Version: "v1.2.3", Kind: "resource", Server: "https://x"},
		},
		{
			name: "a parameterized package names its base plugin and the parameterization",
			dist: plugin.DependencyInfo{Name: "pulumi-sub", Version: "2.0.0"},
			meta: &plugin.PulumiPluginJSON{
				Resource: true, Name: "base", Version: "1.0.0",
				Parameterization: &plugin.PulumiParameterizationJSON{Name: "sub", Version: "2.0.0", Value: []byte("v")},
			},
			want: &pulumirpc.PackageDependency{
				Name: "base", Version: "v1.0.0", Kind: "resource",
				Parameterization: &pulumirpc.PackageParameterization{Name: "sub", Version: "2.0.0", Value: []byte("v")},
			},
		},
		{
			name: "an extension package names its base plugin and the extension",
			dist: plugin.DependencyInfo{Name: "pulumi-ext", Version: "3.0.0"},
			meta: &plugin.PulumiPluginJSON{
				Resource: true, Name: "base", Version: "1.0.0",
				ExtensionParameterization: &plugin.PulumiParameterizationJSON{
					Name: "ext", Version: "3.0.0", Value: []byte("e"),
				},
			},
			want: &pulumirpc.PackageDependency{
				Name: "base", Version: "v1.0.0", Kind: "resource",
				Extension: &pulumirpc.PackageParameterization{Name: "ext", Version: "3.0.0", Value: []byte("e")},
			},
		},
		{
			name: `"resource": false: no plugin`,
			dist: plugin.DependencyInfo{Name: "pulumi-ice-voice", Version: "0.1.0"},
			meta: &plugin.PulumiPluginJSON{Resource: false},
		},
		{
			name: "a distribution known to need no plugin",
			dist: plugin.DependencyInfo{Name: "pulumi-esc-sdk", Version: "0.12.0"},
		},
		{
			name: "a pre-release's plugin version",
			dist: plugin.DependencyInfo{Name: "pulumi-random", Version: "4.22.0a1"},
			want: &pulumirpc.PackageDependency{Name: "random", Version: "v4.22.0-alpha.1", Kind: "resource"},
		},
		{
			name: "a version that does not translate: no plugin",
			dist: plugin.DependencyInfo{Name: "pulumi-random", Version: "1!2.0"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := dependency(tc.dist, tc.meta)
			if !proto.Equal(got, tc.want) {
				t.Errorf("dependency(%v) = %v, want %v", tc.dist, got, tc.want)
			}
		})
	}
}

func programInfo(t *testing.T, opts map[string]any) *pulumirpc.ProgramInfo {
	t.Helper()
	s, err := structpb.NewStruct(opts)
	if err != nil {
		t.Fatal(err)
	}
	return &pulumirpc.ProgramInfo{RootDirectory: "/root", ProgramDirectory: "/root/prog", Options: s}
}

func TestOptions(t *testing.T) {
	opts, err := options(programInfo(t, map[string]any{
		"virtualenv": "env", "toolchain": "uv", "typechecker": "pyright",
	}), false)
	if err != nil {
		t.Fatal(err)
	}
	want := toolchain.PythonOptions{
		Root: "/root", ProgramDir: "/root/prog", Virtualenv: "env",
		Toolchain: toolchain.Uv, Typechecker: toolchain.TypeCheckerPyright,
	}
	if opts != want {
		t.Errorf("options = %+v, want %+v", opts, want)
	}
}

func TestOptionsOfAPluginDefaultToItsVenv(t *testing.T) {
	opts, err := options(programInfo(t, map[string]any{}), true)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Virtualenv != "venv" {
		t.Errorf("a plugin's virtualenv = %q, want venv", opts.Virtualenv)
	}
	if opts, _ := options(programInfo(t, map[string]any{}), false); opts.Virtualenv != "" {
		t.Errorf("a program's virtualenv = %q, want none", opts.Virtualenv)
	}
}

func TestOptionsRefuseWhatTheyDoNotKnow(t *testing.T) {
	for _, bad := range []map[string]any{
		{"virtualenv": 3.0},
		{"toolchain": "conda"},
		{"typechecker": "pytype"},
	} {
		if _, err := options(programInfo(t, bad), false); err == nil {
			t.Errorf("options(%v) accepted", bad)
		}
	}
}

func TestPluginVersion(t *testing.T) {
	for v, want := range map[string]string{
		"1":                   "1.0.0",
		"1.2":                 "1.2.0",
		"1.2.3.4":             "1.2.3.4",
		"3.31.0a1605189729":   "3.31.0-alpha.1605189729",
		"2.14.0b2":            "2.14.0-beta.2",
		"1.2.3rc4":            "1.2.3-rc.4",
		"1.2.3.post4":         "1.2.3+post4",
		"1.2.3.dev5":          "1.2.3+dev5",
		"1.2.3.post4.dev5":    "1.2.3+post4dev5",
		"1.2.3rc1.post2.dev3": "1.2.3-rc.1+post2dev3",
	} {
		if got, ok := pluginVersion(v); !ok || got != want {
			t.Errorf("pluginVersion(%q) = %q, %v; want %q", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "1!2.0", "1.2.3+local", "1.2.x", "v1.2.3"} {
		if got, ok := pluginVersion(v); ok {
			t.Errorf("pluginVersion(%q) = %q, want no translation", v, got)
		}
	}
}

// TestDistributionsScript runs distributionsScript with python3 over two made-up site
// directories: each distribution once (the first along sys.path wins, as for pip list and
// imports), its name normalized, the pulumi-plugin.json of its top-level package, and none
// from the working directory.
func TestDistributionsScript(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH")
	}
	first, second := t.TempDir(), t.TempDir()
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(first, "pulumi_icetoy-1.2.0.dist-info", "METADATA"), "Name: pulumi_icetoy\nVersion: 1.2.0\n")
	write(filepath.Join(first, "pulumi_icetoy", "__init__.py"), "")
	write(filepath.Join(first, "pulumi_icetoy", "pulumi-plugin.json"), `{"resource": true}`)
	write(filepath.Join(first, "Plain.Lib-3.0.dist-info", "METADATA"), "Name: Plain.Lib\nVersion: 3.0\n")
	write(filepath.Join(second, "pulumi_icetoy-0.9.0.dist-info", "METADATA"), "Name: pulumi-icetoy\nVersion: 0.9.0\n")

	// The working directory holds a distribution too (a project's own egg-info): left out.
	cwd := t.TempDir()
	write(filepath.Join(cwd, "pulumi_stray-1.0.dist-info", "METADATA"), "Name: pulumi-stray\nVersion: 1.0\n")

	// -c puts "" (the working directory) first on sys.path; the made-up directories after it.
	cmd := exec.Command(python, "-E", "-s", "-c", "import sys; sys.path[1:1] = sys.argv[1:3]; exec(sys.argv[3])",
		first, second, distributionsScript)
	cmd.Dir = cwd
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var dists []installedDistribution
	if err := json.Unmarshal(out, &dists); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	byName := map[string]installedDistribution{}
	for _, d := range dists {
		if _, twice := byName[d.Name]; twice {
			t.Errorf("%s listed twice", d.Name)
		}
		byName[d.Name] = d
	}
	want := map[string]installedDistribution{
		"pulumi-icetoy": {Name: "pulumi-icetoy", Version: "1.2.0", Plugin: filepath.Join(first, "pulumi_icetoy", "pulumi-plugin.json")},
		"plain-lib":     {Name: "plain-lib", Version: "3.0"},
	}
	if stray, listed := byName["pulumi-stray"]; listed {
		t.Errorf("the working directory's distribution is listed: %+v", stray)
	}
	for name, w := range want {
		if got := byName[name]; got != w {
			t.Errorf("%s: got %+v, want %+v", name, got, w)
		}
	}
}

// TestAboutScript: the interpreter's path, then a version ParsePythonVersion reads.
func TestAboutScript(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH")
	}
	out, err := exec.Command(python, "-c", aboutScript).Output()
	if err != nil {
		t.Fatal(err)
	}
	executable, version, ok := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if !ok || !filepath.IsAbs(executable) {
		t.Fatalf("no interpreter path first: %q", out)
	}
	if _, err := toolchain.ParsePythonVersion(version); err != nil {
		t.Fatalf("version %q: %v", version, err)
	}
}
