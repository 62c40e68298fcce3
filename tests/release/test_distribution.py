"""Release hygiene: the wheel and sdist `make dist` wrote install and import cleanly alone.

They are dist/'s (the conftest checks dist/ is current), installed into the tier's fresh
virtualenv (no system site-packages, no editable install of this checkout), their
dependencies from the package index, as a user would get them.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.support.release import DIST

REPO = Path(__file__).resolve().parents[2]
# pyproject.toml is read with tomllib, in the standard library from Python 3.11.
tomllib = pytest.importorskip("tomllib")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
# The version is written once, in icevoice/_version.py; pyproject.toml reads it from there.
VERSION = ast.literal_eval(
    re.search(r"__version__\s*=\s*(.+)", (REPO / "sdk/icevoice/_version.py").read_text()).group(1)  # type: ignore[union-attr]
)
PACKAGES = ("icevoice", "pulumi_ice_voice", "ice_emulator")


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(version: str) -> dict[str, Path]:
    """The one wheel and the one sdist of pulumi-ice-voice in dist/."""
    assert version == VERSION, "dist/manifest.json names the version of icevoice/_version.py"
    [wheel] = DIST.glob("pulumi_ice_voice-*.whl")
    [sdist] = DIST.glob("pulumi_ice_voice-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def fresh_python(release_python: Path) -> Path:
    return release_python


def test_build_makes_a_wheel_and_an_sdist_of_the_pyproject_version(dist: dict[str, Path]) -> None:
    assert dist["wheel"].name == f"pulumi_ice_voice-{VERSION}-py3-none-any.whl"
    assert dist["sdist"].name == f"pulumi_ice_voice-{VERSION}.tar.gz"


def test_wheel_ships_the_three_packages_typed_with_license_and_metadata(
    dist: dict[str, Path],
) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = wheel.namelist()
        info = f"pulumi_ice_voice-{VERSION}.dist-info"
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    top_level = {name.split("/", 1)[0] for name in names if not name.startswith(info)}
    assert top_level == set(PACKAGES), "nothing but the three packages (no tests/, examples/)"
    for package in PACKAGES:
        assert f"{package}/py.typed" in names
        assert f"{package}/__init__.py" in names
    assert any(n.startswith(f"{info}/") and n.rsplit("/", 1)[-1] == "LICENSE" for n in names)
    assert metadata["Name"] == "pulumi-ice-voice"
    assert metadata["Version"] == VERSION
    assert metadata.get("License-Expression") == "Apache-2.0"
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])
    assert metadata["Requires-Python"] == PYPROJECT["requires-python"]
    assert "make up" in metadata.get_payload(), "the README is the long description"
    assert "ice-emulator = ice_emulator.__main__:main" in entry_points


def test_sdist_carries_sources_license_changelog_and_typing_markers(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "LICENSE"} <= names
    for directory in ("sdk/icevoice", "provider/pulumi_ice_voice", "emulator/ice_emulator"):
        assert f"{directory}/py.typed" in names
        assert f"{directory}/__init__.py" in names


def test_wheel_installs_into_a_fresh_virtualenv_and_imports_cleanly(fresh_python: Path) -> None:
    probe = (
        "import importlib.metadata, json, icevoice, pulumi_ice_voice, ice_emulator\n"
        "print(json.dumps({'files': [m.__file__ for m in "
        "(icevoice, pulumi_ice_voice, ice_emulator)],"
        " 'version': importlib.metadata.version('pulumi-ice-voice'),"
        " 'icevoice': icevoice.__version__,"
        " 'voice': pulumi_ice_voice.CustomizedVoice.__name__,"
        " 'server': ice_emulator.EmulatorServer.__name__}))\n"
    )
    # -W error: a warning at import time (deprecations included) is a failure.
    result = _run(fresh_python, "-W", "error", "-I", "-c", probe, cwd=fresh_python.parent)
    report = json.loads(result.stdout)
    site = str(fresh_python.parent.parent)
    assert all(path.startswith(site) for path in report["files"]), (
        "imported from the new env, not the checkout"
    )
    assert report["version"] == VERSION
    assert report["icevoice"] == VERSION, "icevoice.__version__ agrees with pyproject.toml"
    assert (report["voice"], report["server"]) == ("CustomizedVoice", "EmulatorServer")


def test_installed_emulator_command_runs(fresh_python: Path) -> None:
    result = _run(fresh_python.parent / "ice-emulator", "--help", cwd=fresh_python.parent)
    assert "--training-seconds" in result.stdout


def test_wheel_ships_the_policy_pack_its_command_and_its_extra(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        info = f"pulumi_ice_voice-{VERSION}.dist-info"
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    pack = "pulumi_ice_voice/policy"
    assert {f"{pack}/PulumiPolicy.yaml", f"{pack}/__main__.py", f"{pack}/__init__.py"} <= names
    assert "pulumi-ice-voice-policy = pulumi_ice_voice.policy:main" in entry_points
    assert "policy" in metadata.get_all("Provides-Extra", [])
    assert any(
        r.startswith("pulumi-policy") and 'extra == "policy"' in r
        for r in metadata.get_all("Requires-Dist", [])
    )


def test_installed_policy_command_says_what_to_install_without_the_extra(
    fresh_python: Path,
) -> None:
    command = fresh_python.parent / "pulumi-ice-voice-policy"
    done = subprocess.run([str(command)], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert "pip install 'pulumi-ice-voice[policy]'" in done.stderr
