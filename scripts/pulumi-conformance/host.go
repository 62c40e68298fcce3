package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

type runningHost struct {
	address string
	stop    func()
}

// startHost starts the language host as the CLI starts a language plugin: `<bin>/pulumi-language-
// <language> <engine address>`, its port the first line of its stdout. The rest of its output
// (the programs' output goes there, which the CLI would show) goes to <work>/host.log. PATH
// starts with bin, where the CLI would find its plugins.
func startHost(ctx context.Context, opts options, engine string) (*runningHost, error) {
	log, err := os.Create(filepath.Join(opts.work, "host.log"))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, filepath.Join(opts.bin, "pulumi-language-"+opts.language), engine)
	cmd.Env = append(os.Environ(), "PATH="+opts.bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("starting the %s language host: %w", opts.language, err)
	}
	stop := func() {
		cancel()
		_ = cmd.Wait()
		_ = log.Close()
	}
	reader := bufio.NewReader(stdout)
	port, err := reader.ReadString('\n')
	if err != nil {
		stop()
		return nil, fmt.Errorf("the %s language host printed no port (see %s): %w", opts.language, log.Name(), err)
	}
	go func() { _, _ = io.Copy(log, reader) }()
	return &runningHost{address: "127.0.0.1:" + strings.TrimSpace(port), stop: stop}, nil
}

// writableCopy copies dir (a read-only directory of the Go module cache) to target, writable:
// building a package writes beside its sources.
func writableCopy(dir, target string) (string, error) {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		dest := filepath.Join(target, rel)
		if d.IsDir() {
			return os.MkdirAll(dest, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dest, data, 0o644) //nolint:gosec
	})
	return target, err
}

// report is where the run's lines and summary go: the process's stdout as it started. The
// suite's engine prints every update's display to stdout and stderr (file descriptors 1 and 2),
// which quietEngine sends to a log instead.
var report = os.Stdout

func quietEngine(path string) error {
	log, err := os.Create(path)
	if err != nil {
		return err
	}
	out, err := syscall.Dup(1)
	if err != nil {
		return err
	}
	report = os.NewFile(uintptr(out), "report")
	for _, fd := range []int{1, 2} {
		if err := syscall.Dup2(int(log.Fd()), fd); err != nil {
			return err
		}
	}
	return nil
}
