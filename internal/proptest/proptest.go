// Package proptest holds shared set-up for the project's property tests.
package proptest

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// Main is a TestMain body: unless the command line chose -rapid.checks, it
// sets rapid's number of cases per property to full (or to short under
// -short), then runs the tests and exits.
func Main(m *testing.M, full, short int) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		n := full
		if testing.Short() {
			n = short
		}
		_ = flag.Set("rapid.checks", strconv.Itoa(n))
	}
	os.Exit(m.Run())
}
