"""Drive the REAL Pulumi dynamic-provider host over gRPC, as the Pulumi engine does.

There is no Pulumi CLI here, so tests play the engine: they start
``python -m pulumi.dynamic`` (what the CLI's ``pulumi-resource-pulumi-python``
plugin runs), send it Configure/Check/Diff/Create/Read/Update/Delete with
properties serialized by ``pulumi.runtime.rpc``, and take the ``__provider``
string and inputs from a program run under ``pulumi.runtime`` mocks.

Three layers, use the highest that fits:

``ProviderHost``
    The subprocess and one typed method per RPC; sends exactly what it is given.
    Collects stderr (``stderr_text()``, ``wait_for_stderr(regex)``), counts calls
    (``calls``), ``kill()`` (SIGKILL) / ``close()`` / context manager.
``capture_registration(program)``
    Runs a program under mocks and returns each resource as the engine received it in
    RegisterResource (type token, name, inputs with ``__provider``, options) plus the
    stack outputs. ``Secret`` marks secrets, ``UNKNOWN`` unknowns, numbers are floats.
``Engine(host, config=..., secret_keys=...)``
    The engine's step logic: ``preview``, ``up``, ``import_``, ``refresh``, ``destroy``,
    with the state file in ``engine.state`` (urn -> id, inputs, outputs). A program
    given to ``up`` runs under mocks whose monitor performs the steps, so it sees real
    outputs. Each operation returns the steps taken and the gRPC calls made.

Usage::

    from tests.engine.harness import Engine, ProviderHost, capture_registration, reveal

    def program():
        voice = CustomizedVoice("voice", voice_name="Ann", gender="female", scenario="story")
        pulumi.export("job_id", voice.job_id)

    capture = capture_registration(program)           # what RegisterResource carried
    assert capture.by_name("voice").type == "pulumi-python:dynamic/ice:CustomizedVoice"

    with ProviderHost(cwd=program_dir) as host:        # cwd/env/pythonpath as the CLI would
        engine = Engine(host, config={"ice:endpoint": url, "ice:accessKeySecret": key},
                        secret_keys=["ice:accessKeySecret"])
        engine.preview(program)                        # Check + Diff only
        first = engine.up(program)                     # Check, Create
        assert first.ops() == [("create", "voice")]
        again = engine.up(program)                     # Check + Diff, no Create/Update
        assert again.calls["Create"] == again.calls["Update"] == 0
        engine.refresh()                               # Read (+ Diff to show drift)
        engine.destroy()                               # Delete(old outputs)
    assert "Training" in host.stderr_text()

Kill and resume (the state survives, as the state file does)::

    host.kill(); engine.host = host.respawn(); engine.up(program)

The rules each step follows, with the pulumi/pulumi source they come from, are in
the docstrings of ``_engine.Engine``; ``_host.ProviderHost`` documents each RPC.
Not modelled: explicit provider resources, protect, aliases, targets, ``--refresh``,
``pulumi import`` without a program, the engine's own step parallelism beyond what
the SDK's concurrent registrations give.
"""

from __future__ import annotations

from ._engine import (
    CheckFailedError,
    Engine,
    EngineError,
    OperationResult,
    ResourceState,
    Step,
    process_ignore_changes,
)
from ._host import (
    DEFAULT_URN,
    PROVIDER_TYPE,
    REPO_ROOT,
    CheckFailure,
    CheckResult,
    ConfigureResult,
    CreateResult,
    DiffResult,
    ProviderError,
    ProviderHost,
    ReadResult,
)
from ._program import (
    DEFAULT_PARALLEL,
    STACK_TYPE,
    Capture,
    Program,
    Registration,
    capture_registration,
    run_program,
)
from ._props import (
    UNKNOWN,
    Secret,
    annotate_secrets,
    contains_secret,
    contains_unknown,
    from_struct,
    reveal,
    secret_keys,
    strip_for_provider,
    to_struct,
)

__all__ = [
    "DEFAULT_PARALLEL",
    "DEFAULT_URN",
    "PROVIDER_TYPE",
    "REPO_ROOT",
    "STACK_TYPE",
    "UNKNOWN",
    "Capture",
    "CheckFailedError",
    "CheckFailure",
    "CheckResult",
    "ConfigureResult",
    "CreateResult",
    "DiffResult",
    "Engine",
    "EngineError",
    "OperationResult",
    "Program",
    "ProviderError",
    "ProviderHost",
    "ReadResult",
    "Registration",
    "ResourceState",
    "Secret",
    "Step",
    "annotate_secrets",
    "capture_registration",
    "contains_secret",
    "contains_unknown",
    "from_struct",
    "process_ignore_changes",
    "reveal",
    "run_program",
    "secret_keys",
    "strip_for_provider",
    "to_struct",
]
