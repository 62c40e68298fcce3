"""`ice-emulator` / `python -m ice_emulator`: serve the ICE emulator until interrupted.

The first line on stdout is the URL it serves (useful with --port 0).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from ._emulator import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_COSY_VOICE_TYPE,
    DEFAULT_REGION,
    DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER,
    DEFAULT_TRAINING_SECONDS,
)
from ._models import COSY_VOICE_TYPE_PATTERN
from ._server import DEFAULT_DATA_DIR, EmulatorServer

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ice-emulator",
        description="A local emulator of the Alibaba Cloud ICE voice-cloning and speech API.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument(
        "--data-dir", default=DEFAULT_DATA_DIR, help="where state persists (default: %(default)s)"
    )
    parser.add_argument(
        "--access-key-id",
        default=DEFAULT_ACCESS_KEY_ID,
        help="accepted AccessKey ID (default: %(default)s)",
    )
    parser.add_argument(
        "--access-key-secret",
        default=DEFAULT_ACCESS_KEY_SECRET,
        help="accepted AccessKey secret (default: the documented emulator secret)",
    )
    parser.add_argument(
        "--security-token",
        default=None,
        help="require this STS token on every request (default: none)",
    )
    parser.add_argument(
        "--region", default=DEFAULT_REGION, help="region served (default: %(default)s)"
    )
    parser.add_argument(
        "--training-seconds",
        type=float,
        default=DEFAULT_TRAINING_SECONDS,
        help="submit-to-Success time (default: %(default)s)",
    )
    parser.add_argument(
        "--synthesis-seconds-per-character",
        type=float,
        default=DEFAULT_SYNTHESIS_SECONDS_PER_CHARACTER,
        help="speech job time per character of text (default: %(default)s)",
    )
    parser.add_argument(
        "--cosy-voice-type",
        default=DEFAULT_COSY_VOICE_TYPE,
        help="the Type CosyVoice jobs report; undocumented by ICE (default: %(default)s)",
    )
    parser.add_argument(
        "--http",
        choices=("auto", "h11", "httptools"),
        default="auto",
        help="uvicorn HTTP implementation (default: %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.training_seconds < 0:
        raise SystemExit("ice-emulator: --training-seconds must be >= 0")
    if not 0 <= args.synthesis_seconds_per_character < 3600:
        raise SystemExit("ice-emulator: --synthesis-seconds-per-character must be >= 0")
    if not COSY_VOICE_TYPE_PATTERN.fullmatch(args.cosy_voice_type):
        raise SystemExit("ice-emulator: --cosy-voice-type must be a word of letters and digits")
    logging.basicConfig(
        level=logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    server = EmulatorServer(
        data_dir=args.data_dir,
        host=args.host,
        port=args.port,
        access_key_id=args.access_key_id,
        access_key_secret=args.access_key_secret,
        region=args.region,
        training_seconds=args.training_seconds,
        security_token=args.security_token,
        http=args.http,
        cosy_voice_type=args.cosy_voice_type,
        synthesis_seconds_per_character=args.synthesis_seconds_per_character,
    )
    try:
        server.serve_forever(on_ready=lambda: print(server.url, flush=True))
    except OSError as error:
        raise SystemExit(
            f"ice-emulator: cannot serve on {args.host}:{args.port}: {error.strerror or error}"
        ) from None


if __name__ == "__main__":
    main()
