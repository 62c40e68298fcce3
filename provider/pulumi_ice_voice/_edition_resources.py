"""`StandardCustomizedVoice` and `CosyVoiceCustomizedVoice`: voices of ICE's Standard and
CosyVoice editions, as resources of the dynamic provider (what they share with
CustomizedVoice is _resource._DynamicVoice)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from ._inputs import DEFAULT_TRAINING_TIMEOUT
from ._kinds import COSY, STANDARD_KIND
from ._provider import CosyVoiceCustomizedVoiceProvider, StandardCustomizedVoiceProvider
from ._resource import _DynamicVoice

__all__ = [
    "CosyVoiceCustomizedVoice",
    "CosyVoiceCustomizedVoiceArgs",
    "StandardCustomizedVoice",
    "StandardCustomizedVoiceArgs",
]

_ADOPT_HINT = (
    "Declare it with voice_name set to its whole name in ICE and its gender (no audio: it is "
    "trained already):"
)


@dataclass(kw_only=True)
class StandardCustomizedVoiceArgs:
    """The inputs of a StandardCustomizedVoice."""

    gender: pulumi.Input[str]
    """female or male. Changing it trains a new voice."""
    voice_name: pulumi.Input[str] | None = None
    """Display name in ICE: its first 23 characters, then `-` and 8 characters that make the
    name this resource's own (at most 32 in all; see iceVoiceName). Omitted: the resource
    name. Changing it trains a new voice."""
    audios: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """The training audio, each a media id registered in ICE or the OSS URL of a file in the
    provider's region (registered by the provider, once): each longer than a minute, 15 to
    30 minutes in all. Omitted: the voice is trained already (an import), and create can
    only adopt it. Changing it trains a new voice."""
    authentication: pulumi.Input[str] | None = None
    """The speaker's spoken consent, a media id or an OSS URL as for audios; if its voiceprint
    does not match the training audio, training fails. Omitted: the voice is trained already
    (an import), and create can only adopt it. Changing it trains a new voice."""
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


@dataclass(kw_only=True)
class CosyVoiceCustomizedVoiceArgs:
    """The inputs of a CosyVoiceCustomizedVoice."""

    gender: pulumi.Input[str]
    """female or male. Changing it trains a new voice."""
    voice_name: pulumi.Input[str] | None = None
    """Display name in ICE: its first 23 characters, then `-` and 8 characters that make the
    name this resource's own (at most 32 in all; see iceVoiceName). Omitted: the resource
    name. Changing it trains a new voice."""
    audio: pulumi.Input[str] | None = None
    """The one training audio: a media id registered in ICE, or the OSS URL of a file in the
    provider's region (registered by the provider, once). Omitted: the voice is trained
    already (an import), and create can only adopt it. Changing it trains a new voice."""
    model: pulumi.Input[str] | None = None
    """The CosyVoice model: cosyvoice-v3-plus, cosyvoice-v3-flash, cosyvoice-v3.5-plus or
    cosyvoice-v3.5-flash. Omitted: the voice is trained already (an import), and create can
    only adopt it. Changing it trains a new voice."""
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


class _EditionVoice(_DynamicVoice):
    """The outputs both editions report."""

    voice_id: pulumi.Output[str]
    """The voice id ICE assigned (also the resource id)."""
    ice_voice_name: pulumi.Output[str]
    """The voice's name in ICE: voice_name's first 23 characters, `-` and 8 characters
    digested from the stack, the resource and what the voice is trained on."""
    job_id: pulumi.Output[str]
    """The voice-cloning job's id."""
    status: pulumi.Output[str]
    """Initialization, AudioDetecting, PreTraining, Training, Success or Fail."""
    message: pulumi.Output[str | None]
    """ICE's message for the job (the reason of a Fail)."""
    demo_audio_url: pulumi.Output[str | None]
    """A playable URL of the demo audio (GetMediaInfo)."""
    voice_type: pulumi.Output[str]
    """The edition: Standard or CosyVoice."""
    create_time: pulumi.Output[str | None]
    """When ICE created the job."""
    region: pulumi.Output[str]
    """The region the voice lives in."""
    voice_name: pulumi.Output[str | None]
    """As declared."""
    gender: pulumi.Output[str]
    """As ICE reports it."""
    demo_audio_media_url: pulumi.Output[str | None]
    """As declared."""
    demo_audio_media_id: pulumi.Output[str | None]
    """Media id of the demo audio ICE produced."""
    wait_for_training: pulumi.Output[bool]
    """As declared."""
    training_timeout: pulumi.Output[float]
    """As declared."""


