"""Autonames are a contract: every voice a stack made is found again under its name.

The names below were computed by the provider before its modules moved (main at 8a5d88e).
A change of the digest would give every autonamed voice of every stack a new name: the
next `pulumi up` would train them all again.
"""

from __future__ import annotations

from pulumi_ice_voice._kinds import BASIC, COSY_VOICE, STANDARD

BUCKET = "https://voices.oss-cn-shanghai.aliyuncs.com"
REGION = "cn-shanghai"


def test_a_basic_voice_keeps_its_autonamed_voice_id() -> None:
    checked, failures = BASIC.check(
        {},
        {
            "voice_name": "Narrator",
            "gender": "female",
            "scenario": "story",
            "recordings": [f"{BUCKET}/r/{i}.wav" for i in range(1, 21)],
            "demo_audio_media_url": f"{BUCKET}/demo.wav",
            "autoname_prefix": "narrator",
            "autoname_seed": "org/proj/dev/narrator",
        },
        REGION,
    )
    assert failures == []
    assert checked["voice_id"] == "narratorb8ac9aa9"


def test_a_standard_voice_keeps_its_name_in_ice() -> None:
    checked, failures = STANDARD.check(
        {},
        {
            "gender": "male",
            "audios": [f"{BUCKET}/a{i}.wav" for i in range(3)],
            "authentication": f"{BUCKET}/consent.wav",
            "autoname_prefix": "anchor",
            "autoname_seed": "plugin/proj/dev/anchor",
        },
        REGION,
    )
    assert failures == []
    assert checked["ice_voice_name"] == "anchor-72156b49"


def test_a_cosy_voice_keeps_its_name_in_ice() -> None:
    checked, failures = COSY_VOICE.check(
        {},
        {
            "voice_name": "Host",
            "gender": "female",
            "audio": f"{BUCKET}/host.wav",
            "model": "cosyvoice-v3-plus",
            "autoname_prefix": "host",
            "autoname_seed": "org/proj/dev/host",
        },
        REGION,
    )
    assert failures == []
    assert checked["ice_voice_name"] == "Host-acae4695"
