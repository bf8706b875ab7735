package evt

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
)

// evtSeeds are hand-picked lines; FuzzEVT also seeds every line of the
// conformance corpus's event files.
var evtSeeds = []string{
	`Reading { value: 200.0, baseline: 100 }`,
	`@1500ms DoorOpened { door: "D1", person: 'ana' };`,
	"BATCH 4000\nDoorOpened { door: \"D2\", forced: true, sensors: [3, 4] }",
	`{"event_type": "DoorClosed", "data": {"door": "D1"}}`,
	`Heartbeat("gw-7", 12)`,
	`T { s: "a\nb\t\"q\" \u00e9 \ud83d\ude00 \d", m: {k: [1, {x: nil}]}, f: 1e3, g: .5, h: inf, i: NaN, w: hello world }`,
	`T { "quoted name": 'x', n: -9223372036854775808, o: 9223372036854775808 }`,
	"# comment\n// comment\n\n@2s T {}\n@3m T()\nBATCH\nBATCH 12",
	`T { a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] }`,
	`T { a: "unterminated }`,
	`T { a: 1 } trailing`,
	`@5 {"type": "A", "ts": "2026-01-01T00:00:00Z", "x": [1.5, "s"]}`,
	"BATCH{}\nBATCH {}\nBATCH { n: 1 }\nBATCH  7", // events of type BATCH, then a BATCH line
}

// FuzzEVT checks that the .evt reader never panics, that errors are always
// located *ingest.Error values after which reading continues, and that
// every event it reads survives AppendEvent and a second read unchanged.
func FuzzEVT(f *testing.F) {
	for _, s := range evtSeeds {
		f.Add([]byte(s))
	}
	for _, path := range conformanceFiles(f) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			f.Add(append([]byte(nil), sc.Bytes()...))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), "fuzz.evt", ingest.Options{})
		for range 10_000 {
			ev, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var ie *ingest.Error
				if !errors.As(err, &ie) || ie.Line != r.Line() || ie.File != "fuzz.evt" {
					t.Fatalf("error is not a located *ingest.Error: %#v", err)
				}
				continue
			}
			line := AppendEvent(nil, ev)
			if bytes.IndexByte(line, '\n') >= 0 {
				t.Fatalf("AppendEvent wrote a newline: %q", line)
			}
			back, err := NewReader(bytes.NewReader(line), "", ingest.Options{}).Next()
			if err != nil {
				t.Fatalf("cannot read back %q (from %q): %v", line, r.Raw(), err)
			}
			if !sameEvent(&event.Event{Type: back.Type, Time: ev.Time, Fields: back.Fields}, ev) {
				t.Fatalf("round trip of %q via %q:\n got  %s\n want %s", r.Raw(), line, show(back), show(ev))
			}
		}
		t.Fatal("reader did not reach the end of the input")
	})
}
