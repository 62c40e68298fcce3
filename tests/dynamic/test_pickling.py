"""The provider as a dynamic resource pickles it into `__provider`: a class reference, no state.

The program pickles the provider it declares resources with, never configured; the host
unpickles it, configures it, and copies the program's `__provider` into every state it
returns (pulumi/dynamic/__main__.py), so a configured instance never reaches a state file.
These tests hold the pickle to that even if one did: configured or not, it is the same
reference. tests/cli/test_state.py reads the `__provider` a real stack stores.
"""

from __future__ import annotations

import base64
import pickle
import threading
from collections.abc import Mapping
from typing import Any

import dill
import pulumi
import pulumi.dynamic
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_ice_voice import CustomizedVoice, CustomizedVoiceProvider
from pulumi_ice_voice._dynamic.pickling import PATCHED, pickler_restored
from tests.dynamic.test_voice_program import DECLARED
from tests.support.pickles import pickle_globals, pickle_ops, pickle_strings
from tests.support.program import Registration, run_program
from tests.support.props import reveal

KEY_ID = "LTAI5tPicklingKeyId4W"
SECRET = "pickling-secret-do-not-pickle-7b2c"
TOKEN = "pickling-sts-token-do-not-pickle-e81f"
CLASS = ("pulumi_ice_voice._provider", "CustomizedVoiceProvider")


@pytest.fixture(autouse=True)
def _pickler_as_found() -> Any:
    """These tests call pulumi's serialize_provider directly: none leaks its patch."""
    with pickler_restored():
        yield


def test_the_provider_pickles_to_its_class_and_an_empty_state() -> None:
    raw = base64.b64decode(serialize_provider(CustomizedVoiceProvider()))

    assert len(raw) < 100
    assert pickle_globals(raw) == [CLASS]
    assert pickle_strings(raw) == set(CLASS), "no value but the two names"
    assert pickle_ops(raw)[-4:] == ["EMPTY_DICT", "MEMOIZE", "BUILD", "STOP"]
    provider = dill.loads(raw)
    assert type(provider) is CustomizedVoiceProvider and vars(provider) == {}


def test_a_configured_provider_pickles_to_the_same_empty_reference() -> None:
    provider = CustomizedVoiceProvider()
    empty = serialize_provider(provider)
    raw_config = {
        "ice:region": "cn-shanghai",
        "ice:endpoint": "http://127.0.0.1:9",
        "ice:accessKeyId": KEY_ID,
        "ice:accessKeySecret": SECRET,
        "ice:securityToken": TOKEN,
    }
    provider.configure(ConfigureRequest(Config(raw_config=raw_config, project_name="pickling")))
    provider._lock = threading.Lock()  # type: ignore[attr-defined]  # what else one could hold
    assert vars(provider), "configure kept something on the instance"

    configured = serialize_provider(provider)

    assert configured == empty
    raw = base64.b64decode(configured)
    for value in (KEY_ID, SECRET, TOKEN):
        assert value.encode() not in raw


# The `__provider` of each resource type as pulumi_ice_voice 0.1.0 pickled it, before the
# provider's modules moved into subpackages (main at 8a5d88e): every user's state holds these.
RECORDED_BEFORE_THE_MOVE = {
    "CustomizedVoiceProvider": (
        "gASVQAAAAAAAAACMGnB1bHVtaV9pY2Vfdm9pY2UuX3Byb3ZpZGVylIwXQ3VzdG9taXplZFZvaWNl"
        "UHJvdmlkZXKUk5QpgZR9lGIu"
    ),
    "StandardCustomizedVoiceProvider": (
        "gASVSAAAAAAAAACMGnB1bHVtaV9pY2Vfdm9pY2UuX3Byb3ZpZGVylIwfU3RhbmRhcmRDdXN0b21p"
        "emVkVm9pY2VQcm92aWRlcpSTlCmBlH2UYi4="
    ),
    "CosyVoiceCustomizedVoiceProvider": (
        "gASVSQAAAAAAAACMGnB1bHVtaV9pY2Vfdm9pY2UuX3Byb3ZpZGVylIwgQ29zeVZvaWNlQ3VzdG9t"
        "aXplZFZvaWNlUHJvdmlkZXKUk5QpgZR9lGIu"
    ),
}


