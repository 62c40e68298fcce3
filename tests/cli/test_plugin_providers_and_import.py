"""The plugin's explicit providers, import and functions, through the real CLI.

Two explicit providers train voices in two regions (two emulators, each serving one
region) in one stack; `pulumi import` adopts a voice trained outside the stack and writes
the program code for it, which, pasted into the program, gives a no-op `up`.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import PLUGIN_VOICES_PROGRAM, PulumiCli
from tests.support.cli_reading import ice_client
from tests.support.editions import standard_voice
from tests.support.emulator import DEFAULT_ACCESS_KEY_ID, IceUnderTest, running_emulator
from tests.support.plugin import plugin_config
from tests.support.voices import FAST_POLLING, voice

TOKEN = "icevoice:index:CustomizedVoice"


def _provider(name: str, url: str, region: str) -> dict[str, object]:
    polling = {key.split(":", 1)[1]: float(value) for key, value in FAST_POLLING.items()}
    return {
        "name": name,
        "region": region,
        "endpoint": url,
        "access_key_id": DEFAULT_ACCESS_KEY_ID,
        "access_key_secret": "ice-emulator-secret",
        "min_poll_interval": polling["minPollInterval"],
        "poll_interval": polling["pollInterval"],
    }


def _in_region(voice_id: str, region: str, provider: str) -> dict[str, object]:
    bucket = f"https://voices-{region}.oss-{region}.aliyuncs.com"
    return voice(
        voice_id,
        voice_id,
        provider=provider,
        recordings=[f"{bucket}/{voice_id}/{n:02d}.wav" for n in range(1, 21)],
        demo_audio_media_url=f"{bucket}/demo/{voice_id}.wav",
    )


def test_two_explicit_providers_train_voices_in_two_regions_in_one_stack(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    with running_emulator(tmp_path / "beijing", region="cn-beijing") as beijing:
        stack = cli.stack(
            tmp_path / "project", program=PLUGIN_VOICES_PROGRAM, pythonpath=(plugin_sdk,)
        )
        stack.edit_config(
            {
                "test:providers": [
                    _provider("shanghai", ice.url, "cn-shanghai"),
                    _provider("beijing", beijing.url, "cn-beijing"),
                ]
            }
        )
        stack.set_voices(
            [
                _in_region("east1", "cn-shanghai", "shanghai"),
                _in_region("north1", "cn-beijing", "beijing"),
            ]
        )

        stack.up()

        outputs = stack.outputs()
        assert (outputs["east1"]["region"], outputs["north1"]["region"]) == (
            "cn-shanghai",
            "cn-beijing",
        )
        assert [j["VoiceId"] for j in ice.control.jobs()] == ["east1"]
        assert [j["VoiceId"] for j in beijing.control.jobs()] == ["north1"]
        assert outputs["north1"]["status"] == outputs["east1"]["status"] == "Success"

        before = ice.total_requests() + beijing.total_requests()
        assert "5 unchanged" in stack.up().stdout, "the stack, two providers, two voices"
        assert ice.total_requests() + beijing.total_requests() == before

        # A voice's recordings must be in its own provider's region: checked at preview.
        stack.set_voices([_in_region("north2", "cn-shanghai", "beijing")])
        refused = stack.preview(check=False)
        assert refused.returncode != 0
        assert "ICE in cn-beijing needs recordings in cn-beijing" in refused.output


def test_pulumi_import_adopts_a_trained_voice_and_its_generated_code_gives_a_no_op_up(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    ice.control.stage(["imported1"], gender="male", scenario="interaction", status="Training")
    stack = cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(plugin_sdk,),
        config=plugin_config(ice.url),
    )
    stack.set_voices([])
    code = tmp_path / "imported.py"

    stack.run(
        "import", TOKEN, "narrator", "imported1", "--yes", "--protect=false", "--out", str(code)
    )

    [resource] = stack.resources(TOKEN)
    assert resource["id"] == "imported1"
    assert (resource["outputs"]["gender"], resource["outputs"]["scenario"]) == (
        "male",
        "interaction",
    )
    generated = code.read_text()
    assert "icevoice.CustomizedVoice(" in generated, generated
    assert 'voice_id="imported1"' in generated, generated
    [job] = ice.jobs_of("imported1")
    assert job["SubmitCount"] == 1, "import trains nothing"

    (stack.dir / "__main__.py").write_text(generated)
    before = ice.total_requests()
    again = stack.up()

    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == before
    assert len(ice.jobs_of("imported1")) == 1


def test_the_functions_read_demonstrations_voices_and_one_voice_from_a_program(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    ice.control.stage(["older1"], status="Training")
    stack = cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(plugin_sdk,),
        config={**plugin_config(ice.url), "test:lookups": "true"},
    )
    stack.set_voices([voice("narrator", "narrator01")])

    stack.up()

    outputs = stack.outputs()
    texts = outputs["demonstration"]
    assert [t["audio_id"] for t in texts] == list(range(1, 21))
    assert all(t["text"] for t in texts)
    assert "older1" in outputs["listed"], "listed at the program's start, before narrator01"
    [job] = ice.jobs_of("narrator01")
    assert outputs["found"] == {"status": "Success", "job_id": job["JobId"]}


def test_pulumi_import_adopts_a_standard_voice_by_the_voice_id_ice_assigned(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    """A voice ICE assigned the id of (trained outside the stack, by another tool) is
    imported by that id; the code `pulumi import` prints declares it as ICE names it."""
    voice = standard_voice(ice, "outside")
    with ice_client(ice) as client:
        submitted = client.submit_standard_customized_voice_job(
            voice_name="Outside voice",
            gender="female",
            audios=voice["audios"],
            authentication=voice["authentication"],
        )
        voice_id = client.get_customized_voice_job(job_id=submitted.job_id).voice_id
    assert voice_id
    stack = cli.stack(
        tmp_path / "project",
        program=PLUGIN_VOICES_PROGRAM,
        pythonpath=(plugin_sdk,),
        config=plugin_config(ice.url),
    )
    stack.set_voices([])
    code = tmp_path / "imported.py"

    token = "icevoice:index:StandardCustomizedVoice"
    stack.run("import", token, "outside", voice_id, "--yes", "--protect=false", "--out", str(code))

    [resource] = stack.resources("StandardCustomizedVoice")
    assert resource["id"] == voice_id
    assert resource["outputs"]["jobId"] == submitted.job_id
    generated = code.read_text()
    assert 'voice_name="Outside voice"' in generated, generated
    (stack.dir / "__main__.py").write_text(generated)
    before = ice.total_requests()
    again = stack.up()
    assert "2 unchanged" in again.stdout, again.output
    assert ice.total_requests() == before
    assert [j["JobId"] for j in ice.control.jobs()] == [submitted.job_id], "nothing trained"


def test_a_provider_whose_region_another_resource_computes_previews_and_trains(
    cli: PulumiCli, ice: IceUnderTest, plugin_sdk: Path, tmp_path: Path
) -> None:
    """In the preview the provider's region is not known: the preview must not fail for it
    (the recordings' region is checked once it is), and the up trains the voice."""
    stack = cli.stack(tmp_path / "project", program=PLUGIN_VOICES_PROGRAM, pythonpath=(plugin_sdk,))
    settings = _provider("shanghai", ice.url, "cn-shanghai")
    del settings["region"]
    stack.edit_config({"test:providers": [settings | {"computed": {"region": "cn-shanghai"}}]})
    stack.set_voices([voice("narrator", "narrator01", provider="shanghai")])

    preview = stack.preview()
    assert "+ 4 to create" in preview.stdout, preview.output  # stack, random, provider, voice
    assert ice.total_requests() == 0

    stack.up()
    outputs = stack.outputs()["narrator"]
    assert (outputs["status"], outputs["region"]) == ("Success", "cn-shanghai")
