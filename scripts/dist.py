"""`make dist`: every release artifact of the version in icevoice._version, into dist/.

    .venv/bin/python scripts/dist.py          (what `make dist` runs)
    python3 scripts/dist.py --version         the version it makes (icevoice._version)

What it writes (V is the version), each proven from dist/ alone by tests/release:

    pulumi_ice_voice-V-py3-none-any.whl, .tar.gz        the dynamic provider, the client, the
                                                       emulator (PyPI: pulumi-ice-voice)
    pulumi-resource-icevoice-vV-<os>-<arch>.tar.gz     the plugin, for linux-amd64, linux-arm64,
                                                       darwin-amd64, darwin-arm64, windows-amd64
    schema.json                                        the plugin's package schema
    pulumi_icevoice-V-py3-none-any.whl, .tar.gz        the generated Python SDK
    pulumi-ice-voice-icevoice-V.tgz                    the generated Node.js SDK (npm pack:
                                                       compiled JavaScript and .d.ts)
    go/                                                the generated Go SDK as the Go module proxy
                                                       serves a module (GOPROXY=file://.../go)
    icevoice-V.jar, -sources.jar, .pom                 the generated Java SDK, compiled
    PulumiIceVoice.IceVoice-V-source.tar.gz            the generated C# SDK, as source (no .NET
                                                       SDK here to build its NuGet package)
    pulumi-ice-voice-vV-checksums.txt                  sha256 of every file above
    manifest.json                                      version, source digest, sizes

The plugin is Python: each archive holds a PulumiPlugin.yaml (`runtime: python`), the wheel
and a requirements.txt naming it, which the CLI's Python language host installs into a
virtualenv of the plugin's own at `pulumi plugin install` (the README says why). The SDKs
are made by the CLI's own generators (`pulumi package gen-sdk`) through the language hosts
scripts/pulumi-from-source.sh builds.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64")
# What the source digest covers: everything the artifacts are made of.
BUILDS_AT_ONCE = 3  # on 2 cores: one more than the cores, for the builds' waits on pip and disk
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "sdk", "provider", "emulator", "scripts")
PLUGIN_EXTRAS = "emulator,credentials"
"""The plugin's own virtualenv gets the embedded emulator (`icevoice:endpoint: embedded`) and
the Alibaba Cloud credential chain (OIDC/RRSA, profiles, RAM roles)."""
PLUGIN_PULUMI = "pulumi>=3.230,<4"
"""The plugin serves pulumi.provider.experimental, whose cancel() came in 3.230."""


def run(args: Sequence[str | Path], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout. A failure raises with everything it printed."""
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(
            f"dist: `{' '.join(map(str, args))}` failed in {cwd}:\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def version() -> str:
    text = (ROOT / "sdk" / "icevoice" / "_version.py").read_text()
    found = re.search(r"__version__\s*=\s*[\"']([^\"']+)", text)
    assert found, "sdk/icevoice/_version.py names no __version__"
    return found.group(1)


def source_digest(root: Path = ROOT) -> str:
    """sha256 of the files the artifacts are made from (tests/release: is dist/ current?)."""
    digest = hashlib.sha256()
    for top in SOURCES:
        path = root / top
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(root)).encode() + b"\0")
                digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def source_epoch() -> int:
    """The timestamp archives record: the last commit's (reproducible for one commit)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    done = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    )
    return int(done.stdout.strip() or 0)


# -- the Python distribution and the plugin ----------------------------------------------------


def python_distribution(out: Path) -> Path:
    """The wheel and sdist of pulumi-ice-voice; the wheel's path."""
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=ROOT)
    [wheel] = out.glob("pulumi_ice_voice-*.whl")
    return wheel


