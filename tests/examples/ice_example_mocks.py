"""Run an example program under pulumi.runtime mocks and record what it declares.

`run_program` executes a program directory's `__main__.py` (or an inline program function)
the way the Python language host would, with the stack's config, against mocks that stand in
for the engine and the providers:

- every CustomizedVoice's inputs go through the real provider's `check` (the API's input
  rules, autonaming; no network), so an example that declares an invalid voice fails here as
  it would in `pulumi preview`;
- the voice's outputs are what a successful training reports;
- pulumi-random's RandomString returns a deterministic string obeying its inputs;
- StackReference and `CustomizedVoice.get` read from dictionaries the test provides.
"""

from __future__ import annotations

import asyncio
import os
import runpy
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pulumi
import yaml
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.mocks import MockMonitor

from pulumi_ice_voice import CustomizedVoiceProvider

__all__ = [
    "REPO",
    "VOICE_TYPE",
    "ProgramRun",
    "Registration",
    "VoiceMocks",
    "run_program",
    "stack_config",
]

REPO = Path(__file__).resolve().parents[2]
VOICE_TYPE = "pulumi-python:dynamic/ice:CustomizedVoice"
RANDOM_STRING_TYPE = "random:index/randomString:RandomString"
STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference"
PROVIDER_KEY = "__provider"
REGION_ENV = "ALIBABA_CLOUD_REGION_ID"


@dataclass
class Registration:
    """One resource the program registered (read=True: `get` or StackReference)."""

    type: str
    name: str
    inputs: dict[str, Any]
    id: str
    outputs: dict[str, Any]
    read: bool = False
    protect: bool = False


@dataclass
class ProgramRun:
    registrations: list[Registration]
    outputs: dict[str, Any]

    def of_type(self, type_: str) -> list[Registration]:
        return [r for r in self.registrations if r.type == type_]

    def named(self, name: str) -> Registration:
        matches = [r for r in self.registrations if r.name == name]
        assert len(matches) == 1, f"expected one resource named {name!r}, got {len(matches)}"
        return matches[0]

    @property
    def voices(self) -> list[Registration]:
        return [r for r in self.of_type(VOICE_TYPE) if not r.read]


@dataclass
class VoiceMocks(pulumi.runtime.Mocks):
    """The engine and providers as a successful `pulumi up` would answer."""

    region: str = "cn-shanghai"
    stack_outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    existing_voices: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    registrations: list[Registration] = field(default_factory=list)

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        inputs = dict(args.inputs)
        read = args.custom is None  # ReadResource (get, StackReference) passes no `custom`
        if args.typ == VOICE_TYPE:
            id_, outputs = self._voice(args, inputs, read)
        elif args.typ == RANDOM_STRING_TYPE:
            id_, outputs = f"{args.name}-id", {**inputs, "result": _random_string(inputs)}
        elif args.typ == STACK_REFERENCE_TYPE:
            name = cast(str, args.resource_id or inputs.get("name"))  # the assert checks it
            assert name in self.stack_outputs, (
                f"unknown stack {name!r}; known: {sorted(self.stack_outputs)}"
            )
            id_ = name
            outputs = {
                "name": name,
                "outputs": dict(self.stack_outputs[name]),
                "secretOutputNames": [],
            }
        else:
            id_, outputs = f"{args.name}-id", inputs
        self.registrations.append(
            Registration(args.typ, args.name, inputs, id_ or "", outputs, read=read)
        )
        return id_, outputs

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        raise AssertionError(f"examples make no invokes, got {args.token}")

    def _voice(
        self, args: pulumi.runtime.MockResourceArgs, inputs: dict[str, Any], read: bool
    ) -> tuple[str, dict[str, Any]]:
        assert PROVIDER_KEY in inputs, "a dynamic resource carries its serialized provider"
        if read:
            voice_id = str(args.resource_id)
            assert voice_id in self.existing_voices, f"get() of unknown voice {voice_id!r}"
            return voice_id, {**inputs, **self.existing_voices[voice_id]}
        result = _check(inputs, self.region)
        failures = [(f.property, f.reason) for f in result.failures or []]
        assert not failures, f"CustomizedVoice {args.name!r} fails the provider's check: {failures}"
        checked = dict(result.inputs or {})
        voice_id = checked["voice_id"]
        return voice_id, {**checked, **trained_outputs(voice_id, checked, self.region)}


