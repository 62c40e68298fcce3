"""Where the plugin and the SDKs generated from its schema are published, under which names.

The schema carries these (its metadata and its `language` sections), so every generated SDK
names its package, and its `pulumi-plugin.json` the plugin, its version and where the CLI
downloads it: the GitHub releases of the repository, whose assets `make dist` writes
(`pulumi-resource-icevoice-v<version>-<os>-<arch>.tar.gz`). tests/release holds the packages
in dist/ to these names.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DOTNET_NAMESPACE",
    "GO_IMPORT_PATH",
    "GO_MODULE",
    "JAVA_PACKAGE",
    "NODEJS_PACKAGE",
    "PLUGIN_DOWNLOAD_URL",
    "PYTHON_PACKAGE",
    "REPOSITORY",
    "languages",
    "metadata",
]

OWNER = "pulumi-ice-voice"
REPOSITORY = f"https://github.com/{OWNER}/pulumi-ice-voice"
PLUGIN_DOWNLOAD_URL = f"github://api.github.com/{OWNER}/pulumi-ice-voice"
"""The CLI's scheme for GitHub releases: asset `pulumi-resource-icevoice-v<v>-<os>-<arch>.tar.gz`
of the release tagged `v<v>`."""
PYTHON_PACKAGE = "pulumi_icevoice"
NODEJS_PACKAGE = f"@{OWNER}/icevoice"
GO_MODULE = f"github.com/{OWNER}/pulumi-ice-voice/sdk/go"
"""The Go SDK's module: its go.mod is sdk/go/go.mod of the repository at the tag `sdk/go/v<v>`."""
GO_IMPORT_PATH = f"{GO_MODULE}/icevoice"
JAVA_BASE_PACKAGE = "io.github.pulumiicevoice"
JAVA_PACKAGE = f"{JAVA_BASE_PACKAGE}.icevoice"
DOTNET_NAMESPACE = "PulumiIceVoice"


def metadata() -> dict[str, Any]:
    """The schema's top-level metadata of a published provider (the Registry reads it)."""
    return {
        "homepage": REPOSITORY,
        "repository": REPOSITORY,
        "pluginDownloadURL": PLUGIN_DOWNLOAD_URL,
        # The SDKs are packages of their own (pyproject.toml, package.json with a build, a Go
        # module with its go.mod), as `pulumi package gen-sdk` makes them for publishing.
        "meta": {"supportPack": True},
    }


def languages() -> dict[str, Any]:
    """The schema's `language` sections: each SDK's package name (the generators' own
    defaults for the Pulumi SDK each depends on)."""
    return {
        "csharp": {
            "rootNamespace": DOTNET_NAMESPACE,
            "namespaces": {"icevoice": "IceVoice"},
            "respectSchemaVersion": True,
        },
        "go": {
            "importBasePath": GO_IMPORT_PATH,
            "generateResourceContainerTypes": True,
            "respectSchemaVersion": True,
        },
        "java": {
            "basePackage": JAVA_BASE_PACKAGE,
            "buildFiles": "gradle",
        },
        "nodejs": {
            "packageName": NODEJS_PACKAGE,
            "respectSchemaVersion": True,
        },
        "python": {
            "packageName": PYTHON_PACKAGE,
            "pyproject": {"enabled": True},
            "respectSchemaVersion": True,
        },
    }
