"""Self-tests of the engine harness against the real dynamic-provider host and a toy provider."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import dill
import grpc
import pulumi
import pytest

from tests.engine.harness import (
    UNKNOWN,
    CheckFailedError,
    Engine,
    EngineError,
    ProviderError,
    ProviderHost,
    Secret,
    capture_registration,
    contains_secret,
    secret_keys,
)
from tests.engine.toy_provider import TYPE, Thing, ToyProvider, events, thing_path

API_KEY = "toy-api-key-do-not-print"


@pytest.fixture
def host() -> Iterator[ProviderHost]:
    # One host per test: a host configures each distinct provider once and caches it.
    with ProviderHost() as running:
        yield running


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "toy"


@pytest.fixture
def config(data_dir: Path) -> dict[str, str]:
    return {"toy:dataDir": str(data_dir), "toy:greeting": "hello", "toy:apiKey": API_KEY}


@pytest.fixture
def engine(config: dict[str, str]) -> Iterator[Engine]:
    with ProviderHost() as fresh:
        yield Engine(fresh, config=config, secret_keys=["toy:apiKey"])


def one_thing(**kwargs: Any) -> Callable[[], None]:
    def program() -> None:
        thing = Thing("a", **{"size": 1, "label": "first", **kwargs})
        pulumi.export("thing_name", thing.thing_name)
        pulumi.export("revision", thing.revision)

    return program


@functools.cache
def provider_string() -> str:
    """The toy's ``__provider``, as a program run under mocks serializes it."""
    return capture_registration(one_thing()).by_name("a").provider_string


# -- capture under mocks -----------------------------------------------------------


def test_capture_shows_what_register_resource_carried() -> None:
    def program() -> None:
        first = Thing("a", size=1, label=pulumi.Output.secret("hush"))
        Thing(
            "b",
            size=first.size,
            opts=pulumi.ResourceOptions(
                delete_before_replace=True, ignore_changes=["label"], import_="b-id"
            ),
        )
        pulumi.export("greeting", "hi")
        pulumi.export("token", pulumi.Output.secret("t"))

    capture = capture_registration(program, project="proj", stack="dev")

    a, b = capture.by_name("a"), capture.by_name("b")
    assert a.type == b.type == TYPE
    assert a.urn == f"urn:pulumi:dev::proj::{TYPE}::a"
    assert a.custom and a.parent == "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev"
    # Only what the program set travels; None (output-only) properties are left out.
    assert set(a.inputs) == {"__provider", "size", "label"}
    assert a.inputs["size"] == 1.0 and isinstance(a.inputs["size"], float)
    assert a.inputs["label"] == Secret("hush")
    assert secret_keys(a.inputs) == {"__provider", "label"}
    assert (b.delete_before_replace, b.ignore_changes, b.import_id) == (True, ("label",), "b-id")
    assert a.delete_before_replace is None
    assert capture.stack_outputs == {"greeting": "hi", "token": Secret("t")}


def test_provider_string_pickles_the_class_by_reference_with_no_state() -> None:
    provider = dill.loads(base64.b64decode(provider_string()))

    assert type(provider) is ToyProvider
    assert vars(provider) == {}
    assert len(provider_string()) < 200  # a reference to tests.engine.toy_provider, no code


def test_capture_in_preview_carries_unknowns_to_dependants() -> None:
    def program() -> None:
        first = Thing("a", size=1)
        Thing("b", size=first.size)

    def outputs(registration: Any) -> dict[str, Any]:
        return {"size": UNKNOWN} if registration.name == "a" else {}

    capture = capture_registration(program, preview=True, outputs=outputs)

    assert capture.by_name("b").inputs["size"] == UNKNOWN


def test_captures_do_not_leak_into_each_other_or_the_caller() -> None:
    first = capture_registration(one_thing(), preview=True, project="one")
    second = capture_registration(lambda: Thing("z", size=2), project="two")

    assert [r.urn for r in first.resources] == [f"urn:pulumi:stack::one::{TYPE}::a"]
    assert [r.urn for r in second.resources] == [f"urn:pulumi:stack::two::{TYPE}::z"]
    assert not pulumi.runtime.is_dry_run()
    assert pulumi.get_project() == "project"


# -- the host, RPC by RPC ----------------------------------------------------------


