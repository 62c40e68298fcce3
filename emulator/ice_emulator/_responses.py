"""One method per ICE action: read the parameters, call the backend, shape ICE's reply.

Reply shapes and field names follow the official SDK's models
(alibabacloud_ice20201109.models): `{"RequestId", "Success": true, "Data": {...}}`, except
GetMediaInfo, whose reply carries `MediaInfo` at the top level. Fields ICE would leave
out (no value) are left out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from ._exceptions import InvalidParameter
from ._models import VoiceCloningBackend
from ._store import JobRow, MediaRow
from ._wav import SAMPLE_RATE

__all__ = ["ACTIONS", "API_VERSION", "IceResponses", "Params"]

API_VERSION = "2020-11-09"
_MAX_INT = 2**31 - 1
_INTEGER = re.compile(r"[+-]?\d{1,12}")

Reply = dict[str, Any]


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _compact(fields: Mapping[str, Any]) -> Reply:
    return {name: value for name, value in fields.items() if value is not None}


class Params:
    """An action's request parameters (query and form body merged) and where it was asked."""

    def __init__(self, values: Mapping[str, str], base_url: str) -> None:
        self.values = values
        self.base_url = base_url

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def int(self, name: str) -> int | None:
        raw = self.values.get(name)
        if raw is None or raw == "":
            return None
        if not _INTEGER.fullmatch(raw.strip()) or abs(int(raw)) > _MAX_INT:
            raise InvalidParameter(name=name, reason="must be an integer.")
        return int(raw)


class IceResponses:
    """The voice-cloning actions, named after the action in snake_case."""

    def __init__(self, backend: VoiceCloningBackend) -> None:
        self.backend = backend

    def get_demonstration_for_customized_voice_job(self, params: Params) -> Reply:
        scenario = params.get("Scenario")
        demos = self.backend.get_demonstration_for_customized_voice_job(scenario)
        items = [
            {
                "AudioId": demo.audio_id,
                "Text": demo.text,
                "DemoAudio": f"{params.base_url}/media/demonstrations/{scenario}/{demo.audio_id}.wav",
            }
            for demo in demos
        ]
        return {"DemonstrationList": items}

    def create_customized_voice_job(self, params: Params) -> Reply:
        job = self.backend.create_customized_voice_job(
            params.get("VoiceId"),
            params.get("VoiceName"),
            params.get("VoiceDesc"),
            params.get("Gender"),
            params.get("Scenario"),
        )
        return {"JobId": job.job_id, "VoiceId": job.voice_id}

    def detect_audio_for_customized_voice_job(self, params: Params) -> Reply:
        passed, reason = self.backend.detect_audio_for_customized_voice_job(
            params.get("VoiceId"), params.int("AudioRecordId"), params.get("RecordUrl")
        )
        return {"Pass": passed, "Reason": reason}

    def submit_customized_voice_job(self, params: Params) -> Reply:
        job = self.backend.submit_customized_voice_job(
            params.get("VoiceId"), params.get("DemoAudioMediaURL")
        )
        return {"JobId": job.job_id, "VoiceId": job.voice_id}

    def submit_standard_customized_voice_job(self, params: Params) -> Reply:
        job = self.backend.submit_standard_customized_voice_job(
            params.get("VoiceName"),
            params.get("Gender"),
            params.get("Audios"),
            params.get("Authentication"),
            params.get("DemoAudioMediaURL"),
        )
        return {"JobId": job.job_id}

    def submit_cosy_voice_customized_voice_job(self, params: Params) -> Reply:
        job = self.backend.submit_cosy_voice_customized_voice_job(
            params.get("VoiceName"),
            params.get("Gender"),
            params.get("Audios"),
            params.get("Model"),
            params.get("DemoAudioMediaURL"),
        )
        return {"JobId": job.job_id, "VoiceId": job.voice_id}

    def get_customized_voice_job(self, params: Params) -> Reply:
        job = self.backend.get_customized_voice_job(params.get("JobId"))
        return {"CustomizedVoiceJob": job_fields(job)}

    def get_customized_voice(self, params: Params) -> Reply:
        voice = self.backend.get_customized_voice(params.get("VoiceId"))
        return {"CustomizedVoice": voice_fields(voice)}

    def update_customized_voice(self, params: Params) -> None:
        self.backend.update_customized_voice(params.get("VoiceId"), params.get("DemoAudioMediaId"))

    def list_customized_voices(self, params: Params) -> Reply:
        voices, total = self.backend.list_customized_voices(
            params.int("PageNo"), params.int("PageSize"), params.get("Type")
        )
        return {
            "CustomizedVoiceList": [voice_fields(voice) for voice in voices],
            "TotalCount": total,
        }

    def list_customized_voice_jobs(self, params: Params) -> Reply:
        jobs, total = self.backend.list_customized_voice_jobs(
            params.int("PageNo"), params.int("PageSize"), params.get("Type")
        )
        items = [{**job_fields(job), "GmtCreate": _iso(job.created_at)} for job in jobs]
        return {"CustomizedVoiceJobList": items, "TotalCount": total}

    def delete_customized_voice_job(self, params: Params) -> None:
        self.backend.delete_customized_voice_job(params.get("JobId"))

    def get_media_info(self, params: Params) -> Reply:
        media = self.backend.get_media_info(params.get("MediaId"), params.get("InputURL"))
        return {"MediaInfo": media_fields(media, params.base_url)}


