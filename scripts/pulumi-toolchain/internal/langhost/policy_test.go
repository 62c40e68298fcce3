package langhost

import (
	"reflect"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func TestPolicyEnv(t *testing.T) {
	env, err := policyEnv(&pulumirpc.AnalyzerStackConfigureRequest{
		Organization: "org", Project: "proj", Stack: "dev", DryRun: true,
		Config: map[string]string{"proj:length": "8"},
	}, "PULUMI_NODEJS_")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"PULUMI_NODEJS_ORGANIZATION=org", "PULUMI_NODEJS_PROJECT=proj", "PULUMI_NODEJS_STACK=dev",
		"PULUMI_NODEJS_DRY_RUN=true", `PULUMI_CONFIG={"proj:length":"8"}`,
	}
	if !reflect.DeepEqual(env, want) {
		t.Errorf("policyEnv =\n  %q\nwant\n  %q", env, want)
	}
}

func TestPolicyEnvLeavesOutWhatTheEngineDidNotSend(t *testing.T) {
	// A diy backend has no organization; `pulumi policy publish` sends no configuration.
	env, err := policyEnv(&pulumirpc.AnalyzerStackConfigureRequest{Project: "p", Stack: "s"}, "PULUMI_")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"PULUMI_PROJECT=p", "PULUMI_STACK=s", "PULUMI_DRY_RUN=false"}; !reflect.DeepEqual(env, want) {
		t.Errorf("policyEnv = %q, want %q", env, want)
	}
	if env, _ := policyEnv(nil, "PULUMI_"); env != nil {
		t.Errorf("policyEnv(nil) = %q", env)
	}
}
