package langhost

import "flag"

// ObsoleteFlags accepts, and ignores, command-line flags that older engines give a language
// host: a plugin host built on Pulumi's pkg/v3 before the options moved into each request
// (pulumi-yaml's, for one, when it loads a provider plugin written in Python to read its
// schema) starts the host as `pulumi-language-<x> -<option>=<value>... -root=<dir> <engine>`,
// one flag per runtime option. The official hosts declare the same flags "[obsolete]": the
// options come in every request's ProgramInfo. Call it before Main.
func ObsoleteFlags(names ...string) {
	for _, name := range names {
		flag.String(name, "", "[obsolete] a runtime option; it comes in each request")
	}
}
