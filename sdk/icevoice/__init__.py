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
    from ._auth import AcsV3Auth as AcsV3Auth
    from ._client import API_VERSION as API_VERSION
    from ._client import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
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
    from ._models import ApiResult as ApiResult
    from ._models import AudioDetection as AudioDetection
    from ._models import AudioProduceJobRef as AudioProduceJobRef
    from ._models import CosyVoiceJobRef as CosyVoiceJobRef
    from ._models import CustomizedVoice as CustomizedVoice
    from ._models import CustomizedVoiceJob as CustomizedVoiceJob
    from ._models import CustomizedVoiceJobPage as CustomizedVoiceJobPage
    from ._models import CustomizedVoicePage as CustomizedVoicePage
    from ._models import Demonstration as Demonstration
    from ._models import DemonstrationList as DemonstrationList
    from ._models import IceResult as IceResult
    from ._models import MediaInfo as MediaInfo
    from ._models import RegisteredMedia as RegisteredMedia
    from ._models import SmartJob as SmartJob
    from ._models import SmartJobPage as SmartJobPage
    from ._models import StandardVoiceJobRef as StandardVoiceJobRef
    from ._models import VoiceJobRef as VoiceJobRef
    from ._ratelimit import AdaptiveRateLimiter as AdaptiveRateLimiter
    from ._ratelimit import RateLimiter as RateLimiter
    from ._retry import RetryPolicy as RetryPolicy
    from ._retry import retryable as retryable
    from ._vocabulary import BUSINESS_TYPES as BUSINESS_TYPES
    from ._vocabulary import COSY_VOICE_MODELS as COSY_VOICE_MODELS
    from ._vocabulary import COSY_VOICE_QUOTA as COSY_VOICE_QUOTA
    from ._vocabulary import FINAL_SPEECH_JOB_STATES as FINAL_SPEECH_JOB_STATES
    from ._vocabulary import FINAL_STATUSES as FINAL_STATUSES
    from ._vocabulary import GENDERS as GENDERS
    from ._vocabulary import IN_PROGRESS_STATUSES as IN_PROGRESS_STATUSES
    from ._vocabulary import JOB_STATUSES as JOB_STATUSES
    from ._vocabulary import MEDIA_TYPES as MEDIA_TYPES
    from ._vocabulary import OSS_BUCKET_PATTERN as OSS_BUCKET_PATTERN
    from ._vocabulary import REFERENCE_ID_PATTERN as REFERENCE_ID_PATTERN
    from ._vocabulary import SCENARIOS as SCENARIOS
    from ._vocabulary import SMART_JOB_HORIZON_DAYS as SMART_JOB_HORIZON_DAYS
    from ._vocabulary import SMART_JOB_SORTS as SMART_JOB_SORTS
    from ._vocabulary import SMART_JOB_TYPES as SMART_JOB_TYPES
    from ._vocabulary import SPEECH_DESCRIPTION_MAX_BYTES as SPEECH_DESCRIPTION_MAX_BYTES
    from ._vocabulary import SPEECH_FORMATS as SPEECH_FORMATS
    from ._vocabulary import SPEECH_JOB_STATES as SPEECH_JOB_STATES
    from ._vocabulary import SPEECH_JOB_TYPE as SPEECH_JOB_TYPE
    from ._vocabulary import SPEECH_RATE_RANGE as SPEECH_RATE_RANGE
    from ._vocabulary import SPEECH_TEXT_MAX_LENGTH as SPEECH_TEXT_MAX_LENGTH
    from ._vocabulary import SPEECH_TITLE_MAX_BYTES as SPEECH_TITLE_MAX_BYTES
    from ._vocabulary import SPEECH_USER_DATA_MAX_BYTES as SPEECH_USER_DATA_MAX_BYTES
    from ._vocabulary import SPEECH_VOLUME_RANGE as SPEECH_VOLUME_RANGE
    from ._vocabulary import STANDARD_AUDIO_MIN_SECONDS as STANDARD_AUDIO_MIN_SECONDS
    from ._vocabulary import STANDARD_TOTAL_MAX_SECONDS as STANDARD_TOTAL_MAX_SECONDS
    from ._vocabulary import STANDARD_TOTAL_MIN_SECONDS as STANDARD_TOTAL_MIN_SECONDS
    from ._vocabulary import SUBMITTED_STATUSES as SUBMITTED_STATUSES
    from ._vocabulary import VOICE_ID_MAX_LENGTH as VOICE_ID_MAX_LENGTH
    from ._vocabulary import VOICE_ID_PATTERN as VOICE_ID_PATTERN
    from ._vocabulary import VOICE_TYPES as VOICE_TYPES
    from ._vocabulary import BusinessType as BusinessType
    from ._vocabulary import CosyVoiceModel as CosyVoiceModel
    from ._vocabulary import Gender as Gender
    from ._vocabulary import JobStatus as JobStatus
    from ._vocabulary import MediaType as MediaType
    from ._vocabulary import Scenario as Scenario
    from ._vocabulary import SmartJobType as SmartJobType
    from ._vocabulary import SpeechFormat as SpeechFormat
    from ._vocabulary import SpeechJobState as SpeechJobState
    from ._vocabulary import VoiceType as VoiceType

