package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

type lineResult struct {
	text string
	line int
	long bool // a *Error wrapping ErrLimit
}

func readAll(t *testing.T, lr *LineReader) []lineResult {
	t.Helper()
	var out []lineResult
	for {
		b, err := lr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrLimit) {
				t.Fatalf("unexpected error %v", err)
			}
			if e.Line != lr.Line() || e.File != "in" {
				t.Fatalf("error located at %s:%d, reader at line %d", e.File, e.Line, lr.Line())
			}
			out = append(out, lineResult{string(lr.Raw()), lr.Line(), true})
			continue
		}
		if string(lr.Raw()) != string(b) {
			t.Fatalf("Raw() = %q, Next() = %q", lr.Raw(), b)
		}
		out = append(out, lineResult{string(b), lr.Line(), false})
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 100)
	huge := strings.Repeat("y", 200_000) // longer than the bufio buffer
	tests := []struct {
		name  string
		input string
		max   int
		want  []lineResult
	}{
		{"empty input", "", 0, nil},
		{"one line no newline", "abc", 0, []lineResult{{"abc", 1, false}}},
		{"lines", "a\nb\n", 0, []lineResult{{"a", 1, false}, {"b", 2, false}}},
		{"blank lines kept", "a\n\n\nb", 0, []lineResult{{"a", 1, false}, {"", 2, false}, {"", 3, false}, {"b", 4, false}}},
		{"crlf", "a\r\nb\r\n", 0, []lineResult{{"a", 1, false}, {"b", 2, false}}},
		{"lone cr kept inside", "a\rb\n", 0, []lineResult{{"a\rb", 1, false}}},
		{"bom stripped on first line only", "\xef\xbb\xbfa\n\xef\xbb\xbfb", 0,
			[]lineResult{{"a", 1, false}, {"\xef\xbb\xbfb", 2, false}}},
		{"line at limit", long + "\n", 100, []lineResult{{long, 1, false}}},
		{"line at limit with crlf", long + "\r\n", 100, []lineResult{{long, 1, false}}},
		{"line over limit", long + "x\nok\n", 100, []lineResult{{long, 1, true}, {"ok", 2, false}}},
		{"last line over limit", "ok\n" + long + "x", 100, []lineResult{{"ok", 1, false}, {long, 2, true}}},
		{"huge line within limit", huge + "\nok", 300_000, []lineResult{{huge, 1, false}, {"ok", 2, false}}},
		{"huge line over limit", "a\n" + huge + "\nok\n", 1000, []lineResult{{"a", 1, false}, {huge[:1000], 2, true}, {"ok", 3, false}}},
		{"huge last line over limit", huge, 1000, []lineResult{{huge[:1000], 1, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = strings.NewReader(tt.input)
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				got := readAll(t, NewLineReader(r, "in", tt.max))
				if len(got) != len(tt.want) {
					t.Fatalf("got %d lines, want %d", len(got), len(tt.want))
				}
				for i := range got {
					if got[i] != tt.want[i] {
						g, w := got[i], tt.want[i]
						t.Errorf("line %d: got (%.20q len %d, %d, %v), want (%.20q len %d, %d, %v)",
							i, g.text, len(g.text), g.line, g.long, w.text, len(w.text), w.line, w.long)
					}
				}
			}
		})
	}
}

func TestLineReaderIOError(t *testing.T) {
	boom := errors.New("boom")
	lr := NewLineReader(io.MultiReader(strings.NewReader("a\nb"), iotest.ErrReader(boom)), "in", 0)
	if b, err := lr.Next(); err != nil || string(b) != "a" {
		t.Fatalf("first line: %q %v", b, err)
	}
	_, err := lr.Next()
	if !errors.Is(err, boom) {
		t.Fatalf("want the I/O error, got %v", err)
	}
	var e *Error
	if errors.As(err, &e) {
		t.Error("an I/O error must not be a per-line *Error")
	}
	if _, err2 := lr.Next(); !errors.Is(err2, boom) {
		t.Errorf("I/O error is not sticky: %v", err2)
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{File: "x.evt", Line: 3, Msg: "bad value"}
	if e.Error() != "x.evt:3: error: bad value" {
		t.Errorf("got %q", e.Error())
	}
	e = &Error{Line: 1, Col: 7, Msg: "m", Err: ErrLimit}
	if e.Error() != "-:1: error: m (column 7)" || !errors.Is(e, ErrLimit) {
		t.Errorf("got %q", e.Error())
	}
}

func TestLimitsWithDefaults(t *testing.T) {
	got := Limits{MaxFields: 5, MaxDepth: -1}.WithDefaults()
	want := Limits{MaxLineBytes: DefaultMaxLineBytes, MaxFields: 5, MaxStringBytes: DefaultMaxStringBytes, MaxDepth: DefaultMaxDepth}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
