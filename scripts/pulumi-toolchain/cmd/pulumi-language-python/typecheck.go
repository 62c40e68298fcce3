package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// typecheck runs the type checker the project's `typechecker` option names before the program,
// as the official host does: `python -m mypy --exclude <virtualenv> <program dir>` or `python
// -m pyright <program dir>`, from the program's own virtualenv, in the program directory, its
// report on the host's output (which the engine shows as the program's). A nil response means
// the program may run; a checker that is missing or finds errors gives a RunResponse that says so.
func typecheck(
	ctx context.Context, tc toolchain.Toolchain, opts toolchain.PythonOptions, programDir string,
) (*pulumirpc.RunResponse, error) {
	var checker string
	switch opts.Typechecker {
	case toolchain.TypeCheckerNone:
		return nil, nil
	case toolchain.TypeCheckerMypy:
		checker = "mypy"
	case toolchain.TypeCheckerPyright:
		checker = "pyright"
	}
	installed, err := tc.ListPackages(ctx, true)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(installed, func(d plugin.DependencyInfo) bool { return d.Name == checker }) {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"the typechecker option is set to %s, but %s is not installed in the program's virtualenv: "+
				"add it to the program's dependencies (requirements.txt, pyproject.toml) and run pulumi install",
			checker, checker)}, nil
	}
	args := []string{"-m", checker}
	if checker == "mypy" {
		// mypy would otherwise check the virtualenv's packages when it lies in the program directory.
		venv, err := tc.VirtualEnvPath(ctx)
		if err != nil {
			return nil, err
		}
		if venv != "" {
			rel, err := filepath.Rel(programDir, venv)
			if err != nil {
				return nil, err
			}
			args = append(args, "--exclude", rel)
		}
	}
	cmd, err := tc.Command(ctx, append(args, programDir)...)
	if err != nil {
		return nil, err
	}
	cmd.Dir = programDir
	// Pipes of its own, as the program gets (see langhost.RunProgram).
	cmd.Stdout = struct{ *os.File }{os.Stdout}
	cmd.Stderr = struct{ *os.File }{os.Stderr}
	if err := cmd.Run(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("%s failed (%v): see its report above", checker, err)}, nil
	}
	return nil, nil
}
