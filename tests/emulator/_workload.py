"""The seeded random workload of official-SDK clients that test_concurrency runs from several
threads, and test_survival runs across a SIGKILL of the emulator (with hooks, see Worker)."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException

from ._sdk import RECORD_URL

OPERATIONS_PER_THREAD = 100
VOICE_IDS = [f"pool{n}" for n in range(6)]
# Refusals a well-formed request may get while other threads change the same voices.
EXPECTED_REFUSALS = {
    "CustomizedVoice.AlreadyExists",
    "CustomizedVoice.NotFound",
    "CustomizedVoiceJob.NotFound",
    "CustomizedVoiceJob.IncorrectStatus",
    "CustomizedVoiceJob.AudioNotReady",
}
STATUSES = {"Initialization", "AudioDetecting", "PreTraining", "Training", "Success", "Fail"}


class Worker:
    def __init__(
        self, client: Client, seed: int, job_ids: dict[str, str], lock: threading.Lock
    ) -> None:
        self.client = client
        self.rng = random.Random(seed)
        self.job_ids = job_ids
        self.lock = lock
        self.calls: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()
        self.unexpected: list[str] = []

    def some_job_id(self, voice_id: str) -> str:
        with self.lock:
            return self.job_ids.get(voice_id, "0" * 32)

    def operation(self) -> tuple[str, Callable[[], Any]]:
        rng, ice = self.rng, self.client
        voice_id = rng.choice(VOICE_IDS)
        choice = rng.random()
        if choice < 0.15:
            request = models.CreateCustomizedVoiceJobRequest(
                voice_id=voice_id, voice_name="Pool", gender="male", scenario="story"
            )

            def create() -> Any:
                reply = ice.create_customized_voice_job(request)
                with self.lock:
                    self.job_ids[voice_id] = reply.body.data.job_id
                return reply

            return "CreateCustomizedVoiceJob", create
        if choice < 0.45:
            n = rng.randint(1, 20)
            url = (
                RECORD_URL.format(voice=voice_id, n=n)
                if rng.random() < 0.95
                else "oss://voices/bad.mp3"
            )
            request = models.DetectAudioForCustomizedVoiceJobRequest(
                voice_id=voice_id, audio_record_id=n, record_url=url
            )
            return (
                "DetectAudioForCustomizedVoiceJob",
                lambda: ice.detect_audio_for_customized_voice_job(request),
            )
        if choice < 0.6:
            return "session", lambda: self.recording_session(voice_id)
        if choice < 0.75:
            request = models.SubmitCustomizedVoiceJobRequest(
                voice_id=voice_id, demo_audio_media_url=f"oss://voices/demo/{voice_id}.wav"
            )
            return "SubmitCustomizedVoiceJob", lambda: ice.submit_customized_voice_job(request)
        if choice < 0.88:
            request = models.GetCustomizedVoiceJobRequest(job_id=self.some_job_id(voice_id))
            return "GetCustomizedVoiceJob", lambda: ice.get_customized_voice_job(request)
        if choice < 0.98:
            request = models.ListCustomizedVoiceJobsRequest(page_size=rng.randint(1, 100))
            return "ListCustomizedVoiceJobs", lambda: ice.list_customized_voice_jobs(request)
        request = models.DeleteCustomizedVoiceJobRequest(job_id=self.some_job_id(voice_id))
        return "DeleteCustomizedVoiceJob", lambda: ice.delete_customized_voice_job(request)

    def run(self, operations: int = OPERATIONS_PER_THREAD) -> None:
        for _ in range(operations):
            self.before_operation()
            action, call = self.operation()
            if action != "session":
                self.calls[action] += 1
            try:
                call()
            except AlibabaCloudException as error:
                if error.code in EXPECTED_REFUSALS and error.status_code < 500:
                    self.refusals[error.code] += 1
                else:
                    self.failed(action, error)
            except Exception as error:
                self.failed(action, error)
            self.after_operation()

    def before_operation(self) -> None:
        """A hook for subclasses (test_survival pauses while the emulator restarts)."""

    def after_operation(self) -> None:
        """A hook for subclasses."""

    def failed(self, action: str, error: Exception) -> None:
        """A call failed in a way no concurrent client explains."""
        if isinstance(error, AlibabaCloudException):
            self.unexpected.append(f"{action}: {error.status_code} {error.code} {error.data}")
        else:
            self.unexpected.append(f"{action}: {error!r}")

    def recording_session(self, voice_id: str) -> None:
        """All 20 recordings in a row (so that voices get ready), each call counted."""
        for n in range(1, 21):
            request = models.DetectAudioForCustomizedVoiceJobRequest(
                voice_id=voice_id,
                audio_record_id=n,
                record_url=RECORD_URL.format(voice=voice_id, n=n),
            )
            self.calls["DetectAudioForCustomizedVoiceJob"] += 1
            self.client.detect_audio_for_customized_voice_job(request)
