package chktmp

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/load"
)

func TestDocs(t *testing.T) {
	files, _ := filepath.Glob("/work/main/docs/language/*.md")
	re := regexp.MustCompile("(?s)```vpl\n(.*?)```")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		for i, m := range re.FindAllStringSubmatch(string(raw), -1) {
			p, l := load.Source(filepath.Base(f)+"#"+string(rune('0'+i%10)), []byte(m[1]))
			l = l.Dedupe(p.Fset)
			if len(l) > 0 {
				var b bytes.Buffer
				diag.Render(&b, p.Fset, l)
				t.Log("\n" + b.String())
			}
		}
	}
	ex, _ := filepath.Glob("/work/main/examples/*.vpl")
	ex2, _ := filepath.Glob("/work/main/examples/*/*.vpl")
	for _, f := range append(ex, ex2...) {
		p, l := load.File(f)
		l = l.Dedupe(p.Fset)
		if len(l) > 0 {
			var b bytes.Buffer
			diag.Render(&b, p.Fset, l)
			t.Log("\n" + b.String())
		}
	}
}
