"""The language hosts for TypeScript and Pulumi YAML that scripts/pulumi-from-source.sh
builds beside the CLI (pulumi-language-nodejs, ours; pulumi-language-yaml, pulumi-yaml's),
SDK generation for a provider's schema, and the Python host's `typechecker` option, all offline.

Each program makes a `random:index:RandomString` with the `random` plugin the build makes
(4.21.1, installed into the session's PULUMI_HOME by the `cli` fixture), reads its stack's
config, exports outputs, and goes through preview, up, an up that changes nothing (the CLI
fails `--expect-no-changes` otherwise), stack output and destroy. The TypeScript programs run
on the npm packages pinned by scripts/nodejs-deps (@pulumi/pulumi, @pulumi/random, whose
`pulumi.version` 4.21.1 is the plugin the language host asks the engine for, typescript),
installed once into a cache outside the repository by scripts/nodejs-deps.sh.
"""

from __future__ import annotations

import json
import py_compile
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import RANDOM_STRING_PROGRAM, VENV, PulumiCli, Stack
from tests.support.language_hosts import (
    nodejs_dependencies,
    nodejs_modules,
    tsc,
    typescript_project,
    yaml_project,
)

RANDOM_PLUGIN = "4.21.1"
RANDOM_STRING = "random:index/randomString:RandomString"

RANDOM_TS = """\
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

const config = new pulumi.Config();
const suffix = new random.RandomString("suffix", {
    length: config.requireNumber("length"),
    special: false,
});

export const result: pulumi.Output<string> = suffix.result;
export const length: pulumi.Output<number> = suffix.length;
export const greeting = config.requireSecret("greeting");
"""

RANDOM_YAML: dict[str, Any] = {
    "config": {"length": {"type": "integer"}, "greeting": {"type": "string", "secret": True}},
    "resources": {
        "suffix": {
            "type": "random:index:RandomString",
            "properties": {"length": "${length}", "special": False},
            # The plugin version, as a YAML program pins it (a TypeScript program pins it
            # through its @pulumi/random package).
            "options": {"version": RANDOM_PLUGIN},
        }
    },
    "outputs": {
        "result": "${suffix.result}",
        "length": "${suffix.length}",
        "greeting": "${greeting}",
    },
}

SCHEMA: dict[str, Any] = {
    "name": "icetoy",
    "version": "0.1.0",
    "description": "A small provider schema for SDK generation.",
    "config": {"variables": {"endpoint": {"type": "string", "description": "Where ICE answers."}}},
    "provider": {"inputProperties": {"endpoint": {"type": "string"}}},
    "resources": {
        "icetoy:index:Voice": {
            "description": "A cloned voice.",
            "inputProperties": {
                "voiceName": {"type": "string"},
                "gender": {"type": "string"},
                "recordings": {"type": "array", "items": {"type": "string"}},
            },
            "requiredInputs": ["voiceName"],
            "properties": {
                "voiceName": {"type": "string"},
                "voiceId": {"type": "string"},
                "status": {"type": "string"},
            },
            "required": ["voiceName", "voiceId", "status"],
        }
    },
    "language": {
        "nodejs": {"packageName": "@icetoy/icetoy"},
        "python": {"packageName": "pulumi_icetoy"},
    },
}


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The pinned npm packages (scripts/nodejs-deps.sh; a clear error without Node.js)."""
    return nodejs_modules()


def _preview_ops(stack: Stack) -> dict[str, tuple[str, str]]:
    """`pulumi preview --json`: each resource's (operation, type), by resource name."""
    steps = json.loads(stack.preview("--json").stdout)["steps"]
    return {
        step["urn"].rsplit("::", 1)[-1]: (step["op"], step["urn"].split("::")[-2]) for step in steps
    }


