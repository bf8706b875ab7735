package format

import (
	"io"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/ingest"
)

func TestFromPathAndParse(t *testing.T) {
	paths := []struct {
		path string
		want Name
		ok   bool
	}{
		{"a/events.evt", EVT, true},
		{"x.EVT", EVT, true},
		{"x.jsonl", JSONL, true},
		{"x.ndjson", JSONL, true},
		{"x.json", JSONL, true},
		{"x.txt", "", false},
		{"-", "", false},
		{"noext", "", false},
	}
	for _, tt := range paths {
		got, err := FromPath(tt.path)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("FromPath(%q) = %q, %v", tt.path, got, err)
		}
	}
	names := []struct {
		in   string
		want Name
		ok   bool
	}{
		{"evt", EVT, true}, {"EVT", EVT, true}, {"jsonl", JSONL, true}, {"ndjson", JSONL, true}, {"json", JSONL, true},
		{"csv", "", false}, {"", "", false},
	}
	for _, tt := range names {
		got, err := Parse(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Parse(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestNewReader(t *testing.T) {
	tests := []struct {
		file   string
		format Name
		input  string
		want   string
		ok     bool
	}{
		{"a.evt", "", "A { x: 1 }", "A", true},
		{"a.jsonl", "", `{"event_type":"B"}`, "B", true},
		{"-", JSONL, `{"event_type":"C"}`, "C", true},
		{"-", EVT, "D {}", "D", true},
		{"data.txt", EVT, "E {}", "E", true},
		{"data.txt", "", "E {}", "", false},
		{"a.evt", "xml", "", "", false},
	}
	for _, tt := range tests {
		r, err := NewReader(strings.NewReader(tt.input), tt.file, tt.format, ingest.Options{})
		if (err == nil) != tt.ok {
			t.Errorf("%s/%s: err = %v", tt.file, tt.format, err)
			continue
		}
		if err != nil {
			continue
		}
		ev, err := r.Next()
		if err != nil || ev.Type != tt.want {
			t.Errorf("%s/%s: got %v, %v", tt.file, tt.format, ev, err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("%s/%s: want io.EOF, got %v", tt.file, tt.format, err)
		}
		if _, ok := r.(ingest.RawLiner); !ok {
			t.Errorf("%s/%s: reader does not implement RawLiner", tt.file, tt.format)
		}
	}
}
