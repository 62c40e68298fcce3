"""Alibaba Cloud ICE customized (cloned) voices as Pulumi resources.

    from pulumi_ice_voice import CustomizedVoice

`CustomizedVoice` is a Pulumi dynamic resource (`pulumi-python:dynamic/ice:CustomizedVoice`)
whose create submits a voice-cloning job and waits for training. Configure it with stack
config `ice:region`, `ice:endpoint` (`embedded` runs a local emulator in-process),
`ice:accessKeyId`, `ice:accessKeySecret`, `ice:securityToken`, or their `alicloud:*`
counterparts, or the Alibaba Cloud credential chain.
"""

from ._config import ConfigurationError, ProviderConfig
from ._provider import CustomizedVoiceProvider
from ._resource import CustomizedVoice, CustomizedVoiceArgs

__all__ = [
    "ConfigurationError",
    "CustomizedVoice",
    "CustomizedVoiceArgs",
    "CustomizedVoiceProvider",
    "ProviderConfig",
]
