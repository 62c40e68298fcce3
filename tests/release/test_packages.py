"""What dist/ holds, read in-process: each artifact has the layout its installer expects and
the names the schema gives it, every SDK's pulumi-plugin.json names the plugin, its version
and where to download it, and the checksums file covers everything."""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from pulumi_ice_voice.plugin._packages import GO_MODULE, PLUGIN_DOWNLOAD_URL, REPOSITORY
from pulumi_ice_voice.plugin._schema import package_schema
from scripts.dist import PLATFORMS, release_assets
from tests.support.release import DIST


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(json.loads((DIST / "schema.json").read_text()))


def _tar(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as archive:
        return {
            m.name: archive.extractfile(m).read()  # type: ignore[union-attr]
            for m in archive.getmembers()
            if m.isfile()
        }


def _zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def _plugin_json(version: str) -> dict[str, Any]:
    return {"resource": True, "name": "icevoice", "version": version, "server": PLUGIN_DOWNLOAD_URL}


def test_the_schema_in_dist_is_the_plugins_with_a_published_providers_metadata(
    schema: dict[str, Any], version: str
) -> None:
    assert schema == package_schema(version)
    assert (schema["repository"], schema["pluginDownloadURL"]) == (REPOSITORY, PLUGIN_DOWNLOAD_URL)
    assert schema["license"] == "Apache-2.0" and schema["publisher"] and schema["keywords"]
    assert set(schema["language"]) == {"csharp", "go", "java", "nodejs", "python"}


def test_each_platforms_plugin_archive_installs_the_wheel_through_a_python_plugin_project(
    version: str,
) -> None:
    archives = {
        p: _tar(DIST / f"pulumi-resource-icevoice-v{version}-{p}.tar.gz") for p in PLATFORMS
    }
    contents = list(archives.values())
    assert all(files == contents[0] for files in contents), "one pure-Python plugin for all"
    files = contents[0]
    wheel = f"pulumi_ice_voice-{version}-py3-none-any.whl"
    assert set(files) == {"PulumiPlugin.yaml", "__main__.py", "requirements.txt", "LICENSE", wheel}
    assert files[wheel] == (DIST / wheel).read_bytes()
    project = yaml.safe_load(files["PulumiPlugin.yaml"])
    assert project["runtime"] == {"name": "python", "options": {"virtualenv": "venv"}}
    requirements = files["requirements.txt"].decode().splitlines()
    assert requirements[0] == f"./{wheel}[emulator,credentials]"
    assert "from pulumi_ice_voice.plugin import main" in files["__main__.py"].decode()


def test_the_dynamic_providers_package_says_it_has_no_plugin(version: str) -> None:
    files = _zip(DIST / f"pulumi_ice_voice-{version}-py3-none-any.whl")
    assert json.loads(files["pulumi_ice_voice/pulumi-plugin.json"]) == {"resource": False}


def test_the_python_sdk_wheel(schema: dict[str, Any], version: str) -> None:
    package = schema["language"]["python"]["packageName"]
    files = _zip(DIST / f"{package}-{version}-py3-none-any.whl")
    assert json.loads(files[f"{package}/pulumi-plugin.json"]) == _plugin_json(version)
    assert f"{package}/customized_voice.py" in files and f"{package}/py.typed" in files
    metadata = files[f"{package}-{version}.dist-info/METADATA"].decode()
    assert f"\nVersion: {version}\n" in metadata
    assert (DIST / f"{package}-{version}.tar.gz").is_file()


def test_the_nodejs_sdk_tarball_is_compiled_with_declarations(
    schema: dict[str, Any], version: str
) -> None:
    package = schema["language"]["nodejs"]["packageName"]
    tarball = DIST / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
    files = _tar(tarball)
    manifest = json.loads(files["package/package.json"])
    assert (manifest["name"], manifest["version"]) == (package, version)
    assert manifest["pulumi"] == _plugin_json(version)
    for module in ("index", "customizedVoice", "standardCustomizedVoice", "provider"):
        assert f"package/{module}.js" in files and f"package/{module}.d.ts" in files
    assert not any(name.endswith(".ts") and not name.endswith(".d.ts") for name in files)


def test_the_go_sdk_is_a_module_as_the_proxy_serves_it(
    schema: dict[str, Any], version: str, clean_cli: Any
) -> None:
    import_path = schema["language"]["go"]["importBasePath"]
    assert import_path.rsplit("/", 1)[0] == GO_MODULE
    served = DIST / "go" / GO_MODULE / "@v"
    assert (served / "list").read_text().split() == [f"v{version}"]
    assert json.loads((served / f"v{version}.info").read_text())["Version"] == f"v{version}"
    files = _zip(served / f"v{version}.zip")
    prefix = f"{GO_MODULE}@v{version}/"
    assert all(name.startswith(prefix) for name in files)
    go_mod = files[prefix + "go.mod"].decode()
    assert go_mod == (served / f"v{version}.mod").read_text()
    assert re.search(rf"^module {re.escape(GO_MODULE)}$", go_mod, re.M)
    assert f"github.com/pulumi/pulumi/sdk/v3 {clean_cli.version}" in go_mod
    assert prefix + "go.sum" in files and prefix + "LICENSE" in files
    plugin = json.loads(files[prefix + "icevoice/pulumi-plugin.json"])
    assert plugin == _plugin_json(version)


def test_the_java_sdk_jar_is_compiled_and_names_its_plugin(
    schema: dict[str, Any], version: str
) -> None:
    base = schema["language"]["java"]["basePackage"].replace(".", "/")
    files = _zip(DIST / f"icevoice-{version}.jar")
    assert f"{base}/icevoice/CustomizedVoice.class" in files
    assert json.loads(files[f"{base}/icevoice/plugin.json"]) == _plugin_json(version)
    assert files[f"{base}/icevoice/version.txt"].decode() == version
    sources = _zip(DIST / f"icevoice-{version}-sources.jar")
    assert f"{base}/icevoice/CustomizedVoice.java" in sources
    pom = (DIST / f"icevoice-{version}.pom").read_text()
    assert f"<version>{version}</version>" in pom


def test_the_csharp_sdk_source_names_its_package_and_plugin(
    schema: dict[str, Any], version: str
) -> None:
    name = f"{schema['language']['csharp']['rootNamespace']}.IceVoice"
    files = _tar(DIST / f"{name}-{version}-source.tar.gz")
    root = f"{name}-{version}-source/"
    assert f"<Version>{version}</Version>" in files[f"{root}{name}.csproj"].decode()
    assert json.loads(files[f"{root}pulumi-plugin.json"]) == _plugin_json(version)
    assert files[f"{root}logo.png"].startswith(b"\x89PNG")
    assert f"namespace {name}" in files[f"{root}CustomizedVoice.cs"].decode()


def test_the_checksums_file_covers_every_artifact(manifest: dict[str, Any], version: str) -> None:
    listed = {}
    for line in (DIST / f"pulumi-ice-voice-v{version}-checksums.txt").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    on_disk = {
        p.relative_to(DIST).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in DIST.rglob("*")
        if p.is_file() and p.name != "manifest.json" and not p.name.endswith("-checksums.txt")
    }
    assert listed == on_disk
    assert set(manifest["sizes"]) == {*on_disk, f"pulumi-ice-voice-v{version}-checksums.txt"}


def test_dist_holds_exactly_the_release_assets_the_workflow_releases(version: str) -> None:
    """(tests/examples/test_release_workflow.py holds the workflow to release_assets.)"""
    files = {p.name for p in DIST.iterdir() if p.is_file()} - {"manifest.json"}
    assert files == set(release_assets(version))
