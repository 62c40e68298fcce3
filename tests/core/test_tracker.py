"""JobTracker: shared rounds, batched status reads, coalesced lookups, errors and timeouts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from icevoice import AuthenticationError, CustomizedVoice, CustomizedVoiceJob, NotFoundError
from pulumi_ice_voice._core.tracker import JobTracker, TrainingTimeout


def job(
    job_id: str, voice_id: str, status: str = "Training", message: str | None = None
) -> CustomizedVoiceJob:
    return CustomizedVoiceJob.model_validate(
        {"JobId": job_id, "VoiceId": voice_id, "Status": status, "Message": message}
    )


def voice(voice_id: str) -> CustomizedVoice:
    return CustomizedVoice.model_validate(
        {"VoiceId": voice_id, "DemoAudioMediaId": f"m-{voice_id}"}
    )


def not_found(action: str) -> NotFoundError:
    return NotFoundError(action=action, status_code=404, code="NotFound", message="no such thing")


@dataclass
class Page:
    items: list[Any]
    total_count: int


@dataclass
class FakeIce:
    """Jobs newest first; each job finishes after `reads_to_finish` status reads of it."""

    jobs: list[CustomizedVoiceJob] = field(default_factory=list)
    voices: list[CustomizedVoice] = field(default_factory=list)
    reads_to_finish: int = 3
    final_status: str = "Success"
    fail_with: Exception | None = None
    finishing: bool = True
    """False: no job finishes, however often it is read (until the test says so)."""
    lists: int = 0
    gets: int = 0
    voice_lists: int = 0
    voice_gets: int = 0
    reads: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _observe(self, j: CustomizedVoiceJob) -> CustomizedVoiceJob:
        self.reads[j.job_id] = self.reads.get(j.job_id, 0) + 1
        done = self.finishing and self.reads[j.job_id] >= self.reads_to_finish
        if j.status == "Training" and done:
            return j.model_copy(update={"status": self.final_status, "message": "done"})
        return j

    def list_customized_voice_jobs(
        self, *, page_no: int = 1, page_size: int = 10, type: Any = None
    ) -> Page:
        with self.lock:
            if self.fail_with:
                raise self.fail_with
            self.lists += 1
            chunk = self.jobs[(page_no - 1) * page_size : page_no * page_size]
            return Page([self._observe(j) for j in chunk], len(self.jobs))

    def get_customized_voice_job(self, *, job_id: str) -> CustomizedVoiceJob:
        with self.lock:
            if self.fail_with:
                raise self.fail_with
            self.gets += 1
            found = [j for j in self.jobs if j.job_id == job_id]
            if not found:
                raise not_found("GetCustomizedVoiceJob")
            return self._observe(found[0])

    def list_customized_voices(
        self, *, page_no: int = 1, page_size: int = 10, type: Any = None
    ) -> Page:
        with self.lock:
            self.voice_lists += 1
            return Page(
                self.voices[(page_no - 1) * page_size : page_no * page_size], len(self.voices)
            )

    def get_customized_voice(self, *, voice_id: str) -> CustomizedVoice:
        with self.lock:
            self.voice_gets += 1
            found = [v for v in self.voices if v.voice_id == voice_id]
            if not found:
                raise not_found("GetCustomizedVoice")
            return found[0]


@pytest.fixture
def make_tracker() -> Iterator[Any]:
    trackers: list[JobTracker] = []

    def make(ice: FakeIce, **kw: Any) -> JobTracker:
        tracker = JobTracker(ice, min_interval=0.01, max_interval=0.05, **kw)
        trackers.append(tracker)
        return tracker

    yield make
    for tracker in trackers:
        tracker.close()


def run_all(fns: list[Any], *, before_join: Any = None) -> list[Any]:
    results: list[Any] = [None] * len(fns)

    def call(i: int) -> None:
        try:
            results[i] = fns[i]()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(fns))]
    for t in threads:
        t.start()
    if before_join is not None:
        before_join()
    for t in threads:
        t.join(30)
    return results


class HeldClock:
    """A tracker clock that stands still until released: no round starts while questions
    are still being asked, however slowly the machine starts the asking threads."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def asked_together(tracker: JobTracker, clock: HeldClock, fns: list[Any]) -> list[Any]:
    """Ask from one thread each; the round starts once all of them have asked."""

    def release_when_all_asked() -> None:
        deadline = time.monotonic() + 30
        while tracker.queued_questions < len(fns):
            assert time.monotonic() < deadline, "the questions were never all asked"
            time.sleep(0.01)
        clock.now += 60.0  # past the linger: the next look starts the round

    return run_all(fns, before_join=release_when_all_asked)


