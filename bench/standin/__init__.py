"""The stand-in engine: what this project tested `pulumi up` with before the CLI could be built.

It drives the real dynamic-provider host (``python -m pulumi.dynamic``) over gRPC the way
the Pulumi engine does, with the program under ``pulumi.runtime`` mocks. The real CLI
(tests/cli) replaced it as the proof of `pulumi up`, and tests/cli/test_engine_protocol.py
holds what the engine really sends; one place where the two disagreed: an import's Read
carries only the id, never the program's inputs (this stand-in sends them by default).
It stays only as the baseline of the benchmarks (bench/), whose earlier figures it
produced, so that each figure of the real CLI is printed beside its own in the same run.

``ProviderHost`` (host.py): the subprocess and one method per RPC. ``Engine`` (engine.py):
the step logic over it. Programs run through tests/support/program.py.
"""

from __future__ import annotations

from tests.support.program import (
    DEFAULT_PARALLEL,
    STACK_TYPE,
    Capture,
    Program,
    Registration,
    capture_registration,
    run_program,
)
from tests.support.props import (
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

from .engine import (
    CheckFailedError,
    Engine,
    EngineError,
    OperationResult,
    ResourceState,
    Step,
    process_ignore_changes,
)
from .host import (
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
