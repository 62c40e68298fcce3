"""Alibaba Cloud ICE voice-cloning API client.

::

    import icevoice

    with icevoice.IceClient(region_id="cn-shanghai") as client:
        job = client.submit_customized_voice_job(voice_id="myvoice")
        print(client.get_customized_voice_job(job_id=job.job_id).status)

Names are imported on first use (PEP 562), so ``import icevoice`` stays cheap: httpx and
pydantic load only when a client, a model or the retry policy is touched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

if TYPE_CHECKING:
    from . import errors as errors
    from ._client import API_VERSION as API_VERSION
    from ._client import NON_IDEMPOTENT_ACTIONS as NON_IDEMPOTENT_ACTIONS
    from ._client import IceClient as IceClient
    from ._credentials import Credentials as Credentials
    from ._credentials import CredentialsProvider as CredentialsProvider
    from ._credentials import DefaultCredentialsChain as DefaultCredentialsChain
    from ._credentials import EnvironmentCredentials as EnvironmentCredentials
    from ._credentials import OfficialCredentialsChain as OfficialCredentialsChain
    from ._endpoints import REGIONS as REGIONS
    from ._errors import AmbiguousResultError as AmbiguousResultError
    from ._errors import ApiError as ApiError
    from ._errors import AuthenticationError as AuthenticationError
    from ._errors import IceError as IceError
    from ._errors import InvalidArgumentError as InvalidArgumentError
    from ._errors import MissingCredentialsError as MissingCredentialsError
    from ._errors import NotFoundError as NotFoundError
    from ._errors import ServerError as ServerError
    from ._errors import ThrottlingError as ThrottlingError
    from ._errors import TransportError as TransportError
    from ._models import COSY_VOICE_MODELS as COSY_VOICE_MODELS
    from ._models import JOB_STATUSES as JOB_STATUSES
    from ._models import ApiResult as ApiResult
    from ._models import AudioDetection as AudioDetection
    from ._models import CustomizedVoice as CustomizedVoice
    from ._models import CustomizedVoiceJob as CustomizedVoiceJob
    from ._models import CustomizedVoiceJobPage as CustomizedVoiceJobPage
    from ._models import CustomizedVoicePage as CustomizedVoicePage
    from ._models import Demonstration as Demonstration
    from ._models import DemonstrationList as DemonstrationList
    from ._models import IceResult as IceResult
    from ._models import MediaInfo as MediaInfo
    from ._models import VoiceJobRef as VoiceJobRef
    from ._ratelimit import AdaptiveRateLimiter as AdaptiveRateLimiter
    from ._ratelimit import RateLimiter as RateLimiter
    from ._retry import RetryPolicy as RetryPolicy

# Public name -> private module that defines it.
_EXPORTS: dict[str, str] = {
    "API_VERSION": "_client",
    "NON_IDEMPOTENT_ACTIONS": "_client",
    "IceClient": "_client",
    "Credentials": "_credentials",
    "CredentialsProvider": "_credentials",
    "DefaultCredentialsChain": "_credentials",
    "EnvironmentCredentials": "_credentials",
    "OfficialCredentialsChain": "_credentials",
    "REGIONS": "_endpoints",
    "AmbiguousResultError": "_errors",
    "ApiError": "_errors",
    "AuthenticationError": "_errors",
    "IceError": "_errors",
    "InvalidArgumentError": "_errors",
    "MissingCredentialsError": "_errors",
    "NotFoundError": "_errors",
    "ServerError": "_errors",
    "ThrottlingError": "_errors",
    "TransportError": "_errors",
    "COSY_VOICE_MODELS": "_models",
    "JOB_STATUSES": "_models",
    "ApiResult": "_models",
    "AudioDetection": "_models",
    "CustomizedVoice": "_models",
    "CustomizedVoiceJob": "_models",
    "CustomizedVoiceJobPage": "_models",
    "CustomizedVoicePage": "_models",
    "Demonstration": "_models",
    "DemonstrationList": "_models",
    "IceResult": "_models",
    "MediaInfo": "_models",
    "VoiceJobRef": "_models",
    "AdaptiveRateLimiter": "_ratelimit",
    "RateLimiter": "_ratelimit",
    "RetryPolicy": "_retry",
}

__all__ = [
    "API_VERSION",
    "COSY_VOICE_MODELS",
    "JOB_STATUSES",
    "NON_IDEMPOTENT_ACTIONS",
    "REGIONS",
    "AdaptiveRateLimiter",
    "AmbiguousResultError",
    "ApiError",
    "ApiResult",
    "AudioDetection",
    "AuthenticationError",
    "Credentials",
    "CredentialsProvider",
    "CustomizedVoice",
    "CustomizedVoiceJob",
    "CustomizedVoiceJobPage",
    "CustomizedVoicePage",
    "DefaultCredentialsChain",
    "Demonstration",
    "DemonstrationList",
    "EnvironmentCredentials",
    "IceClient",
    "IceError",
    "IceResult",
    "InvalidArgumentError",
    "MediaInfo",
    "MissingCredentialsError",
    "NotFoundError",
    "OfficialCredentialsChain",
    "RateLimiter",
    "RetryPolicy",
    "ServerError",
    "ThrottlingError",
    "TransportError",
    "VoiceJobRef",
    "__version__",
    "errors",
]


def __getattr__(name: str) -> Any:
    if name == "errors":
        return importlib.import_module(".errors", __name__)
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS, "errors"])
