package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/token"
)

// seedPrograms adds the conformance programs (found beside the repository)
// to the corpus.
func seedPrograms(f *testing.F) {
	dir, _ := os.Getwd()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "shared", "conformance", "cases", "*", "program.vpl"))
		if len(files) > 0 {
			for _, name := range files {
				if b, err := os.ReadFile(name); err == nil {
					f.Add(b)
				}
			}
			return
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return
		}
		dir = parent
	}
}

func FuzzScanner(f *testing.F) {
	seedPrograms(f)
	for _, s := range []string{`"a\u00e9\n"`, "@2026-01-02T03:04:05+02:00", "5min 1.5s 1e 1e+5", "/* x", "a && b ! c", "\xff\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		file := fset.AddFile("f", src)
		var s Scanner
		errs := 0
		s.Init(file, src, func(pos, end token.Pos, code, msg string) {
			errs++
			if p := int(pos) - file.Base(); p < 0 || p > len(src) {
				t.Fatalf("error position %d outside the file (size %d): %s", p, len(src), msg)
			}
			if code == "" || msg == "" {
				t.Fatalf("error without code or message")
			}
		}, ScanComments)
		prev := 0
		for i := 0; ; i++ {
			if i > len(src)+1 {
				t.Fatalf("more tokens than bytes: the scanner does not make progress")
			}
			var tk Token
			s.Next(&tk)
			if tk.Off < prev || tk.End < tk.Off || tk.End > len(src) {
				t.Fatalf("token %v at [%d,%d) after offset %d (size %d)", tk.Kind, tk.Off, tk.End, prev, len(src))
			}
			prev = tk.End
			if tk.Kind == token.EOF {
				break
			}
			if tk.End == tk.Off {
				t.Fatalf("empty %v token at %d", tk.Kind, tk.Off)
			}
			lit := string(src[tk.Off:tk.End])
			if !tk.Bad {
				switch tk.Kind {
				case token.STRING:
					if _, err := Unquote(lit); err != nil {
						t.Fatalf("valid string token %q does not decode: %v", lit, err)
					}
				case token.DURATION:
					_, _ = ParseDuration(lit)
				case token.TIMESTAMP:
					_, _ = ParseTimestamp(lit)
				}
			}
		}
		if errs != s.ErrorCount {
			t.Fatalf("ErrorCount %d, handler called %d times", s.ErrorCount, errs)
		}
	})
}
