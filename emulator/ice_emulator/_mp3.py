"""MP3 files built by hand: MPEG-1 Layer III frames whose spectrum holds one tone at a time.

The emulator has no MP3 encoder (and takes no dependency for one). It needs none: a Layer
III decoder turns each granule's 576 spectral lines into sound, so a granule that carries a
single nonzero line decodes to a tone near that line's frequency. Each frame here is
48 kHz mono at 32 kbit/s (96 bytes, 1152 samples, 24 ms), with no CRC; its two granules
each code one line with Huffman table 1 (or nothing, for silence), scale factors empty.
The sign of the line follows the phase a steady sinusoid has in consecutive MDCT blocks,
so the tone comes out clean rather than buzzing. Any MP3 player plays the result; its
length is the frames' (24 ms resolution).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

__all__ = ["FRAME_BYTES", "FRAME_SAMPLES", "SAMPLE_RATE", "frame_count", "render_mp3"]

SAMPLE_RATE = 48_000
FRAME_SAMPLES = 1152
FRAME_BYTES = 96  # 144 * 32 kbit/s / 48 kHz, no padding needed
_GRANULE_SAMPLES = 576
_LINE_HZ = SAMPLE_RATE / 2 / _GRANULE_SAMPLES  # 41.67 Hz per spectral line
# MPEG-1, Layer III, no CRC; 32 kbit/s, 48 kHz, no padding; mono.
_HEADER = bytes((0xFF, 0xFB, 0x14, 0xC0))
_SIDE_INFO_BYTES = 17
# The lines a tone is put on: in the first subband, below the alias-reduction butterflies
# that mix lines 10..17 with the next subband. One line alone is not a pure tone (a steady
# sinusoid also leaks into the neighbouring lines, which stay zero here): part of it comes
# out at the neighbouring line's frequency. On these lines most of it (about 3/4 of the
# amplitude, measured with mpg123) is the line's own tone; on lines 4 and 7 the image
# wins, so they are left out. Centre frequencies: 104, 146, 229, 271, 354, 396 Hz.
_TONE_LINES = (2, 3, 5, 6, 8, 9)
# Requantized amplitude is 2 ** ((global_gain - 210) / 4); 203 decodes to peaks of about
# 0.3 of full scale, the level of the emulator's WAV files at volume 50.
_GAIN_AT_HALF_VOLUME = 203


class _Bits:
    """A big-endian bit writer."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, value: int, width: int) -> None:
        self.value = (self.value << width) | (value & ((1 << width) - 1))
        self.length += width

    def to_bytes(self, size: int) -> bytes:
        assert self.length <= size * 8, (self.length, size)
        return (self.value << (size * 8 - self.length)).to_bytes(size, "big")


def frame_count(seconds: float) -> int:
    """Frames needed for `seconds` of audio (at least one)."""
    return max(1, math.ceil(seconds * SAMPLE_RATE / FRAME_SAMPLES))


def line_of(frequency: float) -> int:
    """The tone line whose centre frequency is closest to `frequency`."""
    return min(_TONE_LINES, key=lambda line: abs((line + 0.5) * _LINE_HZ - frequency))


def render_mp3(notes: Sequence[tuple[float | None, float]], volume: int) -> bytes:
    """An MP3 of `notes`, each (frequency in Hz or None for silence, seconds), at `volume`
    (0-100, 0 is silence)."""
    granules = list(_granule_lines(notes))
    if len(granules) % 2:
        granules.append(None)
    gain = _global_gain(volume)
    frames = bytearray()
    for index in range(0, len(granules), 2):
        frames += _frame(granules[index : index + 2], index, gain)
    return bytes(frames)


def _granule_lines(notes: Iterable[tuple[float | None, float]]) -> Iterable[int | None]:
    """The line each 12 ms granule carries, or None: notes cut on granule boundaries."""
    elapsed = 0.0
    emitted = 0
    for frequency, seconds in notes:
        elapsed += seconds
        until = round(elapsed * SAMPLE_RATE / _GRANULE_SAMPLES)
        line = None if frequency is None else line_of(frequency)
        for _ in range(until - emitted):
            yield line
        emitted = max(emitted, until)
    if emitted == 0:
        yield None


def _global_gain(volume: int) -> int | None:
    if volume <= 0:
        return None
    # +-4 steps of global_gain double or halve the amplitude: 100 is twice 50.
    return min(255, _GAIN_AT_HALF_VOLUME + round(4 * math.log2(volume / 50)))


def _frame(lines: Sequence[int | None], first_granule: int, gain: int | None) -> bytes:
    side, main = _Bits(), _Bits()
    side.put(0, 9)  # main_data_begin: this frame's main data follows its side info
    side.put(0, 5)  # private bits
    side.put(0, 4)  # scfsi (one channel)
    for offset, line in enumerate(lines):
        huffman = _Bits()
        big_values = 0
        if line is not None and gain is not None:
            big_values = _code_line(huffman, line, _negative(line, first_granule + offset))
        main.put(huffman.value, huffman.length)
        side.put(huffman.length, 12)  # part2_3_length: no scale factor bits, then these
        side.put(big_values, 9)
        side.put(gain or 0, 8)  # global_gain
        side.put(0, 4)  # scalefac_compress 0: no scale factors
        side.put(0, 1)  # window_switching_flag: long blocks
        for _ in range(3):
            side.put(1, 5)  # table_select: Huffman table 1 in every region
        side.put(7, 4)  # region0_count
        side.put(7, 3)  # region1_count
        side.put(0, 3)  # preflag, scalefac_scale, count1table_select
    return (
        _HEADER
        + side.to_bytes(_SIDE_INFO_BYTES)
        + main.to_bytes(FRAME_BYTES - len(_HEADER) - _SIDE_INFO_BYTES)
    )


def _code_line(bits: _Bits, line: int, negative: bool) -> int:
    """Huffman-code lines 0..line as pairs of table 1, only `line` nonzero (magnitude 1);
    returns big_values (the pairs coded). The count1 region is left empty: a decoder that
    runs out of part2_3_length bits there reads zeros."""
    for _ in range(line // 2):
        bits.put(0b1, 1)  # (0, 0)
    if line % 2 == 0:
        bits.put(0b01, 2)  # (1, 0)
    else:
        bits.put(0b001, 3)  # (0, 1)
    bits.put(int(negative), 1)  # the sign of the nonzero value
    return line // 2 + 1


def _negative(line: int, granule: int) -> bool:
    """The sign a steady sinusoid at `line`'s centre frequency has in MDCT block `granule`:
    its phase advances (line + 1/2) * pi from one block to the next."""
    return math.cos(math.pi / 4 + granule * (line + 0.5) * math.pi) < 0
