"""The GitOps example: the GitHub Actions workflows (deploy, scheduled drift check), the
Kubernetes Operator's Stacks, its Program and the workspace image.

None can run here, so what can go wrong in them is checked: they parse, they carry the keys
their runners need, and every command, path, stack, token and credential variable they name
exists in this project (or in the credential chain the provider delegates to). The Program's
Pulumi YAML itself runs on the real CLI in tests/cli/test_policy_gates.py.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.examples.ice_example_commands import PULUMI_ACTION_INPUTS, check_command, pulumi_problems
from tests.examples.ice_example_mocks import REPO

GITOPS = REPO / "examples" / "gitops"
WORKFLOW = GITOPS / ".github" / "workflows" / "voices.yml"
DRIFT_WORKFLOW = GITOPS / ".github" / "workflows" / "drift.yml"
WORKFLOWS = (WORKFLOW, DRIFT_WORKFLOW)
OPERATOR_STACK = GITOPS / "k8s" / "stack.yaml"
OPERATOR_PROGRAM = GITOPS / "k8s" / "program.yaml"
WORKSPACE_IMAGE = GITOPS / "k8s" / "Dockerfile"
OIDC_VARIABLES = (
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
)
STS_AUDIENCE = "sts.aliyuncs.com"


def _workflow(path: Path) -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as the boolean true, as PyYAML does.
    document["on"] = document.pop(True, document.get("on"))
    return document


def _by_kind(path: Path) -> dict[str, dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d]
    by_kind = {d["kind"]: d for d in docs}
    assert len(by_kind) == len(docs), "one document of each kind"
    return by_kind


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return _workflow(WORKFLOW)


@pytest.fixture(scope="module", params=WORKFLOWS, ids=lambda path: path.name)
def any_workflow(request: pytest.FixtureRequest) -> dict[Any, Any]:
    return _workflow(request.param)


@pytest.fixture(scope="module")
def drift_workflow() -> dict[Any, Any]:
    return _workflow(DRIFT_WORKFLOW)


@pytest.fixture(scope="module")
def operator_docs() -> dict[str, dict[str, Any]]:
    return _by_kind(OPERATOR_STACK)


@pytest.fixture(scope="module")
def program_docs() -> dict[str, dict[str, Any]]:
    return _by_kind(OPERATOR_PROGRAM)


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


def _stack_step(steps: list[dict[str, Any]]) -> int:
    """The index of the first step that runs Pulumi on the stack: the action, a preview of
    the policy gate, or drift.py."""
    runs = ("drift.py", "pulumi preview", "pulumi up", "pulumi refresh")
    return next(
        i
        for i, s in enumerate(steps)
        if "command" in s.get("with", {}) or any(r in s.get("run", "") for r in runs)
    )


def test_workflow_gets_alibaba_cloud_credentials_from_github_oidc(
    any_workflow: dict[Any, Any],
) -> None:
    workflow = any_workflow
    assert workflow["permissions"]["id-token"] == "write", "needed to request GitHub's OIDC token"
    for variable in ("ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"):
        assert workflow["env"][variable] == "${{ vars." + variable + " }}"
    assert not any("ACCESS_KEY" in name for name in workflow["env"]), "no static keys"
    for job in workflow["jobs"]:
        steps = _steps(workflow, job)
        token_step = next(
            i for i, s in enumerate(steps) if "ALIBABA_CLOUD_OIDC_TOKEN_FILE=" in s.get("run", "")
        )
        assert token_step < _stack_step(steps), f"{job}: the token file exists before pulumi runs"
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


def test_every_command_the_workflow_runs_exists(any_workflow: dict[Any, Any]) -> None:
    workflow = any_workflow
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
                if line.split(" ", 1)[0] in {"pulumi", "make", "python3"} or line.startswith(
                    ("./", "scripts/")
                ):
                    problems += check_command(line, repo=REPO, cwd=cwd)
    assert problems == []


STACK_SPEC_FIELDS = {
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
"""The fields of a pulumi.com/v1 Stack's spec (Pulumi Kubernetes Operator v2)."""


