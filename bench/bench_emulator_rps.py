"""Sustained signed GetCustomizedVoiceJob requests per second against `ice-emulator`.

Starts the emulator as a separate process on loopback, trains one voice (training time
0), then for a fixed time drives GetCustomizedVoiceJob from several client threads:

  baseline  raw httpx, unsigned GET /_emulator/health (the HTTP stack alone)
  sdk       the official SDK (alibabacloud_ice20201109), one client per thread
  httpx     raw httpx, each request signed ACS3-HMAC-SHA256 by the small signer below
  lean      the same signed requests over keep-alive http.client, the cheapest Python
            client: on a 2-core machine the clients' CPU bounds the figures above, this
            one shows more of the emulator's own capacity

    .venv/bin/python bench/bench_emulator_rps.py [--seconds 5] [--processes 2] [--threads 3]
                                                 [--http auto]

Every response is checked (HTTP 200 and Status Success); errors are counted and printed,
with the emulator process's CPU time per request (its cost, whoever the client).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from urllib.parse import quote, urlsplit

import httpx

ACCESS_KEY_ID = "ice-emulator-access-key"
ACCESS_KEY_SECRET = "ice-emulator-secret"
VERSION = "2020-11-09"


# -- a minimal ACS3-HMAC-SHA256 signer (independent of icevoice and of the emulator) ------


def _pe(text: str) -> str:
    return quote(text, safe="~")


def signed_request(host: str, action: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The query string and headers of a signed `POST /` with an empty body."""
    query = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(params.items()))
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": VERSION,
        "x-acs-date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "x-acs-signature-nonce": uuid.uuid4().hex,
        "x-acs-content-sha256": hashlib.sha256(b"").hexdigest(),
    }
    names = sorted(headers)
    canonical = "\n".join(
        [
            "POST",
            "/",
            query,
            "".join(f"{name}:{headers[name]}\n" for name in names),
            ";".join(names),
            headers["x-acs-content-sha256"],
        ]
    )
    string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(
        ACCESS_KEY_SECRET.encode(), string_to_sign.encode(), hashlib.sha256
    ).hexdigest()
    headers["authorization"] = (
        f"ACS3-HMAC-SHA256 Credential={ACCESS_KEY_ID},"
        f"SignedHeaders={';'.join(names)},Signature={signature}"
    )
    return query, headers


# -- the emulator process ----------------------------------------------------------------


def start_emulator(data_dir: str, http: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "ice_emulator", "--port", "0", "--data-dir", data_dir]
    command += ["--training-seconds", "0", "--http", http]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.kill()
        raise SystemExit(f"the emulator did not start (first line: {url!r})")
    return process, url


def trained_job(client: httpx.Client, url: str) -> str:
    """Stage a voice through the control API, submit it, return its (Success) job id."""
    host = urlsplit(url).netloc
    client.post(f"{url}/_emulator/stage", json={"voice_ids": ["benchvoice"]}).raise_for_status()
    query, headers = signed_request(host, "SubmitCustomizedVoiceJob", {"VoiceId": "benchvoice"})
    reply = client.post(f"{url}/?{query}", headers=headers)
    reply.raise_for_status()
    return str(reply.json()["Data"]["JobId"])


