package parser

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/token"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/errors")

// TestErrorGolden parses every testdata/errors/*.vpl file and compares the
// rendered diagnostics (message, caret, hint) with the .golden file next
// to it. Run `go test -run TestErrorGolden -update` to rewrite them after a
// deliberate change, and review the diff.
func TestErrorGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.vpl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			_, diags := ParseFile(fset, filepath.Base(name), src, 0)
			if !diags.HasErrors() {
				t.Fatalf("no errors reported")
			}
			got := renderDiags(fset, diags)
			golden := strings.TrimSuffix(name, ".vpl") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}
