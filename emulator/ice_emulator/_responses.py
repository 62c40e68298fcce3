"""One method per ICE action: read the parameters, call the backend, shape ICE's reply.

Reply shapes and field names follow the official SDK's models
(alibabacloud_ice20201109.models): `{"RequestId", "Success": true, "Data": {...}}`, except
the media actions (TOP_LEVEL_ACTIONS), whose fields sit at the top level beside RequestId.
Fields ICE would leave out (no value) are left out. A job's `Type` is the one its edition
reports (`EditionTypes`: CosyVoice's is configurable).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from ._exceptions import InvalidParameter
from ._models import MEDIA_STATUS, VoiceCloningBackend
from ._store import JobRow, MediaRow
from ._wav import SAMPLE_RATE

__all__ = ["ACTIONS", "API_VERSION", "TOP_LEVEL_ACTIONS", "IceResponses", "Params"]

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
                "DemoAudio": (
                    f"{params.base_url}/media/demonstrations/{scenario}/{demo.audio_id}.wav"
                ),
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
        return {"CustomizedVoiceJob": job_fields(job, self._type(job))}

    def get_customized_voice(self, params: Params) -> Reply:
        voice = self.backend.get_customized_voice(params.get("VoiceId"))
        return {"CustomizedVoice": voice_fields(voice)}

    def update_customized_voice(self, params: Params) -> None:
        self.backend.update_customized_voice(params.get("VoiceId"), params.get("DemoAudioMediaId"))

    def list_customized_voices(self, params: Params) -> Reply:
        voices, total = self.backend.list_customized_voices(
            params.int("PageNo"), params.int("PageSize"), params.get("Type")
        )
        items = [{**voice_fields(voice), "Type": self._type(voice)} for voice in voices]
        return {"CustomizedVoiceList": items, "TotalCount": total}

    def list_customized_voice_jobs(self, params: Params) -> Reply:
        jobs, total = self.backend.list_customized_voice_jobs(
            params.int("PageNo"), params.int("PageSize"), params.get("Type")
        )
        items = [
            {**job_fields(job, self._type(job)), "GmtCreate": _iso(job.created_at)} for job in jobs
        ]
        return {"CustomizedVoiceJobList": items, "TotalCount": total}

    def delete_customized_voice_job(self, params: Params) -> None:
        self.backend.delete_customized_voice_job(params.get("JobId"))

    def register_media_info(self, params: Params) -> Reply:
        media = self.backend.media.register_media_info(
            params.get("InputURL"),
            params.get("MediaType"),
            params.get("BusinessType"),
            params.get("Title"),
            params.get("Description"),
            params.get("UserData"),
            params.get("ReferenceId"),
            params.get("Overwrite"),
        )
        return {"MediaId": media.media_id}

    def get_media_info(self, params: Params) -> Reply:
        media = self.backend.media.get_media_info(params.get("MediaId"), params.get("InputURL"))
        return {"MediaInfo": media_fields(media, params.base_url, self.backend.region)}

    def _type(self, job: JobRow) -> str:
        return self.backend.editions.reported(job.type)


def job_fields(job: JobRow, job_type: str) -> Reply:
    """A job as GetCustomizedVoiceJob's Data.CustomizedVoiceJob shows it; `job_type` is the
    Type its edition reports."""
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
            "Type": job_type,
            "CreateTime": _iso(job.created_at),
        }
    )


def voice_fields(job: JobRow) -> Reply:
    """A voice as GetCustomizedVoice's Data.CustomizedVoice shows it: no Type, status or
    model (list items add Type)."""
    return _compact(
        {
            "VoiceId": job.voice_id,
            "VoiceName": job.voice_name,
            "VoiceDesc": job.voice_desc,
            "Gender": job.gender,
            "Scenario": job.scenario,
            "DemoAudioMediaId": job.demo_audio_media_id,
        }
    )


def media_fields(media: MediaRow, base_url: str, region: str) -> Reply:
    """A media asset as GetMediaInfo's MediaInfo shows it.

    Demo audio (written by the emulator) links to its WAV on the emulator and describes
    its PCM stream; a registered object links to its OSS URL and carries what the emulator
    knows of it: type and duration.
    """
    created = _iso(media.created_at)
    basic = _compact(
        {
            "MediaId": media.media_id,
            "InputURL": media.input_url,
            "MediaType": media.media_type,
            "BusinessType": media.business_type,
            "Source": "oss",
            "Title": media.title,
            "Description": media.description,
            "UserData": media.user_data,
            "ReferenceId": media.reference_id,
            "Status": MEDIA_STATUS,
            "CreateTime": created,
            "ModifiedTime": created,
        }
    )
    demo = media.voice_id is not None
    duration = None if media.duration is None else f"{media.duration:.3f}"
    file_basic = _compact(
        {
            "FileName": media.file_name,
            "FileUrl": f"{base_url}/media/{media.media_id}.wav" if demo else _https(media, region),
            "FileSize": None if media.size is None else str(media.size),
            "FileStatus": MEDIA_STATUS,
            "FileType": "source_file",
            "FormatName": media.file_name.rpartition(".")[2].lower() or None,
            "Duration": duration,
            "Bitrate": _PCM_BITRATE if demo else None,
            "CreateTime": created,
            "ModifiedTime": created,
        }
    )
    audio_streams: list[Reply] = []
    if demo:
        audio_streams = [{**_PCM_STREAM, "Duration": duration}]
    elif media.media_type in ("audio", "video") and duration is not None:
        audio_streams = [{"Index": "0", "Duration": duration}]
    return {
        "MediaId": media.media_id,
        "MediaBasicInfo": basic,
        "FileInfoList": [
            {
                "FileBasicInfo": file_basic,
                "AudioStreamInfoList": audio_streams,
                "VideoStreamInfoList": [],
                "SubtitleStreamInfoList": [],
            }
        ],
    }


_PCM_BITRATE = str(SAMPLE_RATE * 16 // 1000)  # kbit/s of 16-bit mono PCM
_PCM_STREAM = {
    "Index": "0",
    "CodecName": "pcm_s16le",
    "CodecLongName": "PCM signed 16-bit little-endian",
    "SampleFmt": "s16",
    "SampleRate": str(SAMPLE_RATE),
    "Channels": "1",
    "ChannelLayout": "mono",
    "Bitrate": _PCM_BITRATE,
}


def _https(media: MediaRow, region: str) -> str:
    """The https URL of a registered OSS object (oss://bucket/key is in the service region)."""
    url = media.input_url
    if not url.startswith("oss://"):
        return url
    bucket, _, key = url[len("oss://") :].partition("/")
    return f"https://{bucket}.oss-{region}.aliyuncs.com/{key}"


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
    "RegisterMediaInfo",
    "GetMediaInfo",
)
# Actions whose reply fields sit beside RequestId, without Success and Data.
TOP_LEVEL_ACTIONS = frozenset({"RegisterMediaInfo", "GetMediaInfo"})

# Action name -> the IceResponses method that answers it.
ACTIONS: dict[str, Callable[[IceResponses, Params], Reply | None]] = {
    name: getattr(IceResponses, _snake(name)) for name in _ACTION_NAMES
}
