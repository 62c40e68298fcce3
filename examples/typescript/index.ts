// A cloned voice declared in TypeScript through the icevoice provider plugin: the texts a
// speaker records (getDemonstration), a basic-edition voice trained on them, and a speech
// spoken with it.
import * as pulumi from "@pulumi/pulumi";
import * as icevoice from "@pulumi-ice-voice/icevoice";

const config = new pulumi.Config();
// The speaker's 20 recordings, one per demonstration text, in an OSS bucket of the region.
const bucket = config.get("bucket") ?? "https://my-voices.oss-cn-shanghai.aliyuncs.com";

const texts = icevoice.getDemonstrationOutput({ scenario: "story" });

const narrator = new icevoice.CustomizedVoice("narrator", {
    voiceName: "Narrator",
    gender: "female",
    scenario: "story",
    recordings: Array.from(
        { length: 20 },
        (_, i) => `${bucket}/narrator/${String(i + 1).padStart(2, "0")}.wav`,
    ),
    demoAudioMediaUrl: `${bucket}/narrator/demo.wav`,
});

// A text spoken with the trained voice, into an audio file in OSS.
const welcome = new icevoice.Speech("welcome", {
    text: "Welcome aboard. Please fasten your seat belts.",
    customizedVoice: narrator.voiceId,
    outputUrl: `${bucket}/announcements/welcome.wav`,
});

export const voiceId = narrator.voiceId;
export const jobId = narrator.jobId;
export const status = narrator.status;
export const demoAudioUrl = narrator.demoAudioUrl;
export const firstText = texts.texts.apply((all) => all[0].text);
export const welcomeUrl = welcome.audioUrl;
