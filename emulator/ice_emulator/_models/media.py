"""Media assets: RegisterMediaInfo, GetMediaInfo, demo audio, and the audio voices train on.

ICE reads a registered OSS object to learn its type and duration; the emulator reads no
OSS. A registered audio's (or video's) duration is, first found:

1. the `duration=<seconds>` parameter of the InputURL's query string
   (`oss://bucket/voice/01.wav?duration=75`), the shortcut for tests;
2. the duration staged for that object through the control API
   (`POST /_emulator/objects {"url", "duration"}`), for URLs that must look real;
3. DEFAULT_AUDIO_SECONDS.

Images and text have no duration. Registration is immediate: a media asset is `Normal`
at once (ICE prepares it asynchronously, in 2-3 s). An InputURL is registered once;
`Overwrite=true` replaces the media asset (a new MediaId; the old one is gone).
"""

from __future__ import annotations

import math
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote

from .._exceptions import InvalidParameter, MediaAlreadyExists, MediaNotFound, MissingParameter
from .._store import JobRow, MediaRow, Store
from .._wav import write_wav
from . import fields
from .vocabulary import (
    AUDIO_EXTENSIONS,
    BUSINESS_TYPES,
    IMAGE_EXTENSIONS,
    MEDIA_TYPES,
    VIDEO_EXTENSIONS,
)

__all__ = [
    "DEFAULT_AUDIO_SECONDS",
    "DEMO_AUDIO_SECONDS",
    "MAX_HINT_SECONDS",
    "MEDIA_STATUS",
    "MediaLibrary",
    "duration_hint",
]

DEFAULT_AUDIO_SECONDS = 300.0
DEMO_AUDIO_SECONDS = 1.6
# A duration hint or staged duration may not exceed a day.
MAX_HINT_SECONDS = 86_400.0
# The status of every media asset: the emulator prepares media at once.
MEDIA_STATUS = "Normal"
_TIMED_TYPES = ("audio", "video")
_EXTENSION_TYPES = {
    **dict.fromkeys(AUDIO_EXTENSIONS, "audio"),
    **dict.fromkeys(VIDEO_EXTENSIONS, "video"),
    **dict.fromkeys(IMAGE_EXTENSIONS, "image"),
}


def duration_hint(url: str) -> float | None:
    """The seconds a `duration=` query parameter of `url` gives, if any."""
    query = url.split("#", 1)[0].partition("?")[2]
    values = parse_qs(query, keep_blank_values=True).get("duration")
    if not values:
        return None
    return seconds_value("InputURL", values[-1], "the duration= hint")


def seconds_value(name: str, raw: str | float, what: str) -> float:
    """A duration in seconds: a number > 0 and at most a day."""
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_HINT_SECONDS:
        raise InvalidParameter(
            name=name, reason=f"{what} must be a number of seconds > 0 and <= {MAX_HINT_SECONDS:g}."
        )
    return seconds


