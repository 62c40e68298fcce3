"""What the emulator "speaks" for SubmitAudioProduceJob: a real, playable audio file of the
requested format whose length follows the text.

It has no speech engine: each spoken unit of the text (a CJK character, a word) becomes a
short note whose pitch derives from the voice and the unit, punctuation a pause. A unit
lasts what a reader needs at 1x (a CJK character 0.25 s, a word 0.07 s a character, at
least 0.12 s), divided by the speech_rate's speed; pitch_rate shifts the notes (+-500 is
+-1 octave), volume scales them (0 is silence). SSML tags are not spoken.

    WAV  16-bit mono PCM at 16 kHz with a RIFF header
    PCM  the same samples, headerless (s16le, mono, 16 kHz), as ICE's PCM output is raw
    MP3  MPEG-1 Layer III, 48 kHz mono, 32 kbit/s, hand-built frames (`_mp3`): the same
         notes on the nearest of six tones, 24 ms resolution
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import math
import re
import struct
import wave
from dataclasses import dataclass

from . import _mp3

__all__ = ["SAMPLE_RATE", "Rendering", "render_speech", "speed_of"]

SAMPLE_RATE = 16_000
_SCALE_HZ = (220.0, 247.5, 277.2, 330.0, 371.3, 440.0)
_CJK_SECONDS = 0.25
_LETTER_SECONDS = 0.07
_MIN_WORD_SECONDS = 0.12
_COMMA_SECONDS = 0.2
_STOP_SECONDS = 0.4
_SILENT_TEXT_SECONDS = 0.5
_FADE_SECONDS = 0.015
_TAG = re.compile(r"<[^>]*>")
_UNIT = re.compile(
    r"(?P<cjk>[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af])"
    r"|(?P<word>[^\W_]+)"
    r"|(?P<stop>[.!?\u3002\uff01\uff1f])"
    r"|(?P<comma>[,;:\uff0c\uff1b\uff1a\u3001])"
)

Note = tuple[float | None, float]  # (frequency in Hz, or None for a pause; seconds)


@dataclass(frozen=True)
class Rendering:
    """An audio file: its bytes, how long it plays, its MIME type and file extension."""

    data: bytes
    seconds: float
    content_type: str
    extension: str


def speed_of(speech_rate: int) -> float:
    """ICE's speech_rate (-500..500) as a speed: 0.5x, 1x, 2x at -500, 0, 500
    ((1 - 1/x) / 0.002 below 1x, (1 - 1/x) / 0.001 above)."""
    factor = 0.002 if speech_rate < 0 else 0.001
    return 1.0 / (1.0 - factor * speech_rate)


def render_speech(
    text: str, voice: str, audio_format: str, volume: int, speech_rate: int, pitch_rate: int
) -> Rendering:
    """The audio of `text` spoken by `voice` in `audio_format` (WAV, PCM or MP3)."""
    notes = spoken_notes(text, voice, speed_of(speech_rate), 2.0 ** (pitch_rate / 500))
    if audio_format == "MP3":
        data = _mp3.render_mp3(notes, volume)
        frames = len(data) // _mp3.FRAME_BYTES
        return Rendering(data, frames * _mp3.FRAME_SAMPLES / _mp3.SAMPLE_RATE, "audio/mpeg", "mp3")
    samples = _samples(notes, volume)
    seconds = len(samples) / 2 / SAMPLE_RATE
    if audio_format == "PCM":
        return Rendering(samples, seconds, "application/octet-stream", "pcm")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(samples)
    return Rendering(buffer.getvalue(), seconds, "audio/wav", "wav")


def spoken_notes(text: str, voice: str, speed: float, pitch: float) -> list[Note]:
    """The notes `text` is spoken as."""
    spoken = html.unescape(_TAG.sub(" ", text))
    notes: list[Note] = []
    for match in _UNIT.finditer(spoken):
        kind, unit = match.lastgroup, match.group()
        if kind == "cjk":
            notes.append((_pitch(voice, unit) * pitch, _CJK_SECONDS / speed))
        elif kind == "word":
            seconds = max(_MIN_WORD_SECONDS, _LETTER_SECONDS * len(unit))
            notes.append((_pitch(voice, unit) * pitch, seconds / speed))
        else:
            notes.append((None, (_STOP_SECONDS if kind == "stop" else _COMMA_SECONDS) / speed))
    return notes or [(None, _SILENT_TEXT_SECONDS)]


def _pitch(voice: str, unit: str) -> float:
    digest = hashlib.sha256(f"{voice}\0{unit.lower()}".encode()).digest()
    return _SCALE_HZ[digest[0] % len(_SCALE_HZ)]


def _samples(notes: list[Note], volume: int) -> bytes:
    amplitude = 0.6 * 32767 * max(0, min(volume, 100)) / 100
    pieces: list[bytes] = []
    elapsed, written = 0.0, 0
    for frequency, seconds in notes:
        elapsed += seconds
        count = round(elapsed * SAMPLE_RATE) - written  # no drift over many notes
        written += count
        if frequency is None or amplitude == 0:
            pieces.append(bytes(2 * count))
        else:
            pieces.append(_note(round(frequency, 1), count, round(amplitude)))
    return b"".join(pieces)


@functools.lru_cache(maxsize=512)
def _note(frequency: float, count: int, amplitude: int) -> bytes:
    """`count` samples of a sine at `frequency`, faded in and out (no clicks). Cached: a
    text repeats few (frequency, length) pairs."""
    step = 2 * math.pi * frequency / SAMPLE_RATE
    fade = max(1, int(SAMPLE_RATE * _FADE_SECONDS))
    values = [
        int(amplitude * min(1.0, n / fade, (count - n) / fade) * math.sin(step * n))
        for n in range(count)
    ]
    return struct.pack(f"<{count}h", *values)
