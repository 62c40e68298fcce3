"""State lives in the data directory: it survives restarts and is shared by servers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from alibabacloud_ice20201109 import models
from alibabacloud_ice20201109.client import Client

from ice_emulator import EmulatorServer

from ._raw import RawIce, sign_v3
from ._sdk import (
    assert_playable_wav,
    create_voice,
    ice_error,
    job_status,
    pass_recordings,
    register_audio,
    sdk_client,
    submit,
    submit_cosy_voice,
    wait_for_status,
)


def test_a_job_submitted_before_a_restart_finishes_after_it(tmp_path: Path) -> None:
    with EmulatorServer(data_dir=tmp_path, training_seconds=1.0) as first:
        ice = sdk_client(first.url)
        job_id = create_voice(ice, "durable")
        pass_recordings(ice, "durable", range(1, 20))
        port = first.port
    with EmulatorServer(data_dir=tmp_path, port=port, training_seconds=1.0) as second:
        ice = sdk_client(second.url)
        pass_recordings(ice, "durable", range(20, 21))  # the first 19 verdicts were kept
        assert submit(ice, "durable") == job_id
        assert job_status(ice, job_id) == "AudioDetecting"
    with EmulatorServer(data_dir=tmp_path, port=port, training_seconds=1.0) as third:
        ice = sdk_client(third.url)
        assert wait_for_status(ice, job_id)[0] == "Success"
        assert (
            ice_error(lambda: create_voice(ice, "durable")).code == "CustomizedVoice.AlreadyExists"
        )
        voice = ice.get_customized_voice(
            models.GetCustomizedVoiceRequest(voice_id="durable")
        ).body.data.customized_voice
        media = ice.get_media_info(
            models.GetMediaInfoRequest(media_id=voice.demo_audio_media_id)
        ).body.media_info
        assert_playable_wav(media.file_info_list[0].file_basic_info.file_url)


def test_nonces_are_remembered_across_restarts(tmp_path: Path) -> None:
    with EmulatorServer(data_dir=tmp_path) as first:
        raw = RawIce(first.url)
        query, headers = sign_v3(raw.host, "ListCustomizedVoiceJobs", {})
        assert raw.send_v3(query, headers).status_code == 200
        raw.close()
        port = first.port
    with EmulatorServer(data_dir=tmp_path, port=port) as second:
        raw = RawIce(second.url)
        assert raw.send_v3(query, headers).json()["Code"] == "SignatureNonceUsed"
        raw.close()


def test_two_servers_share_one_data_dir(tmp_path: Path) -> None:
    with (
        EmulatorServer(data_dir=tmp_path, training_seconds=0.2) as left,
        EmulatorServer(data_dir=tmp_path, training_seconds=0.2) as right,
    ):
        one, other = sdk_client(left.url), sdk_client(right.url)
        job_id = create_voice(one, "shared")
        pass_recordings(other, "shared")
        assert submit(one, "shared") == job_id
        assert wait_for_status(other, job_id)[0] == "Success"
        # Racing creates of one voice id through both servers: exactly one wins.
        outcomes: list[str] = []

        def race(client: Client, voice_id: str) -> None:
            try:
                create_voice(client, voice_id)
                outcomes.append("created")
            except Exception as error:
                outcomes.append(getattr(error, "code", repr(error)))

        for n in range(10):
            threads = [
                threading.Thread(target=race, args=(client, f"race{n}")) for client in (one, other)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert sorted(outcomes) == sorted(["created", "CustomizedVoice.AlreadyExists"] * 10)


def test_media_and_editions_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorServer(data_dir=tmp_path, cosy_voice_type="Cosy", training_seconds=0) as first:
        ice = sdk_client(first.url)
        media_id = register_audio(ice, "kept", 90)
        job_id, voice_id = submit_cosy_voice(ice, "Kept")
        port = first.port
    with EmulatorServer(
        data_dir=tmp_path, port=port, cosy_voice_type="Cosy", training_seconds=0
    ) as second:
        ice = sdk_client(second.url)
        info = ice.get_media_info(models.GetMediaInfoRequest(media_id=media_id)).body.media_info
        assert info.file_info_list[0].file_basic_info.duration == "90.000"
        job = ice.get_customized_voice_job(models.GetCustomizedVoiceJobRequest(job_id=job_id))
        assert (job.body.data.customized_voice_job.voice_id, job_status(ice, job_id)) == (
            voice_id,
            "Success",
        )
        voices = ice.list_customized_voices(models.ListCustomizedVoicesRequest(type="Cosy"))
        assert [v.voice_id for v in voices.body.data.customized_voice_list] == [voice_id]


def test_a_data_directory_from_before_media_registration_is_upgraded(tmp_path: Path) -> None:
    # The media table as the emulator wrote it when media were demo audio only.
    with sqlite3.connect(tmp_path / "ice-emulator.sqlite3") as conn:
        conn.execute(
            "CREATE TABLE media (media_id TEXT PRIMARY KEY, voice_id TEXT NOT NULL, "
            "input_url TEXT NOT NULL, file_name TEXT NOT NULL, size INTEGER NOT NULL, "
            "duration REAL NOT NULL, created_at REAL NOT NULL)"
        )
        conn.execute("CREATE INDEX media_by_url ON media (input_url)")
        conn.execute(
            "INSERT INTO media VALUES ('olddemo', 'oldvoice', 'oss://voices/demo/old.wav', "
            "'old.wav', 1000, 1.6, 1700000000.0)"
        )
    conn.close()
    with EmulatorServer(data_dir=tmp_path) as server:
        ice = sdk_client(server.url)
        old = ice.get_media_info(models.GetMediaInfoRequest(media_id="olddemo")).body.media_info
        assert (old.media_basic_info.media_type, old.media_basic_info.title) == ("audio", "old.wav")
        assert old.file_info_list[0].file_basic_info.duration == "1.600"
        assert register_audio(ice, "new", 75)  # a registered media has no voice