def test_configure_passes_stack_config_with_secrets_unwrapped(data_dir: Path) -> None:
    config = {"toy:dataDir": str(data_dir), "toy:greeting": "hello", "toy:apiKey": API_KEY}
    with ProviderHost() as fresh:
        answer = fresh.configure(config, secret_keys=["toy:apiKey"])
        created = fresh.create(
            {"__provider": provider_string(), "thing_name": "n", "size": 1, "kind": "plain"}
        )
        stderr = fresh.stderr_text()

    # The host's answer is why the engine strips secrets and never calls Create in a preview.
    assert (answer.accept_secrets, answer.supports_preview) == (False, False)
    assert created.outputs["greeting"] == "hello"
    assert created.outputs["api_key_sha256"] == hashlib.sha256(API_KEY.encode()).hexdigest()
    assert "toy: configured with keys ['toy:apiKey', 'toy:dataDir', 'toy:greeting']" in stderr
    assert API_KEY not in stderr


def test_host_rpcs_one_by_one(host: ProviderHost, data_dir: Path) -> None:
    host.configure({"toy:dataDir": str(data_dir)})
    provider = provider_string()
    news = {"__provider": provider, "size": 2, "label": "x"}

    checked = host.check({}, news)
    assert checked.failures == []
    name = checked.inputs["thing_name"]
    assert checked.inputs == news | {"thing_name": name, "kind": "plain", "autonamed": True}
    assert host.check(checked.inputs, news).inputs["thing_name"] == name  # autoname kept
    bad = host.check({}, {"__provider": provider, "size": -1})
    assert [f.property for f in bad.failures] == ["size"]

    created = host.create(checked.inputs)
    assert created.id == name
    assert created.outputs["revision"] == 1.0
    assert created.outputs["__provider"] == provider

    assert host.diff(name, created.outputs, checked.inputs).changes == "none"
    relabel = host.diff(name, created.outputs, checked.inputs | {"label": "y"})
    assert (relabel.changes, relabel.replaces) == ("some", [])
    rekind = host.diff(name, created.outputs, checked.inputs | {"kind": "fancy"})
    assert (rekind.replaces, rekind.delete_before_replace) == (["kind"], False)
    pinned = host.diff(name, created.outputs, checked.inputs | {"kind": "fancy", "autonamed": None})
    assert pinned.delete_before_replace is True

    updated = host.update(name, created.outputs, checked.inputs | {"label": "y"})
    assert (updated["label"], updated["revision"]) == ("y", 2.0)

    read = host.read(name, updated)
    assert (read.id, read.outputs["label"]) == (name, "y")
    assert read.inputs is not None and read.inputs["label"] == "y"

    host.delete(name, updated)
    assert not thing_path(data_dir, name).exists()
    gone = host.read(name, updated)
    assert (gone.id, gone.inputs) == ("", None)


def test_check_sees_unknowns_as_pulumi_output_unknown(host: ProviderHost, data_dir: Path) -> None:
    host.configure({"toy:dataDir": str(data_dir)})

    checked = host.check({}, {"__provider": provider_string(), "size": UNKNOWN})

    # Unknowns reach the provider as pulumi.output.Unknown instances (not rpc.UNKNOWN)
    # and come back to the engine as the unknown sentinel.
    assert checked.inputs["size"] == UNKNOWN
    assert checked.failures == []
    host.wait_for_stderr(r"check saw unknown \['size'\] as \['pulumi.output.Unknown'\]")


def test_provider_exception_arrives_with_the_host_traceback(host: ProviderHost) -> None:
    host.configure({})

    with pytest.raises(ProviderError) as caught:
        host.create({"__provider": provider_string(), "thing_name": "x", "size": 1})

    assert caught.value.code == grpc.StatusCode.UNKNOWN
    assert "Traceback (most recent call last)" in caught.value.details
    assert caught.value.last_line == "RuntimeError: config toy:dataDir is not set"


def test_unmodified_host_runs_at_most_four_calls_at_once(host: ProviderHost, data_dir: Path) -> None:
    host.configure({"toy:dataDir": str(data_dir)})
    provider = provider_string()
    probe = {"width": 4, "grace": 0.3}

    def create(i: int) -> Any:
        props = {"__provider": provider, "thing_name": f"p{i}", "size": 1, "probe": probe}
        return host.create(props)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(create, range(8)))

    assert sorted(r.id for r in results) == [f"p{i}" for i in range(8)]
    assert max(r.outputs["max_active"] for r in results) == 4


