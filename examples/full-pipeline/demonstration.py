"""Print the 20 demonstration texts to record for a voice (GetDemonstrationForCustomizedVoiceJob).

    python demonstration.py --scenario interaction      # ICE on Alibaba Cloud (credential chain)
    python demonstration.py --scenario story --emulator # a throwaway local ICE emulator

Record each text as mono 16-bit 48 kHz WAV and upload it as <speaker>/<NN>.wav, NN being the
text's AudioRecordId (01..20): that is the layout __main__.py declares.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import icevoice


@contextmanager
def ice_client(args: argparse.Namespace) -> Iterator[icevoice.IceClient]:
    """A client of ICE, or of a local emulator started for this command only."""
    if not args.emulator:
        with icevoice.IceClient(region_id=args.region, endpoint=args.endpoint) as client:
            yield client
        return
    import ice_emulator

    with tempfile.TemporaryDirectory() as data_dir:
        server = ice_emulator.EmulatorServer(data_dir=data_dir, region=args.region)
        server.start()
        try:
            with icevoice.IceClient(
                region_id=args.region,
                endpoint=server.url,
                access_key_id=ice_emulator.DEFAULT_ACCESS_KEY_ID,
                access_key_secret=ice_emulator.DEFAULT_ACCESS_KEY_SECRET,
            ) as client:
                yield client
        finally:
            server.stop()


def print_demonstrations(texts: icevoice.DemonstrationList, out: TextIO, *, as_json: bool) -> None:
    items = sorted(texts.items, key=lambda item: item.audio_id)
    if as_json:
        rows = [
            {"audio_record_id": i.audio_id, "text": i.text, "sample": i.demo_audio} for i in items
        ]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for item in items:
        out.write(f"{item.audio_id:02d}.wav  {item.text}\n")


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario", default="interaction", choices=["story", "interaction", "navigation"]
    )
    parser.add_argument("--region", default="cn-shanghai")
    parser.add_argument("--endpoint", default=None, help="ICE endpoint URL (default: the region's)")
    parser.add_argument("--emulator", action="store_true", help="ask a throwaway local emulator")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    with ice_client(args) as client:
        texts = client.get_demonstration_for_customized_voice_job(scenario=args.scenario)
    print_demonstrations(texts, out, as_json=args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