class MediaLibrary:
    """ICE's media assets of one account and region (the media table of the store)."""

    def __init__(
        self, store: Store, media_dir: Path, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.media_dir = media_dir
        self.clock = clock
        media_dir.mkdir(parents=True, exist_ok=True)

    # -- actions -----------------------------------------------------------------------

    def register_media_info(
        self,
        input_url: str | None,
        media_type: str | None,
        business_type: str | None,
        title: str | None,
        description: str | None,
        user_data: str | None,
        reference_id: str | None,
        overwrite: str | None,
    ) -> MediaRow:
        """Register an OSS object as a media asset; returns it with its new MediaId."""
        url = fields.oss_url("InputURL", input_url)
        file_name = _file_name(url)
        kind = fields.optional_choice("MediaType", media_type, MEDIA_TYPES)
        kind = kind or _EXTENSION_TYPES.get(file_name.rpartition(".")[2].lower())
        business = fields.optional_choice("BusinessType", business_type, BUSINESS_TYPES)
        if kind == "text" and business not in ("subtitles", "font"):
            raise InvalidParameter(
                name="BusinessType", reason="text media must be subtitles or font."
            )
        now = self.clock()
        media = MediaRow(
            media_id=uuid.uuid4().hex,
            voice_id=None,
            input_url=url,
            file_name=file_name,
            size=None,
            duration=self._duration(url, kind),
            created_at=now,
            media_type=kind,
            business_type=business,
            title=fields.optional_utf8("Title", title, 128)
            or time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now)),
            description=fields.optional_utf8("Description", description, 1024),
            user_data=fields.json_object("UserData", user_data, 1024),
            reference_id=fields.reference_id(reference_id),
        )
        replace = fields.boolean("Overwrite", overwrite, default=False)
        with self.store.write() as conn:
            self._make_room(conn, media, replace)
            self.store.insert_media(conn, media)
        return media

    def get_media_info(self, media_id: str | None, input_url: str | None) -> MediaRow:
        """A media asset by MediaId or, when MediaId is empty, by InputURL."""
        if media_id:
            media = self.store.media_by_id(media_id)
        elif input_url:
            media = self.store.media_by_input_url(input_url)
        else:
            raise MissingParameter(name="MediaId")
        if media is None:
            raise MediaNotFound(media=media_id or input_url)
        return media

    # -- for the voice-cloning actions -------------------------------------------------

    def audio(self, conn: sqlite3.Connection, name: str, media_id: str) -> MediaRow:
        """The registered audio `media_id` that parameter `name` refers to."""
        media = self.store.media_by_id(media_id, conn)
        if media is None:
            raise InvalidParameter(
                name=name,
                reason=f'media "{media_id}" does not exist: register it with RegisterMediaInfo.',
            )
        if media.media_type != "audio":
            raise InvalidParameter(
                name=name,
                reason=f'media "{media_id}" is not audio '
                f"(its MediaType is {media.media_type or 'unknown'}).",
            )
        return media

    def write_demo_audio(self, conn: sqlite3.Connection, job: JobRow) -> str:
        """Write `job`'s demo WAV, register it at its DemoAudioMediaURL, return its MediaId.

        Like a file written to that OSS URL, it replaces whatever media was registered there.
        """
        assert job.demo_audio_media_url is not None
        media_id = uuid.uuid4().hex
        size = write_wav(self.media_dir / f"{media_id}.wav", job.voice_id, DEMO_AUDIO_SECONDS)
        file_name = _file_name(job.demo_audio_media_url) or f"{job.voice_id}-demo.wav"
        media = MediaRow(
            media_id=media_id,
            voice_id=job.voice_id,
            input_url=job.demo_audio_media_url,
            file_name=file_name,
            size=size,
            duration=DEMO_AUDIO_SECONDS,
            created_at=self.clock(),
            media_type="audio",
            business_type="general",
            title=file_name,
        )
        self._make_room(conn, media, replace=True)
        self.store.insert_media(conn, media)
        return media_id

    def register_written(self, conn: sqlite3.Connection, media: MediaRow) -> None:
        """Register a file the emulator wrote (speech output) at its OSS URL; like a file
        written there, it replaces whatever media was registered at that URL."""
        self._make_room(conn, media, replace=True)
        self.store.insert_media(conn, media)

    def media_path(self, media_id: str) -> Path | None:
        """The demo WAV of a media id, if the emulator wrote one."""
        if not fields.is_media_id(media_id):
            return None
        path = self.media_dir / f"{media_id}.wav"
        return path if path.is_file() else None

    # -- internals ---------------------------------------------------------------------

    def _duration(self, url: str, media_type: str | None) -> float | None:
        if media_type not in _TIMED_TYPES:
            return None
        hint = duration_hint(url)
        if hint is not None:
            return hint
        staged = self.store.object_duration(fields.oss_object_key(url))
        return staged if staged is not None else DEFAULT_AUDIO_SECONDS

    def _make_room(self, conn: sqlite3.Connection, media: MediaRow, replace: bool) -> None:
        """Refuse `media` when its InputURL or ReferenceId is taken, or (`replace`) remove
        the media asset registered at its InputURL."""
        existing = self.store.media_by_input_url(media.input_url, conn)
        if existing is not None and not replace:
            raise MediaAlreadyExists(name="InputURL", media_id=existing.media_id)
        if media.reference_id is not None:
            holder = self.store.media_by_reference_id(media.reference_id, conn)
            if holder is not None and (existing is None or holder.media_id != existing.media_id):
                raise MediaAlreadyExists(name="ReferenceId", media_id=holder.media_id)
        if existing is not None:
            self.store.delete_media(conn, existing.media_id)
            (self.media_dir / f"{existing.media_id}.wav").unlink(missing_ok=True)


def _file_name(url: str) -> str:
    """The last path segment of an object URL, without its query."""
    path = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return unquote(path.rsplit("/", 1)[-1])
