"""Programs in TypeScript and in Pulumi YAML under the real CLI, whose language hosts
(pulumi-language-nodejs, pulumi-language-yaml) scripts/pulumi-from-source.sh builds beside it.

    modules = nodejs_modules()              # scripts/nodejs-deps.sh: npm ci into a cache (once)
    project = typescript_project(tmp_path / "ts", name="ts-random", source=INDEX_TS,
                                 node_modules=modules)
    project = yaml_project(tmp_path / "yaml", name="yaml-random",
                           template={"resources": {...}, "outputs": {...}})
    stack = cli.init_stack(project)         # then stack.preview(), stack.up(), ... as usual

A TypeScript project gets a package.json naming the packages pinned in
scripts/nodejs-deps/package.json, a tsconfig.json, its index.ts, and `node_modules` as a
symlink to the cache outside the repository (~/.cache/pulumi-ice-voice/npm-<key>): node and
the language host resolve @pulumi/pulumi, @pulumi/random and typescript through it, and
nothing is installed into the project. Node.js missing is an error that says so, never a skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tests.support.cli import REPO

__all__ = [
    "NODEJS_DEPS",
    "TSCONFIG",
    "node_executable",
    "nodejs_dependencies",
    "nodejs_modules",
    "tsc",
    "typescript_project",
    "yaml_project",
]

NODEJS_DEPS = REPO / "scripts" / "nodejs-deps"
"""package.json and package-lock.json of the TypeScript programs' npm packages."""
_INSTALL_SCRIPT = REPO / "scripts" / "nodejs-deps.sh"

TSCONFIG: dict[str, Any] = {
    "compilerOptions": {
        "strict": True,
        "outDir": "bin",
        "target": "es2020",
        "module": "commonjs",
        "moduleResolution": "node",
        "sourceMap": True,
        "experimentalDecorators": True,
        "pretty": True,
        "noFallthroughCasesInSwitch": True,
        "noImplicitReturns": True,
        "forceConsistentCasingInFileNames": True,
    },
    "files": ["index.ts"],
}
"""The tsconfig.json of `pulumi new typescript`: ts-node reads it when the program runs."""


def node_executable() -> str:
    """`node` on PATH, or a RuntimeError saying that Node.js is needed."""
    node = shutil.which("node")
    if node is None or shutil.which("npm") is None:
        raise RuntimeError(
            "Node.js and npm are needed to run TypeScript programs under the Pulumi CLI "
            "('node' and 'npm' on PATH); install Node.js 20 or newer"
        )
    return node


def nodejs_modules() -> Path:
    """The node_modules directory of the pinned npm packages, installed by
    scripts/nodejs-deps.sh into the cache if it is not there yet."""
    node_executable()
    done = subprocess.run(
        ["bash", str(_INSTALL_SCRIPT)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"scripts/nodejs-deps.sh failed:\n{done.stdout}{done.stderr}")
    modules = Path(done.stdout.strip().splitlines()[-1])
    if not (modules / "@pulumi" / "pulumi" / "package.json").is_file():
        raise RuntimeError(f"scripts/nodejs-deps.sh printed {modules}, which has no @pulumi/pulumi")
    return modules


def nodejs_dependencies() -> tuple[dict[str, str], dict[str, str]]:
    """The pinned npm packages, (dependencies, devDependencies), each name -> version."""
    manifest = json.loads((NODEJS_DEPS / "package.json").read_text())
    return dict(manifest["dependencies"]), dict(manifest.get("devDependencies") or {})


def typescript_project(
    workdir: Path,
    *,
    name: str,
    source: str,
    node_modules: Path | None,
    entry: str = "index.ts",
    runtime_options: Mapping[str, Any] | None = None,
) -> Path:
    """A Node.js project in ``workdir`` (created): Pulumi.yaml (`runtime: nodejs`, with
    ``runtime_options``), package.json (the pinned packages; `main` is ``entry``), the program
    ``source`` in ``entry``, a tsconfig.json (TSCONFIG) when ``entry`` is TypeScript, and,
    unless ``node_modules`` is None, the node_modules symlink. Returns ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    runtime: dict[str, Any] = {"name": "nodejs"}
    if runtime_options:
        runtime["options"] = dict(runtime_options)
    (workdir / "Pulumi.yaml").write_text(
        yaml.safe_dump({"name": name, "runtime": runtime}, sort_keys=False)
    )
    dependencies, dev_dependencies = nodejs_dependencies()
    package = {
        "name": name,
        "private": True,
        "main": entry,
        "dependencies": dependencies,
        "devDependencies": dev_dependencies,
    }
    (workdir / "package.json").write_text(json.dumps(package, indent=2) + "\n")
    if entry.endswith(".ts"):
        tsconfig = {**TSCONFIG, "files": [entry]}
        (workdir / "tsconfig.json").write_text(json.dumps(tsconfig, indent=2) + "\n")
    (workdir / entry).write_text(source)
    if node_modules is not None:
        (workdir / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return workdir


def yaml_project(workdir: Path, *, name: str, template: Mapping[str, Any]) -> Path:
    """A Pulumi YAML project in ``workdir`` (created): its Pulumi.yaml holds the program
    (``template``: config, variables, resources, outputs). Returns ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "Pulumi.yaml").write_text(
        yaml.safe_dump({"name": name, "runtime": "yaml", **template}, sort_keys=False)
    )
    return workdir


def tsc(project: Path, node_modules: Path, out_dir: Path) -> subprocess.CompletedProcess[str]:
    """Type-check and compile the TypeScript project in ``project`` (its tsconfig.json) with
    the pinned typescript into ``out_dir``; links node_modules into ``project`` if it has none."""
    if not (project / "node_modules").exists():
        (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    compiler = node_modules / "typescript" / "bin" / "tsc"
    return subprocess.run(
        [node_executable(), str(compiler), "-p", str(project), "--outDir", str(out_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