def plugin_files(wheel: Path) -> dict[str, bytes]:
    """What `pulumi plugin install resource icevoice V --file <archive>` unpacks."""
    requirements = f"./{wheel.name}[{PLUGIN_EXTRAS}]\n{PLUGIN_PULUMI}\n"
    return {
        # The CLI runs `python <plugin dir>` in the plugin's virtualenv (`venv`, which its
        # Python host creates at install and fills from requirements.txt).
        "PulumiPlugin.yaml": b"runtime:\n  name: python\n  options:\n    virtualenv: venv\n",
        "__main__.py": b"from pulumi_ice_voice.plugin import main\n\nmain()\n",
        "requirements.txt": requirements.encode(),
        wheel.name: wheel.read_bytes(),
        "LICENSE": (ROOT / "LICENSE").read_bytes(),
    }


def write_tar_gz(path: Path, files: dict[str, bytes], epoch: int, prefix: str = "") -> None:
    """A reproducible .tar.gz: sorted entries, one timestamp, no owners."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(prefix + name)
            info.size, info.mtime, info.mode = len(files[name]), epoch, 0o644
            tar.addfile(info, io.BytesIO(files[name]))
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=epoch) as gz,
    ):
        gz.write(buffer.getvalue())


def plugin_archives(out: Path, wheel: Path, v: str, epoch: int) -> None:
    """One archive per platform; the same pure-Python content in each (README: why)."""
    files = plugin_files(wheel)
    for platform in PLATFORMS:
        write_tar_gz(out / f"pulumi-resource-icevoice-v{v}-{platform}.tar.gz", files, epoch)


# -- the SDKs ------------------------------------------------------------------------------------


class Cli:
    """The CLI scripts/pulumi-from-source.sh builds, with a PULUMI_HOME of the build's own."""

    def __init__(self, home: Path) -> None:
        script = ROOT / "scripts" / "pulumi-from-source.sh"
        self.bin = Path(run(["bash", script], cwd=ROOT).strip().splitlines()[-1])
        env = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_")}
        env.update(
            PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
            PULUMI_HOME=str(home),
            PULUMI_SKIP_UPDATE_CHECK="true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        )
        self.env = env
        self.version = run([self.bin / "pulumi", "version"], cwd=ROOT, env=env).strip()

    def gen_sdk(self, schema: Path, language: str, out: Path) -> Path:
        out.mkdir(parents=True, exist_ok=True)
        run(
            [
                self.bin / "pulumi",
                "package",
                "gen-sdk",
                schema,
                "--language",
                language,
                "--out",
                out,
            ],
            cwd=out.parent,
            env=self.env,
        )
        return out / language


def python_sdk(cli: Cli, schema: Path, work: Path, out: Path) -> None:
    source = cli.gen_sdk(schema, "python", work)
    # No build isolation: setuptools comes from this virtualenv, nothing from the index.
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source], cwd=source)


def nodejs_sdk(cli: Cli, schema: Path, work: Path, out: Path) -> None:
    """Compiled with the pinned TypeScript (scripts/nodejs-deps.sh), packed from bin/ with its
    package.json, as Pulumi's own providers publish theirs."""
    source = cli.gen_sdk(schema, "nodejs", work)
    modules = Path(run(["bash", ROOT / "scripts" / "nodejs-deps.sh"], cwd=ROOT).split()[-1])
    (source / "node_modules").symlink_to(modules, target_is_directory=True)
    run(["node", modules / "typescript" / "bin" / "tsc", "-p", source], cwd=source)
    (source / "node_modules").unlink()
    built = source / "bin"
    for name in ("package.json", "README.md"):
        shutil.copy2(source / name, built / name)
    shutil.copy2(ROOT / "LICENSE", built / "LICENSE")
    run(["npm", "pack", "--pack-destination", out, "--loglevel=error"], cwd=built)


def go_sdk(cli: Cli, schema: Path, work: Path, out: Path, v: str) -> None:
    """Vetted and built against the sdk/v3 of the CLI's own version (the one the proxy serves
    with all its dependencies), then laid out as the Go module proxy serves a module."""
    source = cli.gen_sdk(schema, "go", work)
    shutil.copy2(ROOT / "LICENSE", source / "LICENSE")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local", "CGO_ENABLED": "0"}
    run(
        ["go", "mod", "edit", f"-require=github.com/pulumi/pulumi/sdk/v3@{cli.version}"], cwd=source
    )
    for command in (["mod", "tidy"], ["vet", "./..."], ["build", "./..."]):
        run(["go", *command], cwd=source, env=env)
    module = re.search(r"^module\s+(\S+)", (source / "go.mod").read_text(), re.M)
    assert module, "the generated go.mod names no module"
    write_go_module(out / "go", module.group(1), f"v{v}", source, source_epoch())