def job_fields(job: JobRow) -> Reply:
    """A job as GetCustomizedVoiceJob's Data.CustomizedVoiceJob shows it."""
    return _compact(
        {
            "JobId": job.job_id,
            "VoiceId": job.voice_id,
            "VoiceName": job.voice_name,
            "VoiceDesc": job.voice_desc,
            "Gender": job.gender,
            "Scenario": job.scenario,
            "Status": job.status,
            "Message": job.message,
            "Type": job.type,
            "CreateTime": _iso(job.created_at),
        }
    )


def voice_fields(job: JobRow) -> Reply:
    """A voice as GetCustomizedVoice's Data.CustomizedVoice shows it."""
    return _compact(
        {
            "VoiceId": job.voice_id,
            "VoiceName": job.voice_name,
            "VoiceDesc": job.voice_desc,
            "Gender": job.gender,
            "Scenario": job.scenario,
            "DemoAudioMediaId": job.demo_audio_media_id,
            "Type": job.type,
        }
    )


def media_fields(media: MediaRow, base_url: str) -> Reply:
    """A demo audio media asset as GetMediaInfo's MediaInfo shows it."""
    created = _iso(media.created_at)
    bitrate = str(SAMPLE_RATE * 16 // 1000)  # kbit/s of 16-bit mono PCM
    return {
        "MediaId": media.media_id,
        "MediaBasicInfo": {
            "MediaId": media.media_id,
            "InputURL": media.input_url,
            "MediaType": "audio",
            "BusinessType": "general",
            "Source": "oss",
            "Title": media.file_name,
            "Status": "Normal",
            "CreateTime": created,
            "ModifiedTime": created,
        },
        "FileInfoList": [
            {
                "FileBasicInfo": {
                    "FileName": media.file_name,
                    "FileUrl": f"{base_url}/media/{media.media_id}.wav",
                    "FileSize": str(media.size),
                    "FileStatus": "Normal",
                    "FileType": "source_file",
                    "FormatName": "wav",
                    "Duration": f"{media.duration:.3f}",
                    "Bitrate": bitrate,
                    "CreateTime": created,
                    "ModifiedTime": created,
                },
                "AudioStreamInfoList": [
                    {
                        "Index": "0",
                        "CodecName": "pcm_s16le",
                        "CodecLongName": "PCM signed 16-bit little-endian",
                        "SampleFmt": "s16",
                        "SampleRate": str(SAMPLE_RATE),
                        "Channels": "1",
                        "ChannelLayout": "mono",
                        "Duration": f"{media.duration:.3f}",
                        "Bitrate": bitrate,
                    }
                ],
                "VideoStreamInfoList": [],
                "SubtitleStreamInfoList": [],
            }
        ],
    }


def _snake(action: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


_ACTION_NAMES = (
    "GetDemonstrationForCustomizedVoiceJob",
    "CreateCustomizedVoiceJob",
    "DetectAudioForCustomizedVoiceJob",
    "SubmitCustomizedVoiceJob",
    "SubmitStandardCustomizedVoiceJob",
    "SubmitCosyVoiceCustomizedVoiceJob",
    "GetCustomizedVoiceJob",
    "GetCustomizedVoice",
    "UpdateCustomizedVoice",
    "ListCustomizedVoices",
    "ListCustomizedVoiceJobs",
    "DeleteCustomizedVoiceJob",
    "GetMediaInfo",
)

# Action name -> the IceResponses method that answers it.
ACTIONS: dict[str, Callable[[IceResponses, Params], Reply | None]] = {
    name: getattr(IceResponses, _snake(name)) for name in _ACTION_NAMES
}
