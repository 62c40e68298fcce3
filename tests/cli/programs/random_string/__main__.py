"""One `random:index/randomString:RandomString` whose length the stack's config sets
(`test:length`), for tests that need a resource of an installed plugin and nothing of ICE."""

from __future__ import annotations

import pulumi
import pulumi_random as random

config = pulumi.Config("test")
suffix = random.RandomString("suffix", length=config.require_int("length"), special=False)
pulumi.export("result", suffix.result)
