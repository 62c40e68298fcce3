"""Provision a customized voice with the Pulumi Automation API, the way a platform service would.

    python provision.py                          # train (or update) the voice, print its outputs
    python provision.py --voice-id support01 --voice-name "Support line" --gender male
    python provision.py --destroy                # destroy the stack (Pulumi forgets the voice)

The Pulumi program is a function in this file (an inline program) that the Automation API runs
in this process; the dynamic provider runs in a host the Pulumi CLI starts with this process's
interpreter. State goes to a local backend under --state-dir (no Pulumi Cloud account), the
voice to the embedded ICE emulator unless --cloud is given (then the provider's credential
chain applies: ALIBABA_CLOUD_* variables, OIDC/RRSA, CLI profile, ECS RAM role).
Needs the Pulumi CLI on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pulumi
import yaml
from pulumi import automation as auto

from pulumi_ice_voice import CustomizedVoice

HERE = Path(__file__).resolve().parent
# Documented local default, as in the quickstart: the stack holds no secrets of its own.
LOCAL_PASSPHRASE = "pulumi-ice-voice-local"


@dataclass(frozen=True)
class VoiceRequest:
    """What a caller of the service asks for."""

    voice_id: str
    voice_name: str
    gender: str = "female"
    scenario: str = "story"
    recordings_url: str = (
        "https://ice-voice-service.oss-cn-shanghai.aliyuncs.com/recordings/support01"
    )


def voice_program(request: VoiceRequest) -> Callable[[], None]:
    """The inline Pulumi program that declares the requested voice."""

    def program() -> None:
        voice = CustomizedVoice(
            "voice",
            voice_id=request.voice_id,
            voice_name=request.voice_name,
            gender=request.gender,
            scenario=request.scenario,
            recordings=[f"{request.recordings_url}/{n:02d}.wav" for n in range(1, 21)],
            demo_audio_media_url=f"{request.recordings_url}/demo.wav",
        )
        pulumi.export("voiceId", voice.voice_id)
        pulumi.export("jobId", voice.job_id)
        pulumi.export("status", voice.status)
        pulumi.export("demoAudioUrl", voice.demo_audio_url)

    return program


def project_settings() -> auto.ProjectSettings:
    """Pulumi.yaml beside this file, with the virtualenv of the running interpreter (for
    `pulumi` commands run in the workspace directory, such as `pulumi refresh`).
    """
    settings = yaml.safe_load((HERE / "Pulumi.yaml").read_text())
    options = {"virtualenv": sys.prefix} if sys.prefix != sys.base_prefix else {}
    return auto.ProjectSettings(
        name=settings["name"],
        description=settings.get("description"),
        runtime=auto.ProjectRuntimeInfo(name="python", options=options),
    )


def stack_config(args: argparse.Namespace, state_dir: Path) -> dict[str, auto.ConfigValue]:
    config = {"ice:region": auto.ConfigValue(args.region)}
    if not args.cloud:
        config["ice:endpoint"] = auto.ConfigValue("embedded")
        config["ice:embeddedDataDir"] = auto.ConfigValue(str(state_dir / "ice-emulator"))
    return config


def open_stack(args: argparse.Namespace, request: VoiceRequest) -> auto.Stack:
    state_dir = Path(args.state_dir).resolve()
    (state_dir / "backend").mkdir(parents=True, exist_ok=True)
    (state_dir / "workspace").mkdir(parents=True, exist_ok=True)
    env = {
        "PULUMI_BACKEND_URL": os.environ.get("PULUMI_BACKEND_URL")
        or (state_dir / "backend").as_uri(),
        # The dynamic provider's host must import pulumi_ice_voice: run it with this
        # interpreter. For an inline program the CLI ignores the `virtualenv` option (the
        # program's runtime is this process), so its host would run `python3` from PATH.
        "PULUMI_PYTHON_CMD": sys.executable,
    }
    if not os.environ.get("PULUMI_CONFIG_PASSPHRASE") and not os.environ.get(
        "PULUMI_CONFIG_PASSPHRASE_FILE"
    ):
        env["PULUMI_CONFIG_PASSPHRASE"] = LOCAL_PASSPHRASE
    settings = project_settings()
    stack = auto.create_or_select_stack(
        stack_name=args.stack,
        project_name=settings.name,
        program=voice_program(request),
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(state_dir / "workspace"),
            project_settings=settings,
            env_vars=env,
        ),
    )
    stack.set_all_config(stack_config(args, state_dir))
    return stack


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--voice-id", default="automationdemo")
    parser.add_argument("--voice-name", default="Automation API demo")
    parser.add_argument("--gender", default="female", choices=["female", "male"])
    parser.add_argument(
        "--scenario", default="story", choices=["story", "interaction", "navigation"]
    )
    parser.add_argument(
        "--recordings-url",
        default=VoiceRequest.recordings_url,
        help="OSS folder holding 01.wav .. 20.wav and demo.wav",
    )
    parser.add_argument("--region", default="cn-shanghai")
    parser.add_argument(
        "--cloud",
        action="store_true",
        help="train on Alibaba Cloud ICE instead of the embedded emulator",
    )
    parser.add_argument(
        "--state-dir",
        default=str(HERE / ".pulumi"),
        help="local backend, workspace and emulator state (default: ./.pulumi)",
    )
    parser.add_argument("--destroy", action="store_true", help="destroy the stack instead")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    request = VoiceRequest(
        voice_id=args.voice_id,
        voice_name=args.voice_name,
        gender=args.gender,
        scenario=args.scenario,
        recordings_url=args.recordings_url.rstrip("/"),
    )
    try:
        stack = open_stack(args, request)
    except FileNotFoundError as exc:
        if "pulumi" not in str(exc):
            raise
        print(
            "The Pulumi CLI is not on PATH: install it as "
            "https://www.pulumi.com/docs/iac/download-install/ explains and run this again.",
            file=sys.stderr,
        )
        return 1
    if args.destroy:
        stack.destroy(on_output=print)
        return 0
    result = stack.up(on_output=print)
    outputs = {name: value.value for name, value in result.outputs.items()}
    print(json.dumps(outputs, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
