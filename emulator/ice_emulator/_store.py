"""Durable state in SQLite: voices with their jobs, recordings, media, staged OSS objects,
nonces, settings.

One database file in the data directory, in WAL mode, so several threads and several
emulator processes can share a data directory: readers never block, writers queue on
SQLite's lock (busy timeout 10 s). Each thread gets its own connection. Multi-statement
read-modify-write steps run inside `write()` (BEGIN IMMEDIATE), which serialises them
across processes too.

The store knows SQL, not ICE's rules: those live in `_models`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DB_FILE_NAME", "JobRow", "MediaRow", "RecordRow", "Store"]

DB_FILE_NAME = "ice-emulator.sqlite3"

# Nonces are kept long enough to outlive any timestamp the 15-minute window accepts:
# a request stamped 15 min in the future can be replayed until 30 min after it was seen.
_NONCE_TTL_SECONDS = 31 * 60
_NONCE_PRUNE_EVERY = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id               TEXT NOT NULL UNIQUE,
    voice_id             TEXT NOT NULL UNIQUE,
    type                 TEXT NOT NULL,
    voice_name           TEXT,
    voice_desc           TEXT,
    gender               TEXT,
    scenario             TEXT,
    model                TEXT,
    audios               TEXT,
    authentication       TEXT,
    status               TEXT NOT NULL,
    message              TEXT,
    created_at           REAL NOT NULL,
    submitted_at         REAL,
    submit_count         INTEGER NOT NULL DEFAULT 0,
    demo_audio_media_url TEXT,
    demo_audio_media_id  TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_type ON jobs (type, seq);
CREATE TABLE IF NOT EXISTS records (
    voice_id        TEXT NOT NULL,
    audio_record_id INTEGER NOT NULL,
    record_url      TEXT NOT NULL,
    passed          INTEGER NOT NULL,
    reason          TEXT NOT NULL,
    PRIMARY KEY (voice_id, audio_record_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects (
    object_key TEXT PRIMARY KEY,
    duration   REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nonces (
    nonce   TEXT PRIMARY KEY,
    seen_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nonces_by_age ON nonces (seen_at);
CREATE TABLE IF NOT EXISTS settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Media assets: registered with RegisterMediaInfo (voice_id NULL) or demo audio written on
# training Success (voice_id set).
_MEDIA_SCHEMA = """
CREATE TABLE IF NOT EXISTS media (
    media_id      TEXT PRIMARY KEY,
    voice_id      TEXT,
    input_url     TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    size          INTEGER,
    duration      REAL,
    created_at    REAL NOT NULL,
    media_type    TEXT,
    business_type TEXT,
    title         TEXT,
    description   TEXT,
    user_data     TEXT,
    reference_id  TEXT,
    served_path   TEXT
);
CREATE INDEX IF NOT EXISTS media_by_url ON media (input_url);
CREATE INDEX IF NOT EXISTS media_by_reference ON media (reference_id);
"""
# The media table of data directories written before RegisterMediaInfo was served.
_MEDIA_V1_COLUMNS = "media_id, voice_id, input_url, file_name, size, duration, created_at"

_MEDIA_COLUMNS = (
    "media_id, voice_id, input_url, file_name, size, duration, created_at, media_type, "
    "business_type, title, description, user_data, reference_id, served_path"
)

_JOB_COLUMNS = (
    "seq, job_id, voice_id, type, voice_name, voice_desc, gender, scenario, model, audios, "
    "authentication, status, message, created_at, submitted_at, submit_count, "
    "demo_audio_media_url, demo_audio_media_id"
)


@dataclass(frozen=True)
class JobRow:
    """A voice and its (only) cloning job, as stored."""

    seq: int
    job_id: str
    voice_id: str
    type: str
    voice_name: str | None
    voice_desc: str | None
    gender: str | None
    scenario: str | None
    model: str | None
    audios: str | None
    authentication: str | None
    status: str
    message: str | None
    created_at: float
    submitted_at: float | None
    submit_count: int
    demo_audio_media_url: str | None
    demo_audio_media_id: str | None


@dataclass(frozen=True)
class RecordRow:
    audio_record_id: int
    record_url: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class MediaRow:
    """A media asset: registered (`voice_id` None) or a voice's demo audio."""

    media_id: str
    voice_id: str | None
    input_url: str
    file_name: str
    size: int | None
    duration: float | None
    created_at: float
    media_type: str | None = None
    business_type: str | None = None
    title: str | None = None
    description: str | None = None
    user_data: str | None = None
    reference_id: str | None = None
    # Where the emulator serves the file (speech output), e.g. "/oss/bucket/key.wav".
    served_path: str | None = None


