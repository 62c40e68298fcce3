"""The naive baseline: a plain dynamic provider of the kind one writes first.

Create submits the voice's training and waits with its own loop, one
GetCustomizedVoiceJob a second, holding one of the host's worker threads all the
while. Nothing else: no configure(), so the host keeps its four workers; no shared
rate limit, no batched polling, no adoption of an existing job. It signs with
``icevoice`` (the request layer is not what is being compared) and takes the
emulator's endpoint as an input, so it needs no stack config.
"""

from __future__ import annotations

import time
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider

from icevoice import IceClient

__all__ = ["NaiveVoice", "NaiveVoiceProvider"]

ACCESS_KEY_ID = "ice-emulator-access-key"
ACCESS_KEY_SECRET = "ice-emulator-secret"
POLL_SECONDS = 1.0


class NaiveVoiceProvider(ResourceProvider):
    """Create = (create job, detect each recording,) submit, then sleep-poll until it ends."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        voice_id = str(props["voice_id"])
        with IceClient(
            region_id="cn-shanghai",
            endpoint=str(props["endpoint"]),
            access_key_id=ACCESS_KEY_ID,
            access_key_secret=ACCESS_KEY_SECRET,
        ) as client:
            recordings = props.get("recordings") or []
            if recordings:
                client.create_customized_voice_job(
                    voice_id=voice_id,
                    voice_name=str(props["voice_name"]),
                    gender=str(props["gender"]),
                    scenario=str(props["scenario"]),
                )
                for record_id, url in enumerate(recordings, start=1):
                    detection = client.detect_audio_for_customized_voice_job(
                        voice_id=voice_id, audio_record_id=record_id, record_url=str(url)
                    )
                    if not detection.passed:
                        raise ValueError(f"record {record_id}: {detection.reason}")
            job_id = client.submit_customized_voice_job(voice_id=voice_id).job_id
            while True:
                job = client.get_customized_voice_job(job_id=job_id)
                if job.status in ("Success", "Fail"):
                    break
                time.sleep(POLL_SECONDS)
        if job.status == "Fail":
            raise RuntimeError(f"training of {voice_id} failed: {job.message}")
        return CreateResult(voice_id, {**props, "job_id": job_id, "status": job.status})


class NaiveVoice(Resource, module="bench", name="NaiveVoice"):
    """A voice through :class:`NaiveVoiceProvider`."""

    voice_id: pulumi.Output[str]
    job_id: pulumi.Output[str]
    status: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        endpoint: str,
        voice_id: str,
        voice_name: str,
        gender: str = "female",
        scenario: str = "story",
        recordings: list[str] | None = None,
    ) -> None:
        props = {
            "endpoint": endpoint,
            "voice_id": voice_id,
            "voice_name": voice_name,
            "gender": gender,
            "scenario": scenario,
            "recordings": recordings,
            "job_id": None,
            "status": None,
        }
        super().__init__(NaiveVoiceProvider(), name, props)
