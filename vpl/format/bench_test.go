package format

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// benchSource returns a program of n streams with comments.
func benchSource(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "# stream %d\nstream S%d = Reading as r /* c */ .where(r.temp > %d and r.zone == \"z%d\") .emit(a: r.a, b: [1, 2, {k: %d}], c: f(g(h(x, y), z), w) + 1)   # t\n", i, i, i, i, i)
	}
	return []byte(b.String())
}

func BenchmarkNode(b *testing.B) {
	src := benchSource(1000)
	fset := token.NewFileSet()
	file, d := parser.ParseFile(fset, "bench.vpl", src, 0)
	if d.HasErrors() {
		b.Fatal(d.Err(fset))
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Node(&buf, fset, file); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLargeInputs checks that formatting stays fast on large files and on
// one very long line with many comments (no quadratic behaviour).
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	var wide strings.Builder
	wide.WriteString("let x = [")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			wide.WriteString(", ")
		}
		fmt.Fprintf(&wide, "/* c%d */ %d", i, i)
	}
	wide.WriteString("]\n")
	for name, src := range map[string][]byte{"many streams": benchSource(5000), "wide line": []byte(wide.String())} {
		if err := checkProperties(name, src); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
