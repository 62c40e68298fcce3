"""A job's status in the provider's words."""

from __future__ import annotations

__all__ = ["NOT_READ_YET", "status_text"]

#: The status of a job the provider submitted and has not read since (a wait's first round
#: reads it): never one ICE reports.
NOT_READ_YET = ""


def status_text(status: str | None) -> str:
    """A job's status for a message: "submitted" until it has been read."""
    return status or "submitted"
