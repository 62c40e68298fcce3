"""Toy dynamic resources whose creates measure how many run at once in the provider host.

Stack config `test:toys`: {"count": N, "mode": "together" | "count", "widen_to": n | null,
"sabotage": null | "rename_state" | "foreign_executor"} (see
tests/dynamic/toy_concurrency_provider.py). The repository must be on PYTHONPATH, for the
program and for the host, which unpickles the provider by reference (PulumiCli.stack puts
it there).
"""

from typing import Any

import pulumi
import pulumi.dynamic

from tests.dynamic.toy_concurrency_provider import ConcurrencyProbe


class Toy(pulumi.dynamic.Resource):
    peak: pulumi.Output[int]
    saturated: pulumi.Output[bool]
    widenings: pulumi.Output[list[str]]
    details: pulumi.Output[list[str]]

    def __init__(self, name: str, provider: ConcurrencyProbe, props: dict[str, Any]) -> None:
        super().__init__(
            provider,
            name,
            {**props, "peak": None, "saturated": None, "widenings": None, "details": None},
        )


toys = pulumi.Config("test").require_object("toys")
probe = ConcurrencyProbe(widen_to=toys.get("widen_to"), sabotage=toys.get("sabotage"))
for i in range(toys["count"]):
    toy = Toy(
        f"toy-{i}", probe, {"name": f"toy-{i}", "mode": toys["mode"], "expected": toys["count"]}
    )
    pulumi.export(
        f"toy-{i}",
        pulumi.Output.all(
            peak=toy.peak, saturated=toy.saturated, widenings=toy.widenings, details=toy.details
        ),
    )
