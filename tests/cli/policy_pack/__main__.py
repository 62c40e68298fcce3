"""A tiny policy pack for the CLI tier (tests/cli/test_policy_pack.py), not the product's: one
mandatory rule on `random:index/randomString:RandomString`, whose minimum length the judged
stack's own config sets (`test:minLength`), so that a test proves our Python language host runs
policy packs as Pulumi's own does: with the stack's configuration and name in the pack's
environment, which the engine sends only over gRPC."""

from __future__ import annotations

import pulumi
from pulumi_policy import (
    EnforcementLevel,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

RANDOM_STRING = "random:index/randomString:RandomString"


def _long_enough(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != RANDOM_STRING:
        return
    minimum = pulumi.Config("test").require_int("minLength")
    length = args.props.get("length")
    if isinstance(length, (int, float)) and length < minimum:
        message = (
            f"random string {args.name} of stack {pulumi.get_stack()} has {int(length)} "
            f"characters, fewer than {minimum}"
        )
        report_violation(message, args.urn)


PolicyPack(
    name="test-random-length",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        ResourceValidationPolicy(
            name="random-string-min-length",
            description="Random strings are at least test:minLength characters long.",
            validate=_long_enough,
        )
    ],
)
