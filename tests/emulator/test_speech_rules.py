"""The emulator's own rules for speech, below HTTP: the job states on the clock, ICE's
speech_rate formula, the audio's length per format, the hand-built MP3 frames, and the
control API's clock."""

from __future__ import annotations

import io
import wave
from typing import Any

import httpx
import pytest

from ice_emulator import EmulatorServer
from ice_emulator._models import state_at
from ice_emulator._mp3 import FRAME_BYTES, render_mp3
from ice_emulator._synthesis import render_speech, speed_of, spoken_notes


@pytest.mark.parametrize(
    ("elapsed", "seconds", "state"),
    [
        (0.0, 10.0, "Created"),
        (1.99, 10.0, "Created"),
        (2.0, 10.0, "Executing"),
        (9.99, 10.0, "Executing"),
        (10.0, 10.0, "Finished"),
        (0.0, 0.0, "Finished"),
    ],
)
def test_states_follow_the_share_of_the_job_time(
    elapsed: float, seconds: float, state: str
) -> None:
    assert state_at(elapsed, seconds) == state


@pytest.mark.parametrize(
    ("speech_rate", "speed"),
    # ICE's examples: 0.8x is (1 - 1/0.8) / 0.002 = -125, 1.2x is (1 - 1/1.2) / 0.001 = 166.
    [(-500, 0.5), (-125, 0.8), (0, 1.0), (166, 1.2), (500, 2.0)],
)
def test_speech_rate_is_ices_speed_formula(speech_rate: int, speed: float) -> None:
    assert speed_of(speech_rate) == pytest.approx(speed, abs=0.001)


def test_units_pauses_and_markup() -> None:
    notes = spoken_notes("<speak>你好, world!</speak>", "v", 1.0, 1.0)
    assert [seconds for _, seconds in notes] == pytest.approx([0.25, 0.25, 0.2, 0.35, 0.4])
    assert [frequency is None for frequency, _ in notes] == [False, False, True, False, True]
    assert spoken_notes("<break/>", "v", 1.0, 1.0) == [(None, 0.5)]  # nothing to say: a pause
    # The voice and pitch_rate change the tune, not the time.
    [(higher, _)], [(lower, _)] = (
        spoken_notes("abc", "a", 1.0, 2.0),
        spoken_notes("abc", "a", 1.0, 1.0),
    )
    assert higher is not None and lower is not None and higher == 2 * lower


@pytest.mark.parametrize("audio_format", ["WAV", "PCM", "MP3"])
def test_every_format_lasts_what_the_notes_last(audio_format: str) -> None:
    text = "春眠不觉晓。" * 20  # 100 characters and 20 pauses: 33 s at 1x
    audio = render_speech(text, "narrator01", audio_format, 50, 0, 0)
    assert audio.seconds == pytest.approx(33.0, abs=0.03)
    if audio_format == "WAV":
        with wave.open(io.BytesIO(audio.data)) as reader:
            assert reader.getnframes() / reader.getframerate() == pytest.approx(audio.seconds)
    elif audio_format == "PCM":
        assert len(audio.data) == round(audio.seconds * 16_000) * 2
    else:
        assert len(audio.data) % FRAME_BYTES == 0


def test_mp3_frames_are_mpeg1_layer3_with_their_side_info() -> None:
    data = render_mp3([(229.0, 0.05), (None, 0.03)], 50)
    frames = [data[at : at + FRAME_BYTES] for at in range(0, len(data), FRAME_BYTES)]
    assert len(frames) == 4  # 80 ms: 7 granules of 12 ms, rounded up to whole frames
    for frame in frames:
        assert frame[:4] == b"\xff\xfb\x14\xc0"  # MPEG-1 Layer III, 32 kbit/s, 48 kHz, mono
    bits = int.from_bytes(frames[0][4:21], "big")
    part2_3_length = bits >> (136 - 18 - 12) & 0xFFF
    big_values = bits >> (136 - 18 - 21) & 0x1FF
    # Line 5 (229 Hz): two (0, 0) pairs of 1 bit, then (0, 1) in 3 bits and its sign.
    assert (part2_3_length, big_values) == (1 + 1 + 3 + 1, 3)
    silent = render_mp3([(229.0, 0.1)], 0)
    # Volume 0: no Huffman bits (the first 30 bits of the side info are zero), still a frame.
    assert all(int.from_bytes(silent[at + 4 : at + 21], "big") >> 106 == 0 for at in (0, 96))


def test_the_clock_refuses_what_it_cannot_do(emulator: EmulatorServer, fresh_emulator: Any) -> None:
    with httpx.Client(base_url=f"{emulator.url}/_emulator") as http:
        for body in (
            {},
            {"advance_seconds": -1},
            {"synthesis_seconds_per_character": "fast"},
            {"speed": 2},
            {"advance_seconds": True},
        ):
            reply = http.post("/clock", json=body)
            assert reply.status_code == 400 and reply.json()["error"], body
        assert http.get("/clock").json()["offset_seconds"] == 0