@pytest.mark.parametrize(("parallel", "expected"), [(16, 4), (2, 2)])
def test_engine_steps_concurrently_up_to_parallel_and_the_host_limit(
    config: dict[str, str], parallel: int, expected: int
) -> None:
    def program() -> None:
        for i in range(2 * expected):
            Thing(f"t{i}", size=1, probe={"width": expected, "grace": 0.3})

    with ProviderHost() as fresh:
        engine = Engine(fresh, config=config, parallel=parallel)
        engine.up(program)

    assert max(s.outputs["max_active"] for s in engine.state.values()) == expected


def test_kill_fails_the_call_and_leaves_no_process(data_dir: Path, tmp_path: Path) -> None:
    doomed = ProviderHost()
    doomed.configure({"toy:dataDir": str(data_dir)})
    props = {"__provider": provider_string(), "thing_name": "h", "size": 1, "hold": str(tmp_path / "never")}
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(doomed.create, props)
        doomed.wait_for_stderr("holding h")
        doomed.kill()
        with pytest.raises(ProviderError) as caught:
            pending.result()

    assert caught.value.code == grpc.StatusCode.UNAVAILABLE
    assert doomed.returncode == -9 and not doomed.alive
    doomed.close()  # idempotent


# -- the engine's sequences ----------------------------------------------------------


def test_preview_checks_and_never_creates(engine: Engine, data_dir: Path) -> None:
    result = engine.preview(one_thing())

    assert result.ops() == [("create", "a")]
    assert result.calls == {"Handshake": 1, "CheckConfig": 1, "Configure": 1, "Check": 1}
    assert engine.state == {} and not data_dir.exists()
    assert result.stack_outputs["revision"] == UNKNOWN  # output-only: unknown until created


def test_dependants_see_unknowns_in_preview_and_real_outputs_in_up(engine: Engine) -> None:
    def program() -> None:
        first = Thing("a", size=1)
        Thing("b", size=first.revision)  # an output only known once `a` exists

    preview = engine.preview(program)
    engine.host.wait_for_stderr(r"check saw unknown \['size'\]")
    up = engine.up(program)

    assert preview.ops() == [("create", "a"), ("create", "b")]
    assert preview.calls["Check"] == 2 and preview.calls["Create"] == 0
    assert up.ops() == [("create", "a"), ("create", "b")]
    assert [s.inputs["size"] for s in engine.state.values()] == [1.0, 1.0]


def test_up_creates_and_a_second_up_only_checks_and_diffs(engine: Engine) -> None:
    first = engine.up(one_thing())
    again = engine.up(one_thing())

    assert first.ops() == [("create", "a")]
    (state,) = engine.state.values()
    assert first.stack_outputs == {"thing_name": state.id, "revision": 1.0}
    assert state.outputs["__provider"] == Secret(provider_string())
    assert state.outputs["greeting"] == "hello"
    assert state.outputs["receipt"] == Secret(f"receipt-{state.id}")
    assert again.ops() == [("same", "a")]
    assert again.calls == {"Check": 1, "Diff": 1}


def test_engine_sends_old_outputs_to_diff_update_delete_and_old_inputs_to_check(
    engine: Engine,
) -> None:
    sent: dict[str, list[tuple[Any, ...]]] = {}
    spy_on(engine.host, sent, "check", "diff", "update", "delete")
    engine.up(one_thing())

    engine.up(one_thing(label="second"))
    engine.destroy()

    (_, up_news), (check_olds, _) = sent["check"][0], sent["check"][1]
    assert "revision" not in check_olds and check_olds["label"] == "first"  # old INPUTS
    ((_, diff_olds, diff_news),) = sent["diff"]
    assert diff_olds["revision"] == 1.0  # old OUTPUTS
    assert diff_news["label"] == "second" and "revision" not in diff_news
    ((_, update_olds, _),) = sent["update"]
    assert update_olds["revision"] == 1.0
    ((_, delete_props),) = sent["delete"]
    assert delete_props["revision"] == 2.0
    # The host accepts no secrets, so the engine sends __provider as a plain string.
    every = [arg for calls in sent.values() for call in calls for arg in call]
    assert not any(contains_secret(arg) for arg in every)
    assert isinstance(up_news["__provider"], str)


