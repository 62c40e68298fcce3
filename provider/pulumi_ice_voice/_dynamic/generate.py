"""Write resources.py: the dynamic provider's resource classes, made from the kinds' tables.

    python -m pulumi_ice_voice._dynamic.generate      (what `make docs` runs)

Each class gets an `...Args` dataclass, the two typed forms of its constructor, `get()`, and
a typed, documented attribute per property, all from the rows (`Input`, `Output`) that
`check`, the plugin's schema and the README's reference are made from. The file is checked
in; tests/dynamic/test_generated.py fails when it is stale.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .._core.inputs import Input, Output
from .._core.kinds import ResourceKind
from .._kinds import BASIC, COSY_VOICE, SPEECH, STANDARD

__all__ = ["TARGET", "formatted", "generated"]

TARGET = Path(__file__).with_name("resources.py")

_PYTHON = {
    "string": "str",
    "number": "float",
    "integer": "int",
    "boolean": "bool",
    "string list": "list[str]",
}
_INPUT = {
    "string": "pulumi.Input[str]",
    "number": "pulumi.Input[float]",
    "integer": "pulumi.Input[int]",
    "boolean": "pulumi.Input[bool]",
    "string list": "pulumi.Input[Sequence[pulumi.Input[str]]]",
}


@dataclass(frozen=True)
class DynamicDoc:
    """What only the dynamic resource's users read: an example, how to adopt instead of
    importing, and what its id is."""

    provider: str
    example: str
    adopt: str
    """The sentence of the import refusal that says what to declare instead."""
    adopt_example: str
    read_what: str


_EDITION_ADOPT = (
    "Declare it with voice_name set to its whole name in ICE and its gender (no audio: it is "
    "trained already):"
)

DOCS: dict[str, DynamicDoc] = {
    BASIC.name: DynamicDoc(
        provider="CustomizedVoiceProvider",
        example="""\
import pulumi
from pulumi_ice_voice import CustomizedVoice

bucket = "https://my-bucket.oss-cn-shanghai.aliyuncs.com"
voice = CustomizedVoice(
    "narrator",
    voice_name="Narrator",
    gender="female",
    scenario="story",
    recordings=[f"{bucket}/rec/{i}.wav" for i in range(1, 21)],
    demo_audio_media_url=f"{bucket}/demo/narrator.wav",
)
pulumi.export("voiceId", voice.voice_id)
pulumi.export("demoAudioUrl", voice.demo_audio_url)""",
        adopt=(
            "Declare the voice without import_, with voice_id={id!r} and the inputs it was "
            "trained with:"
        ),
        adopt_example="""\
CustomizedVoice("narrator", voice_id="narrator01", voice_name="Narrator",
                gender="female", scenario="story")""",
        read_what="voice by its voice id",
    ),
    STANDARD.name: DynamicDoc(
        provider="StandardCustomizedVoiceProvider",
        example="""\
from pulumi_ice_voice import StandardCustomizedVoice

anchor = StandardCustomizedVoice(
    "anchor",
    voice_name="Anchor",
    gender="male",
    audios=["<media id>", "<media id>", "<media id>"],  # 15-30 minutes in all
    authentication="<media id of the spoken consent>",
)""",
        adopt=_EDITION_ADOPT,
        adopt_example="""\
StandardCustomizedVoice("anchor", voice_name="<its whole name in ICE>", gender="male")""",
        read_what="Standard voice by the voice id ICE assigned",
    ),
    COSY_VOICE.name: DynamicDoc(
        provider="CosyVoiceCustomizedVoiceProvider",
        example="""\
from pulumi_ice_voice import CosyVoiceCustomizedVoice

host = CosyVoiceCustomizedVoice(
    "host", voice_name="Host", gender="female", audio="<media id>", model="cosyvoice-v3-plus"
)""",
        adopt=_EDITION_ADOPT,
        adopt_example="""\
CosyVoiceCustomizedVoice("host", voice_name="<its whole name in ICE>", gender="female")""",
        read_what="CosyVoice voice by the voice id ICE assigned",
    ),
    SPEECH.name: DynamicDoc(
        provider="SpeechProvider",
        example="""\
import pulumi
from pulumi_ice_voice import CustomizedVoice, Speech

narrator = CustomizedVoice("narrator", ...)
welcome = Speech(
    "welcome",
    text="Welcome aboard. Please fasten your seat belts.",
    customized_voice=narrator.voice_id,
    output_url="https://my-bucket.oss-cn-shanghai.aliyuncs.com/announcements/welcome.wav",
)
pulumi.export("welcomeUrl", welcome.audio_url)""",
        adopt="Declare it without import_, with the inputs it was made with (job {id!r}):",
        adopt_example="""\
Speech("welcome", text="...", customized_voice="narrator01", output_url="...")""",
        read_what="speech by its job id",
    ),
}
KINDS: tuple[ResourceKind, ...] = (BASIC, STANDARD, COSY_VOICE, SPEECH)


def generated() -> str:
    """The text of resources.py."""
    classes = "\n\n".join(_resource(kind, DOCS[kind.name]) for kind in KINDS)
    names = sorted(name for kind in KINDS for name in (kind.name, f"{kind.name}Args"))
    providers = ", ".join(sorted(DOCS[kind.name].provider for kind in KINDS))
    exported = "".join(f'    "{name}",\n' for name in names)
    return f'''"""The dynamic provider's resources. GENERATED by `make docs`
(pulumi_ice_voice._dynamic.generate) from the kinds' tables: edit those, not this file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import pulumi

from .._provider import {providers}
from .resource import DynamicResource

