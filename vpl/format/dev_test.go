package format

import (
	"os"
	"testing"
)

func TestDevFormat(t *testing.T) {
	name := os.Getenv("VPL_FMT")
	if name == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(name)
	out, d := Source(name, src)
	if d.HasErrors() {
		t.Fatal(d[0].Message)
	}
	os.Stdout.Write(out)
}
