package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

func writePackageJSON(t *testing.T, contents string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "package.json")
	if err := os.WriteFile(path, []byte(contents), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPackageDependency(t *testing.T) {
	for _, tc := range []struct {
		name, packageJSON string
		want              *pulumirpc.PackageDependency
	}{
		{
			name:        "an @pulumi package leaves the plugin's name to its own",
			packageJSON: `{"name": "@pulumi/random", "version": "4.21.1", "pulumi": {"resource": true}}`,
			want:        &pulumirpc.PackageDependency{Name: "random", Version: "v4.21.1", Kind: "resource"},
		},
		{
			name: "the pulumi section names the plugin, its version and server",
			packageJSON: `{"name": "@icetoy/icetoy", "version": "0.0.1",
				"pulumi": {"resource": true, "name": "icetoy", "version": "v1.0.0", "server": "https://x"}}`,
			want: &pulumirpc.PackageDependency{Name: "icetoy", Version: "v1.0.0", Kind: "resource", Server: "https://x"},
		},
		{
			name: "parameterization and extension parameterization",
			packageJSON: `{"name": "@pulumi/ext", "version": "3.0.0", "pulumi": {"resource": true, "name": "base",
				"version": "1.0.0",
				"parameterization": {"name": "sub", "version": "2.0.0", "value": "AQ=="},
				"extensionParameterization": {"name": "ext", "version": "3.0.0", "value": "Ag=="}}}`,
			want: &pulumirpc.PackageDependency{
				Name: "base", Version: "v1.0.0", Kind: "resource",
				Parameterization: &pulumirpc.PackageParameterization{Name: "sub", Version: "2.0.0", Value: []byte{1}},
				Extension:        &pulumirpc.PackageParameterization{Name: "ext", Version: "3.0.0", Value: []byte{2}},
			},
		},
		{
			name:        "a package with no resource plugin",
			packageJSON: `{"name": "@pulumi/policy", "version": "1.0.0", "pulumi": {"resource": false}}`,
		},
		{
			name:        "a package without a pulumi section",
			packageJSON: `{"name": "left-pad", "version": "1.3.0"}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := packageDependency(writePackageJSON(t, tc.packageJSON), map[string]semver.Version{})
			if err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(got, tc.want) {
				t.Errorf("packageDependency = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPackageDependencyErrors(t *testing.T) {
	for _, tc := range []struct{ packageJSON, message string }{
		{`{"name": "third-party", "version": "1.0.0", "pulumi": {"resource": true}}`, `missing property "name"`},
		{`{"name": "@pulumi/x", "pulumi": {"resource": true}}`, `missing expected "version"`},
		{`{"name": `, "unmarshaling package.json"},
	} {
		_, err := packageDependency(writePackageJSON(t, tc.packageJSON), map[string]semver.Version{})
		if err == nil || !strings.Contains(err.Error(), tc.message) {
			t.Errorf("%s: err = %v, want one containing %q", tc.packageJSON, err, tc.message)
		}
	}
}

func TestPackageDependencyRecordsTheSDKVersion(t *testing.T) {
	path := writePackageJSON(t, `{"name": "@pulumi/pulumi", "version": "3.270.0"}`)
	versions := map[string]semver.Version{}
	if _, err := packageDependency(path, versions); err != nil {
		t.Fatal(err)
	}
	if got := versions[path]; !got.Equals(semver.MustParse("3.270.0")) {
		t.Errorf("recorded SDK version %v", got)
	}
}

func TestLegacyConfig(t *testing.T) {
	got, err := legacyConfig(map[string]string{"proj:name": "a", "aws:region": "b"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"proj:config:name": "a", "aws:config:region": "b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("legacyConfig = %v, want %v", got, want)
	}
	if _, err := legacyConfig(map[string]string{"no-namespace": "a"}); err == nil {
		t.Error("a key without a namespace was accepted")
	}
}

func TestParseOptions(t *testing.T) {
	s, err := structpb.NewStruct(map[string]any{
		"typescript": false, "tsconfig": "tsconfig.x.json", "nodeargs": "--inspect", "packagemanager": "pnpm",
	})
	if err != nil {
		t.Fatal(err)
	}
	opts, err := parseOptions(&pulumirpc.ProgramInfo{Options: s})
	if err != nil {
		t.Fatal(err)
	}
	want := options{typescript: false, tsconfig: "tsconfig.x.json", nodeargs: "--inspect", packagemanager: npm.PnpmPackageManager}
	if opts != want {
		t.Errorf("parseOptions = %+v, want %+v", opts, want)
	}
	if got := opts.typescriptEnv(); !reflect.DeepEqual(got, []string{"PULUMI_NODEJS_TSCONFIG_PATH=tsconfig.x.json"}) {
		t.Errorf("typescriptEnv = %q", got)
	}
	if defaults, _ := parseOptions(nil); !defaults.typescript || defaults.packagemanager != npm.AutoPackageManager {
		t.Errorf("default options = %+v", defaults)
	}
	for _, bad := range []map[string]any{{"typescript": "yes"}, {"packagemanager": "deno"}, {"nodeargs": 1.0}} {
		s, _ := structpb.NewStruct(bad)
		if _, err := parseOptions(&pulumirpc.ProgramInfo{Options: s}); err == nil {
			t.Errorf("parseOptions(%v) accepted", bad)
		}
	}
}