class StandardCustomizedVoice(_EditionVoice, module="ice", name="StandardCustomizedVoice"):
    """A customized voice of ICE's Standard edition, the best quality: 15 to 30 minutes of
    registered audio and the speaker's spoken consent.

    ICE assigns the voice id; the voice's name in ICE (`ice_voice_name`) is this resource's
    own, so a create interrupted after its submit finds its job on the next `pulumi up`
    instead of submitting again. After a Fail the next `pulumi up` deletes the failed job and
    submits anew. A trained voice cannot be deleted through the ICE API: destroy removes it
    from the stack only.

    ## Example Usage

    ```python
    from pulumi_ice_voice import StandardCustomizedVoice

    anchor = StandardCustomizedVoice(
        "anchor",
        voice_name="Anchor",
        gender="male",
        audios=["<media id>", "<media id>", "<media id>"],  # 15-30 minutes in all
        authentication="<media id of the spoken consent>",
    )
    ```
    """

    _kind = STANDARD_KIND
    _dynamic_provider = StandardCustomizedVoiceProvider()
    _args_type = StandardCustomizedVoiceArgs
    _adopt_hint = _ADOPT_HINT

    audios: pulumi.Output[list[str] | None]
    """As declared."""
    authentication: pulumi.Output[str | None]
    """As declared."""

    @overload
    def __init__(
        self,
        resource_name: str,
        args: StandardCustomizedVoiceArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        gender: pulumi.Input[str],
        voice_name: pulumi.Input[str] | None = None,
        audios: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        authentication: pulumi.Input[str] | None = None,
        demo_audio_media_url: pulumi.Input[str] | None = None,
        demo_audio_media_id: pulumi.Input[str] | None = None,
        wait_for_training: pulumi.Input[bool] = True,
        training_timeout: pulumi.Input[float] = DEFAULT_TRAINING_TIMEOUT,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """``StandardCustomizedVoice(name, StandardCustomizedVoiceArgs(...), opts)`` or
        ``StandardCustomizedVoice(name, opts, gender=..., audios=..., ...)``, never both."""
        self._construct(resource_name, args, kwargs)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> StandardCustomizedVoice:
        """Read an existing Standard voice by its voice id, without managing it."""
        voice: StandardCustomizedVoice = StandardCustomizedVoice._read(resource_name, id, opts)
        return voice


class CosyVoiceCustomizedVoice(_EditionVoice, module="ice", name="CosyVoiceCustomizedVoice"):
    """A customized voice of ICE's CosyVoice edition: one registered audio and a model.

    An account holds at most 30 CosyVoice voices per region; a create past that fails
    before submitting, saying so. ICE assigns the voice id; identity and interruptions as
    for StandardCustomizedVoice. A trained voice cannot be deleted through the ICE API:
    destroy removes it from the stack only.

    ## Example Usage

    ```python
    from pulumi_ice_voice import CosyVoiceCustomizedVoice

    host = CosyVoiceCustomizedVoice(
        "host", voice_name="Host", gender="female", audio="<media id>", model="cosyvoice-v3-plus"
    )
    ```
    """

    _kind = COSY
    _dynamic_provider = CosyVoiceCustomizedVoiceProvider()
    _args_type = CosyVoiceCustomizedVoiceArgs
    _adopt_hint = _ADOPT_HINT

    audio: pulumi.Output[str | None]
    """As declared."""
    model: pulumi.Output[str | None]
    """As declared."""

    @overload
    def __init__(
        self,
        resource_name: str,
        args: CosyVoiceCustomizedVoiceArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        gender: pulumi.Input[str],
        voice_name: pulumi.Input[str] | None = None,
        audio: pulumi.Input[str] | None = None,
        model: pulumi.Input[str] | None = None,
        demo_audio_media_url: pulumi.Input[str] | None = None,
        demo_audio_media_id: pulumi.Input[str] | None = None,
        wait_for_training: pulumi.Input[bool] = True,
        training_timeout: pulumi.Input[float] = DEFAULT_TRAINING_TIMEOUT,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """``CosyVoiceCustomizedVoice(name, CosyVoiceCustomizedVoiceArgs(...), opts)`` or
        ``CosyVoiceCustomizedVoice(name, opts, gender=..., audio=..., model=...)``."""
        self._construct(resource_name, args, kwargs)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> CosyVoiceCustomizedVoice:
        """Read an existing CosyVoice voice by its voice id, without managing it."""
        voice: CosyVoiceCustomizedVoice = CosyVoiceCustomizedVoice._read(resource_name, id, opts)
        return voice
