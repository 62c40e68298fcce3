"""The loopback stand-in for Vault's transit engine that the CLI tier's stacks keep their
data key with (tests/support/vault.py): the calls gocloud.dev/secrets/hashivault makes, and
what it refuses. The CLI tier proves the CLI opens and uses it (every `stack init` there)."""

from __future__ import annotations

import base64

import httpx

from tests.support import vault


def _put(path: str, body: dict[str, str], token: str = vault.TOKEN) -> httpx.Response:
    return httpx.put(f"{vault.address()}{path}", json=body, headers={"X-Vault-Token": token})


def test_a_wrapped_key_unwraps_to_the_same_bytes() -> None:
    key = base64.b64encode(bytes(range(32))).decode()
    wrapped = _put("/v1/transit/encrypt/ice-voice-tests", {"plaintext": key})
    assert wrapped.status_code == 200
    ciphertext = wrapped.json()["data"]["ciphertext"]
    assert ciphertext.startswith("vault:v1:")
    unwrapped = _put("/v1/transit/decrypt/ice-voice-tests", {"ciphertext": ciphertext})
    assert unwrapped.status_code == 200
    assert base64.b64decode(unwrapped.json()["data"]["plaintext"]) == bytes(range(32))


def test_it_refuses_another_token_other_paths_and_what_it_did_not_wrap() -> None:
    assert _put("/v1/transit/encrypt/k", {"plaintext": "AA=="}, token="other").status_code == 403
    assert _put("/v1/kv/data/k", {"plaintext": "AA=="}).status_code == 404
    assert _put("/v1/transit/decrypt/k", {"ciphertext": "AA=="}).status_code == 400


def test_one_server_per_process() -> None:
    assert vault.address() == vault.address()
    assert vault.address().startswith("http://127.0.0.1:")
