package cli

import "github.com/spf13/cobra"

// optionalCommands lists commands whose files are still being written.
func optionalCommands() []*cobra.Command { return nil }
