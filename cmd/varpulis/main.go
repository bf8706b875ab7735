// Command varpulis runs, checks and formats VPL programs.
package main

import (
	"os"

	"github.com/varpulis/varpulis-go/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
