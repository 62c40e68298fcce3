"""The `icevoice` provider plugin: ICE customized voices for every Pulumi language.

    pulumi-resource-icevoice <engine address>    what the Pulumi CLI runs
    pulumi-resource-icevoice --schema            the package schema (JSON)
    pulumi-resource-icevoice --reference         the resource and function reference (Markdown)

The console script is installed with the package; the CLI finds it through Pulumi.yaml
(`plugins: providers: [{name: icevoice, path: <dir of the script>}]`) or in its plugin
cache (`pulumi plugin install resource icevoice <version> --file <the script>`).
"""

from __future__ import annotations

import json
import sys

from icevoice import __version__

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--schema"]:
        from ._schema import package_schema

        print(json.dumps(package_schema(__version__), indent=2))
        return
    if args[:1] == ["--reference"]:
        from ._reference import reference

        print(reference(), end="")
        return
    from ._server import serve

    serve(args, __version__)


if __name__ == "__main__":
    main()
