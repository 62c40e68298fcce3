"""A toy dynamic resource for the harness's self-tests: ``Thing``, kept as JSON files.

Importable as ``tests.engine.toy_provider`` both in pytest and in the provider host
(the harness puts the repository root on the host's PYTHONPATH), so dill pickles the
provider by reference. Its backend is a directory named by the stack config
``toy:dataDir``: ``things/<thing_name>.json`` per thing and ``events.log``, one line
per create/update/delete, so tests can see the order of operations and make drift.

Rules, chosen to look like a cloud API with names: ``thing_name`` is autonamed by
``check`` (kept from the old inputs), two things cannot share a name, ``thing_name``
and ``kind`` force a replacement (delete first when a user-chosen name stays the same),
``size`` and ``label`` update in place. Config ``toy:greeting`` and the secret
``toy:apiKey`` show what ``configure`` received; the output ``receipt`` is returned
as a secret.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sys
import threading
from pathlib import Path
from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pulumi.runtime import rpc

__all__ = ["INPUT_KEYS", "TYPE", "Thing", "ToyProvider", "events", "thing_path"]

TYPE = "pulumi-python:dynamic/toy:Thing"
INPUT_KEYS = ("thing_name", "size", "kind", "label")
_REPLACE_KEYS = ("thing_name", "kind")
_KINDS = ("plain", "fancy")

# Concurrency probe state: module globals of the host process, never pickled.
_probe = threading.Condition()
_active = 0
_max_active = 0


def thing_path(data_dir: str | Path, thing_name: str) -> Path:
    return Path(data_dir) / "things" / f"{thing_name}.json"


def events(data_dir: str | Path) -> list[str]:
    """The create/update/delete lines the provider wrote, oldest first."""
    log = Path(data_dir) / "events.log"
    return log.read_text().splitlines() if log.exists() else []


def _say(message: str) -> None:
    print(f"toy: {message}", file=sys.stderr, flush=True)


class ToyProvider(ResourceProvider):
    """Holds nothing when pickled: configuration arrives in :meth:`configure` in the host."""

    _data_dir: str | None = None
    _greeting: str | None = None
    _api_key_sha256: str | None = None

    def configure(self, req: ConfigureRequest) -> None:
        self._data_dir = req.config.get("toy:dataDir")
        self._greeting = req.config.get("toy:greeting")
        api_key = req.config.get("toy:apiKey")
        if api_key is not None:
            self._api_key_sha256 = hashlib.sha256(str(api_key).encode()).hexdigest()
        _say(f"configured with keys {sorted(req.config._props)}")

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        unknown = sorted(k for k, v in news.items() if isinstance(v, Unknown))
        if unknown:
            types = sorted({f"{type(news[k]).__module__}.{type(news[k]).__qualname__}" for k in unknown})
            _say(f"check saw unknown {unknown} as {types}")
        failures = []
        size = news.get("size")
        if not isinstance(size, Unknown) and not (isinstance(size, (int, float)) and size > 0):
            failures.append(CheckFailure("size", f"size must be a positive number, got {size!r}"))
        kind = news.get("kind", "plain")
        if not isinstance(kind, Unknown) and kind not in _KINDS:
            failures.append(CheckFailure("kind", f"kind must be one of {_KINDS}, got {kind!r}"))
        inputs = dict(news)
        inputs.setdefault("kind", "plain")
        inputs.setdefault("label", "")
        if "thing_name" not in inputs:
            # An autoname survives updates (kept from the old inputs); a replacement's Check
            # gets no olds and so draws a new one. Marked, so diff knows the name is ours.
            inputs["thing_name"] = olds.get("thing_name") or f"thing-{secrets.token_hex(4)}"
            inputs["autonamed"] = True
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [k for k in INPUT_KEYS if olds.get(k) != news.get(k)]
        replaces = [k for k in changed if k in _REPLACE_KEYS]
        # A user-chosen name that stays the same must be freed before it is reused.
        keeps_name = olds.get("thing_name") == news.get("thing_name") and not news.get("autonamed")
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=bool(replaces) and keeps_name,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        name = str(props["thing_name"])
        path = self._path(name)
        probe = props.get("probe")
        max_seen = _probe_concurrency(probe) if probe else None
        if props.get("hold"):
            _hold(name, Path(props["hold"]))
        record = {k: props.get(k) for k in INPUT_KEYS} | {"revision": 1}
        if props.get("autonamed"):
            record["autonamed"] = True
        try:
            self._write(path, record, exclusive=True)
        except FileExistsError:
            raise RuntimeError(f"a thing named {name} already exists") from None
        self._event(f"create {name}")
        _say(f"created {name}")
        return CreateResult(name, self._outputs(record, max_seen))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        path = self._path(id_)
        if not path.exists():
            _say(f"read {id_}: gone")
            return ReadResult("", {})
        record = json.loads(path.read_text())
        inputs = {k: record[k] for k in (*INPUT_KEYS, "autonamed") if k in record}
        return ReadResult(id_, self._outputs(record, props.get("max_active")), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        path = self._path(id_)
        record = json.loads(path.read_text())
        record.update({k: news.get(k) for k in INPUT_KEYS})
        record["revision"] = int(olds.get("revision", 1)) + 1
        self._write(path, record)
        self._event(f"update {id_}")
        return UpdateResult(self._outputs(record, None))

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        self._path(id_).unlink(missing_ok=True)
        self._event(f"delete {id_}")
        _say(f"deleted {id_}")

    def _outputs(self, record: dict[str, Any], max_active: Any) -> dict[str, Any]:
        outs = dict(record)
        outs["greeting"] = self._greeting
        outs["api_key_sha256"] = self._api_key_sha256
        # How a dynamic provider marks an output secret: the engine keeps the mark.
        outs["receipt"] = rpc.wrap_rpc_secret(f"receipt-{record['thing_name']}")
        if max_active is not None:
            outs["max_active"] = max_active
        return outs

    def _path(self, name: str) -> Path:
        if not self._data_dir:
            raise RuntimeError("config toy:dataDir is not set")
        return thing_path(self._data_dir, name)

    def _write(self, path: Path, record: dict[str, Any], exclusive: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x" if exclusive else "w") as file:
            file.write(json.dumps(record))

    def _event(self, line: str) -> None:
        assert self._data_dir
        with (Path(self._data_dir) / "events.log").open("a") as log:
            log.write(line + "\n")


def _hold(name: str, release: Path) -> None:
    """Stand for a long create (training): say so, then wait until ``release`` exists."""
    _say(f"holding {name}")
    stop = threading.Event()
    while not release.exists():
        if stop.wait(0.05):
            break


def _probe_concurrency(probe: dict[str, Any]) -> int:
    """Hold this call until ``width`` calls are inside, then give one more ``grace`` seconds
    to arrive; return the most calls ever seen inside at once."""
    global _active, _max_active
    width = int(probe.get("width", 4))
    grace = float(probe.get("grace", 0.5))
    with _probe:
        _active += 1
        _max_active = max(_max_active, _active)
        _probe.notify_all()
        try:
            # Generous bound: only reached if fewer than `width` calls can ever run at once.
            _probe.wait_for(lambda: _active >= width, timeout=30)
            _probe.wait_for(lambda: _active > width, timeout=grace)
            return _max_active
        finally:
            _active -= 1
            _probe.notify_all()


class Thing(Resource, module="toy", name="Thing"):
    """A toy resource. Outputs: every input plus ``revision``, ``greeting``, ``api_key_sha256``."""

    thing_name: pulumi.Output[str]
    size: pulumi.Output[float]
    kind: pulumi.Output[str]
    label: pulumi.Output[str]
    revision: pulumi.Output[float]
    greeting: pulumi.Output[str]
    api_key_sha256: pulumi.Output[str]
    max_active: pulumi.Output[float]

    def __init__(
        self,
        resource_name: str,
        *,
        size: pulumi.Input[float],
        kind: pulumi.Input[str] | None = None,
        label: pulumi.Input[str] | None = None,
        thing_name: pulumi.Input[str] | None = None,
        probe: dict[str, Any] | None = None,
        hold: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "thing_name": thing_name,
            "size": size,
            "kind": kind,
            "label": label,
            "probe": probe,
            "hold": hold,
            # Output-only properties must be named (as None) or they never appear.
            "revision": None,
            "greeting": None,
            "api_key_sha256": None,
            "max_active": None,
        }
        super().__init__(ToyProvider(), resource_name, props, opts)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> Thing:
        """Adopt an existing thing (ReadResource: the engine sends Read with these props)."""
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        return Thing(resource_name, size=None, opts=opts)  # type: ignore[arg-type]