def test_a_few_jobs_are_read_one_by_one(make_tracker: Any) -> None:
    ice = FakeIce(jobs=[job("j1", "v1"), job("j2", "v2")])
    tracker = make_tracker(ice)
    done = run_all([lambda j=j: tracker.wait(j, timeout=20) for j in list(ice.jobs)])
    assert [d.status for d in done] == ["Success", "Success"]
    assert ice.lists == 0 and ice.gets >= 6


def test_a_hundred_jobs_cost_one_list_page_per_round(make_tracker: Any) -> None:
    ice = FakeIce(
        jobs=[job(f"j{i}", f"v{i}") for i in range(100)] + [job("old", "vold", "Success")] * 150
    )
    statuses: list[str] = []
    tracker = JobTracker(
        ice, min_interval=0.3, max_interval=0.3, on_status=lambda j, old: statuses.append(j.status)
    )
    done = run_all([lambda j=j: tracker.wait(j, timeout=20) for j in ice.jobs[:100]])
    assert all(d.status == "Success" for d in done)
    assert statuses.count("Success") == 100
    busy = [r for r in tracker.history if r.jobs_in_flight > 3]
    assert any(r.jobs_in_flight == 100 for r in busy)
    # All 100 in-flight jobs are the newest: each busy round reads one list page.
    assert {r.requests for r in busy} == {1}
    assert all(r.requests <= r.jobs_in_flight for r in tracker.history)
    tracker.close()


def test_a_thousand_jobs_cost_at_most_ten_list_pages_a_round(make_tracker: Any) -> None:
    """A thousand creates training at once, in an account with two thousand older jobs:
    every round reads only the pages the thousand are on (100 a page, newest first)."""
    older = [job(f"old{i}", f"vold{i}", "Success") for i in range(2000)]
    ice = FakeIce(jobs=[job(f"j{i}", f"v{i}") for i in range(1000)] + older, finishing=False)
    tracker = JobTracker(ice, min_interval=0.3, max_interval=0.3)

    def finish_once_all_wait() -> None:
        deadline = time.monotonic() + 60
        while not any(r.jobs_in_flight == 1000 for r in list(tracker.history)):
            assert time.monotonic() < deadline, "no round followed all 1,000 jobs"
            time.sleep(0.01)
        ice.finishing = True

    done = run_all(
        [lambda j=j: tracker.wait(j, timeout=120) for j in ice.jobs[:1000]],
        before_join=finish_once_all_wait,
    )
    assert all(d.status == "Success" for d in done)
    busy = [r for r in tracker.history if r.jobs_in_flight > 3]
    assert max(r.requests for r in busy) <= 10
    assert ice.gets <= 3 * len(tracker.history), "a few stragglers read by id at most"
    tracker.close()


def test_a_lookup_that_found_nothing_reads_only_the_jobs_newer_than_the_last_whole_read(
    make_tracker: Any,
) -> None:
    """A thousand creates ask "is there a job for my voice?" over many rounds; after one
    whole read of the account's jobs, a voice it did not have can only have a newer job."""
    ice = FakeIce(jobs=[job(f"old{i}", f"vold{i}", "Success") for i in range(2000)])
    tracker = make_tracker(ice)

    assert tracker.find_job("new1") is None
    assert ice.lists == 20, "the first lookup reads the whole list"

    ice.jobs[:0] = [job(f"j{i}", f"v{i}") for i in range(150)]  # newest first
    assert tracker.find_job("new2") is None
    assert ice.lists == 22, "then only the pages down to a job the whole read saw"
    assert tracker.find_job("v149").job_id == "j149"
    assert ice.lists == 24

    ice.jobs.insert(0, job("late", "new1"))
    assert tracker.find_job("new1").job_id == "late", "a voice not seen before, found now"
    assert ice.lists == 25
    assert tracker.find_job("vold1999").job_id == "old1999", "a voice seen before: read to it"
    assert ice.lists == 25 + 22


