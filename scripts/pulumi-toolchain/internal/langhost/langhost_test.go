package langhost

import (
	"context"
	"encoding/json"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

func TestFlagsPythonStyle(t *testing.T) {
	got := ProgramArgs{
		Monitor: "127.0.0.1:1", Engine: "127.0.0.1:2", Project: "p", RootDirectory: "/root",
		Stack: "dev", Pwd: "/pwd", Parallel: 8, Organization: "org",
	}.Flags(PythonStyle)
	want := []string{
		"--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2", "--project", "p",
		"--root_directory", "/root", "--stack", "dev", "--pwd", "/pwd", "--dry_run", "false",
		"--parallel", "8", "--organization", "org",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Flags(PythonStyle) =\n  %q\nwant\n  %q", got, want)
	}
}

func TestFlagsNodeStyle(t *testing.T) {
	got := ProgramArgs{
		Monitor: "m", Engine: "e", Project: "p", RootDirectory: "/root", Stack: "dev",
		Pwd: "/pwd", DryRun: true, Parallel: 4, Tracing: "t", Organization: "org",
	}.Flags(NodeStyle)
	want := []string{
		"--monitor", "m", "--engine", "e", "--project", "p", "--root-directory", "/root",
		"--stack", "dev", "--pwd", "/pwd", "--dry-run", "--parallel", "4", "--tracing", "t",
		"--organization", "org",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Flags(NodeStyle) =\n  %q\nwant\n  %q", got, want)
	}
}

func TestFlagsLeaveOutWhatIsEmpty(t *testing.T) {
	// Python's --dry_run always has a value; Node's --dry-run is there only for a preview.
	python := []string{"--dry_run", "false", "--parallel", "0"}
	if got := (ProgramArgs{}).Flags(PythonStyle); !reflect.DeepEqual(got, python) {
		t.Errorf("empty args, PythonStyle = %q, want %q", got, python)
	}
	node := []string{"--parallel", "0"}
	if got := (ProgramArgs{}).Flags(NodeStyle); !reflect.DeepEqual(got, node) {
		t.Errorf("empty args, NodeStyle = %q, want %q", got, node)
	}
}

func TestConfigEnv(t *testing.T) {
	env, err := ConfigEnv(map[string]string{"proj:name": `va"lue`}, []string{"proj:name"})
	if err != nil {
		t.Fatal(err)
	}
	got := envMap(t, env)
	var config map[string]string
	if err := json.Unmarshal([]byte(got["PULUMI_CONFIG"]), &config); err != nil {
		t.Fatal(err)
	}
	if config["proj:name"] != `va"lue` {
		t.Errorf("PULUMI_CONFIG = %s", got["PULUMI_CONFIG"])
	}
	if got["PULUMI_CONFIG_SECRET_KEYS"] != `["proj:name"]` {
		t.Errorf("PULUMI_CONFIG_SECRET_KEYS = %s", got["PULUMI_CONFIG_SECRET_KEYS"])
	}
}

func TestConfigEnvWithoutConfigIsEmptyJSON(t *testing.T) {
	// The SDKs parse both variables as JSON: nil must not become `null`.
	env, err := ConfigEnv(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := envMap(t, env)
	if got["PULUMI_CONFIG"] != "{}" || got["PULUMI_CONFIG_SECRET_KEYS"] != "[]" {
		t.Errorf("ConfigEnv(nil, nil) = %q", env)
	}
}

func envMap(t *testing.T, env []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("not KEY=VALUE: %q", kv)
		}
		out[k] = v
	}
	return out
}

func TestRunProgramExitCodes(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   *pulumirpc.RunResponse
	}{
		{"exit 0", &pulumirpc.RunResponse{}},
		{"exit 32", &pulumirpc.RunResponse{Bail: true}},
		{"exit 3", &pulumirpc.RunResponse{Error: "program exited with non-zero exit code: 3"}},
	} {
		got := RunProgram(exec.CommandContext(context.Background(), "sh", "-c", tc.script))
		if got.Bail != tc.want.Bail || got.Error != tc.want.Error {
			t.Errorf("%s: RunProgram = %v, want %v", tc.script, got, tc.want)
		}
	}
	got := RunProgram(exec.CommandContext(context.Background(), "/nonexistent/program"))
	if !strings.HasPrefix(got.Error, "problem executing program (could not run language executor)") {
		t.Errorf("a program that cannot start: RunProgram = %v", got)
	}
}

// pluginStream records what RunPluginProcess sends the engine.
type pluginStream struct {
	grpc.ServerStream
	mu   sync.Mutex
	sent []*pulumirpc.RunPluginResponse
}

func (s *pluginStream) Send(r *pulumirpc.RunPluginResponse) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, r)
	return nil
}

func (s *pluginStream) Context() context.Context { return context.Background() }

func (s *pluginStream) output() (stdout, stderr string, exitCodes []int32) {
	for _, r := range s.sent {
		switch o := r.Output.(type) {
		case *pulumirpc.RunPluginResponse_Stdout:
			stdout += string(o.Stdout)
		case *pulumirpc.RunPluginResponse_Stderr:
			stderr += string(o.Stderr)
		case *pulumirpc.RunPluginResponse_Exitcode:
			exitCodes = append(exitCodes, o.Exitcode)
		}
	}
	return stdout, stderr, exitCodes
}

func TestRunPluginProcessRelaysOutputAndExitCode(t *testing.T) {
	stream := &pluginStream{}
	cmd := exec.CommandContext(context.Background(), "sh", "-c", "echo out; echo err >&2; exit 7")
	if err := RunPluginProcess(stream, cmd); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, codes := stream.output()
	if stdout != "out\n" || stderr != "err\n" || !reflect.DeepEqual(codes, []int32{7}) {
		t.Errorf("stdout %q, stderr %q, exit codes %v", stdout, stderr, codes)
	}
}

func TestRunPluginProcessSendsNoExitCodeOnSuccess(t *testing.T) {
	stream := &pluginStream{}
	if err := RunPluginProcess(stream, exec.CommandContext(context.Background(), "true")); err != nil {
		t.Fatal(err)
	}
	if _, _, codes := stream.output(); codes != nil {
		t.Errorf("exit codes %v for a plugin that succeeded", codes)
	}
}

func TestRunPluginProcessThatCannotStartIsAnError(t *testing.T) {
	err := RunPluginProcess(&pluginStream{}, exec.CommandContext(context.Background(), "/nonexistent/plugin"))
	if err == nil || !strings.Contains(err.Error(), "could not run the plugin") {
		t.Errorf("err = %v", err)
	}
}
