"""The real Pulumi CLI, driven on projects in temporary directories.

    cli = PulumiCli.build()                  # scripts/pulumi-from-source.sh (cached)
    stack = cli.stack(tmp_path, program=VOICES_PROGRAM)
    stack.set_config("ice:endpoint", ice.url)
    stack.set_voices([{"name": "narrator", **inputs}])
    stack.up()                               # raises CliError (with the CLI's output) on failure
    stack.outputs()["narrator"]["status"]

Every stack has its own file backend; its secrets provider is the CLI's ``secrets_provider``
(the tests' CLI: a loopback stand-in for Vault's transit engine, tests/support/vault.py,
which spares every command the passphrase's key derivation; None: the passphrase, what a
user of the file backend gets, as the benchmarks and the tests about secrets use). The CLI
runs offline (PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: a missing plugin is an error, never a
download), with a PULUMI_HOME shared by the session in which the `random` plugin built by
scripts/pulumi-from-source.sh is installed. Programs run in the repository's .venv.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.support import vault

__all__ = [
    "DEBUG_LOGGING",
    "PLUGIN_VOICES_PROGRAM",
    "REPO",
    "TOYS_PROGRAM",
    "VERBOSE",
    "VOICES_PROGRAM",
    "CliError",
    "PulumiCli",
    "Result",
    "Stack",
]

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv"
VOICES_FILE = "voices.json"
"""The file in a test project that declares its resources (Stack.set_voices)."""
VOICES_PROGRAM = REPO / "tests" / "cli" / "programs" / "voices"
PLUGIN_VOICES_PROGRAM = REPO / "tests" / "cli" / "programs" / "plugin_voices"
TOYS_PROGRAM = REPO / "tests" / "cli" / "programs" / "toys"
RANDOM_STRING_PROGRAM = REPO / "tests" / "cli" / "programs" / "random_string"
DEBUG_LOGGING = REPO / "tests" / "support" / "debug_logging"
"""On the provider host's PYTHONPATH: every logger of the host at DEBUG (see its sitecustomize)."""
VERBOSE = ("-v=9", "--logtostderr", "--logflow")
"""The engine's most verbose logging, to stderr, plugins' included."""
PASSPHRASE = "cli-test-passphrase"
# Config keys set with `pulumi config set --secret` (the CLI refuses them in plaintext).
SECRET_KEYS = frozenset({"accessKeySecret", "securityToken", "secretKey"})
VENV_BIN = VENV / "bin"
TIMEOUT = 600.0
# Environment variables of the test process that must not reach the CLI or the provider.
_SCRUBBED_PREFIXES = ("PULUMI_", "ALIBABA_CLOUD_", "ALICLOUD_", "VAULT_")
LOOPBACK_VAULT = "hashivault://ice-voice-tests"
"""The secrets provider of the tests' stacks (see tests/support/vault.py)."""


