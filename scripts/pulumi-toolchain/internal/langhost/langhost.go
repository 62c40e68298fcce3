// Package langhost holds what this project's two language hosts share: serving the
// LanguageRuntime gRPC service the way the Pulumi CLI starts a language plugin, and
// running a program's process under the engine's Run request.
//
// Why this project has its own language hosts: Pulumi's pulumi-language-python and
// pulumi-language-nodejs are Go modules that are never tagged upstream, so they can only
// be had at a pseudo-version, and the Go module proxy these machines reach does not
// serve any version of them (scripts/pulumi-from-source.sh says what it answers). The
// CLI, its engine, its SDKs and its code generators are all published modules and are
// used as they are; only the small program that starts a Python or Node.js process for
// the engine is ours. It follows the protocol of pulumi/proto/language.proto and the
// command lines of the official hosts, so that the Python and Node.js SDKs (from PyPI
// and npm) run exactly as they do under the official hosts.
package langhost

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// ExitedAfterShowingMessage is the exit code both SDKs use to say "the user has already
// been shown an actionable message": the engine then adds nothing of its own.
const ExitedAfterShowingMessage = 32

// Base is embedded by each host: the engine address, the Cancel RPC and the answers
// that do not depend on the language.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	EngineAddress string
	Tracing       string

	cancel     context.Context
	cancelFunc context.CancelFunc
}

// NewBase returns a Base whose Cancel RPC cancels every program it started.
func NewBase(engineAddress, tracing string) Base {
	ctx, cancel := context.WithCancel(context.Background())
	return Base{EngineAddress: engineAddress, Tracing: tracing, cancel: ctx, cancelFunc: cancel}
}

// CancelContext is cancelled when the engine sends Cancel.
func (b *Base) CancelContext() context.Context { return b.cancel }

func (b *Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (b *Base) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	b.EngineAddress = req.EngineAddress
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (b *Base) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	b.cancelFunc()
	return &emptypb.Empty{}, nil
}

// Main parses the command line the CLI gives a language plugin (`[-tracing addr]
// [engine address]`), serves the host returned by newHost on a free loopback port and
// prints that port, as the CLI expects of every plugin.
func Main(newHost func(engineAddress, tracing string) pulumirpc.LanguageRuntimeServer) {
	tracing := flag.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		os.Exit(0)
	}
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing(os.Args[0], os.Args[0], *tracing)

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelled := make(chan bool)
	go func() {
		<-ctx.Done()
		stop()
		close(cancelled)
	}()
	if engineAddress != "" {
		// Exit when the engine goes away, so that no host outlives the CLI.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the health check of the engine: %w", err))
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelled,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, newHost(engineAddress, *tracing))
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host's RPC server: %w", err))
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("the language host's RPC server stopped: %w", err))
	}
}

// ConfigEnv is the environment through which both SDKs read the stack's configuration
// and which of its keys are secrets.
func ConfigEnv(config map[string]string, secretKeys []string) ([]string, error) {
	if config == nil {
		config = map[string]string{}
	}
	if secretKeys == nil {
		secretKeys = []string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration: %w", err)
	}
	keysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration secret keys: %w", err)
	}
	return []string{"PULUMI_CONFIG=" + string(configJSON), "PULUMI_CONFIG_SECRET_KEYS=" + string(keysJSON)}, nil
}

// ProgramArgs are the flags both SDKs' entry points take.
type ProgramArgs struct {
	Monitor, Engine, Project, RootDirectory, Stack, Pwd, Tracing, Organization string
	DryRun                                                                     bool
	Parallel                                                                   int32
}

// Style is how an SDK's entry point spells its flags: the official hosts' spelling for the
// language.
type Style int

const (
	// PythonStyle is pulumi-language-python-exec's: `--root_directory <dir> --dry_run true`.
	PythonStyle Style = iota
	// NodeStyle is @pulumi/pulumi/cmd/run's: `--root-directory <dir> --dry-run`, a bare flag
	// present only for a preview.
	NodeStyle
)

// Flags renders the arguments in the given style; empty strings are left out.
func (a ProgramArgs) Flags(style Style) []string {
	var args []string
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	sep := "-"
	if style == PythonStyle {
		sep = "_"
	}
	add("monitor", a.Monitor)
	add("engine", a.Engine)
	add("project", a.Project)
	add("root"+sep+"directory", a.RootDirectory)
	add("stack", a.Stack)
	add("pwd", a.Pwd)
	if style == PythonStyle {
		add("dry"+sep+"run", strconv.FormatBool(a.DryRun))
	} else if a.DryRun {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(a.Parallel)))
	add("tracing", a.Tracing)
	add("organization", a.Organization)
	return args
}

// RunProgram runs cmd (made with a context: Cancel, or the end of the engine's request)
// with the host's own stdout and stderr, which the engine reads as the program's output;
// the context's end interrupts the program, then kills it 5 s later. The exit becomes the
// RunResponse the engine expects.
func RunProgram(cmd *exec.Cmd) *pulumirpc.RunResponse {
	// The engine reads the program's output from our own stdout and stderr, but the program
	// must not share their file descriptors: Node.js switches the stdio it inherits to
	// non-blocking mode, and our own later writes to the shared file would then fail with
	// EAGAIN ("resource temporarily unavailable"), as upstream's Node.js host found (pulumi
	// #16504). Hiding the *os.File inside a struct makes exec.Cmd give the program pipes of its
	// own and copy them to ours; WaitDelay below bounds that copy should a grandchild keep a
	// pipe open after the program exits.
	cmd.Stdout = struct{ *os.File }{os.Stdout}
	cmd.Stderr = struct{ *os.File }{os.Stderr}
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		switch code := exitErr.ExitCode(); code {
		case ExitedAfterShowingMessage:
			return &pulumirpc.RunResponse{Bail: true}
		case 0:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited unexpectedly: %v", exitErr)}
		default:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", code)}
		}
	}
	return &pulumirpc.RunResponse{
		Error: fmt.Sprintf("problem executing program (could not run language executor): %v", err),
	}
}

// RunPluginProcess runs cmd for the engine's RunPlugin request, as both official hosts do:
// the plugin's stdout and stderr become the response stream, and a plugin that exits
// non-zero ends the stream with its exit code, which the engine reports (-1 for a plugin
// killed by a signal).
func RunPluginProcess(server pulumirpc.LanguageRuntime_RunPluginServer, cmd *exec.Cmd) error {
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return sendExit(server, err)
	}
	return closer.Close()
}

// sendExit relays the exit code of a plugin that ran and failed; any other error is returned.
func sendExit(server pulumirpc.LanguageRuntime_RunPluginServer, err error) error {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return server.Send(&pulumirpc.RunPluginResponse{
			Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())}, //nolint:gosec
		})
	}
	return fmt.Errorf("could not run the plugin: %w", err)
}
