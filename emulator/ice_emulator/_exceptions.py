"""ICE errors, one class per error code.

Every class carries ICE's `code`, a `message` template and the HTTP status ICE answers
with. Raise them anywhere below the HTTP layer; the API endpoint turns them into ICE's
error body `{"RequestId", "HostId", "Code", "Message", "Recommend"}`.

    IceError
     +- request shape:   MissingParameter, InvalidParameter, InvalidAction, InvalidVersion,
     |                   UnsupportedHTTPMethod, RequestTooLarge
     +- authentication:  IncompleteSignature, SignatureDoesNotMatch, InvalidAccessKeyIdNotFound,
     |                   InvalidTimeStampFormat, InvalidTimeStampExpired, SignatureNonceUsed,
     |                   MissingSecurityToken, InvalidSecurityTokenExpired,
     |                   InvalidSecurityTokenMismatch
     +- load:            Throttling, ThrottlingUser, InternalError
     +- voice cloning:   VoiceNotFound, JobNotFound, VoiceAlreadyExists, IncorrectJobStatus,
     |                   AudioNotReady, CosyVoiceQuotaExceeded
     +- media:           MediaNotFound, MediaAlreadyExists
 +- speech:          SmartJobNotFound
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AudioNotReady",
    "CosyVoiceQuotaExceeded",
    "IceError",
    "IncompleteSignature",
    "IncorrectJobStatus",
    "InternalError",
    "InvalidAccessKeyIdNotFound",
    "InvalidAction",
    "InvalidParameter",
    "InvalidSecurityTokenExpired",
    "InvalidSecurityTokenMismatch",
    "InvalidTimeStampExpired",
    "InvalidTimeStampFormat",
    "InvalidVersion",
    "JobNotFound",
    "MediaAlreadyExists",
    "MediaNotFound",
    "MissingParameter",
    "MissingSecurityToken",
    "RequestTooLarge",
    "SignatureDoesNotMatch",
    "SignatureNonceUsed",
    "SmartJobNotFound",
    "Throttling",
    "ThrottlingUser",
    "UnsupportedHTTPMethod",
    "VoiceAlreadyExists",
    "VoiceNotFound",
]


class IceError(Exception):
    """An error ICE answers with. Subclasses set `code`, `message` and `http_status`.

    `message` is a `str.format` template filled from the constructor's keyword arguments,
    so each raise site names the field or id at fault.
    """

    code: ClassVar[str] = "InternalError"
    message: ClassVar[str] = "The request processing has failed due to some unknown error."
    http_status: ClassVar[int] = 500

    def __init__(self, **details: Any) -> None:
        self.details = details
        self.text = self.message.format(**details) if details else self.message
        super().__init__(f"{self.code}: {self.text}")


# -- request shape -------------------------------------------------------------------------


class MissingParameter(IceError):
    code = "MissingParameter"
    message = (
        'The input parameter "{name}" that is mandatory for processing this request '
        "is not supplied."
    )
    http_status = 400


class InvalidParameter(IceError):
    code = "InvalidParameter"
    message = 'The specified parameter "{name}" is not valid: {reason}'
    http_status = 400


class InvalidAction(IceError):
    code = "InvalidAction.NotFound"
    message = 'Specified api "{action}" is not found, please check your url and method.'
    http_status = 404


class InvalidVersion(IceError):
    code = "InvalidVersion"
    message = 'Specified parameter Version "{version}" is not valid; ICE speaks 2020-11-09.'
    http_status = 400


class UnsupportedHTTPMethod(IceError):
    code = "UnsupportedHTTPMethod"
    message = 'This http method "{method}" is not supported; use GET or POST.'
    http_status = 400


class RequestTooLarge(IceError):
    code = "RequestTooLarge"
    message = "The request exceeds {limit} bytes."
    http_status = 413


# -- authentication ------------------------------------------------------------------------


class IncompleteSignature(IceError):
    code = "IncompleteSignature"
    message = "The request signature does not conform to Aliyun standards: {reason}"
    http_status = 400


class SignatureDoesNotMatch(IceError):
    code = "SignatureDoesNotMatch"
    message = "Specified signature does not match our calculation."
    http_status = 400


class InvalidAccessKeyIdNotFound(IceError):
    code = "InvalidAccessKeyId.NotFound"
    message = "Specified access key is not found."
    http_status = 404


class InvalidTimeStampFormat(IceError):
    code = "InvalidTimeStamp.Format"
    message = (
        'Specified time stamp or date value "{value}" is not well formatted; '
        "use yyyy-MM-ddTHH:mm:ssZ (UTC)."
    )
    http_status = 400


class InvalidTimeStampExpired(IceError):
    code = "InvalidTimeStamp.Expired"
    message = (
        "Specified time stamp or date value is expired: "
        "it must be within 15 minutes of the server time."
    )
    http_status = 400


class SignatureNonceUsed(IceError):
    code = "SignatureNonceUsed"
    message = "Specified signature nonce was used already."
    http_status = 400


class MissingSecurityToken(IceError):
    code = "MissingSecurityToken"
    message = "SecurityToken is mandatory for this access key."
    http_status = 400


class InvalidSecurityTokenExpired(IceError):
    code = "InvalidSecurityToken.Expired"
    message = "Specified SecurityToken is expired."
    http_status = 400


class InvalidSecurityTokenMismatch(IceError):
    code = "InvalidSecurityToken.MismatchWithAccessKey"
    message = "Specified SecurityToken mismatch with the AccessKey."
    http_status = 400


# -- load ----------------------------------------------------------------------------------


class Throttling(IceError):
    code = "Throttling"
    message = "Request was denied due to request throttling."
    http_status = 503


class ThrottlingUser(IceError):
    code = "Throttling.User"
    message = "Request was denied due to user flow control."
    http_status = 400


class InternalError(IceError):
    code = "InternalError"
    message = "The request processing has failed due to some unknown error, exception or failure."
    http_status = 500


# -- voice cloning -------------------------------------------------------------------------


class VoiceNotFound(IceError):
    code = "CustomizedVoice.NotFound"
    message = 'The specified VoiceId "{voice_id}" does not exist.'
    http_status = 404


class JobNotFound(IceError):
    code = "CustomizedVoiceJob.NotFound"
    message = 'The specified JobId "{job_id}" does not exist.'
    http_status = 404


class VoiceAlreadyExists(IceError):
    code = "CustomizedVoice.AlreadyExists"
    message = 'The specified VoiceId "{voice_id}" already exists; voice ids are unique per account.'
    http_status = 400


class IncorrectJobStatus(IceError):
    code = "CustomizedVoiceJob.IncorrectStatus"
    message = 'The job "{job_id}" is {status}: {reason}'
    http_status = 400


class AudioNotReady(IceError):
    code = "CustomizedVoiceJob.AudioNotReady"
    message = (
        'The voice "{voice_id}" has no passing recording for AudioRecordId {missing}: '
        "all 20 must pass DetectAudioForCustomizedVoiceJob before submitting."
    )
    http_status = 400


class CosyVoiceQuotaExceeded(IceError):
    code = "QuotaExceeded.CosyVoice"
    message = (
        "The CosyVoice voice quota is used up: this account holds {count} CosyVoice voices "
        "in {region}, and the quota is {limit} per account and region. Delete a job that "
        "is not Training or Success to free a slot."
    )
    http_status = 400


# -- media ---------------------------------------------------------------------------------


class MediaNotFound(IceError):
    code = "Media.NotFound"
    message = 'The specified media "{media}" does not exist.'
    http_status = 404


class MediaAlreadyExists(IceError):
    # ICE's code and status for an InputURL registered twice (its answer: "code: 409, The
    # media with the given inputUrl ..."); ReferenceId, unique per account, shares it.
    code = "MediaAlreadyExist"
    message = (
        "The media with the given {name} already exists: {media_id}. "
        "Pass Overwrite=true to replace the media registered at an InputURL."
    )
    http_status = 409


# -- speech --------------------------------------------------------------------------------


class SmartJobNotFound(IceError):
    # ICE documents no code for it; the emulator's choice. A job older than a year is not
    # found either: GetSmartHandleJob sees the past year only.
    code = "SmartJob.NotFound"
    message = 'The specified JobId "{job_id}" does not exist, or is older than one year.'
    http_status = 404
