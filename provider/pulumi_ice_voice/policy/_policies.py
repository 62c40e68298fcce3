"""The pack's policies: each rule of `_rules` with its name, default enforcement level and
config schema, as pulumi-policy runs them.

The engine fills each policy's config with the schema's defaults and validates what
`--policy-pack-config` gives against the schema before the pack sees it; `_setting` falls back
to the same defaults when a policy runs without the engine (tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final

import pulumi.runtime
from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from ._rules import (
    ALLOWED_MODELS,
    MAX_COSY_VOICES_PER_REGION,
    MINIMUM_TRAINING_WAIT,
    disallowed_model,
    missing_consent,
    over_regional_cap,
    region_of,
    short_training_wait,
    unprotected,
)
from ._voices import COSY_VOICE, Voice, voice

__all__ = ["PACK_NAME", "POLICIES"]

PACK_NAME: Final = "ice-voice"
_REGION_KEYS: Final = ("ice:region", "alicloud:region")


def _setting(
    args: ResourceValidationArgs | StackValidationArgs, schema: PolicyConfigSchema, key: str
) -> Any:
    """The policy's config value ``key``, or its schema's default."""
    value = args.get_config().get(key)
    return schema.properties[key]["default"] if value is None else value


def _voice_of(resource: ResourceValidationArgs | PolicyResource) -> Voice | None:
    return voice(resource.resource_type, resource.name, resource.urn, resource.props)


def _resource_rule(
    check: Callable[[Voice, ResourceValidationArgs], str | None],
) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    """A pulumi-policy validation that runs ``check`` on our voices and ignores the rest."""

    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        found = _voice_of(args)
        message = check(found, args) if found is not None else None
        if message is not None:
            report_violation(message, None)

    return validate


_PROTECTED = PolicyConfigSchema(
    {
        "retainedOnDelete": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Names or URNs of voices kept with retainOnDelete instead of "
            "protect (policy packs are not told about retainOnDelete).",
        }
    }
)
_ALLOWLIST = PolicyConfigSchema(
    {
        "allowedModels": {
            "type": "array",
            "items": {"type": "string"},
            "default": list(ALLOWED_MODELS),
            "description": "The CosyVoice models voices may declare.",
        }
    }
)
_PER_REGION = PolicyConfigSchema(
    {
        "maxVoicesPerRegion": {
            "type": "integer",
            "minimum": 0,
            "default": MAX_COSY_VOICES_PER_REGION,
            "description": "The most CosyVoice voices the stack may declare in one region.",
        }
    }
)
_FLOOR = PolicyConfigSchema(
    {
        "minimumSeconds": {
            "type": "number",
            "minimum": 0,
            "default": MINIMUM_TRAINING_WAIT,
            "description": "The shortest wait for training a create may be given, in seconds.",
        }
    }
)


def _check_protected(found: Voice, args: ResourceValidationArgs) -> str | None:
    retained = _setting(args, _PROTECTED, "retainedOnDelete")
    return unprotected(found, protect=args.opts.protect, retained=retained)


def _check_consent(found: Voice, args: ResourceValidationArgs) -> str | None:
    return missing_consent(found)


def _check_model(found: Voice, args: ResourceValidationArgs) -> str | None:
    return disallowed_model(found, allowed=_setting(args, _ALLOWLIST, "allowedModels"))


def _check_wait(found: Voice, args: ResourceValidationArgs) -> str | None:
    minimum = float(_setting(args, _FLOOR, "minimumSeconds"))
    create = args.opts.custom_timeouts.create_seconds
    return short_training_wait(found, create_timeout=create, minimum=minimum)


def _cosy_voices_per_region(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    cap = int(_setting(args, _PER_REGION, "maxVoicesPerRegion"))
    config = {key: pulumi.runtime.get_config(key) for key in _REGION_KEYS}
    regions = []
    for resource in args.resources:
        found = _voice_of(resource)
        if found is not None and found.edition == COSY_VOICE:
            provider = resource.provider.props if resource.provider is not None else None
            regions.append(region_of(found, provider=provider, config=config, environ=os.environ))
    for message in over_regional_cap(regions, cap=cap):
        report_violation(message, None)


POLICIES: Final = [
    ResourceValidationPolicy(
        name="voices-protected",
        description="Trained voices are protected: ICE cannot delete a trained voice, so one "
        "dropped from the stack stays in the account, unmanaged.",
        enforcement_level=EnforcementLevel.MANDATORY,
        config_schema=_PROTECTED,
        validate=_resource_rule(_check_protected),
    ),
    ResourceValidationPolicy(
        name="standard-voice-consent",
        description="Standard voices declare the speaker's spoken consent (authentication).",
        enforcement_level=EnforcementLevel.MANDATORY,
        validate=_resource_rule(_check_consent),
    ),
    ResourceValidationPolicy(
        name="cosyvoice-model-allowlist",
        description="CosyVoice voices use a model of the allowlist.",
        enforcement_level=EnforcementLevel.MANDATORY,
        config_schema=_ALLOWLIST,
        validate=_resource_rule(_check_model),
    ),
    StackValidationPolicy(
        name="cosyvoice-voices-per-region",
        description="The stack declares no more CosyVoice voices per region than its cap "
        "(ICE allows 30 per account and region, for good).",
        enforcement_level=EnforcementLevel.MANDATORY,
        config_schema=_PER_REGION,
        validate=_cosy_voices_per_region,
    ),
    ResourceValidationPolicy(
        name="training-timeout-floor",
        description="A create waits for training at least the floor (customTimeouts.create "
        "for the plugin, training_timeout for the dynamic provider).",
        enforcement_level=EnforcementLevel.ADVISORY,
        config_schema=_FLOOR,
        validate=_resource_rule(_check_wait),
    ),
]
"""The pack's policies, in the order the CLI lists them."""
