package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/load"
)

// newCheckCommand returns `varpulis check FILE...`: parse and check each
// program (imports included) and report diagnostics.
//
// Exit status: 0 when every file is valid (warnings allowed), 1 when a
// file has errors, 2 on a usage error or a file that cannot be read.
func newCheckCommand() *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "check FILE...",
		Short: "Check VPL programs for errors without running them",
		Long: `Check parses and checks each VPL program, resolving its imports, and
prints every error and warning with its source line. A valid file is
reported as "FILE: ok" (nothing with -q). Diagnostic codes are explained in
docs/errors.md.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			ioErr, failed := false, false
			for _, path := range args {
				src, err := os.ReadFile(path)
				if err != nil {
					fmt.Fprintf(stderr, "varpulis: cannot read %s: %v\n", path, unwrapPathError(err))
					ioErr = true
					continue
				}
				prog, diags := load.Source(path, src)
				diags = diags.Dedupe(prog.Fset)
				if err := diag.Render(stderr, prog.Fset, diags); err != nil {
					return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing diagnostics: %w", err)}
				}
				if diags.HasErrors() {
					failed = true
					continue
				}
				if !quiet {
					fmt.Fprintf(stdout, "%s: ok\n", path)
				}
			}
			return batchExit(ioErr, failed)
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing for valid files")
	return cmd
}

// unwrapPathError drops the path that os errors repeat.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// batchExit maps the outcome of a command over several files to its exit
// status: an I/O or usage problem wins over diagnostics.
func batchExit(ioErr, failed bool) error {
	switch {
	case ioErr:
		return silentExit(ExitUsage)
	case failed:
		return silentExit(ExitFail)
	}
	return nil
}