__all__ = [
{exported}]


{classes}'''


def _resource(kind: ResourceKind, doc: DynamicDoc) -> str:
    return f"{_args(kind)}\n\n{_class(kind, doc)}"


def _args(kind: ResourceKind) -> str:
    fields = "".join(_field(row) for row in kind.inputs.rows)
    return (
        f'''@dataclass(kw_only=True)
class {kind.name}Args:
    """The inputs of a {kind.name}."""

{fields}'''.rstrip()
        + "\n"
    )


def _field(row: Input) -> str:
    return f"    {row.name}: {_annotation(row)}\n{_docstring(row.description, 4)}"


def _annotation(row: Input) -> str:
    """The input's type, with its default (`= None` when it is optional)."""
    typed = row.python_type or _INPUT[row.type]
    if row.required:
        return typed
    if row.default is not None:
        return f"{typed} = {row.default!r}"
    return f"{typed} | None = None"


def _class(kind: ResourceKind, doc: DynamicDoc) -> str:
    rows = {row.name: row for row in kind.inputs.rows}
    attributes = [
        f"        {row.name}: pulumi.Output[{_output_type(row, kind)}]\n"
        + _docstring(row.description, 8)
        for row in kind.inputs.rows
    ]
    attributes += [
        f"        {out.name}: pulumi.Output[{_output_type(out, kind)}]\n"
        + _docstring(out.description, 8)
        for out in kind.outputs
        if out.name not in rows
    ]
    keywords = "".join(f"        {row.name}: {_annotation(row)},\n" for row in kind.inputs.rows)
    description = _docstring(
        f"{kind.description}\n\n## Example Usage\n\n```python\n{doc.example}\n```\n\n"
        f"## Import\n\n`ResourceOptions(import_=...)` cannot work with a dynamic provider. "
        f"{doc.adopt.format(id='<voice id>')}\n\n```python\n{doc.adopt_example}\n```\n\n"
        f"or read it without managing it: `{kind.name}.get(name, id)`.",
        4,
    )
    return f'''class {kind.name}(DynamicResource, module="ice", name="{kind.name}"):
{description}
    _dynamic_provider = {doc.provider}()
    _args_type = {kind.name}Args
    _adopt_hint = {_string(doc.adopt, 4)}
    _output_names = {_names(out.name for out in kind.outputs)}
    _input_names = {_names(kind.inputs.names)}
    _required_inputs = {_names(kind.inputs.required)}

    # For type checkers only: pulumi evaluates a resource class's annotations again for
    # every resource it registers (pulumi._types.resource_types, not cached), a third of a
    # 1,000-voice program's time; these outputs are plain values, which need no types.
    if TYPE_CHECKING:
{"".join(attributes)}
    @overload
    def __init__(
        self,
        resource_name: str,
        args: {kind.name}Args,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
{keywords}    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """``{kind.name}(name, {kind.name}Args(...), opts)`` or
        ``{kind.name}(name, opts, <inputs as keywords>)``, never both."""
        self._construct(resource_name, args, kwargs)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> {kind.name}:
        """Read an existing {doc.read_what}, without managing it."""
        resource: {kind.name} = {kind.name}._read(resource_name, id, opts)
        return resource
'''


def _names(names: Iterable[str]) -> str:
    """A tuple of names as Python (ruff format wraps it)."""
    listed = ", ".join(repr(name) for name in names)
    return f"({listed},)" if listed else "()"


def _output_type(prop: Input | Output, kind: ResourceKind) -> str:
    """The output's type: optional unless every resource of the kind has it."""
    if isinstance(prop, Input) and prop.python_type is not None:
        return "Any"  # Pulumi checks an Output's type at run time, and takes no union
    typed = _PYTHON[prop.type]
    if isinstance(prop, Input):
        always = prop.required or prop.default is not None or prop.name == kind.inputs.identity
    else:
        always = prop.always
    return typed if always else f"{typed} | None"


def _docstring(text: str, indent: int) -> str:
    """``text`` as a docstring at ``indent`` spaces: prose wrapped at 100 columns, fenced
    code as it is."""
    pad = " " * indent
    lines: list[str] = []
    prose: list[str] = []
    in_code = False

    def flush() -> None:
        if prose:
            wrapped = textwrap.wrap(" ".join(prose), width=100 - 3 - indent)
            lines.extend(f"{pad}{line}" for line in wrapped)
            prose.clear()

    for line in text.splitlines():
        if line.startswith("```"):
            flush()
            in_code = not in_code
            lines.append(f"{pad}{line}")
        elif in_code:
            lines.append(f"{pad}{line}" if line else "")
        elif not line.strip():
            flush()
            lines.append("")
        else:
            prose.append(line.strip())
    flush()
    body = "\n".join(lines).replace("\\", "\\\\").lstrip()
    if len(lines) == 1 and len(lines[0]) + 6 <= 100:
        return f'{pad}"""{body}"""\n'
    return f'{pad}"""{body}\n{pad}"""\n'


def _string(text: str, indent: int) -> str:
    """``text`` as a Python string expression that fits in 100 columns."""
    if len(text) + indent < 90:
        return repr(text)
    parts = textwrap.wrap(text, width=80, drop_whitespace=False)
    inner = "".join(f"\n{' ' * (indent + 4)}{part!r}" for part in parts)
    return f"({inner}\n{' ' * indent})"


def formatted(source: str) -> str:
    """``source`` as `ruff format` (the project's formatter) writes it."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main() -> None:
    TARGET.write_text(formatted(generated()))


if __name__ == "__main__":
    main()