class CliError(AssertionError):
    """A CLI command failed; the message holds the command and everything it printed."""

    def __init__(self, result: Result) -> None:
        super().__init__(
            f"`pulumi {' '.join(result.args)}` exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
        self.result = result


@dataclass(frozen=True)
class Result:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class PulumiCli:
    """The Pulumi CLI built by scripts/pulumi-from-source.sh, and a PULUMI_HOME for it."""

    bin: Path
    home: Path
    version: str
    secrets_provider: str | None = None
    """`stack init --secrets-provider` of new stacks; None: the CLI's default (passphrase)."""

    @classmethod
    def build(cls, home: Path, *, secrets_provider: str | None = None) -> PulumiCli:
        """Build (or find in the cache) the CLI, and install the random plugin into ``home``."""
        bin_dir = _built_bin_dir()
        version = subprocess.run(
            [str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        cli = cls(bin=bin_dir, home=home, version=version, secrets_provider=secrets_provider)
        cli.install_plugins()
        return cli

    @property
    def plugins_dir(self) -> Path:
        """Where the build leaves plugin binaries to install: ``<kind>-<name>-<version>``."""
        return self.bin.parent / "plugins"

    def install_plugins(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        for binary in sorted(self.plugins_dir.glob("*/pulumi-resource-*")):
            kind, name, version = binary.parent.name.split("-", 2)
            self.run(
                ["plugin", "install", kind, name, version, "--file", str(binary)], cwd=self.home
            )

    def env(self, backend: Path | None = None, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_PREFIXES)}
        env.update(
            PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
            PULUMI_HOME=str(self.home),
            PULUMI_SKIP_UPDATE_CHECK="true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
            PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="true",
        )
        if self.secrets_provider == LOOPBACK_VAULT:
            env.update(VAULT_ADDR=vault.address(), VAULT_TOKEN=vault.TOKEN)
        if backend is not None:
            env["PULUMI_BACKEND_URL"] = backend.as_uri()
        env.update(extra)
        return env

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        check: bool = True,
        timeout: float = TIMEOUT,
    ) -> Result:
        done = subprocess.run(
            [str(self.bin / "pulumi"), *args],
            cwd=cwd,
            env=dict(env) if env is not None else self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        result = Result(tuple(args), done.returncode, done.stdout, done.stderr)
        if check and result.returncode != 0:
            raise CliError(result)
        return result

    def stack(
        self,
        workdir: Path,
        *,
        program: Path = VOICES_PROGRAM,
        project: str = "ice-voice-cli-test",
        name: str = "dev",
        backend: Path | None = None,
        config: Mapping[str, Any] | None = None,
        virtualenv: Path = VENV,
        pythonpath: Sequence[Path] = (),
        secrets_provider: str | None = None,
    ) -> Stack:
        """A new project in ``workdir`` (the program's files copied in) and its stack,
        whose program and provider host run in ``virtualenv`` (the repository's .venv),
        with the repository and ``pythonpath`` on PYTHONPATH."""
        workdir.mkdir(parents=True, exist_ok=True)
        for item in program.iterdir():
            if (
                item.is_file()
                and item.name != "Pulumi.yaml"
                and not item.name.startswith("Pulumi.")
            ):
                shutil.copy2(item, workdir / item.name)
        (workdir / "Pulumi.yaml").write_text(
            yaml.safe_dump(
                {
                    "name": project,
                    "runtime": {"name": "python", "options": {"virtualenv": str(virtualenv)}},
                }
            )
        )
        # The programs of tests/cli/programs import the repository's tests package (the
        # voices program its list of outputs, the toys program its provider, which the host
        # unpickles by reference and which loads _host.py by path).
        return self.init_stack(
            workdir,
            name=name,
            backend=backend,
            config=config,
            pythonpath=(REPO, *pythonpath),
            secrets_provider=secrets_provider,
        )

    def init_stack(
        self,
        project_dir: Path,
        *,
        name: str = "dev",
        backend: Path | None = None,
        config: Mapping[str, Any] | None = None,
        pythonpath: Sequence[Path] = (),
        secrets_provider: str | None = None,
    ) -> Stack:
        """`pulumi stack init <name>` in ``project_dir``, on a file backend (``<dir>-state``
        beside it unless given: two projects given the same one can reference each other's
        stacks), with ``secrets_provider`` (or the CLI's), then ``config`` into
        Pulumi.<name>.yaml (secrets with --secret)."""
        backend = backend or project_dir.parent / f"{project_dir.name}-state"
        backend.mkdir(parents=True, exist_ok=True)
        stack = Stack(self, project_dir, name, backend, pythonpath=tuple(pythonpath))
        provider = secrets_provider or self.secrets_provider
        stack.run("stack", "init", name, *(["--secrets-provider", provider] if provider else []))
        config = dict(config or {})
        secrets = {k: config.pop(k) for k in list(config) if k.rsplit(":", 1)[-1] in SECRET_KEYS}
        stack.edit_config(config)
        for key, value in secrets.items():
            stack.set_config(key, value, secret=True)
        return stack


@dataclass
class Stack:
    """One stack of a project directory, on its own file backend."""

    cli: PulumiCli
    dir: Path
    name: str
    backend: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    pythonpath: tuple[Path, ...] = ()
    """On PYTHONPATH for the program and the provider host, after any of ``extra_env``."""

    @property
    def env(self) -> dict[str, str]:
        env = self.cli.env(self.backend, **self.extra_env)
        if self.pythonpath:
            paths = [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []
            env["PYTHONPATH"] = os.pathsep.join([*paths, *map(str, self.pythonpath)])
        return env

    def run(self, *args: str, check: bool = True, timeout: float = TIMEOUT) -> Result:
        """``pulumi <args>`` in the project, with ``--stack`` and ``--non-interactive``
        after the command's words (``config set``, ``stack output``, ``up``, ...)."""
        return self.cli.run(
            _with_stack(args, self.name), cwd=self.dir, env=self.env, check=check, timeout=timeout
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        """Start ``pulumi <args>`` without waiting, in a process group of its own (as a
        terminal's foreground job); its output goes to ``started_output()``."""
        with (self.dir / "started.out").open("w") as out:  # the child keeps its own copy
            return subprocess.Popen(
                [str(self.cli.bin / "pulumi"), *_with_stack(args, self.name)],
                cwd=self.dir,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )

    def started_output(self) -> str:
        return (self.dir / "started.out").read_text()

    # -- the commands ------------------------------------------------------------------

    def preview(self, *flags: str, check: bool = True) -> Result:
        return self.run("preview", *flags, check=check)

    def up(self, *flags: str, check: bool = True, timeout: float = TIMEOUT) -> Result:
        return self.run("up", "--yes", "--skip-preview", *flags, check=check, timeout=timeout)

    def refresh(self, *flags: str, check: bool = True) -> Result:
        return self.run("refresh", "--yes", "--skip-preview", *flags, check=check)

    def destroy(self, *flags: str, check: bool = True) -> Result:
        return self.run("destroy", "--yes", "--skip-preview", *flags, check=check)

    # -- configuration -----------------------------------------------------------------

    def set_config(self, key: str, value: Any, *, secret: bool = False) -> None:
        if isinstance(value, str) or secret:
            text = value if isinstance(value, str) else json.dumps(value)
            self.run("config", "set", *(["--secret"] if secret else []), key, "--", text)
        else:  # structured values (lists and maps) go into the stack file as YAML
            self.edit_config({key: value})

    def set_voices(self, voices: Iterable[Mapping[str, Any]]) -> None:
        """Declare the voices programs' resources (see tests/cli/programs/voices): a file
        in the project, VOICES_FILE, that the program reads. Not stack config: the language
        host hands config to the program in its environment, whose size the OS limits
        (1,000 voices fail with `fork/exec ... argument list too long`)."""
        (self.dir / VOICES_FILE).write_text(json.dumps(list(voices)))

    def edit_config(self, values: Mapping[str, Any]) -> None:
        """Write plain config values into Pulumi.<stack>.yaml (one file write, no CLI call)."""
        path = self.dir / f"Pulumi.{self.name}.yaml"
        data = yaml.safe_load(path.read_text()) if path.exists() else None
        data = data or {}
        data.setdefault("config", {}).update(values)
        path.write_text(yaml.safe_dump(data, sort_keys=False))

    # -- what the stack holds ----------------------------------------------------------

    def outputs(self, *, show_secrets: bool = True) -> dict[str, Any]:
        flags = ["--json", "--show-secrets"] if show_secrets else ["--json"]
        return dict(json.loads(self.run("stack", "output", *flags).stdout))

    def export(self, *, show_secrets: bool = False) -> dict[str, Any]:
        flags = ["--show-secrets"] if show_secrets else []
        return dict(json.loads(self.run("stack", "export", *flags).stdout))

    def resources(self, type_suffix: str = "ice:CustomizedVoice") -> list[dict[str, Any]]:
        deployment = self.export(show_secrets=True)["deployment"]
        return [r for r in deployment.get("resources") or [] if r["type"].endswith(type_suffix)]

    def pending_operations(self) -> list[dict[str, Any]]:
        return list(self.export()["deployment"].get("pending_operations") or [])


# How many leading words name the command, for the commands that act on a stack.
_COMMAND_WORDS = {
    "preview": 1,
    "up": 1,
    "refresh": 1,
    "destroy": 1,
    "import": 1,
    "cancel": 1,
    "config": 2,
    "stack": 2,
}


def _with_stack(args: Sequence[str], stack: str) -> list[str]:
    words = _COMMAND_WORDS.get(args[0], 0) if args else 0
    if words == 0 or (args[0] == "stack" and list(args[1:2]) in (["init"], ["ls"], ["select"])):
        return list(args)
    return [*args[:words], "--stack", stack, "--non-interactive", *args[words:]]


def interrupt(process: subprocess.Popen[str], sig: signal.Signals = signal.SIGINT) -> None:
    """Ctrl-C (or another signal) as a terminal sends it: to the foreground process group,
    the CLI and every process of its group."""
    os.killpg(process.pid, sig)


def wait_for(condition: Any, what: str, timeout: float = 120.0) -> None:
    """Poll until ``condition()``; the timeout guards a hang and measures nothing."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"never reached: {what}")
        time.sleep(0.02)


def _built_bin_dir() -> Path:
    """The bin directory of scripts/pulumi-from-source.sh's build (built if need be), or
    PULUMI_ICE_VOICE_CLI_BIN: an earlier build's bin directory, while its sources change."""
    override = os.environ.get("PULUMI_ICE_VOICE_CLI_BIN")
    if override:
        return Path(override)
    script = REPO / "scripts" / "pulumi-from-source.sh"
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"scripts/pulumi-from-source.sh failed:\n{done.stdout}{done.stderr}")
    return Path(done.stdout.strip().splitlines()[-1])
