"""Cloned voices trained by Alibaba Cloud ICE, as Pulumi resources of the dynamic provider:
`CustomizedVoice` (basic edition) here, `StandardCustomizedVoice` and
`CosyVoiceCustomizedVoice` in _edition_resources. What they share is `_DynamicVoice`: the two
forms of the constructor, `get()`, autonaming, and the refusal of `import_`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar, overload

import pulumi
import pulumi.dynamic

from ._inputs import DEFAULT_TRAINING_TIMEOUT
from ._kinds import BASIC, Kind
from ._provider import CustomizedVoiceProvider

__all__ = ["CustomizedVoice", "CustomizedVoiceArgs"]

#: The 20 recordings: OSS URLs in order, or a map of audio record id ("1".."20") to URL.
Recordings = (
    pulumi.Input[Sequence[pulumi.Input[str]]] | pulumi.Input[Mapping[str, pulumi.Input[str]]] | None
)

# The engine imports by reading the resource with nothing but its id, and the host of
# dynamic providers cannot run one without the `__provider` it takes from the properties
# (pulumi/pulumi#16175; seen with pulumi 3.274 as `KeyError: '__provider'`). Declaring
# the voice is what works: create finds the trained voice under its voice id and adopts
# it without training it again.
IMPORT_REFUSED = (
    "{cls} {name!r}: ResourceOptions(import_={id!r}) cannot work with a dynamic "
    "provider (Pulumi reads an imported resource without the provider it pickles, "
    "pulumi/pulumi#16175). {declare} `pulumi up` adopts the trained voice without training it "
    "again. Or read it without managing it: {cls}.get({name!r}, {id!r}), or use the plugin "
    "(icevoice), whose resources can be imported"
)


@dataclass(kw_only=True)
class CustomizedVoiceArgs:
    """The inputs of a CustomizedVoice."""

    voice_name: pulumi.Input[str]
    """Display name, at most 32 characters. Changing it trains a new voice."""
    gender: pulumi.Input[str]
    """female or male. Changing it trains a new voice."""
    scenario: pulumi.Input[str]
    """story, interaction or navigation. Changing it trains a new voice."""
    voice_id: pulumi.Input[str] | None = None
    """Unique voice id in the account and region: letters and digits, at most 32. Omitted:
    derived from the resource name and what the voice is trained on. Changing it trains a
    new voice."""
    voice_desc: pulumi.Input[str] | None = None
    """Description, at most 256 characters. Changing it trains a new voice."""
    recordings: Recordings = None
    """The 20 recordings of the demonstration texts: 20 OSS URLs, in the order of the texts'
    audio record ids, in the provider's region; WAV/PCM, mono, 16-bit, 48 kHz. Omitted: the
    audio is already in ICE and create only submits training. Changing it trains a new
    voice. The dynamic provider also takes a map of audio record id ("1".."20") to URL."""
    demo_audio_media_url: pulumi.Input[str] | None = None
    """OSS URL where ICE writes a demo audio of the trained voice. Changing it trains a new
    voice."""
    demo_audio_media_id: pulumi.Input[str] | None = None
    """Media id of the voice's demo audio, changed in place (UpdateCustomizedVoice). Omitted:
    whatever ICE has is kept."""
    wait_for_training: pulumi.Input[bool] = True
    """Whether create waits for training to end (Success or Fail). Default true."""
    training_timeout: pulumi.Input[float] = DEFAULT_TRAINING_TIMEOUT
    """Seconds create waits for training (more than 0, at most 604800; default 10800); the
    plugin's customTimeouts.create takes its place when set. Training goes on in ICE after
    it, and the next `pulumi up` continues the voice."""


class _DynamicVoice(pulumi.dynamic.Resource):
    """What the dynamic resources share; each names its Kind, provider, args class and
    what a user declares to adopt a voice instead of importing it."""

    _kind: ClassVar[Kind]
    _dynamic_provider: ClassVar[CustomizedVoiceProvider]
    _args_type: ClassVar[type]
    _adopt_hint: ClassVar[str]

    def _construct(self, resource_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        props = kwargs.pop("__props__", None)
        if props is not None:  # get(): read by id, no inputs
            super().__init__(self._dynamic_provider, resource_name, props, args[0])
            return
        args_object, opts = _args_and_opts(type(self), resource_name, args, kwargs)
        if opts is not None and opts.import_ is not None:
            raise ValueError(
                IMPORT_REFUSED.format(
                    cls=type(self).__name__,
                    name=resource_name,
                    id=opts.import_,
                    declare=self._adopt_hint.format(id=opts.import_),
                )
            )
        props = {name: None for name in self._kind.outputs}
        # Shallow on purpose: dataclasses.asdict deep-copies, and Outputs refuse copies.
        props.update({f.name: getattr(args_object, f.name) for f in fields(args_object)})
        props["autoname_prefix"] = resource_name
        props["autoname_seed"] = _stack_scope(resource_name)
        super().__init__(self._dynamic_provider, resource_name, props, opts)

    @classmethod
    def _read(
        cls, resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None
    ) -> Any:
        """get(): the constructor's private form, every property an output to read."""
        names = (*cls._kind.outputs, *cls._kind.table.names)
        props: dict[str, Any] = {name: None for name in names}
        merged = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        through_the_constructor: Any = cls
        return through_the_constructor(resource_name, merged, __props__=props)


