package format

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// commentInserts are the texts inserted at token boundaries.
var commentInserts = []string{" # c\n", " /* c */ ", "\n/* c */\n", "\n# c\n", "\n\n", "\n        ", "\n", "\n    # c\n    ", "/*c*/", " // c\n  "}

// tokenEnds returns the end offset of every token of src.
func tokenEnds(name string, src []byte) []int {
	fset := token.NewFileSet()
	file := fset.AddFile(name, src)
	var s scanner.Scanner
	s.Init(file, src, nil, 0)
	var offs []int
	var tk scanner.Token
	for s.Next(&tk); tk.Kind != token.EOF; s.Next(&tk) {
		offs = append(offs, tk.End)
	}
	return offs
}

// TestCommentPairs inserts two random texts of commentInserts at two
// random token boundaries of each corpus program (fixed seed), which
// catches interactions between neighbouring comments.
func TestCommentPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	perFile := 40
	if testing.Short() {
		perFile = 5
	}
	if os.Getenv("VPL_FORMAT_EXHAUSTIVE") != "" {
		perFile = 2000
	}
	checked := 0
	for _, f := range corpus(t) {
		offs := tokenEnds(f.name, f.src)
		if len(offs) == 0 || len(f.src) > 4000 {
			continue
		}
		for k := 0; k < perFile; k++ {
			a, b := offs[rng.IntN(len(offs))], offs[rng.IntN(len(offs))]
			if a > b {
				a, b = b, a
			}
			ia, ib := commentInserts[rng.IntN(len(commentInserts))], commentInserts[rng.IntN(len(commentInserts))]
			src := make([]byte, 0, len(f.src)+len(ia)+len(ib))
			src = append(src, f.src[:a]...)
			src = append(src, ia...)
			src = append(src, f.src[a:b]...)
			src = append(src, ib...)
			src = append(src, f.src[b:]...)
			if err := checkProperties(f.name, src); err != nil {
				t.Fatalf("%s with %q at %d and %q at %d:\n--- input:\n%s\n%v", f.name, ia, a, ib, b, src, err)
			}
			checked++
		}
	}
	t.Logf("%d variants checked", checked)
}

// TestLineJoins joins each line of every corpus program with the next one
// (and, separately, re-indents it) and checks the properties whenever the
// result parses.
func TestLineJoins(t *testing.T) {
	checked := 0
	for _, f := range corpus(t) {
		for i, c := range f.src {
			if c != '\n' {
				continue
			}
			j := i + 1
			for j < len(f.src) && (f.src[j] == ' ' || f.src[j] == '\t') {
				j++
			}
			for _, repl := range []string{" ", "\n  ", "\n            "} {
				src := make([]byte, 0, len(f.src)+len(repl))
				src = append(src, f.src[:i]...)
				src = append(src, repl...)
				src = append(src, f.src[j:]...)
				if err := checkProperties(f.name, src); err != nil {
					t.Fatalf("%s with line %d changed:\n--- input:\n%s\n%v", f.name, i, src, err)
				}
				checked++
			}
		}
	}
	t.Logf("%d variants checked", checked)
}

// TestCommentInsertion inserts a comment (line, block, own-line) or a line
// break at every token boundary of every corpus program and, whenever the
// result still parses, checks the formatter's properties on it. This
// exercises comments in every position the grammar allows.
func TestCommentInsertion(t *testing.T) {
	inserts := commentInserts
	files := corpus(t)
	// Every boundary takes a while; by default every 13th is checked
	// (VPL_FORMAT_EXHAUSTIVE=1 checks all of them).
	step := 13
	if testing.Short() {
		step = 29
	}
	if os.Getenv("VPL_FORMAT_EXHAUSTIVE") != "" {
		step = 1
	}
	checked := 0
	for _, f := range files {
		if len(f.src) > 4000 {
			continue
		}
		offs := tokenEnds(f.name, f.src)
		for i := 0; i < len(offs); i += step {
			off := offs[i]
			for _, ins := range inserts {
				src := make([]byte, 0, len(f.src)+len(ins))
				src = append(src, f.src[:off]...)
				src = append(src, ins...)
				src = append(src, f.src[off:]...)
				if err := checkProperties(f.name, src); err != nil {
					t.Fatalf("%s with %q inserted at offset %d:\n--- input:\n%s\n%v", f.name, ins, off, src, err)
				}
				checked++
			}
		}
	}
	t.Logf("%d variants checked", checked)
}
