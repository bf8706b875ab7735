package format

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/token"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// TestGolden formats every testdata/*.input file and compares the result
// with the matching .golden file; the golden file must also be a fixed
// point of the formatter.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.input")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, d := Source(in, src)
			if d.HasErrors() {
				t.Fatalf("Source: %v", d.Err(token.NewFileSet()))
			}
			golden := strings.TrimSuffix(in, ".input") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s:\n--- got:\n%s\n--- want:\n%s", golden, got, want)
			}
			again, d := Source(golden, want)
			if d.HasErrors() {
				t.Fatalf("golden does not parse: %v", d.Err(token.NewFileSet()))
			}
			if !bytes.Equal(again, want) {
				t.Errorf("%s is not a fixed point:\n%s", golden, again)
			}
			if err := checkProperties(in, src); err != nil {
				t.Error(err)
			}
		})
	}
}
