// One basic voice through the plugin, from the generated Go SDK module in dist/ (served to
// the go command as a module proxy serves it).
package main

import (
	"fmt"

	"github.com/pulumi-ice-voice/pulumi-ice-voice/sdk/go/icevoice"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		const bucket = "https://release-voices.oss-cn-shanghai.aliyuncs.com/releasego"
		var recordings pulumi.StringArray
		for n := 1; n <= 20; n++ {
			recordings = append(recordings, pulumi.String(fmt.Sprintf("%s/%02d.wav", bucket, n)))
		}
		voice, err := icevoice.NewCustomizedVoice(ctx, "narrator", &icevoice.CustomizedVoiceArgs{
			VoiceId:           pulumi.String("releasego"),
			VoiceName:         pulumi.String("Release Go"),
			Gender:            pulumi.String("female"),
			Scenario:          pulumi.String("story"),
			Recordings:        recordings,
			DemoAudioMediaUrl: pulumi.String(bucket + "/demo.wav"),
		})
		if err != nil {
			return err
		}
		ctx.Export("voiceId", voice.VoiceId)
		ctx.Export("status", voice.Status)
		return nil
	})
}
