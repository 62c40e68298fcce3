"""Small, real, playable WAV files: the emulator's demo audio and demonstration samples.

A trained voice's demo is a short phrase of notes whose pitches derive from a seed (the
voice id), so different voices sound different and the same voice always sounds the same.
16-bit mono PCM at 16 kHz: any player and Python's `wave` module read it.
`write_wav` puts one in a file that readers see whole or not at all (`write_file`, which
speech output uses too).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import struct
import tempfile
import wave
from pathlib import Path

__all__ = ["SAMPLE_RATE", "render_wav", "write_file", "write_wav"]

SAMPLE_RATE = 16_000
_AMPLITUDE = 0.3 * 32767
# A pentatonic scale around A3-A4: any sequence of its notes sounds tolerable.
_SCALE_HZ = (220.0, 247.5, 277.2, 330.0, 371.3, 440.0)
_NOTE_SECONDS = 0.2
_FADE_SECONDS = 0.015


def render_wav(seed: str, seconds: float = 1.6) -> bytes:
    """A WAV file of `seconds` of seed-determined notes (at least one note)."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    notes = max(1, round(seconds / _NOTE_SECONDS))
    samples_per_note = int(SAMPLE_RATE * _NOTE_SECONDS)
    fade = int(SAMPLE_RATE * _FADE_SECONDS)
    frames = bytearray()
    for index in range(notes):
        frequency = _SCALE_HZ[digest[index % len(digest)] % len(_SCALE_HZ)]
        step = 2 * math.pi * frequency / SAMPLE_RATE
        note = [0] * samples_per_note
        for n in range(samples_per_note):
            # A short linear fade at both ends of each note avoids audible clicks.
            envelope = min(1.0, n / fade, (samples_per_note - n) / fade)
            note[n] = int(_AMPLITUDE * envelope * math.sin(step * n))
        frames += struct.pack(f"<{samples_per_note}h", *note)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(bytes(frames))
    return buffer.getvalue()


def write_wav(target: Path, seed: str, seconds: float) -> int:
    """Write `render_wav(seed, seconds)` to `target`; returns its size in bytes."""
    data = render_wav(seed, seconds)
    write_file(target, data)
    return len(data)


def write_file(target: Path, data: bytes) -> None:
    """Write `data` to `target` under a temporary name and rename it, so that a reader sees
    the whole file or the one it replaces, never half of one."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)
