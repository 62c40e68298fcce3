// Command pulumi-conformance runs Pulumi's language conformance suite (pkg/v3
// testing/pulumi-test-language, the CLI's version) against one of this project's language hosts,
// as upstream's language_test.go runs it against theirs, and prints pass/fail counts.
//
//	pulumi-conformance -bin <dir> -core-sdk <dir> [-vendor <dir>] -language python|nodejs \
//	    -mode packed|path -work <dir> [-levels l1,l2] [-run <regexp>] [-jobs N]
//
// -bin is the bin directory of scripts/pulumi-from-source.sh: the host runs from there, as the
// CLI starts it (`pulumi-language-<language> <engine address>`, its port on stdout). -core-sdk is
// the language's SDK source in the sdk/v3 module (python/ or nodejs/), which the suite has the
// host pack (Pack) and every test installs. In mode packed the suite packs each generated SDK
// too and programs depend on the artifacts, as upstream runs it; in mode path programs depend
// on the generated SDKs' directories (the suite's "local" mode; it skips L1 there, as upstream
// does, since L1 tests use no SDK). Generated code is accepted (PULUMI_ACCEPT), not compared:
// the generators are the CLI's own, and their snapshots live in upstream's repository.
//
// Each test prints a line as it ends; a failed test's messages and output go to
// <work>/logs/<test>.log. The summary counts passes, expected failures (expected.go, one reason
// each), unexpected failures, unexpected passes and the tests not run (expected.go too); the exit
// status is 1 if there is an unexpected failure or pass.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/testing/pulumi-test-language/runner"
	"github.com/pulumi/pulumi/pkg/v3/testing/pulumi-test-language/tests"
	"github.com/pulumi/pulumi/sdk/v3"
	testingrpc "github.com/pulumi/pulumi/sdk/v3/proto/go/testing"
)

type options struct {
	bin, coreSDK, vendor, language, mode, work string
	levels                                     []string
	run                                        *regexp.Regexp
	jobs                                       int
}

