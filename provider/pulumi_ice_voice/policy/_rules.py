"""The pack's rules as plain functions: each takes a voice (or the stack's voices) and the
rule's settings, and answers what is wrong in one message, or None. `_policies` hands them to
pulumi-policy with their config; tests call them directly.

The defaults below that are facts of the provider (its region and its training wait when
nothing is configured) are restated here, because the pack reads resources only and never
imports the provider; tests/policy holds them equal to the provider's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final

from icevoice import COSY_VOICE_MODELS, COSY_VOICE_QUOTA

from ._voices import COSY_VOICE, STANDARD, UNKNOWN, Voice, read

__all__ = [
    "ALLOWED_MODELS",
    "DEFAULT_REGION",
    "DEFAULT_TRAINING_TIMEOUT",
    "MAX_COSY_VOICES_PER_REGION",
    "MINIMUM_TRAINING_WAIT",
    "disallowed_model",
    "missing_consent",
    "over_regional_cap",
    "region_of",
    "short_training_wait",
    "training_wait",
    "unprotected",
]

DEFAULT_REGION: Final = "cn-shanghai"
"""The provider's region when neither config nor the environment names one."""
DEFAULT_TRAINING_TIMEOUT: Final = 10800.0
"""The provider's `training_timeout` when a voice declares none, in seconds."""
REGION_VARIABLES: Final = ("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION")
"""The environment variables the provider reads its region from, after config."""

ALLOWED_MODELS: Final = tuple(COSY_VOICE_MODELS)
"""`cosyvoice-model-allowlist`'s default: every model ICE documents."""
MAX_COSY_VOICES_PER_REGION: Final = COSY_VOICE_QUOTA
"""`cosyvoice-voices-per-region`'s default: ICE's own limit per account and region."""
MINIMUM_TRAINING_WAIT: Final = 3600.0
"""`training-timeout-floor`'s default, in seconds: real training takes tens of minutes to hours."""


def unprotected(voice: Voice, *, protect: bool, retained: Collection[str]) -> str | None:
    """A voice that a destroy, a replacement or a removed declaration would drop from the
    stack: ICE cannot delete a trained voice, so it would stay in the account, unmanaged."""
    if protect or voice.name in retained or voice.urn in retained:
        return None
    return (
        f"voice {voice.name} is not protected: set the protect resource option (or, for a "
        "voice kept with retainOnDelete, which policy packs are not told about, list it in "
        "this policy's retainedOnDelete)"
    )


def missing_consent(voice: Voice) -> str | None:
    """A Standard voice that does not declare the speaker's spoken consent."""
    if voice.edition != STANDARD:
        return None
    consent = voice.get("authentication")
    if consent is UNKNOWN or consent:
        return None
    return (
        f"Standard voice {voice.name} declares no {voice.property_name('authentication')}: "
        "the speaker's spoken consent (a media id or an OSS URL), which ICE matches against "
        "the training audio"
    )


def disallowed_model(voice: Voice, *, allowed: Collection[str]) -> str | None:
    """A CosyVoice voice declaring a model outside ``allowed``. A voice declaring none
    (one adopted, never trained by this stack) or one not known yet passes."""
    if voice.edition != COSY_VOICE:
        return None
    model = voice.get("model")
    if model is None or model is UNKNOWN or model in allowed:
        return None
    return (
        f"CosyVoice voice {voice.name} declares model {model!r}, which is not allowed here "
        f"(allowedModels: {', '.join(allowed) or 'none'})"
    )


def training_wait(voice: Voice, *, create_timeout: float) -> float | None:
    """How long, in seconds, the voice's create waits for training: the plugin's
    ``customTimeouts.create`` when set (``create_timeout`` > 0; the dynamic provider is not
    given it), else ``training_timeout``, else the provider's default. None when create does
    not wait (``wait_for_training`` false) or the timeout is not known yet."""
    if voice.get("wait_for_training") is False:
        return None
    if voice.plugin and create_timeout > 0:
        return create_timeout
    timeout = voice.get("training_timeout")
    if timeout is None:
        return DEFAULT_TRAINING_TIMEOUT
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
        return float(timeout)
    return None  # unknown yet, or not a number (the provider's check says so)


def short_training_wait(voice: Voice, *, create_timeout: float, minimum: float) -> str | None:
    """A voice whose create gives up waiting for training sooner than ``minimum`` seconds."""
    wait = training_wait(voice, create_timeout=create_timeout)
    if wait is None or wait >= minimum:
        return None
    if voice.plugin and create_timeout > 0:
        source = "customTimeouts.create"
    elif voice.get("training_timeout") is None:
        source = f"the provider's default {voice.property_name('training_timeout')}"
    else:
        source = voice.property_name("training_timeout")
    return (
        f"voice {voice.name} waits at most {wait:g} s for training ({source}), less than "
        f"the floor of {minimum:g} s: ICE trains for tens of minutes to hours, and a create "
        "that stops waiting fails the update while training goes on"
    )


def region_of(
    voice: Voice,
    *,
    provider: Mapping[str, Any] | None,
    config: Mapping[str, Any],
    environ: Mapping[str, str],
) -> Any:
    """The region the voice trains in, as the provider decides it, or ``UNKNOWN``: the
    voice's own `region` output when the stack has it; for the plugin, its provider's
    `region` input (the default provider's inputs are the stack's `icevoice:*` config); for
    the dynamic provider, stack config `ice:region`, then `alicloud:region`; then the
    environment; then the provider's default."""
    region = voice.get("region")
    if isinstance(region, str) and region:
        return region
    if voice.plugin:
        configured = read(provider, "region")
        if configured is UNKNOWN:
            return UNKNOWN
        if configured:
            return str(configured)
    else:
        for key in ("ice:region", "alicloud:region"):
            if config.get(key):
                return config[key]
    for variable in REGION_VARIABLES:
        if environ.get(variable):
            return environ[variable]
    return DEFAULT_REGION


def over_regional_cap(regions: Iterable[Any], *, cap: int) -> list[str]:
    """One message per region whose CosyVoice voices (``regions``: the region of each, or
    ``UNKNOWN``) are more than ``cap``; a voice whose region is not known yet is not counted."""
    counted = Counter(region for region in regions if region is not UNKNOWN)
    return [
        f"the stack declares {count} CosyVoice voice{'s' if count > 1 else ''} in {region}, "
        f"more than the cap of {cap}: each trained CosyVoice voice holds one of the "
        f"account's {COSY_VOICE_QUOTA} slots in its region for good (no API deletes one)"
        for region, count in sorted(counted.items())
        if count > cap
    ]
