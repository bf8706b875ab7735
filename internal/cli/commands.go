package cli

import "github.com/spf13/cobra"

// subcommands lists the commands registered on the root. Each command
// lives in its own file.
func subcommands() []*cobra.Command {
	return []*cobra.Command{
		newRunCommand(),
		newSimulateCommand(),
		newCheckCommand(),
		newFmtCommand(),
		newBenchCommand(),
	}
}