class CustomizedVoice(_DynamicVoice, module="ice", name="CustomizedVoice"):
    """A customized (cloned) voice trained by Alibaba Cloud Intelligent Media Services.

    Create submits the voice-cloning job (after creating it and detecting the audio of
    every recording, when `recordings` are given) and waits for training. A job left by an
    interrupted run is adopted, never submitted twice.

    ## Example Usage

    ```python
    import pulumi
    from pulumi_ice_voice import CustomizedVoice

    voice = CustomizedVoice(
        "narrator",
        voice_name="Narrator",
        gender="female",
        scenario="story",
        recordings=[
            f"https://my-bucket.oss-cn-shanghai.aliyuncs.com/rec/{i}.wav" for i in range(1, 21)
        ],
        demo_audio_media_url="https://my-bucket.oss-cn-shanghai.aliyuncs.com/demo/narrator.wav",
    )
    pulumi.export("voiceId", voice.voice_id)
    pulumi.export("demoAudioUrl", voice.demo_audio_url)
    ```

    ## Import

    An existing voice is adopted by declaring it with its voice id and the inputs it was
    trained with (create finds it trained and trains nothing; `ResourceOptions(import_=...)`
    cannot work with a dynamic provider):

    ```python
    CustomizedVoice("narrator", voice_id="narrator01", voice_name="Narrator", gender="female",
                    scenario="story")
    ```

    or read without managing it: `CustomizedVoice.get("narrator", "narrator01")`.
    """

    _kind = BASIC
    _dynamic_provider = CustomizedVoiceProvider()
    _args_type = CustomizedVoiceArgs
    _adopt_hint = (
        "Declare the voice without import_, with voice_id={id!r} and the inputs it was "
        "trained with:"
    )

    voice_id: pulumi.Output[str]
    """The voice id (also the resource id)."""
    voice_name: pulumi.Output[str]
    """The display name as ICE reports it."""
    gender: pulumi.Output[str]
    """`female` or `male`."""
    scenario: pulumi.Output[str]
    """`story`, `interaction` or `navigation`."""
    voice_desc: pulumi.Output[str | None]
    """The description as ICE reports it."""
    job_id: pulumi.Output[str]
    """The voice-cloning job's id."""
    status: pulumi.Output[str]
    """Initialization, AudioDetecting, PreTraining, Training, Success or Fail."""
    message: pulumi.Output[str | None]
    """ICE's message for the job (the reason of a Fail)."""
    voice_type: pulumi.Output[str]
    """The edition: Basic."""
    create_time: pulumi.Output[str | None]
    """When ICE created the job."""
    region: pulumi.Output[str]
    """The region the voice lives in."""
    demo_audio_media_url: pulumi.Output[str | None]
    """Where ICE was asked to write the demo audio."""
    demo_audio_media_id: pulumi.Output[str | None]
    """Media id of the demo audio ICE produced."""
    demo_audio_url: pulumi.Output[str | None]
    """A playable URL of the demo audio (GetMediaInfo)."""
    recordings: pulumi.Output[Any]
    """The recordings as declared: a list of 20 URLs, or a map of record id to URL (Pulumi
    checks the type of an Output at run time and takes no union, hence Any)."""
    wait_for_training: pulumi.Output[bool]
    """As declared."""
    training_timeout: pulumi.Output[float]
    """As declared."""

    @overload
    def __init__(
        self,
        resource_name: str,
        args: CustomizedVoiceArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        voice_name: pulumi.Input[str],
        gender: pulumi.Input[str],
        scenario: pulumi.Input[str],
        voice_id: pulumi.Input[str] | None = None,
        voice_desc: pulumi.Input[str] | None = None,
        recordings: Recordings = None,
        demo_audio_media_url: pulumi.Input[str] | None = None,
        demo_audio_media_id: pulumi.Input[str] | None = None,
        wait_for_training: pulumi.Input[bool] = True,
        training_timeout: pulumi.Input[float] = DEFAULT_TRAINING_TIMEOUT,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """``CustomizedVoice(name, CustomizedVoiceArgs(...), opts)`` or
        ``CustomizedVoice(name, opts, voice_name=..., gender=..., ...)``, never both."""
        self._construct(resource_name, args, kwargs)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> CustomizedVoice:
        """Read an existing voice by its voice id, without managing it."""
        voice: CustomizedVoice = CustomizedVoice._read(resource_name, id, opts)
        return voice


def _args_and_opts(
    cls: type[_DynamicVoice], resource_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, pulumi.ResourceOptions | None]:
    """The two forms of the constructor, told apart: an args object, or keywords."""
    name, args_type = cls.__name__, cls._args_type
    if len(args) > 2:
        raise TypeError(f"{name}() takes at most 3 positional arguments ({len(args) + 1} given)")
    if args and isinstance(args[0], args_type):
        if kwargs.keys() - {"opts"} or (len(args) == 2 and "opts" in kwargs):
            given = ", ".join(sorted(kwargs.keys() - {"opts"})) or "opts twice"
            raise TypeError(
                f"{name}({resource_name!r}): pass the inputs either as a "
                f"{args_type.__name__} or as keywords, not both (got {given})"
            )
        opts = args[1] if len(args) == 2 else kwargs.get("opts")
        return args[0], opts
    if len(args) == 2:
        raise TypeError(
            f"{name}({resource_name!r}): the second argument must be a {args_type.__name__}"
        )
    opts = args[0] if args else kwargs.pop("opts", None)
    if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
        raise TypeError(
            f"{name}({resource_name!r}): expected {args_type.__name__} or "
            f"pulumi.ResourceOptions, got {type(opts).__name__}"
        )
    unknown = sorted(kwargs.keys() - {f.name for f in fields(args_type)})
    if unknown:
        raise TypeError(f"{name}() got an unexpected keyword argument {unknown[0]!r}")
    missing = [arg for arg in cls._kind.table.required if kwargs.get(arg) is None]
    if missing:
        raise TypeError(
            f"{name}() missing required keyword argument"
            f"{'s' if len(missing) > 1 else ''}: {', '.join(repr(m) for m in missing)}"
        )
    return args_type(**kwargs), opts


def _stack_scope(resource_name: str) -> str:
    """Organization/project/stack/name: what makes an autonamed voice id unique to a stack."""
    organization = ""
    get_organization = getattr(pulumi, "get_organization", None)
    if get_organization is not None:
        try:
            organization = get_organization()
        except Exception:  # older engines have no organization
            organization = ""
    return f"{organization}/{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