func main() {
	opts, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-conformance:", err)
		os.Exit(2)
	}
	ok, err := run(context.Background(), opts)
	if err != nil {
		fmt.Fprintln(report, "pulumi-conformance:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

func parseFlags() (options, error) {
	var opts options
	var levels, pattern string
	flag.StringVar(&opts.bin, "bin", "", "the bin directory of scripts/pulumi-from-source.sh")
	flag.StringVar(&opts.coreSDK, "core-sdk", "", "the language's SDK source (sdk/v3 module's python/ or nodejs/)")
	flag.StringVar(&opts.vendor, "vendor", "",
		"a vendor/ directory for the core SDK: Go module zips leave out every vendor/ directory, "+
			"where the Node.js SDK keeps its ts-node and typescript")
	flag.StringVar(&opts.language, "language", "", "python or nodejs")
	flag.StringVar(&opts.mode, "mode", "packed", "packed or path")
	flag.StringVar(&opts.work, "work", "", "a directory for the run (emptied first)")
	flag.StringVar(&levels, "levels", "l1,l2", "the levels of tests to run")
	flag.StringVar(&pattern, "run", "", "run only the tests whose names match this regular expression")
	flag.IntVar(&opts.jobs, "jobs", runtime.NumCPU(), "tests run at once")
	flag.Parse()
	if opts.bin == "" || opts.coreSDK == "" || opts.work == "" {
		return opts, fmt.Errorf("-bin, -core-sdk and -work are required")
	}
	if opts.language != "python" && opts.language != "nodejs" {
		return opts, fmt.Errorf("-language must be python or nodejs, not %q", opts.language)
	}
	if opts.mode != "packed" && opts.mode != "path" {
		return opts, fmt.Errorf("-mode must be packed or path, not %q", opts.mode)
	}
	opts.levels = strings.Split(levels, ",")
	var err error
	opts.run, err = regexp.Compile(pattern)
	return opts, err
}

func run(ctx context.Context, opts options) (bool, error) {
	// Accept generated code into a snapshot directory of the run's own (see the package doc).
	if err := os.Setenv("PULUMI_ACCEPT", "1"); err != nil {
		return false, err
	}
	if err := os.RemoveAll(opts.work); err != nil {
		return false, err
	}
	for _, dir := range []string{"logs", "snapshots"} {
		if err := os.MkdirAll(filepath.Join(opts.work, dir), 0o755); err != nil {
			return false, err
		}
	}
	if err := quietEngine(filepath.Join(opts.work, "engine.log")); err != nil {
		return false, err
	}
	server, err := runner.Start(ctx, tests.LanguageTestdata, tests.LanguageTests)
	if err != nil {
		return false, fmt.Errorf("starting the conformance suite's server: %w", err)
	}
	defer server.Cancel()
	host, err := startHost(ctx, opts, server.Address())
	if err != nil {
		return false, err
	}
	defer host.stop()

	coreSDK, err := writableCopy(opts.coreSDK, filepath.Join(opts.work, "core-sdk"))
	if err != nil {
		return false, err
	}
	if opts.vendor != "" {
		if _, err := writableCopy(opts.vendor, filepath.Join(coreSDK, "vendor")); err != nil {
			return false, err
		}
	}
	started := time.Now()
	prepared, err := server.PrepareLanguageTests(ctx, &testingrpc.PrepareLanguageTestsRequest{
		LanguagePluginName:   opts.language,
		LanguagePluginTarget: host.address,
		TemporaryDirectory:   filepath.Join(opts.work, "run"),
		SnapshotDirectory:    filepath.Join(opts.work, "snapshots"),
		CoreSdkDirectory:     coreSDK,
		CoreSdkVersion:       sdk.Version.String(),
		Local:                opts.mode == "path",
	})
	if err != nil {
		return false, fmt.Errorf("preparing the tests (the host packs the core SDK): %w", err)
	}
	fmt.Fprintf(report, "%s %s: core SDK %s packed in %s\n", opts.language, opts.mode, sdk.Version,
		time.Since(started).Round(time.Second))

	names, notRun, err := selected(ctx, server, opts)
	if err != nil {
		return false, err
	}
	for _, name := range notRun {
		fmt.Fprintf(report, "skip   %s: %s\n", name, skipped(opts.language, opts.mode, name))
	}
	results := runAll(ctx, server, prepared.Token, names, opts)
	return summarize(opts, results, len(notRun), time.Since(started)), nil
}

// selected are the suite's tests of the chosen levels matching -run, sorted: those to run, and
// those not to (notRun).
func selected(
	ctx context.Context, server runner.LanguageTestServer, opts options,
) (names, notRun []string, err error) {
	all, err := server.GetLanguageTests(ctx, &testingrpc.GetLanguageTestsRequest{})
	if err != nil {
		return nil, nil, err
	}
	for _, name := range all.Tests {
		level, _, _ := strings.Cut(name, "-")
		if !slices.Contains(opts.levels, level) || !opts.run.MatchString(name) {
			continue
		}
		if opts.mode == "path" && level == "l1" {
			continue // L1 tests use no SDK: nothing differs from mode packed
		}
		if skipped(opts.language, opts.mode, name) != "" {
			notRun = append(notRun, name)
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	slices.Sort(notRun)
	return names, notRun, nil
}

type result struct {
	name     string
	passed   bool
	expected string // the reason it is expected to fail, "" if it is not
	took     time.Duration
}

func runAll(
	ctx context.Context, server runner.LanguageTestServer, token string, names []string, opts options,
) []result {
	results := make([]result, len(names))
	work := make(chan int)
	var wg sync.WaitGroup
	var printing sync.Mutex
	for range max(opts.jobs, 1) {
		wg.Go(func() {
			for i := range work {
				results[i] = runOne(ctx, server, token, names[i], opts)
				printing.Lock()
				fmt.Fprintln(report, results[i].line())
				printing.Unlock()
			}
		})
	}
	for i := range names {
		work <- i
	}
	close(work)
	wg.Wait()
	return results
}

func runOne(
	ctx context.Context, server runner.LanguageTestServer, token, name string, opts options,
) result {
	started := time.Now()
	res := result{name: name, expected: expectedFailure(opts.language, opts.mode, name)}
	resp, err := server.RunLanguageTest(ctx, &testingrpc.RunLanguageTestRequest{Token: token, Test: name})
	res.took = time.Since(started)
	var log strings.Builder
	if err != nil {
		fmt.Fprintf(&log, "error: %v\n", err)
	} else {
		res.passed = resp.Success
		for _, msg := range resp.Messages {
			fmt.Fprintf(&log, "%s\n", msg)
		}
		fmt.Fprintf(&log, "--- stdout\n%s\n--- stderr\n%s\n", resp.Stdout, resp.Stderr)
	}
	if !res.passed {
		path := filepath.Join(opts.work, "logs", name+".log")
		if err := os.WriteFile(path, []byte(log.String()), 0o644); err != nil { //nolint:gosec
			fmt.Fprintf(report, "could not write %s: %v\n", path, err)
		}
	}
	return res
}

func (r result) line() string {
	took := r.took.Round(100 * time.Millisecond)
	switch {
	case r.passed && r.expected == "":
		return fmt.Sprintf("pass   %s (%s)", r.name, took)
	case r.passed:
		return fmt.Sprintf("XPASS  %s (%s): on the expected list (%s) but passed", r.name, took, r.expected)
	case r.expected != "":
		return fmt.Sprintf("xfail  %s (%s): %s", r.name, took, r.expected)
	default:
		return fmt.Sprintf("FAIL   %s (%s): see logs/%s.log", r.name, took, r.name)
	}
}

func summarize(opts options, results []result, notRun int, took time.Duration) bool {
	var passed, xfail []string
	var failed, xpass []string
	for _, r := range results {
		switch {
		case r.passed && r.expected == "":
			passed = append(passed, r.name)
		case r.passed:
			xpass = append(xpass, r.name)
		case r.expected != "":
			xfail = append(xfail, r.name)
		default:
			failed = append(failed, r.name)
		}
	}
	fmt.Fprintf(report, "\n%s %s (%s, %s): %d tests run, %d passed, %d failed as expected, "+
		"%d failed unexpectedly, %d passed unexpectedly (%d not run), in %s\n",
		opts.language, opts.mode, strings.Join(opts.levels, "+"), opts.work, len(results), len(passed),
		len(xfail), len(failed), len(xpass), notRun, took.Round(time.Second))
	for _, r := range results {
		if !r.passed || r.expected != "" {
			fmt.Fprintln(report, "  "+r.line())
		}
	}
	return len(failed) == 0 && len(xpass) == 0
}