def _lifecycle(stack: Stack, project: str) -> None:
    """preview, up, a no-op up, stack output, destroy: what every program here goes through."""
    assert _preview_ops(stack) == {
        f"{project}-{stack.name}": ("create", "pulumi:pulumi:Stack"),
        "suffix": ("create", RANDOM_STRING),
    }

    stack.up()
    outputs = stack.outputs()
    assert outputs["length"] == 10
    assert isinstance(outputs["result"], str) and len(outputs["result"]) == 10
    assert outputs["result"].isalnum()  # special: false
    assert outputs["greeting"] == "hello"
    assert stack.outputs(show_secrets=False)["greeting"] == "[secret]"
    providers = [r["urn"] for r in stack.resources("pulumi:providers:random")]
    assert providers and all(
        urn.endswith(f"default_{RANDOM_PLUGIN.replace('.', '_')}") for urn in providers
    )

    stack.up("--expect-no-changes")
    assert stack.outputs() == outputs

    stack.destroy()
    assert stack.outputs() == {}
    assert stack.resources(RANDOM_STRING) == []


def _init(cli: PulumiCli, project: Path, name: str) -> Stack:
    stack = cli.init_stack(project, config={f"{name}:length": 10})
    stack.set_config(f"{name}:greeting", "hello", secret=True)
    return stack


def test_typescript_program_lifecycle(cli: PulumiCli, node_modules: Path, tmp_path: Path) -> None:
    # The plugin the host asks for is the one @pulumi/random's package.json names: pinned to
    # the version of the built plugin, since the plugin cache matches versions exactly.
    assert nodejs_dependencies()[0]["@pulumi/random"] == RANDOM_PLUGIN
    random_package = json.loads((node_modules / "@pulumi" / "random" / "package.json").read_text())
    assert random_package["pulumi"] == {
        "resource": True,
        "name": "random",
        "version": RANDOM_PLUGIN,
    }
    project = typescript_project(
        tmp_path / "ts", name="ts-random", source=RANDOM_TS, node_modules=node_modules
    )
    _lifecycle(_init(cli, project, "ts-random"), "ts-random")


def test_javascript_program_with_typescript_off(
    cli: PulumiCli, node_modules: Path, tmp_path: Path
) -> None:
    """`typescript: false`: the host runs plain JavaScript without ts-node."""
    source = (
        'const pulumi = require("@pulumi/pulumi");\n'
        'const random = require("@pulumi/random");\n'
        "const config = new pulumi.Config();\n"
        'const suffix = new random.RandomString("suffix", '
        '{ length: config.requireNumber("length"), special: false });\n'
        "exports.result = suffix.result;\n"
        "exports.length = suffix.length;\n"
        'exports.greeting = config.requireSecret("greeting");\n'
    )
    project = typescript_project(
        tmp_path / "js",
        name="js-random",
        source=source,
        node_modules=node_modules,
        entry="index.js",
        runtime_options={"typescript": False},
    )
    _lifecycle(_init(cli, project, "js-random"), "js-random")


def test_typescript_is_type_checked_with_the_projects_tsconfig(
    cli: PulumiCli, node_modules: Path, tmp_path: Path
) -> None:
    """ts-node type-checks the program; the `tsconfig` option names the file it reads (here
    one with `noCheck`, which the SDK turns into ts-node's transpile-only mode)."""
    source = RANDOM_TS + 'export const wrong: number = "not a number";\n'
    project = typescript_project(
        tmp_path / "ts", name="ts-typed", source=source, node_modules=node_modules
    )
    stack = _init(cli, project, "ts-typed")
    failed = stack.preview(check=False)
    assert failed.returncode != 0
    assert "TS2322" in failed.output  # Type 'string' is not assignable to type 'number'.

    tsconfig = json.loads((project / "tsconfig.json").read_text())
    tsconfig["compilerOptions"]["noCheck"] = True
    (project / "tsconfig.nocheck.json").write_text(json.dumps(tsconfig))
    typescript_project(
        project,
        name="ts-typed",
        source=source,
        node_modules=None,
        runtime_options={"tsconfig": "tsconfig.nocheck.json"},
    )
    assert _preview_ops(stack)["suffix"] == ("create", RANDOM_STRING)


def test_yaml_program_lifecycle(cli: PulumiCli, tmp_path: Path) -> None:
    project = yaml_project(tmp_path / "yaml", name="yaml-random", template=RANDOM_YAML)
    _lifecycle(_init(cli, project, "yaml-random"), "yaml-random")


def test_typescript_program_without_its_packages_says_so(cli: PulumiCli, tmp_path: Path) -> None:
    project = typescript_project(
        tmp_path / "bare", name="bare", source=RANDOM_TS, node_modules=None
    )
    stack = _init(cli, project, "bare")
    result = stack.preview(check=False)
    assert result.returncode != 0
    assert "It looks like the Pulumi SDK has not been installed" in result.output


