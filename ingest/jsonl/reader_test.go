package jsonl

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
)

func TestReader(t *testing.T) {
	input := strings.Join([]string{
		`{"event_type":"A","n":1}`,
		``,
		`   `,
		`{"event_type":"B","n":2}`,
		`not json`,
		`{"event_type":"C","n":` + strings.Repeat("1", 200) + `}`,
		`{"n":3}`,
		`{"event_type":"D","ts":5}`,
	}, "\r\n")
	r := NewReader(strings.NewReader(input), "in.jsonl", ingest.Options{Limits: ingest.Limits{MaxLineBytes: 100}})
	type step struct {
		typ  string
		line int
		msg  string // error substring, "" for an event
	}
	want := []step{
		{"A", 1, ""},
		{"B", 4, ""},
		{"", 5, "in.jsonl:5: error: want a JSON object, found 'n' (column 1)"},
		{"", 6, "in.jsonl:6: error: line is longer than the 100-byte limit"},
		{"", 7, "in.jsonl:7: error: missing event_type (or type) member"},
		{"D", 8, ""},
	}
	for _, w := range want {
		ev, err := r.Next()
		if r.Line() != w.line {
			t.Errorf("Line() = %d, want %d", r.Line(), w.line)
		}
		if w.msg != "" {
			if err == nil || !strings.Contains(err.Error(), w.msg) {
				t.Errorf("line %d: error %v, want %q", w.line, err, w.msg)
			}
			var ie *ingest.Error
			if !errors.As(err, &ie) || ie.Line != w.line {
				t.Errorf("line %d: error not located: %#v", w.line, err)
			}
			continue
		}
		if err != nil || ev.Type != w.typ {
			t.Errorf("line %d: got %v, %v; want type %s", w.line, ev, err, w.typ)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("want io.EOF, got %v", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("want io.EOF again, got %v", err)
	}
}

func TestReaderRawAndNextInto(t *testing.T) {
	r := NewReader(strings.NewReader("{\"event_type\":\"A\",\"x\":[1]}\n{bad}\n{\"type\":\"B\"}"), "", ingest.Options{})
	var ev event.Event
	if err := r.NextInto(&ev); err != nil || ev.Type != "A" || len(ev.Fields) != 1 {
		t.Fatalf("first: %v %+v", err, ev)
	}
	if err := r.NextInto(&ev); err == nil || string(r.Raw()) != "{bad}" {
		t.Fatalf("second: %v raw %q", err, r.Raw())
	}
	if err := r.NextInto(&ev); err != nil || ev.Type != "B" || len(ev.Fields) != 0 {
		t.Fatalf("third: %v %+v", err, ev)
	}
	var _ ingest.Reader = r
	var _ ingest.RawLiner = r
}

func TestReaderEventsAreIndependent(t *testing.T) {
	r := NewReader(strings.NewReader(`{"event_type":"A","s":"x","a":[1,2]}`+"\n"+`{"event_type":"A","s":"y","a":[3]}`), "", ingest.Options{})
	e1, _ := r.Next()
	e2, _ := r.Next()
	if v, _ := e1.Get("s"); v.AsString() != "x" {
		t.Errorf("first event changed by the second: %v", v)
	}
	if v, _ := e1.Get("a"); len(v.AsArray()) != 2 || v.AsArray()[1].AsInt() != 2 {
		t.Errorf("first event's array changed: %v", v)
	}
	if v, _ := e2.Get("a"); len(v.AsArray()) != 1 {
		t.Errorf("second array: %v", v)
	}
}