def test_questions_bring_their_round_forward_not_the_reading_of_the_jobs_in_flight() -> None:
    """While a hundred voices train, creates still arriving ask one after another: each is
    answered in a round of its own, which reads no job in flight before they are due."""
    ice = FakeIce(
        jobs=[job(f"j{i}", f"v{i}") for i in range(100)]
        + [job(f"old{i}", f"vold{i}", "Success") for i in range(200)],
        reads_to_finish=10**6,
    )
    tracker = JobTracker(ice, min_interval=60, max_interval=60)
    waits = [
        threading.Thread(target=lambda j=j: run_all([lambda: tracker.wait(j, timeout=30)]))
        for j in ice.jobs[:100]
    ]
    for thread in waits:
        thread.start()
    deadline = time.monotonic() + 30
    while tracker.jobs_in_flight < 100:
        assert time.monotonic() < deadline, "the waits never all began"
        time.sleep(0.01)

    assert [tracker.find_job(f"new{n}") for n in range(5)] == [None] * 5

    assert [r.jobs_in_flight for r in tracker.history] == [0] * 5
    assert ice.lists == 3 + 4, "one whole read (3 pages), then the first page each"
    tracker.cancel()
    for thread in waits:
        thread.join(30)
    tracker.close()


def test_lookups_are_coalesced_and_find_the_newest_job(make_tracker: Any) -> None:
    ice = FakeIce(jobs=[job(f"j{i}", f"v{i % 50}", "Success") for i in range(300)])
    clock = HeldClock()
    tracker = make_tracker(ice, clock=clock)
    found = asked_together(
        tracker,
        clock,
        [lambda v=v: tracker.find_job(f"v{v}") for v in range(50)]
        + [lambda: tracker.find_job("nope")],
    )
    assert [f.job_id for f in found[:50]] == [f"j{i}" for i in range(50)]  # newest first
    assert found[50] is None
    # 51 lookups answered by one whole-list scan (3 pages), not 51 scans.
    assert ice.lists == 3


def test_failed_training_is_returned_with_its_message(make_tracker: Any) -> None:
    ice = FakeIce(jobs=[job("j1", "v1")], final_status="Fail")
    result = make_tracker(ice).wait(ice.jobs[0], timeout=20)
    assert (result.status, result.message) == ("Fail", "done")


def test_timeout_reports_the_last_status(make_tracker: Any) -> None:
    ice = FakeIce(jobs=[job("j1", "v1")], reads_to_finish=10**9)
    with pytest.raises(TrainingTimeout) as info:
        make_tracker(ice).wait(ice.jobs[0], timeout=0.2)
    assert info.value.job.job_id == "j1" and info.value.job.status == "Training"


def test_authentication_errors_end_waits_and_lookups(make_tracker: Any) -> None:
    error = AuthenticationError(
        action="ListCustomizedVoiceJobs",
        status_code=404,
        code="InvalidAccessKeyId.NotFound",
        message="bad key",
    )
    ice = FakeIce(jobs=[job("j1", "v1")], fail_with=error)
    tracker = make_tracker(ice)
    with pytest.raises(AuthenticationError):
        tracker.find_job("v1")
    with pytest.raises(AuthenticationError):
        tracker.wait(ice.jobs[0], timeout=20)


def test_terminal_job_returns_without_polling(make_tracker: Any) -> None:
    ice = FakeIce(jobs=[job("j1", "v1", "Success")])
    assert make_tracker(ice).wait(ice.jobs[0], timeout=1).status == "Success"
    assert ice.lists == ice.gets == 0


def test_many_voice_reads_at_once_cost_one_list_page(make_tracker: Any) -> None:
    ice = FakeIce(
        voices=[voice(f"v{i}") for i in range(100)] + [voice(f"old{i}") for i in range(150)]
    )
    clock = HeldClock()
    tracker = make_tracker(ice, clock=clock)
    wanted = [f"v{i}" for i in range(100)] + ["gone"]
    read = asked_together(tracker, clock, [lambda v=v: tracker.read_voice(v) for v in wanted])
    assert [r.demo_audio_media_id for r in read[:100]] == [f"m-v{i}" for i in range(100)]
    assert read[100] is None, "a voice ICE does not know is None"
    # One scan of the whole list (3 pages: 'gone' is on none), one Get for the missing one.
    assert (ice.voice_lists, ice.voice_gets) == (3, 1)
    rounds = [r for r in tracker.history if r.voice_reads]
    assert [(r.voice_reads, r.voice_requests, r.requests) for r in rounds] == [(101, 4, 0)]


