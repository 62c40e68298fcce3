"""Durable state of the speech jobs: the smart jobs table and the OSS objects they wrote.

Beside `_store.Store` on the same SQLite file and connections (one per thread); the rules
live in `_models.speech`. The audio files themselves are under `<data-dir>/oss/`, named by
a digest of their `bucket/key` (a key may hold any character; a file name may not).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields

from ._store import Store

__all__ = ["SmartJobRow", "SpeechStore", "WrittenObjectRow"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS smart_jobs (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id         TEXT NOT NULL UNIQUE,
    job_type       TEXT NOT NULL,
    state          TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT,
    user_data      TEXT,
    input_config   TEXT NOT NULL,
    editing_config TEXT NOT NULL,
    voice          TEXT NOT NULL,
    customized     INTEGER NOT NULL,
    audio_format   TEXT NOT NULL,
    volume         INTEGER NOT NULL,
    speech_rate    INTEGER NOT NULL,
    pitch_rate     INTEGER NOT NULL,
    bucket         TEXT NOT NULL,
    object         TEXT NOT NULL,
    object_key     TEXT NOT NULL,
    overwrite      INTEGER NOT NULL,
    media_id       TEXT NOT NULL,
    created_at     REAL NOT NULL,
    modified_at    REAL NOT NULL,
    error_code     TEXT,
    error_message  TEXT
);
CREATE INDEX IF NOT EXISTS smart_jobs_by_key ON smart_jobs (object_key);
CREATE TABLE IF NOT EXISTS written_objects (
    object_key   TEXT PRIMARY KEY,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    seconds      REAL NOT NULL,
    job_id       TEXT NOT NULL,
    written_at   REAL NOT NULL
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class SmartJobRow:
    """A text-to-speech job as stored. `object_key` is `bucket/key` of the file it writes
    (the object with the format's extension); `state` the last state observed."""

    seq: int
    job_id: str
    job_type: str
    state: str
    title: str
    description: str | None
    user_data: str | None
    input_config: str
    editing_config: str
    voice: str
    customized: bool
    audio_format: str
    volume: int
    speech_rate: int
    pitch_rate: int
    bucket: str
    object: str
    object_key: str
    overwrite: bool
    media_id: str
    created_at: float
    modified_at: float
    error_code: str | None
    error_message: str | None


@dataclass(frozen=True)
class WrittenObjectRow:
    """An OSS object a job wrote: where its bytes are, what they are, and who wrote them."""

    object_key: str
    file_name: str
    content_type: str
    size: int
    seconds: float
    job_id: str
    written_at: float


_JOB_COLUMNS = ", ".join(field.name for field in fields(SmartJobRow))
_OBJECT_COLUMNS = ", ".join(field.name for field in fields(WrittenObjectRow))


class SpeechStore:
    """The speech tables of one data directory, on the connections of `store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.write() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def _conn(self, conn: sqlite3.Connection | None) -> sqlite3.Connection:
        return conn or self.store.conn

    # -- jobs --------------------------------------------------------------------------

    def insert_job(self, conn: sqlite3.Connection, **values: object) -> None:
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        conn.execute(f"INSERT INTO smart_jobs ({names}) VALUES ({marks})", tuple(values.values()))

    def update_job(self, conn: sqlite3.Connection, job_id: str, **values: object) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.execute(
            f"UPDATE smart_jobs SET {assignments} WHERE job_id = ?", (*values.values(), job_id)
        )

    def job(self, job_id: str, conn: sqlite3.Connection | None = None) -> SmartJobRow | None:
        row = (
            self._conn(conn)
            .execute(f"SELECT {_JOB_COLUMNS} FROM smart_jobs WHERE job_id = ?", (job_id,))
            .fetchone()
        )
        return None if row is None else _job(row)

    def jobs_writing(
        self, object_key: str, conn: sqlite3.Connection | None = None
    ) -> list[SmartJobRow]:
        """The jobs whose output is `object_key`, oldest first."""
        rows = (
            self._conn(conn)
            .execute(
                f"SELECT {_JOB_COLUMNS} FROM smart_jobs WHERE object_key = ? ORDER BY seq",
                (object_key,),
            )
            .fetchall()
        )
        return [_job(row) for row in rows]

    def jobs_since(self, created_after: float) -> list[SmartJobRow]:
        """Every job created after `created_after`, newest first."""
        rows = self.store.conn.execute(
            f"SELECT {_JOB_COLUMNS} FROM smart_jobs WHERE created_at > ? ORDER BY seq DESC",
            (created_after,),
        ).fetchall()
        return [_job(row) for row in rows]

    def delete_jobs(self, conn: sqlite3.Connection, job_ids: list[str]) -> None:
        conn.executemany(
            "DELETE FROM smart_jobs WHERE job_id = ?", [(job_id,) for job_id in job_ids]
        )

    # -- written objects ---------------------------------------------------------------

    def put_object(self, conn: sqlite3.Connection, row: WrittenObjectRow) -> None:
        conn.execute(
            f"INSERT OR REPLACE INTO written_objects ({_OBJECT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            tuple(getattr(row, field.name) for field in fields(WrittenObjectRow)),
        )

    def written(
        self, object_key: str, conn: sqlite3.Connection | None = None
    ) -> WrittenObjectRow | None:
        row = (
            self._conn(conn)
            .execute(
                f"SELECT {_OBJECT_COLUMNS} FROM written_objects WHERE object_key = ?",
                (object_key,),
            )
            .fetchone()
        )
        return None if row is None else WrittenObjectRow(*row)

    def clear(self) -> None:
        with self.store.write() as conn:
            conn.execute("DELETE FROM smart_jobs")
            conn.execute("DELETE FROM written_objects")


_BOOLEAN_COLUMNS = [
    index
    for index, field in enumerate(fields(SmartJobRow))
    if field.name in ("customized", "overwrite")
]


def _job(row: tuple[object, ...]) -> SmartJobRow:
    values = list(row)
    for index in _BOOLEAN_COLUMNS:  # stored as 0/1
        values[index] = bool(values[index])
    return SmartJobRow(*values)  # type: ignore[arg-type]
