package checker_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/load"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden renders the diagnostics of each testdata/golden/*.vpl file
// and compares them with the .golden file beside it. Run with -update to
// rewrite the golden files after checking the new output by eye.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.vpl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".vpl")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Name the file without its directory so the output does not
			// depend on where the tests run.
			p, l := load.Source(filepath.Base(f), src)
			l = l.Dedupe(p.Fset)
			got := []byte(renderAll(p, l))
			golden := strings.TrimSuffix(f, ".vpl") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("diagnostics differ from %s (run with -update to accept)\n--- got:\n%s\n--- want:\n%s", golden, got, want)
			}
		})
	}
}
