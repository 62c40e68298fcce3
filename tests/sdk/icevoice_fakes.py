"""Test doubles for the icevoice unit tier (imported by its tests and conftest)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

ACCESS_KEY_ID = "LTAI5tTestAccessKeyId"
ACCESS_KEY_SECRET = "TopSecretAccessKeySecretValue42"
SECURITY_TOKEN = "CAIS+Sts/Token==ForTesting0123456789"


@dataclass
class FakeIce:
    """A MockTransport handler: records every request, answers from a script.

    ``answers`` holds httpx.Response objects, exceptions to raise, or callables taking
    the request; once exhausted the last one repeats. With no script every call gets a
    generic success.
    """

    answers: list[Any] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.answers:
            return ok({})
        answer = self.answers[0] if len(self.answers) == 1 else self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            result: httpx.Response = answer(request)
            return result
        assert isinstance(answer, httpx.Response)
        return answer

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def ok(data: dict[str, Any] | None, request_id: str = "req-ok", **top: Any) -> httpx.Response:
    """A success body as ICE sends it."""
    body: dict[str, Any] = {"RequestId": request_id, "Success": True, **top}
    if data is not None:
        body["Data"] = data
    return httpx.Response(200, json=body)


def error(
    status: int, code: str, message: str = "boom", request_id: str = "req-err"
) -> httpx.Response:
    """An error body as ICE sends it."""
    return httpx.Response(
        status,
        content=json.dumps(
            {
                "RequestId": request_id,
                "HostId": "ice.cn-shanghai.aliyuncs.com",
                "Code": code,
                "Message": message,
                "Recommend": "https://api.aliyun.com/troubleshoot?q=" + code,
            }
        ).encode(),
        headers={"content-type": "application/json"},
    )


@dataclass
class FakeClock:
    """A monotonic clock that only moves when something sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
