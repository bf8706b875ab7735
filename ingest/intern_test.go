package ingest

import (
	"fmt"
	"testing"
)

func TestInterner(t *testing.T) {
	in := NewInterner(20)
	if len(in.slots) != 32 {
		t.Errorf("size not rounded to a power of two: %d", len(in.slots))
	}
	// Many distinct strings share few slots: results must always equal the
	// input, hits must not allocate.
	for i := range 2000 {
		b := []byte(fmt.Sprintf("key-%d", i%100))
		if got := in.Intern(b); got != string(b) {
			t.Fatalf("Intern(%q) = %q", b, got)
		}
	}
	b := []byte("sensor_id")
	first := in.Intern(b)
	if a := testing.AllocsPerRun(100, func() {
		if in.Intern(b) != first {
			t.Fatal("changed")
		}
	}); a != 0 {
		t.Errorf("hit allocates %v times", a)
	}
	for _, s := range []string{"", "a", "ab", "abcd", "abcdefgh", "abcdefghijklmnopqrstuvwxyz"} {
		if got := in.Intern([]byte(s)); got != s {
			t.Errorf("Intern(%q) = %q", s, got)
		}
	}
}