class Store:
    """SQLite-backed state of one data directory; safe to share between threads."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / DB_FILE_NAME
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._nonce_inserts = 0
        with self._lock:
            conn = self._open()
        # WAL is a property of the file: setting it once (under SQLite's lock) suffices.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(_SCHEMA)
        self._create_media_table()

    def _create_media_table(self) -> None:
        """Create the media table, or bring one of an older data directory up to date.

        The first media table held demo audio only (every column NOT NULL, no media type or
        registration fields); it is rebuilt once, under the write lock, keeping its rows. The
        second had no served_path (speech output): it gets the column.
        """
        with self.write() as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(media)")}
            legacy = bool(columns) and "media_type" not in columns
            if columns and not legacy and "served_path" not in columns:
                conn.execute("ALTER TABLE media ADD COLUMN served_path TEXT")
            if legacy:
                conn.execute("ALTER TABLE media RENAME TO media_v1")
                conn.execute("DROP INDEX IF EXISTS media_by_url")
            for statement in _MEDIA_SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            if legacy:
                conn.execute(
                    f"INSERT INTO media ({_MEDIA_V1_COLUMNS}, media_type, business_type, title) "
                    f"SELECT {_MEDIA_V1_COLUMNS}, 'audio', 'general', file_name FROM media_v1"
                )
                conn.execute("DROP TABLE media_v1")

    # -- connections -------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=10.0, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA busy_timeout=10000")
        # NORMAL in WAL mode: commits survive a crash of the process, not of the machine;
        # that is all an emulator needs and it keeps writes off fsync.
        conn.execute("PRAGMA synchronous=NORMAL")
        self._local.conn = conn
        self._connections.append(conn)
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                conn = self._open()
        return conn

    def close(self) -> None:
        """Close every connection; call once the threads that used them are done."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds SQLite's write lock from its first statement."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- nonces ------------------------------------------------------------------------

    def remember_nonce(self, nonce: str, now: float) -> bool:
        """Record a signature nonce; False when it was seen before (a replay)."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO nonces (nonce, seen_at) VALUES (?, ?)", (nonce, now)
        )
        fresh = cursor.rowcount == 1
        self._nonce_inserts += 1
        if self._nonce_inserts % _NONCE_PRUNE_EVERY == 0:
            self.conn.execute("DELETE FROM nonces WHERE seen_at < ?", (now - _NONCE_TTL_SECONDS,))
        return fresh

    # -- settings ----------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- jobs --------------------------------------------------------------------------

    def insert_job(self, conn: sqlite3.Connection, **values: object) -> None:
        """Insert a voice and its job; raises sqlite3.IntegrityError if the VoiceId is taken."""
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        conn.execute(f"INSERT INTO jobs ({names}) VALUES ({marks})", tuple(values.values()))

    def update_job(self, conn: sqlite3.Connection, job_id: str, **values: object) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.execute(f"UPDATE jobs SET {assignments} WHERE job_id = ?", (*values.values(), job_id))

    def job_by_id(self, job_id: str, conn: sqlite3.Connection | None = None) -> JobRow | None:
        row = (
            (conn or self.conn)
            .execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE job_id = ?", (job_id,))
            .fetchone()
        )
        return None if row is None else JobRow(*row)

    def job_by_voice(self, voice_id: str, conn: sqlite3.Connection | None = None) -> JobRow | None:
        row = (
            (conn or self.conn)
            .execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE voice_id = ?", (voice_id,))
            .fetchone()
        )
        return None if row is None else JobRow(*row)

    def jobs_page(
        self, job_types: tuple[str, ...], offset: int, limit: int
    ) -> tuple[list[JobRow], int]:
        """One page of jobs of some types, newest first, and how many there are in all."""
        conn = self.conn
        where = f"type IN ({', '.join('?' for _ in job_types)})"
        rows = conn.execute(
            f"SELECT {_JOB_COLUMNS} FROM jobs WHERE {where} ORDER BY seq DESC LIMIT ? OFFSET ?",
            (*job_types, limit, offset),
        ).fetchall()
        total = conn.execute(f"SELECT COUNT(*) FROM jobs WHERE {where}", job_types).fetchone()[0]
        return [JobRow(*row) for row in rows], int(total)

    def all_jobs(self) -> list[JobRow]:
        rows = self.conn.execute(f"SELECT {_JOB_COLUMNS} FROM jobs ORDER BY seq DESC").fetchall()
        return [JobRow(*row) for row in rows]

    def count_jobs(self, job_type: str, conn: sqlite3.Connection | None = None) -> int:
        row = (
            (conn or self.conn)
            .execute("SELECT COUNT(*) FROM jobs WHERE type = ?", (job_type,))
            .fetchone()
        )
        return int(row[0])

    def delete_job(self, conn: sqlite3.Connection, job: JobRow) -> None:
        conn.execute("DELETE FROM jobs WHERE job_id = ?", (job.job_id,))
        conn.execute("DELETE FROM records WHERE voice_id = ?", (job.voice_id,))

    # -- recordings --------------------------------------------------------------------

    def put_record(self, conn: sqlite3.Connection, voice_id: str, record: RecordRow) -> None:
        conn.execute(
            "INSERT INTO records (voice_id, audio_record_id, record_url, passed, reason) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (voice_id, audio_record_id) DO UPDATE SET "
            "record_url = excluded.record_url, passed = excluded.passed, reason = excluded.reason",
            (
                voice_id,
                record.audio_record_id,
                record.record_url,
                int(record.passed),
                record.reason,
            ),
        )

    def passed_record_ids(self, voice_id: str, conn: sqlite3.Connection | None = None) -> set[int]:
        rows = (
            (conn or self.conn)
            .execute(
                "SELECT audio_record_id FROM records WHERE voice_id = ? AND passed = 1", (voice_id,)
            )
            .fetchall()
        )
        return {int(row[0]) for row in rows}

    # -- media -------------------------------------------------------------------------

    def insert_media(self, conn: sqlite3.Connection, media: MediaRow) -> None:
        marks = ", ".join("?" for _ in _MEDIA_COLUMNS.split(","))
        conn.execute(
            f"INSERT INTO media ({_MEDIA_COLUMNS}) VALUES ({marks})",
            (
                media.media_id,
                media.voice_id,
                media.input_url,
                media.file_name,
                media.size,
                media.duration,
                media.created_at,
                media.media_type,
                media.business_type,
                media.title,
                media.description,
                media.user_data,
                media.reference_id,
                media.served_path,
            ),
        )

    def delete_media(self, conn: sqlite3.Connection, media_id: str) -> None:
        conn.execute("DELETE FROM media WHERE media_id = ?", (media_id,))

    def media_by_id(self, media_id: str, conn: sqlite3.Connection | None = None) -> MediaRow | None:
        row = (
            (conn or self.conn)
            .execute(f"SELECT {_MEDIA_COLUMNS} FROM media WHERE media_id = ?", (media_id,))
            .fetchone()
        )
        return None if row is None else MediaRow(*row)

    def media_by_input_url(
        self, input_url: str, conn: sqlite3.Connection | None = None
    ) -> MediaRow | None:
        row = (
            (conn or self.conn)
            .execute(
                f"SELECT {_MEDIA_COLUMNS} FROM media "
                "WHERE input_url = ? ORDER BY created_at DESC LIMIT 1",
                (input_url,),
            )
            .fetchone()
        )
        return None if row is None else MediaRow(*row)

    def media_by_reference_id(
        self, reference_id: str, conn: sqlite3.Connection | None = None
    ) -> MediaRow | None:
        row = (
            (conn or self.conn)
            .execute(f"SELECT {_MEDIA_COLUMNS} FROM media WHERE reference_id = ?", (reference_id,))
            .fetchone()
        )
        return None if row is None else MediaRow(*row)

    # -- staged OSS objects ------------------------------------------------------------

    def put_object(self, object_key: str, duration: float) -> None:
        """Remember how long the audio at an OSS object lasts (the emulator reads no OSS)."""
        self.conn.execute(
            "INSERT INTO objects (object_key, duration) VALUES (?, ?) "
            "ON CONFLICT (object_key) DO UPDATE SET duration = excluded.duration",
            (object_key, duration),
        )

    def object_duration(self, object_key: str) -> float | None:
        row = self.conn.execute(
            "SELECT duration FROM objects WHERE object_key = ?", (object_key,)
        ).fetchone()
        return None if row is None else float(row[0])

    # -- reset -------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget every voice, job, recording, media entry, staged object and nonce (settings
        stay)."""
        with self.write() as conn:
            for table in ("jobs", "records", "media", "objects", "nonces"):
                conn.execute(f"DELETE FROM {table}")
