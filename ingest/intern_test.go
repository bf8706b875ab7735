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

// TestInternerIgnoresBytesBeyondLength checks that short strings are told
// apart by their bytes only, although the lookup may load bytes past the
// slice's length (within its capacity).
func TestInternerIgnoresBytesBeyondLength(t *testing.T) {
	in := NewInterner(16)
	buf := []byte("abcdefghijklmnop")
	tests := []struct {
		b    []byte
		want string
	}{
		{buf[0:3], "abc"},
		{buf[0:3:3], "abc"},
		{[]byte("abcX")[:3], "abc"},
		{buf[0:8], "abcdefgh"},
		{buf[1:4], "bcd"},
		{buf[0:0], ""},
		{nil, ""},
		{buf[0:9], "abcdefghi"},
	}
	for round := range 2 { // the second round hits the cache
		for _, tc := range tests {
			if got := in.Intern(tc.b); got != tc.want {
				t.Errorf("round %d: Intern(%q) = %q", round, tc.b, got)
			}
		}
	}
}