# Public name -> private module that defines it.
_EXPORTS: dict[str, str] = {
    "AcsV3Auth": "_auth",
    "API_VERSION": "_client",
    "DEFAULT_TIMEOUT": "_client",
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
    "ApiResult": "_models",
    "AudioDetection": "_models",
    "CosyVoiceJobRef": "_models",
    "CustomizedVoice": "_models",
    "CustomizedVoiceJob": "_models",
    "CustomizedVoiceJobPage": "_models",
    "CustomizedVoicePage": "_models",
    "Demonstration": "_models",
    "DemonstrationList": "_models",
    "IceResult": "_models",
    "MediaInfo": "_models",
    "RegisteredMedia": "_models",
    "StandardVoiceJobRef": "_models",
    "VoiceJobRef": "_models",
    "AudioProduceJobRef": "_models",
    "SmartJob": "_models",
    "SmartJobPage": "_models",
    "AdaptiveRateLimiter": "_ratelimit",
    "RateLimiter": "_ratelimit",
    "RetryPolicy": "_retry",
    "retryable": "_retry",
    **dict.fromkeys(
        (
            "BUSINESS_TYPES",
            "COSY_VOICE_MODELS",
            "COSY_VOICE_QUOTA",
            "FINAL_STATUSES",
            "GENDERS",
            "IN_PROGRESS_STATUSES",
            "JOB_STATUSES",
            "MEDIA_TYPES",
            "REFERENCE_ID_PATTERN",
            "SCENARIOS",
            "STANDARD_AUDIO_MIN_SECONDS",
            "STANDARD_TOTAL_MAX_SECONDS",
            "STANDARD_TOTAL_MIN_SECONDS",
            "SUBMITTED_STATUSES",
            "VOICE_ID_MAX_LENGTH",
            "VOICE_ID_PATTERN",
            "VOICE_TYPES",
            "BusinessType",
            "CosyVoiceModel",
            "Gender",
            "JobStatus",
            "MediaType",
            "Scenario",
            "VoiceType",
            "FINAL_SPEECH_JOB_STATES",
            "OSS_BUCKET_PATTERN",
            "SMART_JOB_HORIZON_DAYS",
            "SMART_JOB_SORTS",
            "SMART_JOB_TYPES",
            "SPEECH_DESCRIPTION_MAX_BYTES",
            "SPEECH_FORMATS",
            "SPEECH_JOB_STATES",
            "SPEECH_JOB_TYPE",
            "SPEECH_RATE_RANGE",
            "SPEECH_TEXT_MAX_LENGTH",
            "SPEECH_TITLE_MAX_BYTES",
            "SPEECH_USER_DATA_MAX_BYTES",
            "SPEECH_VOLUME_RANGE",
            "SmartJobType",
            "SpeechFormat",
            "SpeechJobState",
        ),
        "_vocabulary",
    ),
}

__all__ = [
    "API_VERSION",
    "BUSINESS_TYPES",
    "COSY_VOICE_MODELS",
    "COSY_VOICE_QUOTA",
    "DEFAULT_TIMEOUT",
    "FINAL_SPEECH_JOB_STATES",
    "FINAL_STATUSES",
    "GENDERS",
    "IN_PROGRESS_STATUSES",
    "JOB_STATUSES",
    "MEDIA_TYPES",
    "NON_IDEMPOTENT_ACTIONS",
    "OSS_BUCKET_PATTERN",
    "REFERENCE_ID_PATTERN",
    "REGIONS",
    "SCENARIOS",
    "SMART_JOB_HORIZON_DAYS",
    "SMART_JOB_SORTS",
    "SMART_JOB_TYPES",
    "SPEECH_DESCRIPTION_MAX_BYTES",
    "SPEECH_FORMATS",
    "SPEECH_JOB_STATES",
    "SPEECH_JOB_TYPE",
    "SPEECH_RATE_RANGE",
    "SPEECH_TEXT_MAX_LENGTH",
    "SPEECH_TITLE_MAX_BYTES",
    "SPEECH_USER_DATA_MAX_BYTES",
    "SPEECH_VOLUME_RANGE",
    "STANDARD_AUDIO_MIN_SECONDS",
    "STANDARD_TOTAL_MAX_SECONDS",
    "STANDARD_TOTAL_MIN_SECONDS",
    "SUBMITTED_STATUSES",
    "VOICE_ID_MAX_LENGTH",
    "VOICE_ID_PATTERN",
    "VOICE_TYPES",
    "AcsV3Auth",
    "AdaptiveRateLimiter",
    "AmbiguousResultError",
    "ApiError",
    "ApiResult",
    "AudioDetection",
    "AudioProduceJobRef",
    "AuthenticationError",
    "BusinessType",
    "CosyVoiceJobRef",
    "CosyVoiceModel",
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
    "Gender",
    "IceClient",
    "IceError",
    "IceResult",
    "InvalidArgumentError",
    "JobStatus",
    "MediaInfo",
    "MediaType",
    "MissingCredentialsError",
    "NotFoundError",
    "OfficialCredentialsChain",
    "RateLimiter",
    "RegisteredMedia",
    "RetryPolicy",
    "Scenario",
    "ServerError",
    "SmartJob",
    "SmartJobPage",
    "SmartJobType",
    "SpeechFormat",
    "SpeechJobState",
    "StandardVoiceJobRef",
    "ThrottlingError",
    "TransportError",
    "VoiceJobRef",
    "VoiceType",
    "__version__",
    "errors",
    "retryable",
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
