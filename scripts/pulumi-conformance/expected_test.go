package main

import (
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/testing/pulumi-test-language/tests"
)

// Every entry names a test the suite has, for a host and a mode there are, once, with a reason.
func TestExpectedFailuresAreTheSuitesTests(t *testing.T) {
	seen := map[expectation]bool{}
	for _, e := range append(append([]expectation{}, expectedFailures...), notRun...) {
		if _, ok := tests.LanguageTests[e.test]; !ok {
			t.Errorf("%s: no such test in the suite", e.test)
		}
		if e.reason == "" {
			t.Errorf("%s: no reason", e.test)
		}
		if e.language != "" && e.language != "python" && e.language != "nodejs" {
			t.Errorf("%s: language %q", e.test, e.language)
		}
		if e.mode != "" && e.mode != "packed" && e.mode != "path" {
			t.Errorf("%s: mode %q", e.test, e.mode)
		}
		key := expectation{language: e.language, mode: e.mode, test: e.test}
		if seen[key] {
			t.Errorf("%s: listed twice for %q %q", e.test, e.language, e.mode)
		}
		seen[key] = true
	}
}

func TestExpectationMatchesItsHostAndMode(t *testing.T) {
	list := []expectation{
		{language: "python", test: "l2-a", reason: "python only"},
		{mode: "path", test: "l2-b", reason: "by path only"},
	}
	for _, tc := range []struct {
		language, mode, test, want string
	}{
		{"python", "packed", "l2-a", "python only"},
		{"nodejs", "packed", "l2-a", ""},
		{"nodejs", "path", "l2-b", "by path only"},
		{"nodejs", "packed", "l2-b", ""},
		{"python", "packed", "l2-c", ""},
	} {
		if got := lookup(list, tc.language, tc.mode, tc.test); got != tc.want {
			t.Errorf("lookup(%s, %s, %s) = %q, want %q", tc.language, tc.mode, tc.test, got, tc.want)
		}
	}
}
