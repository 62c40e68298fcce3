"""The CLI tier's programs (tests/cli/programs) import only what a user's program would:
the support modules they name load neither the emulator nor an HTTP client, which would
cost every `pulumi up` of the tier about 0.4 s of CPU."""

from __future__ import annotations

import subprocess
import sys

from tests.support.cli import REPO


def test_the_programs_support_imports_load_no_emulator_or_http_client() -> None:
    code = "import sys; import tests.support.outcomes; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    loaded = set(done.stdout.split())
    assert not {m for m in loaded if m.split(".")[0] in {"ice_emulator", "httpx", "icevoice"}}
    for program in ("voices", "plugin_voices"):
        source = (REPO / "tests" / "cli" / "programs" / program / "__main__.py").read_text()
        support = {
            line.split()[1] for line in source.splitlines() if line.startswith("from tests.")
        }
        assert support == {"tests.support.outcomes"}, (program, support)