def test_operator_stack_deploys_the_gitops_project(
    operator_docs: dict[str, dict[str, Any]],
) -> None:
    stack = operator_docs["Stack"]
    assert stack["apiVersion"] == "pulumi.com/v1"
    spec = stack["spec"]
    assert set(spec) <= STACK_SPEC_FIELDS, f"not Stack spec fields: {set(spec) - STACK_SPEC_FIELDS}"
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


def _check_rrsa_workspace(
    stack: dict[str, Any], account: dict[str, Any], claim: dict[str, Any]
) -> None:
    """The Stack's workspace runs as ``account``, gets RRSA credentials from a projected
    service-account token, and keeps its state on the volume ``claim``."""
    assert stack["spec"]["serviceAccountName"] == account["name"]
    assert stack["metadata"]["namespace"] == account["namespace"] == claim["namespace"]
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
    assert claims == {claim["name"]}
    state = next(v["name"] for v in pod["volumes"] if "persistentVolumeClaim" in v)
    [state_mount] = [m for m in container["volumeMounts"] if m["name"] == state]
    assert stack["spec"]["backend"] == f"file://{state_mount['mountPath']}"


def test_operator_workspace_has_rrsa_credentials(operator_docs: dict[str, dict[str, Any]]) -> None:
    account = operator_docs["ServiceAccount"]["metadata"]
    binding = operator_docs["ClusterRoleBinding"]
    assert binding["roleRef"]["name"] == "system:auth-delegator"
    assert {"kind": "ServiceAccount", **account} == binding["subjects"][0]
    claim = operator_docs["PersistentVolumeClaim"]["metadata"]
    _check_rrsa_workspace(operator_docs["Stack"], account, claim)


def test_credential_variables_are_the_ones_the_credential_chain_reads() -> None:
    # The provider hands OIDC/RRSA to alibabacloud-credentials (the `credentials` extra).
    from alibabacloud_credentials.utils import auth_util

    source = inspect.getsource(auth_util)
    for variable in (*OIDC_VARIABLES, "ALIBABA_CLOUD_ROLE_SESSION_NAME"):
        assert variable in source
        for manifest in (*WORKFLOWS, OPERATOR_STACK, OPERATOR_PROGRAM):
            assert variable in manifest.read_text(), (variable, manifest.name)
    [install] = [
        line
        for line in (GITOPS / "requirements.txt").read_text().splitlines()
        if line.startswith("-e ")
    ]
    assert "credentials" in install, "the credential chain beyond static keys is an extra"


# -- the policy gate ----------------------------------------------------------------------


def test_both_jobs_pass_the_policy_gate_before_their_pulumi_command(
    workflow: dict[Any, Any],
) -> None:
    project = yaml.safe_load((GITOPS / "Pulumi.yaml").read_text())
    virtualenv = project["runtime"]["options"]["virtualenv"]
    scripts = _project_scripts()
    for job in workflow["jobs"]:
        steps = _steps(workflow, job)
        [gate] = [i for i, s in enumerate(steps) if "--policy-pack" in s.get("run", "")]
        action = next(i for i, s in enumerate(steps) if "command" in s.get("with", {}))
        assert gate < action, f"{job}: the gate runs first"
        command = shlex.split(steps[gate]["run"].replace("\\\n", " "))
        pack = command[command.index("--policy-pack") + 1]
        found = re.fullmatch(r"\$\((\S+)/bin/(\S+)\)", pack)
        assert found and found.group(1) == virtualenv, pack
        assert scripts[found.group(2)] == "pulumi_ice_voice.policy:main"
        assert (GITOPS / command[command.index("--policy-pack-config") + 1]).is_file()
        python = steps[gate]["env"]["PULUMI_PYTHON_CMD"]
        assert python == f"${{{{ github.workspace }}}}/examples/gitops/{virtualenv}/bin/python"
    [install] = [
        line
        for line in (GITOPS / "requirements.txt").read_text().splitlines()
        if line.startswith("-e ")
    ]
    assert "policy" in install.split("[", 1)[1], "the pack's extra is installed"


def _project_scripts() -> dict[str, str]:
    tomllib = pytest.importorskip("tomllib")
    scripts: dict[str, str] = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "scripts"
    ]
    return scripts


