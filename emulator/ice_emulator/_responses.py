"""One method per ICE action: read the parameters, call the backend, shape ICE's reply.

Reply shapes and field names follow the official SDK's models
(alibabacloud_ice20201109.models): `{"RequestId", "Success": true, "Data": {...}}`, except
the media and speech actions (TOP_LEVEL_ACTIONS), whose fields sit at the top level beside
RequestId.
Fields ICE would leave out (no value) are left out. A job's `Type` is the one its edition
reports (`EditionTypes`: CosyVoice's is configurable).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from ._exceptions import InvalidParameter
from ._models import MEDIA_STATUS, SpeechBackend, VoiceCloningBackend
from ._speech_store import SmartJobRow
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
    """The voice-cloning and speech actions, named after the action in snake_case."""

    def __init__(self, backend: VoiceCloningBackend, speech: SpeechBackend) -> None:
        self.backend = backend
        self.speech = speech

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

    def submit_audio_produce_job(self, params: Params) -> Reply:
        job = self.speech.submit_audio_produce_job(
            params.get("EditingConfig"),
            params.get("InputConfig"),
            params.get("OutputConfig"),
            params.get("Title"),
            params.get("Description"),
            params.get("UserData"),
            params.get("Overwrite"),
        )
        return {"JobId": job.job_id, "MediaId": job.media_id, "State": job.state}

    def get_smart_handle_job(self, params: Params) -> Reply:
        job = self.speech.get_smart_handle_job(params.get("JobId"))
        result = {"MediaId": job.media_id}
        if job.state == "Finished":
            result["MediaUrl"] = self.speech.media_url(job, params.base_url)
        return _compact(
            {
                "JobId": job.job_id,
                "State": job.state,
                "ErrorCode": job.error_code,
                "ErrorMessage": job.error_message,
                "Output": self.speech.oss_url(job) if job.state == "Finished" else None,
                "UserData": job.user_data,
                "JobResult": result,
                "SmartJobInfo": {**_smart_job_info(job), "UserId": str(ACCOUNT_ID)},
            }
        )

    def list_smart_jobs(self, params: Params) -> Reply:
        filters = {
            name: params.get(name) for name in ("JobType", "JobState", "SortBy", "NextToken")
        }
        page = {name: params.int(name) for name in ("PageNo", "PageSize", "MaxResults")}
        jobs, total, next_token, limit = self.speech.list_smart_jobs(filters, page)
        items = [
            _compact(
                {
                    **_smart_job_info(job),
                    "JobId": job.job_id,
                    "JobState": job.state,
                    "EditingConfig": job.editing_config,
                    "UserData": job.user_data,
                    "UserId": ACCOUNT_ID,
                }
            )
            for job in jobs
        ]
        # The SDK's model types TotalCount and MaxResults as strings.
        return _compact(
            {
                "SmartJobList": items,
                "TotalCount": str(total),
                "MaxResults": str(limit),
                "NextToken": next_token,
            }
        )

    def delete_smart_job(self, params: Params) -> Reply:
        self.speech.delete_smart_job(params.get("JobId"))
        return {}

    def _type(self, job: JobRow) -> str:
        return self.backend.editions.reported(job.type)


# The account's user id in smart-job replies (ICE's is the account's numeric uid).
ACCOUNT_ID = 1_000_000_000_000_001


def _smart_job_info(job: SmartJobRow) -> Reply:
    """What GetSmartHandleJob's SmartJobInfo and a ListSmartJobs item share. For text to
    speech, InputConfig.InputFile holds the text (ICE documents no other place for it)."""
    return _compact(
        {
            "JobType": job.job_type,
            "Title": job.title,
            "Description": job.description,
            "CreateTime": _iso(job.created_at),
            "ModifiedTime": _iso(job.modified_at),
            "InputConfig": {"InputFile": job.input_config},
            "OutputConfig": {"Bucket": job.bucket, "Object": job.object},
        }
    )


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
    written = demo or media.served_path is not None
    duration = None if media.duration is None else f"{media.duration:.3f}"
    file_basic = _compact(
        {
            "FileName": media.file_name,
            "FileUrl": _file_url(media, base_url, region),
            "FileSize": None if media.size is None else str(media.size),
            "FileStatus": MEDIA_STATUS,
            "FileType": "source_file",
            "FormatName": media.file_name.rpartition(".")[2].lower() or None,
            "Duration": duration,
            "Bitrate": _stream(media)["Bitrate"] if written else None,
            "CreateTime": created,
            "ModifiedTime": created,
        }
    )
    audio_streams: list[Reply] = []
    if written:
        audio_streams = [{**_stream(media), "Duration": duration}]
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


_MP3_STREAM = {
    "Index": "0",
    "CodecName": "mp3",
    "CodecLongName": "MP3 (MPEG audio layer 3)",
    "SampleFmt": "fltp",
    "SampleRate": "48000",
    "Channels": "1",
    "ChannelLayout": "mono",
    "Bitrate": "32",
}


def _stream(media: MediaRow) -> dict[str, str]:
    """The audio stream of a file the emulator wrote: MP3, or 16-bit PCM (WAV, raw PCM)."""
    return _MP3_STREAM if media.file_name.lower().endswith(".mp3") else _PCM_STREAM


def _file_url(media: MediaRow, base_url: str, region: str) -> str:
    """Where a media asset's file is: on the emulator for what it wrote (demo audio, speech
    output), else the registered object's OSS URL."""
    if media.served_path is not None:
        return base_url + media.served_path
    if media.voice_id is not None:
        return f"{base_url}/media/{media.media_id}.wav"
    return _https(media, region)


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
    "SubmitAudioProduceJob",
    "GetSmartHandleJob",
    "ListSmartJobs",
    "DeleteSmartJob",
)
# Actions whose reply fields sit beside RequestId, without Success and Data (the SDK's
# response models of these actions have no Data).
TOP_LEVEL_ACTIONS = frozenset(
    {
        "RegisterMediaInfo",
        "GetMediaInfo",
        "SubmitAudioProduceJob",
        "GetSmartHandleJob",
        "ListSmartJobs",
        "DeleteSmartJob",
    }
)

# Action name -> the IceResponses method that answers it.
ACTIONS: dict[str, Callable[[IceResponses, Params], Reply | None]] = {
    name: getattr(IceResponses, _snake(name)) for name in _ACTION_NAMES
}
