// One basic voice through the plugin, from the generated Node.js SDK's tarball in dist/.
import * as icevoice from "@pulumi-ice-voice/icevoice";

const bucket = "https://release-voices.oss-cn-shanghai.aliyuncs.com";
const id = "releasetypescript";

const voice = new icevoice.CustomizedVoice("narrator", {
    voiceId: id,
    voiceName: "Release TypeScript",
    gender: "female",
    scenario: "interaction",
    recordings: Array.from({ length: 20 }, (_, i) => `${bucket}/${id}/${String(i + 1).padStart(2, "0")}.wav`),
    demoAudioMediaUrl: `${bucket}/demo/${id}.wav`,
});

export const voiceId = voice.voiceId;
export const status = voice.status;
