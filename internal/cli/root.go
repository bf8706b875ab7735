// Package cli implements the varpulis command line: one cobra command tree
// used both by the binary (cmd/varpulis) and by tests, so that tests run the
// exact code path users run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes shared by all commands.
const (
	ExitOK    = 0 // success
	ExitFail  = 1 // the input had errors (diagnostics, malformed events)
	ExitUsage = 2 // usage or I/O error
)

// Version is the program version, set at build time with -ldflags.
var Version = "0.1.0-dev"

// ExitError carries an exit code out of a command.
type ExitError struct {
	Code int
	Err  error
}

// Error returns the message of the wrapped error.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns the wrapped error.
func (e *ExitError) Unwrap() error { return e.Err }

// exitf returns an ExitError with a formatted message.
func exitf(code int, format string, args ...any) error {
	return &ExitError{Code: code, Err: fmt.Errorf(format, args...)}
}

// silentExit returns an ExitError whose message was already reported.
func silentExit(code int) error { return &ExitError{Code: code} }

// NewRootCommand builds the command tree.
func NewRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "varpulis",
		Short:         "Varpulis: a complex event processing engine for the VPL language",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetVersionTemplate("varpulis {{.Version}}\n")
	for _, c := range subcommands() {
		root.AddCommand(c)
	}
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "varpulis %s\n", Version)
			return err
		},
	})
	return root
}

// Run executes the command line args with the given streams and returns
// the process exit code. It is what main calls and what tests call.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := NewRootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(stderr, "varpulis: %v\n", ee.Err)
		}
		return ee.Code
	}
	// Errors from flag parsing and argument validation are usage errors.
	fmt.Fprintf(stderr, "varpulis: %v\n", err)
	return ExitUsage
}

// Main runs the program with the process's arguments and streams.
func Main() int {
	return Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}
