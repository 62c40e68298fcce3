"""The GitOps example: the GitHub Actions workflow and the Kubernetes Operator Stack.

Neither can run here, so what can go wrong in them is checked: they parse, they carry the
keys their runners need, and every command, path, stack and credential variable they name
exists in this project (or in the credential chain the provider delegates to).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.examples.ice_example_commands import PULUMI_ACTION_INPUTS, check_command, pulumi_problems
from tests.examples.ice_example_mocks import REPO

GITOPS = REPO / "examples" / "gitops"
WORKFLOW = GITOPS / ".github" / "workflows" / "voices.yml"
OPERATOR_STACK = GITOPS / "k8s" / "stack.yaml"
OIDC_VARIABLES = (
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
)
STS_AUDIENCE = "sts.aliyuncs.com"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    # YAML 1.1 reads the key `on` as the boolean true, as PyYAML does.
    document["on"] = document.pop(True, document.get("on"))
    return document


@pytest.fixture(scope="module")
def operator_docs() -> dict[str, dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all(OPERATOR_STACK.read_text()) if d]
    by_kind = {d["kind"]: d for d in docs}
    assert len(by_kind) == len(docs), "one document of each kind"
    return by_kind


def _steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def _pulumi_action_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in steps if str(s.get("uses", "")).startswith("pulumi/actions@")]


def test_workflow_previews_pull_requests_and_applies_pushes_to_main(
    workflow: dict[Any, Any],
) -> None:
    assert workflow["on"]["pull_request"]["branches"] == ["main"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    commands = {}
    for name, job in workflow["jobs"].items():
        [step] = [s for s in _pulumi_action_steps(job["steps"]) if "command" in s.get("with", {})]
        commands[name] = (job["if"], step["with"]["command"])
    assert commands == {
        "preview": ("github.event_name == 'pull_request'", "preview"),
        "up": ("github.event_name == 'push' && github.ref == 'refs/heads/main'", "up"),
    }
    preview = next(
        s
        for s in _pulumi_action_steps(_steps(workflow, "preview"))
        if "command" in s.get("with", {})
    )
    assert preview["with"]["comment-on-pr"] is True
    assert workflow["permissions"]["pull-requests"] == "write"
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_workflow_gets_alibaba_cloud_credentials_from_github_oidc(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"]["id-token"] == "write", "needed to request GitHub's OIDC token"
    for variable in ("ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"):
        assert workflow["env"][variable] == "${{ vars." + variable + " }}"
    assert not any("ACCESS_KEY" in name for name in workflow["env"]), "no static keys"
    for job in workflow["jobs"]:
        steps = _steps(workflow, job)
        token_step = next(
            i for i, s in enumerate(steps) if "ALIBABA_CLOUD_OIDC_TOKEN_FILE=" in s.get("run", "")
        )
        command_step = next(i for i, s in enumerate(steps) if "command" in s.get("with", {}))
        assert token_step < command_step, f"{job}: the token file exists before pulumi runs"
        script = steps[token_step]["run"]
        assert f"audience={STS_AUDIENCE}" in script
        assert (
            "$ACTIONS_ID_TOKEN_REQUEST_URL" in script
            and "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" in script
        )
        assert '>> "$GITHUB_ENV"' in script


def test_workflow_pulumi_steps_target_a_real_project_and_stack(workflow: dict[Any, Any]) -> None:
    for job in workflow["jobs"]:
        steps = _steps(workflow, job)
        actions = _pulumi_action_steps(steps)
        assert actions[0].get("with") is None, (
            f"{job}: the first pulumi/actions step installs the CLI"
        )
        for step in actions:
            inputs = step.get("with") or {}
            assert set(inputs) <= PULUMI_ACTION_INPUTS, (
                f"unknown inputs {set(inputs) - PULUMI_ACTION_INPUTS}"
            )
            if "command" not in inputs:
                continue
            assert pulumi_problems(["pulumi", inputs["command"]]) == []
            project = REPO / inputs["work-dir"]
            assert (project / "Pulumi.yaml").is_file()
            assert (project / f"Pulumi.{inputs['stack-name']}.yaml").is_file(), (
                "the stack's config is committed"
            )
            assert (project / "requirements.txt").is_file(), (
                "`pulumi install` has something to install"
            )


def test_every_command_the_workflow_runs_exists(workflow: dict[Any, Any]) -> None:
    problems = []
    for job in workflow["jobs"]:
        for step in _steps(workflow, job):
            uses = step.get("uses")
            if uses:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", uses), f"{uses}: pin a major version"
            cwd = REPO / step.get("working-directory", ".")
            assert cwd.is_dir(), f"{job}: working-directory {cwd} does not exist"
            for line in step.get("run", "").splitlines():
                line = line.strip().rstrip("\\")
                if line.split(" ", 1)[0] in {"pulumi", "make"} or line.startswith(
                    ("./", "scripts/")
                ):
                    problems += check_command(line, repo=REPO, cwd=cwd)
    assert problems == []


def test_operator_stack_deploys_the_gitops_project(
    operator_docs: dict[str, dict[str, Any]],
) -> None:
    stack = operator_docs["Stack"]
    assert stack["apiVersion"] == "pulumi.com/v1"
    spec = stack["spec"]
    known = {
        "accessTokenSecret",
        "envs",
        "envRefs",
        "envSecrets",
        "backend",
        "stack",
        "config",
        "secrets",
        "secretsRef",
        "secretsProvider",
        "projectRepo",
        "gitAuthSecret",
        "gitAuth",
        "repoDir",
        "commit",
        "branch",
        "shallow",
        "fluxSource",
        "programRef",
        "targets",
        "targetDependents",
        "prerequisites",
        "continueResyncOnCommitMatch",
        "refresh",
        "expectNoRefreshChanges",
        "destroyOnFinalize",
        "retryOnUpdateConflict",
        "useLocalStackOnly",
        "resyncFrequencySeconds",
        "serviceAccountName",
        "workspaceTemplate",
        "workspaceReclaimPolicy",
    }
    assert set(spec) <= known, f"not Stack spec fields: {set(spec) - known}"
    assert spec["projectRepo"].startswith("https://")
    assert spec["branch"] == "main"
    project_dir = REPO / spec["repoDir"]
    project = yaml.safe_load((project_dir / "Pulumi.yaml").read_text())["name"]
    _organization, project_name, stack_name = spec["stack"].split("/")
    assert project_name == project
    assert (project_dir / f"Pulumi.{stack_name}.yaml").is_file()
    assert spec["destroyOnFinalize"] is False, "deleting the Stack object must not destroy voices"
    passphrase = spec["envRefs"]["PULUMI_CONFIG_PASSPHRASE"]
    assert passphrase["type"] == "Secret" and set(passphrase["secret"]) == {"name", "key"}


def test_operator_workspace_has_rrsa_credentials(operator_docs: dict[str, dict[str, Any]]) -> None:
    stack = operator_docs["Stack"]
    account = operator_docs["ServiceAccount"]["metadata"]
    assert stack["spec"]["serviceAccountName"] == account["name"]
    assert stack["metadata"]["namespace"] == account["namespace"]
    binding = operator_docs["ClusterRoleBinding"]
    assert binding["roleRef"]["name"] == "system:auth-delegator"
    assert {"kind": "ServiceAccount", **account} == binding["subjects"][0]

    workspace = stack["spec"]["workspaceTemplate"]["spec"]
    env = {e["name"]: e["value"] for e in workspace["env"]}
    assert set(OIDC_VARIABLES) <= set(env)
    assert env["ALIBABA_CLOUD_ROLE_ARN"].startswith("acs:ram::")
    assert env["ALIBABA_CLOUD_OIDC_PROVIDER_ARN"].startswith("acs:ram::")
    token_file = Path(env["ALIBABA_CLOUD_OIDC_TOKEN_FILE"])

    pod = workspace["podTemplate"]["spec"]
    [container] = [c for c in pod["containers"] if c["name"] == "pulumi"]
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == str(token_file.parent))
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    [source] = volume["projected"]["sources"]
    assert source["serviceAccountToken"]["audience"] == STS_AUDIENCE
    assert source["serviceAccountToken"]["path"] == token_file.name
    claims = {
        v["persistentVolumeClaim"]["claimName"]
        for v in pod["volumes"]
        if "persistentVolumeClaim" in v
    }
    assert claims == {operator_docs["PersistentVolumeClaim"]["metadata"]["name"]}


def test_credential_variables_are_the_ones_the_credential_chain_reads() -> None:
    # The provider hands OIDC/RRSA to alibabacloud-credentials (the `credentials` extra).
    from alibabacloud_credentials.utils import auth_util

    source = inspect.getsource(auth_util)
    for variable in (*OIDC_VARIABLES, "ALIBABA_CLOUD_ROLE_SESSION_NAME"):
        assert variable in source
        assert variable in WORKFLOW.read_text() + OPERATOR_STACK.read_text()
    [install] = [
        line
        for line in (GITOPS / "requirements.txt").read_text().splitlines()
        if line.startswith("-e ")
    ]
    assert "credentials" in install, "the credential chain beyond static keys is an extra"