def test_import_generates_typescript(cli: PulumiCli, node_modules: Path, tmp_path: Path) -> None:
    """`pulumi import` asks the language host for the code of what it imported."""
    project = typescript_project(
        tmp_path / "ts", name="ts-import", source=RANDOM_TS, node_modules=node_modules
    )
    stack = _init(cli, project, "ts-import")
    out = tmp_path / "imported.ts"
    stack.run(
        "import", RANDOM_STRING, "imported", "abcdEFGH", "--protect=false", "--yes",
        "--out", str(out),
    )  # fmt: skip
    code = out.read_text()
    assert 'import * as random from "@pulumi/random";' in code
    assert 'new random.RandomString("imported", {' in code
    assert "length: 8," in code
    [imported] = [r for r in stack.resources(RANDOM_STRING) if r["urn"].endswith("::imported")]
    assert imported["outputs"]["result"] == "abcdEFGH"


@pytest.mark.parametrize(
    ("language", "flags"),
    [("nodejs", ()), ("nodejs", ("--local",)), ("python", ())],
    ids=["nodejs", "nodejs-local", "python"],
)
def test_gen_sdk_from_a_schema(
    cli: PulumiCli,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    language: str,
    flags: tuple[str, ...],
) -> None:
    """`pulumi package gen-sdk`: the language host generates the SDK with the CLI's own code
    generator; the Node.js SDK compiles with the pinned TypeScript, the Python one byte-compiles."""
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA))
    out = tmp_path / "sdk"
    cli.run(
        ["package", "gen-sdk", str(schema), "--language", language, "--out", str(out), *flags],
        cwd=tmp_path,
    )
    sdk = out / language
    if language == "nodejs":
        package = json.loads((sdk / "package.json").read_text())
        assert package["name"] == "@icetoy/icetoy"
        assert package["pulumi"] == {"resource": True, "name": "icetoy"}
        # --local: an SDK to install from its directory, compiled by its postinstall script.
        assert ("postinstall" in package.get("scripts", {})) == bool(flags)
        assert "export class Voice extends pulumi.CustomResource" in (sdk / "voice.ts").read_text()
        # The SDK's own tsconfig.json, the pinned packages (@pulumi/pulumi, typescript).
        compiled = tsc(sdk, request.getfixturevalue("node_modules"), tmp_path / "js")
        assert compiled.returncode == 0, compiled.stdout + compiled.stderr
        assert (tmp_path / "js" / "voice.js").is_file()
        assert (tmp_path / "js" / "voice.d.ts").is_file()
    else:
        module = sdk / "pulumi_icetoy"
        plugin = json.loads((module / "pulumi-plugin.json").read_text())
        assert plugin == {"resource": True, "name": "icetoy"}
        assert "class Voice(pulumi.CustomResource):" in (module / "voice.py").read_text()
        for source in sorted(sdk.rglob("*.py")):
            py_compile.compile(str(source), cfile=str(tmp_path / "pyc" / source.name), doraise=True)


def test_python_typechecker_option_runs_mypy_before_the_program(
    cli: PulumiCli, tmp_path: Path
) -> None:
    """`typechecker: mypy`: the Python host runs mypy from the program's virtualenv first; a
    type error stops the preview with mypy's report, a program that passes runs."""
    project = tmp_path / "typed"
    stack = cli.stack(project, program=RANDOM_STRING_PROGRAM, config={"test:length": 10})
    runtime = {"name": "python", "options": {"virtualenv": str(VENV), "typechecker": "mypy"}}
    (project / "Pulumi.yaml").write_text(
        yaml.safe_dump({"name": "ice-voice-cli-test", "runtime": runtime})
    )
    program = project / "__main__.py"
    good = program.read_text()
    program.write_text(good + 'wrong: int = "not a number"\n')
    stopped = stack.preview(check=False)
    assert stopped.returncode != 0
    assert 'Incompatible types in assignment (expression has type "str"' in stopped.output
    assert "mypy failed" in stopped.output

    program.write_text(good)
    assert _preview_ops(stack)["suffix"] == ("create", RANDOM_STRING)