def test_a_few_voice_reads_are_read_one_by_one(make_tracker: Any) -> None:
    ice = FakeIce(voices=[voice("v1"), voice("v2")])
    tracker = make_tracker(ice)
    read = run_all([lambda: tracker.read_voice("v1"), lambda: tracker.read_voice("nope")])
    assert read[0].voice_id == "v1" and read[1] is None
    assert ice.voice_lists == 0 and ice.voice_gets == 2


def test_job_reads_share_the_round_and_an_unknown_job_is_none(make_tracker: Any) -> None:
    ice = FakeIce(jobs=[job(f"j{i}", f"v{i}", "Success") for i in range(20)])
    clock = HeldClock()
    tracker = make_tracker(ice, clock=clock)
    read = asked_together(
        tracker,
        clock,
        [lambda i=i: tracker.read_job(f"j{i}") for i in range(20)]
        + [lambda: tracker.read_job("nope")],
    )
    assert [r.job_id for r in read[:20]] == [f"j{i}" for i in range(20)]
    assert read[20] is None
    assert ice.lists == 1 and ice.gets == 1


def test_a_watched_job_that_ice_forgets_ends_its_wait(make_tracker: Any) -> None:
    ice = FakeIce(jobs=[job("j1", "v1")], reads_to_finish=10**9)
    tracker = make_tracker(ice)
    watched = ice.jobs[0]
    ice.jobs.clear()
    with pytest.raises(NotFoundError):
        tracker.wait(watched, timeout=20)


def test_an_unexpected_error_fails_that_round_only_and_the_poller_goes_on(
    make_tracker: Any,
) -> None:
    ice = FakeIce(jobs=[job("j1", "v1")], reads_to_finish=2)
    broken = [True]
    real_get = ice.get_customized_voice_job

    def get_once_broken(*, job_id: str) -> CustomizedVoiceJob:
        if broken[0]:
            broken[0] = False
            raise RuntimeError("a bug")
        return real_get(job_id=job_id)

    ice.get_customized_voice_job = get_once_broken  # type: ignore[method-assign]
    tracker = make_tracker(ice)
    with pytest.raises(RuntimeError, match="a bug"):
        tracker.read_job("j1")
    assert tracker.wait(ice.jobs[0], timeout=20).status == "Success"
    assert tracker.read_job("j1") is not None


def test_a_wait_says_how_it_stands_every_heartbeat_and_reads_nothing_for_it() -> None:
    ice = FakeIce([job("J1", "v1")], reads_to_finish=10_000)
    beats: list[tuple[str | None, float, float]] = []
    tracker = JobTracker(
        ice,
        min_interval=60.0,  # the first poll is due in a minute: none while the test runs
        heartbeat=0.05,
        on_heartbeat=lambda j, waited, left: beats.append((j.status, waited, left)),
    )
    try:
        with pytest.raises(TrainingTimeout):
            tracker.wait(job("J1", "v1", "Initialization"), timeout=0.5)
    finally:
        tracker.close()
    assert len(beats) >= 4, beats
    assert [waited for _, waited, _ in beats] == sorted(waited for _, waited, _ in beats)
    assert {status for status, _, _ in beats} == {"Initialization"}, "what it last knew"
    assert all(0 < left <= 60.0 for _, _, left in beats)
    assert ice.gets + ice.lists == 0, "heartbeats cost no request"


def test_without_a_heartbeat_a_wait_says_nothing() -> None:
    ice = FakeIce([job("J1", "v1")], reads_to_finish=10_000)
    beats: list[object] = []
    tracker = JobTracker(ice, min_interval=60.0, on_heartbeat=lambda *args: beats.append(args))
    try:
        with pytest.raises(TrainingTimeout):
            tracker.wait(job("J1", "v1", "Initialization"), timeout=0.2)
    finally:
        tracker.close()
    assert beats == []