def write_go_module(proxy: Path, module: str, v: str, source: Path, epoch: int) -> None:
    """``module`` at version ``v`` as a GOPROXY directory: @v/list, .info, .mod, .zip."""
    escaped = re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), module)
    versions = proxy / escaped / "@v"
    versions.mkdir(parents=True)
    (versions / "list").write_text(f"{v}\n")
    when = f"{datetime.fromtimestamp(epoch, tz=timezone.utc):%Y-%m-%dT%H:%M:%SZ}"
    (versions / f"{v}.info").write_text(json.dumps({"Version": v, "Time": when}) + "\n")
    shutil.copy2(source / "go.mod", versions / f"{v}.mod")
    with zipfile.ZipFile(versions / f"{v}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in source.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{module}@{v}/{file.relative_to(source).as_posix()}")
            info.date_time, info.compress_type = (1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes())


def java_sdk(cli: Cli, schema: Path, work: Path, out: Path, v: str) -> None:
    """Compiled by Maven (the generated Gradle build needs a Gradle these machines lack) with
    the dependencies and the resources that build declares."""
    source = cli.gen_sdk(schema, "java", work)
    gradle = (source / "build.gradle").read_text()
    group = re.search(r'^group = "([^"]+)"', gradle, re.M)
    assert group, "the generated build.gradle names no group"
    dependencies = re.findall(r'implementation\("([^:"]+):([^:"]+):([^"]+)"\)', gradle)
    package = json.loads(schema.read_text())
    resources = source / "src" / "main" / "resources" / group.group(1).replace(".", "/")
    resources = resources / package["name"]
    resources.mkdir(parents=True)
    (resources / "version.txt").write_text(v)
    plugin = {"resource": True, "name": package["name"], "version": v}
    if package.get("pluginDownloadURL"):
        plugin["server"] = package["pluginDownloadURL"]
    (resources / "plugin.json").write_text(json.dumps(plugin, indent=2))
    (source / "pom.xml").write_text(_pom(group.group(1), package["name"], v, dependencies))
    run(["mvn", "-q", "-B", "package", "-DskipTests"], cwd=source)
    target = source / "target"
    for name in (f"{package['name']}-{v}.jar", f"{package['name']}-{v}-sources.jar"):
        shutil.copy2(target / name, out / name)
    shutil.copy2(source / "pom.xml", out / f"{package['name']}-{v}.pom")


_MAVEN_PLUGINS = {
    "maven-compiler-plugin": "3.13.0",
    "maven-resources-plugin": "3.3.1",
    "maven-jar-plugin": "3.4.2",
    "maven-source-plugin": "3.3.1",
}


def _pom(group: str, artifact: str, v: str, dependencies: list[tuple[str, str, str]]) -> str:
    deps = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
        f"<version>{dv}</version></dependency>"
        for g, a, dv in dependencies
    )
    plugins = "".join(
        f"<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>{name}</artifactId>"
        f"<version>{pv}</version>"
        + (
            "<executions><execution><id>sources</id><goals><goal>jar-no-fork</goal></goals>"
            "</execution></executions>"
            if name == "maven-source-plugin"
            else ""
        )
        + "</plugin>"
        for name, pv in _MAVEN_PLUGINS.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{v}</version>"
        "<packaging>jar</packaging><properties><maven.compiler.release>11</maven.compiler.release>"
        "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>"
        f"<dependencies>{deps}</dependencies><build><plugins>{plugins}</plugins></build>"
        "</project>\n"
    )


