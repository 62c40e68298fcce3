"""The policy pack's program, which pulumi-policy's runner (`python -m pulumi.policy`, started by
the language host for `pulumi preview --policy-pack <this directory>`) executes: it serves the
pack's policies to the engine until the engine is done."""

from pulumi_policy import PolicyPack

from pulumi_ice_voice.policy._policies import PACK_NAME, POLICIES

PolicyPack(name=PACK_NAME, policies=list(POLICIES))
