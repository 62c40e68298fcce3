package langhost

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// RunPolicyPackProcess runs a policy pack for the engine's RunPlugin request of kind analyzer,
// as both official hosts do. Policy-pack libraries (pulumi-policy, @pulumi/policy) read the
// stack they judge from their environment, which the engine sends only over gRPC
// (ConfigureStack), once the pack is running. So the engine first talks to a proxy of the
// SDK's (sdk.PolicyProxy): it takes the stack's configuration, cmd then starts with it in its
// environment (policyEnv, names under envPrefix), and the proxy forwards every later call to
// the pack. A pack that exits non-zero ends the stream with its exit code.
func RunPolicyPackProcess(
	server pulumirpc.LanguageRuntime_RunPluginServer, cmd *exec.Cmd, envPrefix string,
) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	proxy, stdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	config, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration for the policy pack: %w", err)
	}
	env, err := policyEnv(config, envPrefix)
	if err != nil {
		return err
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return sendExit(server, err)
	}
	// Attach waits for the pack to exit.
	if err := proxy.Attach(ctx, cmd); err != nil {
		return sendExit(server, err)
	}
	return closer.Close()
}

// policyEnv is the environment through which policy-pack libraries learn the stack they judge:
// <prefix>ORGANIZATION, PROJECT, STACK and DRY_RUN (Python's prefix is PULUMI_, Node.js's
// PULUMI_NODEJS_), and PULUMI_CONFIG. Nothing when the engine sent no configuration (`pulumi
// policy publish`).
func policyEnv(config *pulumirpc.AnalyzerStackConfigureRequest, prefix string) ([]string, error) {
	if config == nil {
		return nil, nil
	}
	var env []string
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add(prefix+"ORGANIZATION", config.Organization)
	add(prefix+"PROJECT", config.Project)
	add(prefix+"STACK", config.Stack)
	add(prefix+"DRY_RUN", strconv.FormatBool(config.DryRun))
	if config.Config != nil {
		configJSON, err := json.Marshal(config.Config)
		if err != nil {
			return nil, fmt.Errorf("could not serialize the stack configuration: %w", err)
		}
		add("PULUMI_CONFIG", string(configJSON))
	}
	return env, nil
}
