package main

// expectation is a test of the suite for a host ("" for both) in a mode ("" for both), and why
// it is listed: one reason per entry, said where it is known.
type expectation struct {
	language, mode, test, reason string
}

// expectedFailures: every failure the suite finds is either here or fixed. The counts of the
// last runs are in the README (Tests).
var expectedFailures = []expectation{}

// notRun are tests the harness does not start at all: they would reach beyond this machine.
var notRun = []expectation{
	{test: "l2-resource-asset-archive", reason: "its program reads a remote asset and archive from " +
		"raw.githubusercontent.com, which the tests must not reach (and these machines cannot)"},
}

func expectedFailure(language, mode, test string) string {
	return lookup(expectedFailures, language, mode, test)
}

func skipped(language, mode, test string) string { return lookup(notRun, language, mode, test) }

func lookup(list []expectation, language, mode, test string) string {
	for _, e := range list {
		if e.test == test && (e.language == "" || e.language == language) && (e.mode == "" || e.mode == mode) {
			return e.reason
		}
	}
	return ""
}
