package parser

import (
	"strings"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/vpl/token"
)

func TestLimits(t *testing.T) {
	deepIf := func(n int) string {
		var b strings.Builder
		b.WriteString("fn f():\n")
		for i := 1; i <= n; i++ {
			b.WriteString(strings.Repeat(" ", i) + "if x:\n")
		}
		b.WriteString(strings.Repeat(" ", n+1) + "return 1\n")
		return b.String()
	}
	tests := []struct {
		name, src, want string
	}{
		{"brackets", "let x = " + strings.Repeat("[", 100000), "nesting too deep"},
		{"parens", "let x = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000), "nesting too deep"},
		{"unary minus", "let x = " + strings.Repeat("-", 100000) + "1", "nesting too deep"},
		{"not", "let x = " + strings.Repeat("not ", 100000) + "a", "nesting too deep"},
		{"power", "let x = 2" + strings.Repeat(" ** 2", 100000), "nesting too deep"},
		{"types", "type T = " + strings.Repeat("[", 100000), "nesting too deep"},
		{"patterns", "pattern P = " + strings.Repeat("(", 100000) + "A", "nesting too deep"},
		{"pattern not", "pattern P = " + strings.Repeat("NOT ", 100000) + "A", "nesting too deep"},
		{"lambda blocks", "let f = " + strings.Repeat("x => {", 100000), "nesting too deep"},
		{"blocks", deepIf(300), "nesting too deep"},
		{"garbage", strings.Repeat(")]} ;; ", 100000), "expected a declaration or statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			fset := token.NewFileSet()
			_, diags := ParseFile(fset, "limits.vpl", []byte(tt.src), 0)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if !diags.HasErrors() || !strings.Contains(diags[0].Message, tt.want) {
				msg := "no error"
				if len(diags) > 0 {
					msg = diags[0].Message
				}
				t.Errorf("first diagnostic %q, want %q", msg, tt.want)
			}
		})
	}
	// Within the limits, deep nesting is fine.
	parseOK(t, "let x = "+strings.Repeat("[", 200)+strings.Repeat("]", 200))
	parseOK(t, deepIf(100))
}

func TestFileTooLarge(t *testing.T) {
	src := make([]byte, MaxFileSize+1)
	fset := token.NewFileSet()
	f, diags := ParseFile(fset, "big.vpl", src, 0)
	if len(diags) != 1 || diags[0].Code != "E122" || f == nil {
		t.Fatalf("diags = %v", diags)
	}
}

// TestTooManyErrors checks that a file full of errors reports MaxErrors
// of them and then E124, at the end of the file.
func TestTooManyErrors(t *testing.T) {
	src := strings.Repeat("stream = \x00\n", 3*MaxErrors)
	fset := token.NewFileSet()
	_, diags := ParseFile(fset, "errs.vpl", []byte(src), 0)
	if len(diags) != MaxErrors+1 {
		t.Fatalf("%d diagnostics, want %d", len(diags), MaxErrors+1)
	}
	last := diags[len(diags)-1]
	if last.Code != "E124" || fset.Position(last.Pos).Line != 3*MaxErrors+1 {
		t.Errorf("last diagnostic %s at %v, want E124 at the end of the file", last.Code, fset.Position(last.Pos))
	}
	// Just below the limit, every error is reported and there is no E124.
	src = strings.Repeat("stream = 1\n", MaxErrors)
	_, diags = ParseFile(token.NewFileSet(), "errs.vpl", []byte(src), 0)
	if len(diags) != MaxErrors || diags[len(diags)-1].Code == "E124" {
		t.Errorf("%d diagnostics (last %s), want %d without E124", len(diags), diags[len(diags)-1].Code, MaxErrors)
	}
}