def test_update_in_place(engine: Engine, data_dir: Path) -> None:
    engine.up(one_thing())

    result = engine.up(one_thing(label="second"))

    assert result.ops() == [("update", "a")]
    assert result.stack_outputs["revision"] == 2.0
    name = result.stack_outputs["thing_name"]
    assert events(data_dir) == [f"create {name}", f"update {name}"]


def test_replace_creates_first_by_default_and_checks_again_without_olds(
    engine: Engine, data_dir: Path
) -> None:
    first = engine.up(one_thing())
    old = first.stack_outputs["thing_name"]
    sent: dict[str, list[tuple[Any, ...]]] = {}
    spy_on(engine.host, sent, "check")

    result = engine.up(one_thing(kind="fancy"))

    new = result.stack_outputs["thing_name"]
    assert new != old  # the second Check had no olds, so a new autoname
    assert [olds for olds, _ in sent["check"]][1] == {}
    assert result.ops() == [("create-replacement", "a"), ("replace", "a"), ("delete-replaced", "a")]
    assert events(data_dir)[-2:] == [f"create {new}", f"delete {old}"]


def test_replace_deletes_first_when_the_provider_says_so(engine: Engine, data_dir: Path) -> None:
    engine.up(one_thing(thing_name="pinned"))

    result = engine.up(one_thing(thing_name="pinned", kind="fancy"))

    assert result.ops() == [("delete-replaced", "a"), ("replace", "a"), ("create-replacement", "a")]
    assert events(data_dir) == ["create pinned", "delete pinned", "create pinned"]


def test_delete_before_replace_option_overrides_the_provider(engine: Engine, data_dir: Path) -> None:
    dbr = pulumi.ResourceOptions(delete_before_replace=True)
    engine.up(one_thing(opts=dbr))

    result = engine.up(one_thing(kind="fancy", opts=dbr))

    assert result.ops()[0] == ("delete-replaced", "a")


def test_ignore_changes_keeps_the_old_value(engine: Engine) -> None:
    ignore = pulumi.ResourceOptions(ignore_changes=["label"])
    engine.up(one_thing(opts=ignore))

    result = engine.up(one_thing(label="changed", opts=ignore))

    assert result.ops() == [("same", "a")]
    (state,) = engine.state.values()
    assert state.inputs["label"] == "first"


def test_removed_resource_is_deleted_and_destroy_deletes_the_rest(
    engine: Engine, data_dir: Path
) -> None:
    def two() -> None:
        Thing("a", size=1, thing_name="keep")
        Thing("b", size=1, thing_name="drop")

    engine.up(two)
    removed = engine.up(lambda: Thing("a", size=1, thing_name="keep"))
    destroyed = engine.destroy()

    assert removed.ops() == [("same", "a"), ("delete", "b")]
    assert destroyed.ops() == [("delete", "a")]
    assert engine.state == {}
    # The SDK registers independent resources concurrently: the creates come in any order.
    assert sorted(events(data_dir)[:2]) == ["create drop", "create keep"]
    assert events(data_dir)[2:] == ["delete drop", "delete keep"]


def test_retain_on_delete_forgets_without_deleting(engine: Engine, data_dir: Path) -> None:
    engine.up(one_thing(thing_name="kept", opts=pulumi.ResourceOptions(retain_on_delete=True)))

    destroyed = engine.destroy()

    assert destroyed.ops() == [("delete", "a")] and destroyed.calls["Delete"] == 0
    assert thing_path(data_dir, "kept").exists() and engine.state == {}


def test_refresh_takes_drift_and_drops_what_is_gone(engine: Engine, data_dir: Path) -> None:
    def two() -> None:
        Thing("a", size=1, thing_name="drifted")
        Thing("b", size=1, thing_name="gone")

    engine.up(two)
    record = json.loads(thing_path(data_dir, "drifted").read_text())
    thing_path(data_dir, "drifted").write_text(json.dumps(record | {"label": "edited"}))
    thing_path(data_dir, "gone").unlink()

    result = engine.refresh()

    assert sorted((s.name, s.detail) for s in result.steps) == [
        ("a", {"deleted": False, "changes": "some"}),
        ("b", {"deleted": True}),
    ]
    assert result.calls == {"Read": 2, "Diff": 1}
    (state,) = engine.state.values()
    assert state.outputs["label"] == state.inputs["label"] == "edited"
    assert secret_keys(state.inputs) == {"__provider"}  # re-marked after the Read
    # The program still says "": the next up changes the thing back.
    assert sorted(engine.up(two).ops()) == [("create", "b"), ("update", "a")]


