"""How `make test` hands tests to its pytest-xdist workers (tests/conftest.py installs it for
`--dist loadgroup`): one test at a time, except the groups of GROUPS, each of which goes to
one worker whole: the release tier (first), and the modules whose tests read one expensive
module-scoped fixture.

The release tier's session fixtures install dist/ into fresh virtualenvs and a PULUMI_HOME,
about a minute of pip and a CPU each; on several workers each would install them again. Its
longest test (a Go program built on the generated module) must not end the run alone either,
so the group, the largest unit of work, is handed out first (xdist's loadscope order).
tests/cli/test_engine_protocol.py's nine tests read one transcript of a voice's whole life
(one CLI session, about 13 s of CPU); handed out one by one, each worker made its own.

xdist's own loadgroup cannot be relied on for this: it groups by a suffix it writes into each
item's node id (`item._nodeid`), and pytest 9.2 keeps node ids elsewhere, so under pytest 9.2
it silently groups nothing. This scheduler groups by path, reading node ids only.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

__all__ = ["GROUPS", "ReleaseTogether", "unit_of"]

GROUPS = {
    "tests/release/": "release",
    "tests/cli/test_engine_protocol.py::": "tests/cli/test_engine_protocol.py",
}
"""Node id prefix: the unit of work every test under it belongs to."""


def unit_of(nodeid: str) -> str:
    """The unit of work of a test: its group, or the test alone."""
    for prefix, group in GROUPS.items():
        if nodeid.startswith(prefix):
            return group
    return nodeid


class ReleaseTogether(LoadScopeScheduling):  # type: ignore[misc]  # xdist is untyped
    """xdist's scope scheduling, each test its own scope but the groups of GROUPS."""

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)
