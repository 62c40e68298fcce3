"""The provider as a dynamic resource pickles it into `__provider`: a class reference, no state.

The program pickles the provider it declares resources with, never configured; the host
unpickles it, configures it, and copies the program's `__provider` into every state it
returns (pulumi/dynamic/__main__.py), so a configured instance never reaches a state file.
These tests hold the pickle to that even if one did: configured or not, it is the same
reference. tests/cli/test_state.py reads the `__provider` a real stack stores.
"""

from __future__ import annotations

import base64
import threading

import dill
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_ice_voice import CustomizedVoiceProvider
from tests.support.pickles import pickle_globals, pickle_ops, pickle_strings

KEY_ID = "LTAI5tPicklingKeyId4W"
SECRET = "pickling-secret-do-not-pickle-7b2c"
TOKEN = "pickling-sts-token-do-not-pickle-e81f"
CLASS = ("pulumi_ice_voice._provider", "CustomizedVoiceProvider")


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