def test_the_catalogues_policy_config_names_real_policies_and_settings() -> None:
    from pulumi_ice_voice.policy._policies import POLICIES

    types: dict[str, type | tuple[type, ...]] = {
        "array": list,
        "integer": int,
        "number": (int, float),
    }
    schemas = {p.name: p.config_schema for p in POLICIES}
    config = json.loads((GITOPS / "policy.json").read_text())
    for name, settings in config.items():
        assert name in schemas, f"no policy {name}"
        for key, value in settings.items():
            if key == "enforcementLevel":
                assert value in {"advisory", "mandatory", "remediate", "disabled"}
                continue
            schema = schemas[name]
            assert schema is not None and key in schema.properties, f"{name} has no {key}"
            assert isinstance(value, types[schema.properties[key]["type"]]), (name, key)
    from icevoice import COSY_VOICE_MODELS

    assert set(config["cosyvoice-model-allowlist"]["allowedModels"]) <= set(COSY_VOICE_MODELS)


# -- the scheduled drift check ------------------------------------------------------------


def _drift_script() -> Any:
    spec = importlib.util.spec_from_file_location("gitops_drift", GITOPS / "drift.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_drift_workflow_runs_on_a_schedule_and_on_demand_beside_the_deployments(
    drift_workflow: dict[Any, Any], workflow: dict[Any, Any]
) -> None:
    [schedule] = drift_workflow["on"]["schedule"]
    fields = schedule["cron"].split()
    assert len(fields) == 5 and all(re.fullmatch(r"[\d*/,-]+", f) for f in fields), fields
    assert "workflow_dispatch" in drift_workflow["on"]
    assert drift_workflow["concurrency"] == workflow["concurrency"], "never beside an up"
    assert drift_workflow["permissions"] == {"contents": "read", "id-token": "write"}
    [job] = drift_workflow["jobs"].values()
    assert job["timeout-minutes"] <= 60


def test_drift_workflow_runs_the_script_on_a_committed_stack_and_reads_its_exit_codes(
    drift_workflow: dict[Any, Any],
) -> None:
    [job] = drift_workflow["jobs"]
    steps = _steps(drift_workflow, job)
    install = next(i for i, s in enumerate(steps) if s.get("run") == "pulumi install")
    check = steps[_stack_step(steps)]
    assert install < _stack_step(steps), "the program's virtualenv exists before the refresh"
    project = REPO / check["working-directory"]
    [command] = [line for line in check["run"].splitlines() if "drift.py" in line]
    argv = shlex.split(command)
    assert argv[:2] == ["python3", "drift.py"] and (project / "drift.py").is_file()
    stack = argv[argv.index("--stack") + 1]
    assert (project / f"Pulumi.{stack}.yaml").is_file()
    script = _drift_script()
    arms = re.findall(r"^\s*(\S+)\)", check["run"], flags=re.MULTILINE)
    assert arms == [str(script.NO_DRIFT), str(script.DRIFT), "*"], arms
    assert f"exit {script.DRIFT}" in check["run"] and f"exit {script.FAILED}" in check["run"]
    assert "$GITHUB_STEP_SUMMARY" in check["run"], "what drifted is in the job summary"
    assert pulumi_problems(script.refresh_command(stack)) == []


# -- the Operator's Program and its Stack ---------------------------------------------------

PROGRAM_FIELDS = {"configuration", "resources", "variables", "outputs", "packages"}
"""The fields of a pulumi.com/v1 Program's `program` (Pulumi Kubernetes Operator v2)."""
RESOURCE_OPTIONS = {
    "additionalSecretOutputs",
    "aliases",
    "customTimeouts",
    "deleteBeforeReplace",
    "dependsOn",
    "ignoreChanges",
    "import",
    "parent",
    "protect",
    "provider",
    "providers",
    "version",
}
"""The resource options a Program's resources may carry."""


@pytest.fixture(scope="module")
def plugin_schema() -> dict[str, Any]:
    import contextlib
    import io

    from pulumi_ice_voice.plugin import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--schema"])
    schema: dict[str, Any] = json.loads(out.getvalue())
    return schema


