"""The provider's layers: the core imports no pulumi, and the plugin no dynamic provider."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pulumi_ice_voice._core

CORE_MODULES = [m.name for m in pkgutil.iter_modules(pulumi_ice_voice._core.__path__)]


def _loaded_after(imports: str) -> set[str]:
    code = f"import sys; {imports}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_importing_the_core_and_the_families_loads_no_pulumi() -> None:
    core = "; ".join(f"import pulumi_ice_voice._core.{name}" for name in CORE_MODULES)
    loaded = _loaded_after(f"{core}; import pulumi_ice_voice._kinds")
    assert not {m for m in loaded if m == "pulumi" or m.startswith("pulumi.")}


def test_the_plugin_loads_no_dynamic_provider() -> None:
    """(pulumi itself imports pulumi.dynamic; our door, its host widening and dill use stay
    out of the plugin's process.)"""
    loaded = _loaded_after("import pulumi_ice_voice.plugin._server")
    assert not {m for m in loaded if m.startswith("pulumi_ice_voice._dynamic")}


def test_a_program_declaring_every_resource_loads_no_kind_http_client_session_or_host_patch() -> (
    None
):
    """A Pulumi program imports the resource classes and, through them, the providers they
    pickle by reference; it never configures them nor calls ICE. What only the provider's
    host needs (the kinds with their tables, rules and pydantic models; httpx and the
    client, the session with its tracker, the configuration, the host's widening) is
    imported there, on first use: about 0.35 s of CPU of every program."""
    loaded = _loaded_after(
        "from pulumi_ice_voice import CustomizedVoice, StandardCustomizedVoice, "
        "CosyVoiceCustomizedVoice, Speech"
    )
    host_only = {
        "pydantic",
        "icevoice",
        "pulumi_ice_voice._kinds",
        "pulumi_ice_voice._core.kinds",
        "pulumi_ice_voice._core.inputs",
        "pulumi_ice_voice._basic",
        "pulumi_ice_voice._editions",
        "pulumi_ice_voice._speech",
        "httpx",
        "icevoice._client",
        "pulumi_ice_voice._core.session",
        "pulumi_ice_voice._core.config",
        "pulumi_ice_voice._dynamic.host_pool",
    }
    assert not host_only & loaded, sorted(host_only & loaded)


def test_importing_the_kinds_builds_no_validator() -> None:
    """The kinds' pydantic models build their validators on first use (defer_build): a host
    that serves one resource type, or only answers the schema, builds no other's (about 0.1 s
    of CPU of all of them)."""
    code = (
        "import pulumi_ice_voice._kinds\n"
        "from pulumi_ice_voice._core.inputs import SpecBase\n"
        "from pulumi_ice_voice._core.records import StateBase\n"
        "def every(c):\n"
        "    for s in c.__subclasses__():\n"
        "        yield s\n"
        "        yield from every(s)\n"
        "models = [*every(SpecBase), *every(StateBase)]\n"
        "print(len(models), sorted(m.__name__ for m in models if m.__pydantic_complete__))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, built = done.stdout.split(" ", 1)
    assert int(count) >= 8 and built.strip() == "[]"
