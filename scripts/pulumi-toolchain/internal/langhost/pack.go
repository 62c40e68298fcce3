package langhost

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
)

// RunCaptured runs one step of a build (Pack) with its output kept: the output matters only
// when the step fails, and then the error holds it. It returns what the step wrote to stdout.
func RunCaptured(cmd *exec.Cmd) (string, error) {
	var stdout, output bytes.Buffer
	cmd.Stdout = &multi{&stdout, &output}
	cmd.Stderr = &output
	logging.V(5).Infof("Pack: running %s in %s", cmd, cmd.Dir)
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, output.String())
	}
	return stdout.String(), nil
}

// multi writes to both buffers (stdout is kept on its own and within the whole output).
type multi struct{ a, b *bytes.Buffer }

func (m *multi) Write(p []byte) (int, error) {
	m.a.Write(p)
	return m.b.Write(p)
}
