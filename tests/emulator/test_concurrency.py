"""A seeded random workload from several threads; afterwards the store is consistent."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client

from ._sdk import wait_for_status
from ._workload import OPERATIONS_PER_THREAD, STATUSES, VOICE_IDS, Worker

THREADS = 6


def test_random_concurrent_workload_keeps_invariants(
    make_client: Callable[..., Client], fresh_emulator: Any
) -> None:
    fresh_emulator.clock(0.3)
    job_ids: dict[str, str] = {}
    lock = threading.Lock()
    workers = [Worker(make_client(), seed, job_ids, lock) for seed in range(THREADS)]
    threads = [threading.Thread(target=worker.run) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [problem for worker in workers for problem in worker.unexpected] == []
    calls = sum((worker.calls for worker in workers), Counter())
    counts = fresh_emulator.requests()
    assert counts["total"] == sum(calls.values()) >= THREADS * OPERATIONS_PER_THREAD
    assert counts["by_action"] == dict(calls)
    assert counts["throttled"] == 0

    jobs = fresh_emulator.jobs()
    voice_ids = [job["VoiceId"] for job in jobs]
    assert len(voice_ids) == len(set(voice_ids)), "more than one job for a voice"
    assert set(voice_ids) <= set(VOICE_IDS)
    assert len({job["JobId"] for job in jobs}) == len(jobs)
    for job in jobs:
        assert job["Status"] in STATUSES
        assert job["Type"] == "Basic"
        if job["Status"] != "Initialization":
            assert job["SubmitCount"] >= 1 and job["PassedRecords"] == 20, job

    # The workload trained voices (else it proves little); every submitted job finishes.
    refusals = sum((worker.refusals for worker in workers), Counter())
    submitted = [job for job in jobs if job["Status"] != "Initialization"]
    assert submitted and refusals["CustomizedVoiceJob.IncorrectStatus"] > 0, (jobs, refusals)
    ice = make_client()
    for job in submitted:
        assert wait_for_status(ice, job["JobId"])[0] == "Success"
    listed = ice.list_customized_voice_jobs(
        models.ListCustomizedVoiceJobsRequest(page_size=100)
    ).body.data
    assert listed.total_count == len(jobs)
    assert {item.job_id for item in listed.customized_voice_job_list} == {
        job["JobId"] for job in jobs
    }