def process_cpu_seconds(pid: int) -> float:
    """User+system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- load --------------------------------------------------------------------------------

Worker = Callable[[Callable[[], bool]], tuple[int, int]]


def load(
    kind: str, url: str, job_id: str, threads: int, start_at: float, seconds: float
) -> tuple[int, int]:
    """One client process: `threads` threads of `kind` load from `start_at` (wall clock)
    for `seconds`. Returns (good replies, errors)."""
    make = {"health": health_worker, "sdk": sdk_worker, "httpx": httpx_worker, "lean": lean_worker}[
        kind
    ]
    worker = make(url, job_id)
    results: list[tuple[int, int]] = []
    lock = threading.Lock()

    def body() -> None:
        time.sleep(max(0.0, start_at - time.time()))
        stop = start_at + seconds
        done = worker(lambda: time.time() < stop)
        with lock:
            results.append(done)

    pool = [threading.Thread(target=body) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(ok for ok, _ in results), sum(bad for _, bad in results)


def run_load(
    pool: ProcessPoolExecutor,
    processes: int,
    kind: str,
    url: str,
    job_id: str,
    threads: int,
    seconds: float,
) -> tuple[float, int]:
    """Requests per second and errors of `processes` x `threads` clients."""
    # Start together, after every process has imported its client library.
    start_at = time.time() + 3.0
    futures = [
        pool.submit(load, kind, url, job_id, threads, start_at, seconds) for _ in range(processes)
    ]
    results = [future.result() for future in futures]
    return sum(ok for ok, _ in results) / seconds, sum(bad for _, bad in results)


def _warm_up() -> None:
    import alibabacloud_ice20201109.client  # noqa: F401 - 0.7 s of imports, paid before timing


def health_worker(url: str, job_id: str) -> Worker:
    def work(running: Callable[[], bool]) -> tuple[int, int]:
        ok = bad = 0
        with httpx.Client() as client:
            while running():
                if client.get(f"{url}/_emulator/health").status_code == 200:
                    ok += 1
                else:
                    bad += 1
        return ok, bad

    return work


def httpx_worker(url: str, job_id: str) -> Worker:
    host = urlsplit(url).netloc

    def work(running: Callable[[], bool]) -> tuple[int, int]:
        ok = bad = 0
        with httpx.Client() as client:
            while running():
                query, headers = signed_request(host, "GetCustomizedVoiceJob", {"JobId": job_id})
                reply = client.post(f"{url}/?{query}", headers=headers)
                if (
                    reply.status_code == 200
                    and reply.json()["Data"]["CustomizedVoiceJob"]["Status"] == "Success"
                ):
                    ok += 1
                else:
                    bad += 1
        return ok, bad

    return work


def lean_worker(url: str, job_id: str) -> Worker:
    """Keep-alive http.client: the cheapest Python client, to show the emulator's side."""
    host = urlsplit(url).netloc

    def work(running: Callable[[], bool]) -> tuple[int, int]:
        ok = bad = 0
        connection = http.client.HTTPConnection(host, timeout=10)
        try:
            while running():
                query, headers = signed_request(host, "GetCustomizedVoiceJob", {"JobId": job_id})
                connection.request("POST", f"/?{query}", headers=headers)
                reply = connection.getresponse()
                body = reply.read()
                if (
                    reply.status == 200
                    and json.loads(body)["Data"]["CustomizedVoiceJob"]["Status"] == "Success"
                ):
                    ok += 1
                else:
                    bad += 1
        finally:
            connection.close()
        return ok, bad

    return work


def sdk_worker(url: str, job_id: str) -> Worker:
    from alibabacloud_ice20201109 import models
    from alibabacloud_ice20201109.client import Client
    from alibabacloud_tea_openapi.models import Config

    endpoint = urlsplit(url).netloc

    def work(running: Callable[[], bool]) -> tuple[int, int]:
        client = Client(
            Config(
                endpoint=endpoint,
                protocol="http",
                region_id="cn-shanghai",
                access_key_id=ACCESS_KEY_ID,
                access_key_secret=ACCESS_KEY_SECRET,
            )
        )
        request = models.GetCustomizedVoiceJobRequest(job_id=job_id)
        ok = bad = 0
        while running():
            try:
                status = client.get_customized_voice_job(
                    request
                ).body.data.customized_voice_job.status
            except Exception:
                bad += 1
                continue
            if status == "Success":
                ok += 1
            else:
                bad += 1
        return ok, bad

    return work


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="duration of each load (default %(default)s)"
    )
    parser.add_argument(
        "--processes", type=int, default=2, help="client processes (default %(default)s)"
    )
    parser.add_argument(
        "--threads", type=int, default=3, help="client threads per process (default %(default)s)"
    )
    parser.add_argument(
        "--http", default="auto", choices=("auto", "h11", "httptools"), help="emulator HTTP stack"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ice-bench-") as data_dir:
        process, url = start_emulator(data_dir, args.http)
        context = multiprocessing.get_context("spawn")
        try:
            with httpx.Client() as client:
                job_id = trained_job(client, url)
            print(
                f"emulator {url} (pid {process.pid}, --http {args.http}); "
                f"{os.cpu_count()} CPUs shared by emulator and clients; "
                f"{args.processes} client processes x {args.threads} threads; "
                f"{args.seconds:g} s per load"
            )
            loads = [
                ("baseline: unsigned GET /_emulator/health, httpx", "health"),
                ("official SDK: signed GetCustomizedVoiceJob", "sdk"),
                ("raw httpx: signed GetCustomizedVoiceJob", "httpx"),
                ("lean http.client: signed GetCustomizedVoiceJob", "lean"),
            ]
            with ProcessPoolExecutor(
                args.processes, mp_context=context, initializer=_warm_up
            ) as pool:
                for label, kind in loads:
                    cpu_before = process_cpu_seconds(process.pid)
                    rate, errors = run_load(
                        pool, args.processes, kind, url, job_id, args.threads, args.seconds
                    )
                    server_cpu = process_cpu_seconds(process.pid) - cpu_before
                    per_request = server_cpu / max(1.0, rate * args.seconds) * 1e6
                    print(
                        f"{label:48s} {rate:7.0f} req/s  errors {errors}  "
                        f"emulator CPU {per_request:4.0f} us/req"
                    )
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
            if process.stdout is not None:
                process.stdout.close()


if __name__ == "__main__":
    main()
