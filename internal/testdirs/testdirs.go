// Package testdirs finds the shared test corpora (the conformance cases,
// the examples, the language guide) from a test's working directory.
package testdirs

import (
	"os"
	"path/filepath"
)

// FindUp looks for the directory rel in the working directory and its
// parents and returns its path.
func FindUp(rel string) (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, rel)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
