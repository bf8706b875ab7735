package cli

import "github.com/spf13/cobra"

// subcommands lists the commands registered on the root. Each command
// lives in its own file.
func subcommands() []*cobra.Command {
	cmds := []*cobra.Command{
		newRunCommand(),
		newSimulateCommand(),
		newCheckCommand(),
		newBenchCommand(),
	}
	return append(cmds, optionalCommands()...)
}
