package format

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzFormat checks, for every input the parser accepts without errors,
// that formatting succeeds, keeps the syntax tree and the comments, and
// is idempotent. Inputs with syntax errors must simply not crash Source.
func FuzzFormat(f *testing.F) {
	if dir := conformanceDir(); dir != "" {
		progs, _ := filepath.Glob(filepath.Join(dir, "*", "program.vpl"))
		for _, p := range progs {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	inputs, _ := filepath.Glob("testdata/*.input")
	for _, p := range inputs {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	for _, c := range edgeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		if err := checkProperties("fuzz.vpl", src); err != nil {
			t.Fatalf("input:\n%s\n%v", src, err)
		}
		// Source must never panic, and succeeds exactly when the parse does.
		Source("fuzz.vpl", src)
	})
}
