"""The emulator survives what the provider's tests throw at it, all at once.

`ice-emulator` runs as a process on a data directory. Six official-SDK clients run the
seeded random workload of test_concurrency (_workload.py), a seventh client sends seeded
garbage (test_malformed's random requests, _raw.py), and halfway through the emulator is
SIGKILLed, with jobs training and requests in flight, and started again on the same data
directory and port. Afterwards the store must be consistent: one job per voice, known
statuses, every submitted job trained to Success after the restart, the list agreeing with
the store; no answer was ever a 5xx; only requests cut by the kill failed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import httpx
from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException

from tests.support.emulator import EmulatorControl

from ._raw import ICE_ERROR_KEYS, RawIce, random_request
from ._sdk import sdk_client, wait_for_status
from ._workload import STATUSES, VOICE_IDS, Worker

CLIENTS = 6
OPERATIONS = 80  # per client
KILL_AFTER = CLIENTS * OPERATIONS // 2  # operations, all clients together
# What ICE refuses to delete (an AudioDetecting or PreTraining job can still be deleted).
UNDELETABLE = ("Training", "Success")


class Emulator:
    """`python -m ice_emulator` that can be SIGKILLed and started again on its port."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = 0
        self.url = ""
        self._proc: subprocess.Popen[str] | None = None
        self.start()

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "ice_emulator",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--training-seconds",
            "1",
        ]
        self._proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        self.url = self._proc.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), self.url
        self.port = int(self.url.rsplit(":", 1)[1])

    def kill(self) -> None:
        assert self._proc is not None
        os.kill(self._proc.pid, signal.SIGKILL)
        self._proc.wait()
        assert self._proc.stdout is not None
        self._proc.stdout.close()

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
        if self._proc is not None and self._proc.stdout is not None:
            self._proc.stdout.close()


class SurvivingWorker(Worker):
    """test_concurrency's worker, pausing while the emulator is down."""

    def __init__(
        self,
        client: Client,
        seed: int,
        job_ids: dict[str, str],
        *,
        up: threading.Event,
        done: Counter[str],
        lock: threading.Lock,
    ) -> None:
        super().__init__(client, seed, job_ids, lock=lock)
        self.up = up
        self.done = done
        self.cut = 0

    def before_operation(self) -> None:
        self.up.wait(60)

    def after_operation(self) -> None:
        with self.lock:
            self.done["operations"] += 1

    def failed(self, action: str, error: Exception) -> None:
        if not isinstance(error, AlibabaCloudException) or error.status_code is None:
            self.cut += 1  # no answer: the request died with the server
        else:
            super().failed(action, error)


def test_concurrent_clients_garbage_and_a_kill_mid_training_leave_a_consistent_store(
    tmp_path: Path,
) -> None:
    emulator = Emulator(tmp_path / "ice")
    try:
        up, stop = threading.Event(), threading.Event()
        up.set()
        lock = threading.Lock()
        done: Counter[str] = Counter()
        job_ids: dict[str, str] = {}
        workers = [
            SurvivingWorker(sdk_client(emulator.url), seed, job_ids, up=up, done=done, lock=lock)
            for seed in range(CLIENTS)
        ]
        garbage_statuses: Counter[int] = Counter()
        garbage_cut = [0]

        def send_garbage() -> None:
            rng, raw = random.Random(20201109), RawIce(emulator.url)
            try:
                while not stop.is_set():
                    up.wait(60)
                    try:
                        reply = random_request(rng, raw)
                    except (httpx.LocalProtocolError, UnicodeEncodeError):
                        continue  # httpx refuses to send it
                    except httpx.TransportError:
                        garbage_cut[0] += 1
                        continue
                    garbage_statuses[reply.status_code] += 1
                    assert reply.status_code < 500, reply.text
                    if reply.status_code >= 400:
                        assert set(reply.json()) == ICE_ERROR_KEYS
            finally:
                raw.close()

        threads = [threading.Thread(target=w.run, args=(OPERATIONS,)) for w in workers]
        garbage = threading.Thread(target=send_garbage)
        for thread in [*threads, garbage]:
            thread.start()
        while done["operations"] < KILL_AFTER and any(t.is_alive() for t in threads):
            threading.Event().wait(0.01)
        up.clear()
        snapshot = EmulatorControl(emulator.url)
        try:
            # Only Training and Success jobs are beyond deletion (a worker may delete an
            # AudioDetecting or PreTraining job after the restart). Submitted jobs reach
            # Training with time alone, so wait, the workers paused, until one has.
            for _ in range(200):
                before_kill = snapshot.jobs()
                kept = {job["JobId"] for job in before_kill if job["Status"] in UNDELETABLE}
                if kept or not any(job["Status"] != "Initialization" for job in before_kill):
                    break
                threading.Event().wait(0.05)
        finally:
            snapshot.close()
        emulator.kill()  # requests in flight and jobs training die with it
        emulator.start()
        up.set()
        for thread in threads:
            thread.join(120)
        stop.set()
        garbage.join(60)

        assert [p for w in workers for p in w.unexpected] == []
        assert sum(w.cut for w in workers) + garbage_cut[0] <= 2 * (CLIENTS + 1), (
            "only what the kill cut"
        )
        assert sum(count for status, count in garbage_statuses.items() if status >= 400) > 50
        control = EmulatorControl(emulator.url)
        try:
            jobs = control.jobs()
        finally:
            control.close()
        voice_ids = [job["VoiceId"] for job in jobs]
        assert len(voice_ids) == len(set(voice_ids)), "more than one job for a voice"
        assert set(voice_ids) <= set(VOICE_IDS)
        # Training and trained jobs cannot be deleted: each one the kill interrupted is still there.
        assert kept, "jobs were training before the kill (else the restart proves little)"
        assert kept <= {job["JobId"] for job in jobs}
        for job in jobs:
            assert job["Status"] in STATUSES
            if job["Status"] != "Initialization":
                assert job["SubmitCount"] >= 1 and job["PassedRecords"] == 20, job
        submitted = [job for job in jobs if job["Status"] != "Initialization"]
        assert submitted, "the workload trained voices (else this proves little)"
        ice = sdk_client(emulator.url)
        for job in submitted:
            assert wait_for_status(ice, job["JobId"])[0] == "Success"
        listed = ice.list_customized_voice_jobs(
            models.ListCustomizedVoiceJobsRequest(page_size=100)
        ).body.data
        assert listed.total_count == len(jobs)
        assert {item.job_id for item in listed.customized_voice_job_list} == {
            job["JobId"] for job in jobs
        }
    finally:
        emulator.stop()