def dotnet_sdk(cli: Cli, schema: Path, work: Path, out: Path, v: str) -> None:
    """The C# SDK as source. Its generator downloads the package icon from the schema's
    logoUrl (by default an image on GitHub, which these machines cannot reach), so this build
    serves one of its own on loopback: a plain square, made here."""
    work.mkdir(parents=True, exist_ok=True)
    with serving(_square_png(64, (0x2D, 0x6C, 0xDF))) as logo_url:
        spec = json.loads(schema.read_text())
        spec["logoUrl"] = logo_url
        with_logo = work / "schema-dotnet.json"
        with_logo.write_text(json.dumps(spec))
        source = cli.gen_sdk(with_logo, "dotnet", work)
    [project] = source.glob("*.csproj")
    files = {
        p.relative_to(source).as_posix(): p.read_bytes() for p in source.rglob("*") if p.is_file()
    }
    name = f"{project.stem}-{v}-source"
    write_tar_gz(out / f"{name}.tar.gz", files, source_epoch(), prefix=f"{name}/")


def _square_png(size: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\0" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


@contextmanager
def serving(body: bytes) -> Iterator[str]:
    """An HTTP server on loopback answering every GET with ``body``; its URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/logo.png"
    finally:
        server.shutdown()
        server.server_close()


# -- the whole ---------------------------------------------------------------------------------


def checksums(out: Path, v: str) -> None:
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(out).as_posix()}\n"
        for p in sorted(out.rglob("*"))
        if p.is_file()
    ]
    (out / f"pulumi-ice-voice-v{v}-checksums.txt").write_text("".join(lines))


def manifest(out: Path, v: str) -> dict[str, Any]:
    sizes = {
        p.relative_to(out).as_posix(): p.stat().st_size
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }
    record = {"version": v, "sources": source_digest(), "sizes": sizes}
    (out / "manifest.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def release_assets(v: str) -> list[str]:
    """The files of dist/ a GitHub release of ``v`` carries (all but the manifest and the Go
    module, which the tag `sdk/go/v<v>` publishes)."""
    python = [
        f"{name}-{v}{ext}"
        for name in ("pulumi_ice_voice", "pulumi_icevoice")
        for ext in ("-py3-none-any.whl", ".tar.gz")
    ]
    return sorted(
        [f"pulumi-resource-icevoice-v{v}-{platform}.tar.gz" for platform in PLATFORMS]
        + python
        + [
            "schema.json",
            f"pulumi-ice-voice-icevoice-{v}.tgz",
            f"icevoice-{v}.jar",
            f"icevoice-{v}-sources.jar",
            f"icevoice-{v}.pom",
            f"PulumiIceVoice.IceVoice-{v}-source.tar.gz",
            f"pulumi-ice-voice-v{v}-checksums.txt",
        ]
    )


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # the release workflow checks its tag against it
        print(version())
        return
    v, out = version(), ROOT / "dist"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    with tempfile.TemporaryDirectory(prefix="pulumi-ice-voice-dist-") as scratch:
        work = Path(scratch)
        cli = Cli(work / "pulumi-home")
        schema = out / "schema.json"
        plugin = ROOT / ".venv" / "bin" / "pulumi-resource-icevoice"
        schema.write_text(run([plugin, "--schema"], cwd=ROOT))
        # Independent builds, each in its own directory: most of each is a compiler or pip
        # (tsc, javac, go vet, build's isolated virtualenv), so two at once halve the wait.
        builds: list[Callable[[], object]] = [
            lambda: plugin_archives(out, python_distribution(out), v, source_epoch()),
            lambda: python_sdk(cli, schema, work / "python", out),
            lambda: nodejs_sdk(cli, schema, work / "nodejs", out),
            lambda: go_sdk(cli, schema, work / "go", out, v),
            lambda: java_sdk(cli, schema, work / "java", out, v),
            lambda: dotnet_sdk(cli, schema, work / "dotnet", out, v),
        ]
        with ThreadPoolExecutor(BUILDS_AT_ONCE) as pool:
            for done in [pool.submit(build) for build in builds]:
                done.result()  # the first failure, in this order, with what it printed
    checksums(out, v)
    for name, size in manifest(out, v)["sizes"].items():
        print(f"{size:>10,}  dist/{name}")


if __name__ == "__main__":
    main()
