"""`random:index/randomString:RandomString`s whose length the stack's config sets
(`test:length`), for tests that need a resource of an installed plugin and nothing of ICE;
`test:count` of them (default one), each result exported (the first as `result`): the
engine's floor that bench/bench_scale.py measures voices against."""

from __future__ import annotations

import pulumi
import pulumi_random as random

config = pulumi.Config("test")
length = config.require_int("length")
for index in range(config.get_int("count") or 1):
    name = "suffix" if index == 0 else f"suffix{index:04d}"
    suffix = random.RandomString(name, length=length, special=False)
    pulumi.export("result" if index == 0 else name, suffix.result)
