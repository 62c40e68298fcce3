"""Credential precedence: explicit keys, provider, environment, the official chain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import icevoice
from icevoice import Credentials, IceClient, _credentials
from tests.sdk.icevoice_fakes import ACCESS_KEY_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN, FakeIce, ok

VOICE_OK = ok({"CustomizedVoice": {"VoiceId": "v"}})


def _signed_key_id(fake_ice: FakeIce) -> str:
    return fake_ice.last.headers["Authorization"].split("Credential=")[1].split(",")[0]


def _bare_client(fake_ice: FakeIce, **kwargs: Any) -> IceClient:
    fake_ice.answers = [VOICE_OK]
    return IceClient(transport=fake_ice.transport, **kwargs)


def test_explicit_keys_win_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")
    with _bare_client(
        fake_ice, access_key_id="explicit-id", access_key_secret="explicit-secret"
    ) as client:
        client.get_customized_voice(voice_id="v")
    assert _signed_key_id(fake_ice) == "explicit-id"
    assert "x-acs-security-token" not in fake_ice.last.headers


def test_explicit_sts_token_is_sent(fake_ice: FakeIce) -> None:
    with _bare_client(
        fake_ice, access_key_id="id", access_key_secret="s", security_token=SECURITY_TOKEN
    ) as client:
        client.get_customized_voice(voice_id="v")
    assert fake_ice.last.headers["x-acs-security-token"] == SECURITY_TOKEN


def test_alibaba_cloud_variables_win_over_alicloud_ones(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "alibaba-id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "alibaba-secret")
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "alibaba-token")
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", "alicloud-id")
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", "alicloud-secret")
    monkeypatch.setenv("ALICLOUD_SECURITY_TOKEN", "alicloud-token")
    with _bare_client(fake_ice) as client:
        client.get_customized_voice(voice_id="v")
    assert _signed_key_id(fake_ice) == "alibaba-id"
    assert fake_ice.last.headers["x-acs-security-token"] == "alibaba-token"


def test_alicloud_variables_are_the_fallback(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", "alicloud-id")
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", "alicloud-secret")
    with _bare_client(fake_ice) as client:
        client.get_customized_voice(voice_id="v")
    assert _signed_key_id(fake_ice) == "alicloud-id"
    assert "x-acs-security-token" not in fake_ice.last.headers


def test_environment_is_read_at_call_time_not_at_construction(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    with _bare_client(fake_ice) as client:  # nothing set yet: construction must not fail
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "first")
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s1")
        client.get_customized_voice(voice_id="v")
        assert _signed_key_id(fake_ice) == "first"
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "rotated")
        client.get_customized_voice(voice_id="v")
        assert _signed_key_id(fake_ice) == "rotated"


def test_half_configured_environment_names_the_missing_half(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "id-only")
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", "other")
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", "other-secret")
    with _bare_client(fake_ice) as client, pytest.raises(icevoice.MissingCredentialsError) as info:
        client.get_customized_voice(voice_id="v")
    assert info.value.argument == "access_key_secret"
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in str(info.value)
    assert fake_ice.requests == []


def test_nothing_found_fails_before_any_request(fake_ice: FakeIce) -> None:
    with _bare_client(fake_ice) as client, pytest.raises(icevoice.MissingCredentialsError) as info:
        client.create_customized_voice_job(
            voice_id="v", voice_name="n", gender="male", scenario="story"
        )
    assert info.value.argument == "access_key_id"
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in str(info.value)
    assert "install alibabacloud-credentials" in str(info.value)
    assert fake_ice.requests == []


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"access_key_id": "id"}, "access_key_secret"),
        ({"access_key_secret": "secret"}, "access_key_id"),
        ({"security_token": "token"}, "access_key_id"),
        ({"access_key_id": "", "access_key_secret": "s"}, "access_key_id"),
        ({"access_key_id": "id", "access_key_secret": "  "}, "access_key_secret"),
        ({"access_key_id": 123, "access_key_secret": "s"}, "access_key_id"),
    ],
)
def test_partial_explicit_keys_name_the_missing_argument(
    kwargs: dict[str, Any], argument: str
) -> None:
    with pytest.raises(icevoice.MissingCredentialsError) as info:
        IceClient(**kwargs)
    assert info.value.argument == argument


def test_empty_strings_count_as_not_given(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", "env-id")
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", "env-secret")
    with _bare_client(
        fake_ice, access_key_id="", access_key_secret="", security_token=""
    ) as client:
        client.get_customized_voice(voice_id="v")
    assert _signed_key_id(fake_ice) == "env-id"


def test_keys_and_a_provider_together_are_refused() -> None:
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        IceClient(access_key_id="a", access_key_secret="b", credentials=Credentials("c", "d"))
    assert info.value.argument == "credentials"
    with pytest.raises(icevoice.InvalidArgumentError) as info:
        IceClient(credentials="not a provider")  # type: ignore[arg-type]
    assert info.value.argument == "credentials"


class RotatingProvider:
    def __init__(self) -> None:
        self.calls = 0

    def get_credentials(self) -> Credentials:
        self.calls += 1
        return Credentials(f"id-{self.calls}", "secret", "token" if self.calls % 2 else None)


def test_custom_provider_overrides_the_chain_and_is_asked_per_attempt(
    monkeypatch: pytest.MonkeyPatch, make_client: Callable[..., IceClient], fake_ice: FakeIce
) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")
    provider = RotatingProvider()
    assert isinstance(provider, icevoice.CredentialsProvider)
    client = make_client(credentials=provider)
    from tests.sdk.icevoice_fakes import error

    fake_ice.answers = [error(500, "InternalError"), VOICE_OK]
    client.get_customized_voice(voice_id="v")
    assert provider.calls == 2
    assert [
        r.headers["Authorization"].split("Credential=")[1].split(",")[0] for r in fake_ice.requests
    ] == [
        "id-1",
        "id-2",
    ]
    assert "x-acs-security-token" in fake_ice.requests[0].headers
    assert "x-acs-security-token" not in fake_ice.requests[1].headers


def test_credentials_value_type() -> None:
    creds = Credentials(ACCESS_KEY_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN)
    assert creds.get_credentials() is creds
    assert repr(creds) == (
        f"Credentials(access_key_id={ACCESS_KEY_ID!r}, access_key_secret='***', "
        "security_token='***')"
    )
    assert str(creds) == repr(creds)
    assert repr(Credentials("a", "b")).endswith("security_token=None)")
    assert Credentials("a", "b", "").security_token is None
    with pytest.raises(AttributeError):
        creds.access_key_secret = "x"  # type: ignore[misc]
    assert creds == Credentials(ACCESS_KEY_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN)


# -- the official chain, faked in-process ------------------------------------------------------


class FakeOfficialModel:
    def __init__(self, key_id: str | None, secret: str | None, token: str | None) -> None:
        self.access_key_id, self.access_key_secret, self.security_token = key_id, secret, token


class FakeOfficialClient:
    def __init__(self, result: Any) -> None:
        self.result = result
        self.calls = 0

    def get_credential(self) -> Any:
        self.calls += 1
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def test_official_chain_is_used_after_the_environment(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    official = FakeOfficialClient(FakeOfficialModel("profile-id", "profile-secret", "sts-token"))
    loads: list[int] = []

    def load_official_client() -> FakeOfficialClient:
        loads.append(1)
        return official

    monkeypatch.setattr(_credentials, "_load_official_client", load_official_client)
    with _bare_client(fake_ice) as client:
        client.get_customized_voice(voice_id="v")
        client.get_customized_voice(voice_id="v")
        assert _signed_key_id(fake_ice) == "profile-id"
        assert fake_ice.last.headers["x-acs-security-token"] == "sts-token"
        # The environment still wins when it appears later.
        monkeypatch.setenv("ALICLOUD_ACCESS_KEY", "env-id")
        monkeypatch.setenv("ALICLOUD_SECRET_KEY", "env-secret")
        client.get_customized_voice(voice_id="v")
        assert _signed_key_id(fake_ice) == "env-id"
    assert loads == [1]  # created once per client, kept for its cached sessions
    assert official.calls == 2


def test_official_chain_failure_is_missing_credentials_with_the_cause(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    cause = RuntimeError("unable to load credentials from any of the providers in the chain")
    monkeypatch.setattr(_credentials, "_load_official_client", lambda: FakeOfficialClient(cause))
    with _bare_client(fake_ice) as client, pytest.raises(icevoice.MissingCredentialsError) as info:
        client.get_customized_voice(voice_id="v")
    assert info.value.argument == "access_key_id"
    assert info.value.__cause__ is cause
    assert "install" not in str(info.value)
    assert fake_ice.requests == []


def test_official_chain_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, fake_ice: FakeIce
) -> None:
    monkeypatch.setattr(
        _credentials,
        "_load_official_client",
        lambda: FakeOfficialClient(FakeOfficialModel("id", None, None)),
    )
    with _bare_client(fake_ice) as client, pytest.raises(icevoice.MissingCredentialsError) as info:
        client.get_customized_voice(voice_id="v")
    assert info.value.argument == "access_key_secret"


def test_chain_can_stop_at_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_credentials, "_load_official_client", pytest.fail)
    chain = icevoice.DefaultCredentialsChain(use_official_chain=False)
    with pytest.raises(icevoice.MissingCredentialsError) as info:
        chain.get_credentials()
    assert "install" not in str(info.value)
    env_chain = icevoice.DefaultCredentialsChain(
        environ={"ALICLOUD_ACCESS_KEY": "i", "ALICLOUD_SECRET_KEY": "s"}
    )
    assert env_chain.get_credentials() == Credentials("i", "s")


# -- the real alibabacloud-credentials library, in a subprocess with its own HOME ------------

_PROBE = textwrap.dedent(
    """
    import json, sys, icevoice
    chain = icevoice.DefaultCredentialsChain()
    try:
        c = chain.get_credentials()
        print(json.dumps({"id": c.access_key_id, "token": c.security_token,
                          "secret_ok": c.access_key_secret == sys.argv[1]}))
    except icevoice.MissingCredentialsError as e:
        print(json.dumps({"missing": e.argument}))
    print(json.dumps({"official_imported": "alibabacloud_credentials" in sys.modules}))
    """
)


def _probe(home: Path, secret: str = "") -> list[dict[str, Any]]:
    pytest.importorskip("alibabacloud_credentials")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIBABA_CLOUD_", "ALICLOUD_"))}
    env["HOME"] = str(home)
    env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"  # never probe 100.100.100.200
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, secret],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_real_official_chain_reads_the_cli_profile(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".aliyun").mkdir(parents=True)
    (home / ".aliyun" / "config.json").write_text(
        json.dumps(
            {
                "current": "dev",
                "profiles": [
                    {
                        "name": "dev",
                        "mode": "StsToken",
                        "access_key_id": "profile-id",
                        "access_key_secret": "profile-secret",
                        "sts_token": "profile-token",
                    },
                ],
            }
        )
    )
    result, imported = _probe(home, "profile-secret")
    assert result == {"id": "profile-id", "token": "profile-token", "secret_ok": True}
    assert imported == {"official_imported": True}


def test_real_official_chain_with_nothing_configured(tmp_path: Path) -> None:
    (tmp_path / "empty-home").mkdir()
    result, _ = _probe(tmp_path / "empty-home")
    assert result == {"missing": "access_key_id"}


_REAL_LOADER = _credentials._load_official_client  # captured before the autouse stub


def test_loader_returns_none_when_the_package_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "alibabacloud_credentials.client", None)
    assert _REAL_LOADER() is None
