"""GitOps: the production voice catalogue, deployed by CI or by the Pulumi Kubernetes Operator.

voices.yaml is the source of truth. A pull request previews the change, a merge applies it
(.github/workflows/voices.yml); the operator's Stack (k8s/stack.yaml) does the same from the
main branch inside a cluster. Credentials come from the environment the pipeline sets up:
GitHub's OIDC token or ACK's RRSA token, exchanged for STS credentials by the provider's
credential chain. No AccessKey is stored anywhere.
"""

from pathlib import Path

import pulumi
import yaml

from pulumi_ice_voice import CustomizedVoice

config = pulumi.Config()
# Production voices are protected; the dev stack (embedded emulator) turns that off.
protect = config.get_bool("protect")
protect = True if protect is None else protect

catalogue = yaml.safe_load((Path(__file__).resolve().parent / "voices.yaml").read_text())
recordings_url = catalogue["recordings_url"]

voices = {}
for entry in catalogue["voices"]:
    key = entry["key"]
    folder = f"{recordings_url}/{key}"
    voice = CustomizedVoice(
        key,
        voice_id=entry["voice_id"],
        voice_name=entry["name"],
        gender=entry["gender"],
        scenario=entry["scenario"],
        voice_desc=entry.get("description"),
        recordings=[f"{folder}/{n:02d}.wav" for n in range(1, 21)],
        demo_audio_media_url=f"{folder}/demo.wav",
        opts=pulumi.ResourceOptions(protect=protect),
    )
    voices[key] = {"voiceId": voice.voice_id, "jobId": voice.job_id, "status": voice.status}

pulumi.export("voices", voices)