def test_program_declares_voices_of_the_plugins_schema_through_the_plugin_as_a_package(
    program_docs: dict[str, dict[str, Any]], plugin_schema: dict[str, Any]
) -> None:
    from icevoice import __version__

    program = program_docs["Program"]
    assert program["apiVersion"] == "pulumi.com/v1"
    assert set(program["program"]) <= PROGRAM_FIELDS
    assert program["program"]["packages"] == {"icevoice": f"icevoice@{__version__}"}
    resources = program["program"]["resources"]
    assert resources, "it declares voices"
    for name, resource in resources.items():
        schema = plugin_schema["resources"][resource["type"]]
        given = set(resource["properties"])
        assert given <= set(schema["inputProperties"]), (
            name,
            given - set(schema["inputProperties"]),
        )
        assert set(schema.get("requiredInputs", [])) <= given, name
        assert set(resource.get("options", {})) <= RESOURCE_OPTIONS, name
        assert resource["options"]["protect"] is True, f"{name}: ICE cannot delete a trained voice"
    for output in program["program"]["outputs"].values():
        voice, _, field = output.strip("${}").partition(".")
        assert (
            voice in resources
            and field in plugin_schema["resources"][resources[voice]["type"]]["properties"]
        )


def test_program_stack_refreshes_and_resyncs_the_program_with_rrsa_credentials(
    program_docs: dict[str, dict[str, Any]],
    operator_docs: dict[str, dict[str, Any]],
    plugin_schema: dict[str, Any],
) -> None:
    program, stack = program_docs["Program"], program_docs["Stack"]
    spec = stack["spec"]
    assert set(spec) <= STACK_SPEC_FIELDS, set(spec) - STACK_SPEC_FIELDS
    assert spec["programRef"] == {"name": program["metadata"]["name"]}
    assert stack["metadata"]["namespace"] == program["metadata"]["namespace"]
    _organization, project, _stack = spec["stack"].split("/")
    assert project == program["metadata"]["name"], "the Operator names the project after it"
    assert spec["refresh"] is True
    assert isinstance(spec["resyncFrequencySeconds"], int) and spec["resyncFrequencySeconds"] >= 60
    assert spec["destroyOnFinalize"] is False, "deleting the Stack object must not destroy voices"
    settings = {f"icevoice:{key}" for key in plugin_schema["config"]["variables"]}
    assert spec["config"] and set(spec["config"]) <= settings
    assert spec["envRefs"] == operator_docs["Stack"]["spec"]["envRefs"], "stack.yaml's secret"
    account = operator_docs["ServiceAccount"]["metadata"]
    claim = program_docs["PersistentVolumeClaim"]["metadata"]
    assert claim["name"] != operator_docs["PersistentVolumeClaim"]["metadata"]["name"]
    _check_rrsa_workspace(stack, account, claim)


def test_workspace_image_holds_the_plugin_the_program_names(
    program_docs: dict[str, dict[str, Any]],
) -> None:
    from icevoice import __version__

    dockerfile = WORKSPACE_IMAGE.read_text()
    workspace = program_docs["Stack"]["spec"]["workspaceTemplate"]["spec"]
    assert workspace["image"].endswith(f":{__version__}")
    cli = re.search(
        r'PULUMI_VERSION="v([\d.]+)"', (REPO / "scripts/pulumi-from-source.sh").read_text()
    )
    assert cli is not None
    assert f"FROM pulumi/pulumi:{cli.group(1)}-nonroot" in dockerfile, "the CLI the tests run"
    assert f"ARG ICE_VOICE_VERSION={__version__}" in dockerfile
    run = re.search(r"^RUN (.*?)(?=^\S|\Z)", dockerfile, flags=re.MULTILINE | re.DOTALL)
    assert run is not None
    commands = [c.strip() for c in run.group(1).replace("\\\n", " ").split("&&")]
    install = shlex.split(commands[1])
    [requirement] = [a for a in install if a.startswith("pulumi-ice-voice[")]
    extras = requirement.split("[", 1)[1].split("]", 1)[0].split(",")
    pyproject = (REPO / "pyproject.toml").read_text()
    assert all(re.search(rf"^{extra} = \[", pyproject, flags=re.MULTILINE) for extra in extras)
    plugin = shlex.split(commands[2])
    assert plugin[:6] == [
        "pulumi",
        "plugin",
        "install",
        "resource",
        "icevoice",
        "${ICE_VOICE_VERSION}",
    ]
    assert pulumi_problems(plugin) == []
    assert plugin[-1].endswith("/bin/pulumi-resource-icevoice"), "the package's console script"
