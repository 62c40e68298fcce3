"""docs/_index.md and docs/installation-configuration.md, the pages the public Pulumi Registry
renders for the package: held to the Registry's documented rules and to the schema.

The Registry's lint (pulumi/registry, scripts/ci/community-package/doc_lint.py) refuses images
by relative path, raw HTML links by relative path and links to `.md` files, which break on its
pages; both pages need the front matter `title`, `meta_desc` and `layout: package`. The
overview shows an example in every language the schema has a section for (and YAML); the
installation page names every SDK package as the schema names it, the plugin's install
command at this version, every configuration key, and every environment variable the
provider reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from icevoice import __version__
from pulumi_ice_voice.plugin._schema import package_schema

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ("_index.md", "installation-configuration.md")
SCHEMA = package_schema(__version__)
# The Registry's patterns, each with the name its lint reports.
REGISTRY_LINT = {
    "relative-image": [
        re.compile(r'<img[^>]+src="(\.|/|[^h])'),
        re.compile(r"<img[^>]+src='(\.|/|[^h])"),
        re.compile(r"!\[[^\]]*\]\((\.|/)"),
    ],
    "raw-relative-link": [re.compile(r'<a[^>]+href="(\.|/)')],
    "md-suffixed-link": [re.compile(r"\]\((?!https?://)[^)]*\.md[)#]")],
    "relref": [re.compile(r"\{\{<\s*relref")],
}
REPO = Path(__file__).resolve().parents[2]
SOURCES_OF_ENVIRONMENT = (
    REPO / "sdk" / "icevoice" / "_credentials.py",
    *sorted((REPO / "provider" / "pulumi_ice_voice").rglob("*.py")),
)


def _page(name: str) -> tuple[dict[str, str], str]:
    text = (DOCS / name).read_text()
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, f"docs/{name} opens with front matter"
    return yaml.safe_load(match.group(1)), text[match.end() :]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_has_the_front_matter_the_registry_needs(name: str) -> None:
    front, body = _page(name)
    assert front["layout"] == "package"
    assert front["title"] and len(front["meta_desc"]) > 40
    assert body.strip()


@pytest.mark.parametrize("name", PAGES)
def test_a_page_passes_the_registrys_lint(name: str) -> None:
    findings = [
        (number, kind, line)
        for number, line in enumerate((DOCS / name).read_text().splitlines(), 1)
        for kind, patterns in REGISTRY_LINT.items()
        if any(p.search(line) for p in patterns)
    ]
    assert findings == []


def test_the_lint_catches_what_the_registry_refuses() -> None:
    """The patterns above are live: each bad line is found, a good one is not."""
    bad = [
        "![logo](./logo.png)",
        '<a href="./x">x</a>',
        "[setup](installation.md)",
        "{{< relref x >}}",
    ]
    good = "[setup](https://www.pulumi.com/registry/packages/icevoice/installation-configuration/)"
    flagged = [any(p.search(b) for ps in REGISTRY_LINT.values() for p in ps) for b in bad]
    assert flagged == [True] * len(bad)
    assert not any(p.search(good) for ps in REGISTRY_LINT.values() for p in ps)


def test_the_overview_has_an_example_in_every_language() -> None:
    _, body = _page("_index.md")
    fence_of = {"nodejs": "typescript"}  # the schema's language names as code fences name them
    expected = {fence_of.get(language, language) for language in SCHEMA["language"]} | {"yaml"}
    assert set(re.findall(r"^```(\w+)$", body, re.M)) >= expected
    for language in expected:
        assert f"{{{{% choosable language {language} %}}}}" in body


def test_the_examples_use_the_packages_as_the_schema_names_them() -> None:
    _, body = _page("_index.md")
    language = SCHEMA["language"]
    assert f'from "{language["nodejs"]["packageName"]}"' in body
    assert f"import {language['python']['packageName']} as icevoice" in body
    assert f'"{language["go"]["importBasePath"]}"' in body
    assert f"using {language['csharp']['rootNamespace']}.IceVoice;" in body
    assert f"import {language['java']['basePackage']}.icevoice.CustomizedVoice;" in body
    assert "type: icevoice:index:CustomizedVoice" in body


def test_the_installation_page_names_each_sdk_package_and_the_plugin_at_this_version() -> None:
    _, body = _page("installation-configuration.md")
    language = SCHEMA["language"]
    for name in (
        language["nodejs"]["packageName"],
        language["python"]["packageName"],
        language["go"]["importBasePath"],
        f"{language['csharp']['rootNamespace']}.IceVoice",
        f"{language['java']['basePackage']}:icevoice",
    ):
        assert f"`{name}`" in body, name
    assert f"pulumi plugin install resource icevoice {__version__}" in body
    assert SCHEMA["pluginDownloadURL"] in body
    assert f"pulumi-resource-icevoice-v{__version__}-linux-amd64.tar.gz" in body


def test_every_configuration_key_is_documented_and_secrets_marked() -> None:
    _, body = _page("installation-configuration.md")
    rows = dict(re.findall(r"^\| `icevoice:(\w+)` \| ([^|]+) \|", body, re.M))
    assert set(rows) == set(SCHEMA["config"]["variables"])
    for key, spec in SCHEMA["config"]["variables"].items():
        assert rows[key].startswith(spec["type"]), key
        assert ("secret" in rows[key]) == bool(spec.get("secret")), key


def test_every_environment_variable_the_provider_reads_is_documented() -> None:
    _, body = _page("installation-configuration.md")
    read = {
        name
        for source in SOURCES_OF_ENVIRONMENT
        for name in re.findall(
            r"\b(?:ALIBABA_CLOUD|ALICLOUD|PULUMI_ICE_VOICE)_[A-Z_]+\b", source.read_text()
        )
    }
    assert read, "the sources still name the variables they read"
    assert {name for name in read if f"`{name}`" not in body} == set()