def _check(inputs: dict[str, Any], region: str) -> Any:
    """The provider's own check, for the stack's region (the documented env fallback)."""
    saved = os.environ.get(REGION_ENV)
    os.environ[REGION_ENV] = region
    try:
        return CustomizedVoiceProvider().check({}, inputs)
    finally:
        if saved is None:
            del os.environ[REGION_ENV]
        else:
            os.environ[REGION_ENV] = saved


def trained_outputs(voice_id: str, checked: Mapping[str, Any], region: str) -> dict[str, Any]:
    """The outputs of a voice whose training succeeded."""
    return {
        "voice_id": voice_id,
        "job_id": f"job-{voice_id}",
        "status": "Success",
        "message": None,
        "voice_type": "Basic",
        "create_time": "2025-01-01T00:00:00Z",
        "region": region,
        "voice_name": checked.get("voice_name"),
        "gender": checked.get("gender"),
        "scenario": checked.get("scenario"),
        "voice_desc": checked.get("voice_desc"),
        "demo_audio_media_url": checked.get("demo_audio_media_url"),
        "demo_audio_media_id": f"media-{voice_id}",
        "demo_audio_url": f"http://127.0.0.1:9/demo/{voice_id}.wav",
    }


def _random_string(inputs: Mapping[str, Any]) -> str:
    alphabet = ""
    if inputs.get("lower", True):
        alphabet += string.ascii_lowercase
    if inputs.get("upper", True):
        alphabet += string.ascii_uppercase
    if inputs.get("numeric", True):
        alphabet += string.digits
    if inputs.get("special", True):
        alphabet += "!@#$%&*()-_=+[]{}<>:?"
    length = int(inputs["length"])
    return "".join(alphabet[(7 * i + 3) % len(alphabet)] for i in range(length))


class _RecordingMonitor(MockMonitor):
    """The mock monitor, also recording the `protect` option of each registration."""

    def __init__(self, mocks: VoiceMocks) -> None:
        super().__init__(mocks)
        self.protected: set[str] = set()

    def RegisterResource(self, request: Any) -> Any:
        if request.protect:
            self.protected.add(request.name)
        return _with_own_loop(lambda: super(_RecordingMonitor, self).RegisterResource(request))

    def ReadResource(self, request: Any) -> Any:
        return _with_own_loop(lambda: super(_RecordingMonitor, self).ReadResource(request))

    def Invoke(self, request: Any) -> Any:
        return _with_own_loop(lambda: super(_RecordingMonitor, self).Invoke(request))


def _with_own_loop(call: Callable[[], Any]) -> Any:
    """Run a MockMonitor call on an event loop closed afterwards.

    The SDK calls the monitor from executor threads, where MockMonitor makes an event loop
    it never closes (a ResourceWarning once the thread ends).
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return call()
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def stack_config(project_dir: Path, stack: str) -> dict[str, str]:
    """The `config:` of Pulumi.<stack>.yaml, as the engine hands it to the program."""
    document = yaml.safe_load((project_dir / f"Pulumi.{stack}.yaml").read_text()) or {}
    return {
        key: str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in (document.get("config") or {}).items()
    }


def run_program(
    program: Path | Callable[[], None],
    *,
    project: str,
    stack: str = "dev",
    config: Mapping[str, str] | None = None,
    mocks: VoiceMocks | None = None,
) -> ProgramRun:
    """Run a program directory's __main__.py (or a program function) under mocks."""
    mocks = mocks or VoiceMocks(region=(config or {}).get("ice:region", "cn-shanghai"))
    monitor = _RecordingMonitor(mocks)
    # The SDK schedules on the current event loop; from Python 3.12 on there is none unless
    # one is set (asyncio.get_event_loop() warns, and 3.14 raises), as the language host does.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    runtime_settings.ROOT.set(None)  # a fresh stack resource for this program
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False, monitor=monitor)
    pulumi.runtime.set_all_config(dict(config or {}), [])
    exported: dict[str, Any] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[Any]:
        if callable(program):
            program()
        else:
            runpy.run_path(str(program), run_name="__main__")
        root = runtime_settings.get_root_resource()
        assert root is not None
        outputs = dict(getattr(root, "outputs", {}))
        return pulumi.Output.from_input(outputs).apply(exported.update)

    try:
        run()
    finally:
        pulumi.runtime.set_all_config({}, [])
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        asyncio.set_event_loop(None)
        loop.close()
    for registration in mocks.registrations:
        registration.protect = registration.name in monitor.protected
    return ProgramRun(list(mocks.registrations), exported)