def test_import_reads_with_the_program_inputs(config: dict[str, str]) -> None:
    with ProviderHost() as first_host:
        Engine(first_host, config=config).up(one_thing(thing_name="existing"))
    with ProviderHost() as second_host:
        adopter = Engine(second_host, config=config)

        result = adopter.import_(one_thing(thing_name="existing", opts=pulumi.ResourceOptions(import_="existing")))

    assert result.ops() == [("import", "a"), ("same", "a")]
    assert result.calls["Read"] == 1 and result.calls["Create"] == 0
    (state,) = adopter.state.values()
    assert (state.id, state.outputs["revision"]) == ("existing", 1.0)


def test_import_without_inputs_fails_in_the_host_as_pulumi_3_259_sends_it(
    config: dict[str, str],
) -> None:
    with ProviderHost() as fresh:
        engine = Engine(fresh, config=config, import_sends_inputs=False)
        program = one_thing(opts=pulumi.ResourceOptions(import_="anything"))

        with pytest.raises(EngineError) as caught:
            engine.up(program)

    assert caught.value.provider_error is not None
    assert caught.value.provider_error.last_line == "KeyError: '__provider'"


def test_get_reads_an_existing_thing_and_destroy_only_forgets_it(
    engine: Engine, data_dir: Path
) -> None:
    engine.up(one_thing(thing_name="owned"))

    def with_get() -> None:
        Thing("a", size=1, label="first", thing_name="owned")
        seen = Thing.get("seen", "owned")
        pulumi.export("seen_label", seen.label)

    result = engine.up(with_get)
    destroyed = engine.destroy()

    assert ("read", "seen") in result.ops()
    assert result.stack_outputs["seen_label"] == "first"
    assert destroyed.ops() == [("discard", "seen"), ("delete", "a")]
    assert events(data_dir) == ["create owned", "delete owned"]


def test_check_failures_stop_the_up(engine: Engine) -> None:
    with pytest.raises(CheckFailedError) as caught:
        engine.up(lambda: Thing("bad", size=-1, kind="odd"))

    assert [prop for prop, _ in caught.value.failures] == ["size", "kind"]
    assert engine.state == {}


def test_failed_create_records_nothing_and_the_others_survive(engine: Engine) -> None:
    def clash() -> None:
        Thing("a", size=1, thing_name="same")
        Thing("b", size=1, thing_name="same")

    with pytest.raises(EngineError) as caught:
        engine.up(clash)

    assert caught.value.provider_error is not None
    assert "already exists" in caught.value.provider_error.last_line
    assert [s.id for s in engine.state.values()] == ["same"]


def test_up_survives_a_killed_host_with_a_fresh_one(engine: Engine, tmp_path: Path) -> None:
    release = tmp_path / "release"
    doomed = engine.host
    outcome: list[BaseException] = []

    def first_up() -> None:
        try:
            engine.up(one_thing(thing_name="held", hold=str(release)))
        except BaseException as exc:
            outcome.append(exc)

    runner = threading.Thread(target=first_up)
    runner.start()
    doomed.wait_for_stderr("holding held")
    doomed.kill()
    runner.join()

    (error,) = outcome
    assert isinstance(error, EngineError) and error.provider_error is not None
    assert error.provider_error.code == grpc.StatusCode.UNAVAILABLE
    assert engine.state == {}  # a failed create records nothing
    engine.host = doomed.respawn()
    try:
        release.touch()
        second = engine.up(one_thing(thing_name="held", hold=str(release)))
    finally:
        engine.host.close()
    assert second.ops() == [("create", "a")]
    assert second.calls["Configure"] == 1  # the new host was configured first
    assert [s.id for s in engine.state.values()] == ["held"]


# -- helpers -------------------------------------------------------------------------


def spy_on(host: ProviderHost, sent: dict[str, list[tuple[Any, ...]]], *methods: str) -> None:
    """Record the positional arguments of each call to ``host.<method>``."""
    for method in methods:
        real = getattr(host, method)

        def spy(*args: Any, _real: Any = real, _name: str = method, **kwargs: Any) -> Any:
            sent.setdefault(_name, []).append(args)
            return _real(*args, **kwargs)

        setattr(host, method, spy)