@pytest.mark.parametrize("name", RECORDED_BEFORE_THE_MOVE)
def test_a_provider_pickled_before_the_move_unpickles_and_serves_its_type(name: str) -> None:
    import pulumi_ice_voice._provider as contract

    # As the dynamic host unpickles `__provider` (pulumi/dynamic/__main__.py).
    provider = dill.loads(base64.b64decode(RECORDED_BEFORE_THE_MOVE[name]))
    assert type(provider) is getattr(contract, name)
    assert provider.kind.name == name.removesuffix("Provider")
    checked = provider.check({}, {"gender": "other", "autoname_prefix": "n", "autoname_seed": "s"})
    assert "gender" in [failure.property for failure in checked.failures]
    assert serialize_provider(type(provider)()) == RECORDED_BEFORE_THE_MOVE[name], "still the same"


# -- pulumi's serializer leaks its patch of the pickler (see _dynamic/pickling.py) ------------


def _wrapping_depth() -> int:
    """How many of serialize_provider's sorting wrappers ``_batch_setitems`` is now."""
    method, depth = pickle._Pickler._batch_setitems, 0  # type: ignore[attr-defined]
    while method.__name__.startswith("batch_set_items_sorted"):
        (cell,) = method.__closure__
        method, depth = cell.cell_contents, depth + 1
    return depth


def test_pulumis_serializer_wraps_the_pickler_once_more_per_call() -> None:
    """What the workaround is for: if this fails, pulumi fixed it and pickling.py can go."""
    with pickler_restored():
        before = _wrapping_depth()
        serialize_provider(pulumi.dynamic.ResourceProvider())
        serialize_provider(pulumi.dynamic.ResourceProvider())
        assert _wrapping_depth() == before + 2
    assert _wrapping_depth() == before


def test_a_thousand_voices_leave_the_pickler_as_they_found_it() -> None:
    """1,000 dynamic resources of each door's kinds: without pickler_restored the program
    dies of RecursionError near the 960th; with it each pickles as the first did."""
    with pickler_restored():
        first = serialize_provider(CustomizedVoiceProvider())
    original = {name: pickle._Pickler.__dict__.get(name) for name in PATCHED}
    depth = _wrapping_depth()
    serialized: set[str] = set()

    def register(registration: Registration) -> tuple[str, Mapping[str, Any]]:
        serialized.add(str(reveal(registration.inputs)["__provider"]))
        return f"{registration.name}-id", reveal(registration.inputs)

    def program() -> None:
        for index in range(1000):
            CustomizedVoice(f"voice{index:04d}", **dict(DECLARED, voice_id=f"v{index:04d}"))

    capture = run_program(program, register)

    voices = [r for r in capture.resources if r.type.endswith(":CustomizedVoice")]
    assert len(voices) == 1000
    assert serialized == {first}
    assert {name: pickle._Pickler.__dict__.get(name) for name in PATCHED} == original
    assert _wrapping_depth() == depth


def test_the_pickler_is_restored_when_the_resource_fails() -> None:
    before = {name: pickle._Pickler.__dict__.get(name) for name in PATCHED}
    with pytest.raises(RuntimeError), pickler_restored():
        pickle._Pickler._batch_setitems = lambda *args: None  # type: ignore[attr-defined]
        pickle._Pickler.save_dict = lambda *args: None  # type: ignore[attr-defined]
        raise RuntimeError("the engine refused the resource")
    assert {name: pickle._Pickler.__dict__.get(name) for name in PATCHED} == before
