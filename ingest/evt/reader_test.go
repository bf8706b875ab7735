package evt

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/ingest"
)

func f(kv ...any) []event.Field {
	var fs []event.Field
	for i := 0; i < len(kv); i += 2 {
		fs = append(fs, event.Field{Name: kv[i].(string), Value: kv[i+1].(value.Value)})
	}
	return fs
}

func arr(vs ...value.Value) value.Value { return value.Array(vs) }

func obj(kv ...any) value.Value {
	m := value.NewMap(0)
	for i := 0; i < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1].(value.Value))
	}
	return value.MapOf(m)
}

var (
	S = value.String
	I = value.Int
	F = value.Float
	B = value.Bool
	N = value.Null
)

// identical compares values strictly: same kinds at every level, floats
// bitwise (any NaN equals any NaN), maps in order.
func identical(a, b value.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case value.KindFloat:
		x, y := a.AsFloat(), b.AsFloat()
		return math.Float64bits(x) == math.Float64bits(y) || (x != x && y != y)
	case value.KindArray:
		x, y := a.AsArray(), b.AsArray()
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !identical(x[i], y[i]) {
				return false
			}
		}
		return true
	case value.KindMap:
		x, y := a.AsMap(), b.AsMap()
		if x.Len() != y.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			kx, vx := x.At(i)
			ky, vy := y.At(i)
			if kx != ky || !identical(vx, vy) {
				return false
			}
		}
		return true
	}
	return value.Equal(a, b)
}

func sameEvent(a, b *event.Event) bool {
	if a.Type != b.Type || a.Time != b.Time || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i].Name != b.Fields[i].Name || !identical(a.Fields[i].Value, b.Fields[i].Value) {
			return false
		}
	}
	return true
}

func show(ev *event.Event) string {
	if ev == nil {
		return "<nil>"
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s @%d {", ev.Type, ev.Time)
	for i, fl := range ev.Fields {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "%s=%s(%v)", fl.Name, fl.Value.Kind(), fl.Value)
	}
	return sb.String() + "}"
}

const ms = int64(1_000_000)

func TestLineForms(t *testing.T) {
	tests := []struct {
		name string
		line string
		want *event.Event
	}{
		{"brace", `Reading { value: 200.0, baseline: 100 }`, &event.Event{Type: "Reading", Fields: f("value", F(200), "baseline", I(100))}},
		{"no spaces", `Reading{a:1,b:"x"}`, &event.Event{Type: "Reading", Fields: f("a", I(1), "b", S("x"))}},
		{"empty braces", `Trigger {}`, &event.Event{Type: "Trigger"}},
		{"empty braces spaced", `Trigger {   }`, &event.Event{Type: "Trigger"}},
		{"trailing semicolon", `T { a: 1 };`, &event.Event{Type: "T", Fields: f("a", I(1))}},
		{"trailing semicolon spaced", "  T { a: 1 }  ;  ", &event.Event{Type: "T", Fields: f("a", I(1))}},
		{"trailing comma", `T { a: 1, }`, &event.Event{Type: "T", Fields: f("a", I(1))}},
		{"tabs", "\tT\t{\ta:\t1\t}\t", &event.Event{Type: "T", Fields: f("a", I(1))}},
		{"duplicate field", `T { a: 1, b: 2, a: 3 }`, &event.Event{Type: "T", Fields: f("a", I(3), "b", I(2))}},
		{"quoted field names", `T { "a b": 1, 'c': 2, "": 3 }`, &event.Event{Type: "T", Fields: f("a b", I(1), "c", I(2), "", I(3))}},
		{"positional", `Heartbeat("gw-7", 12)`, &event.Event{Type: "Heartbeat", Fields: f("field_0", S("gw-7"), "field_1", I(12))}},
		{"positional spaced", `Heartbeat ( 1 , [2] , {k: v} ) ;`, &event.Event{Type: "Heartbeat",
			Fields: f("field_0", I(1), "field_1", arr(I(2)), "field_2", obj("k", S("v")))}},
		{"positional empty", `Ping()`, &event.Event{Type: "Ping"}},
		{"json", `{"event_type": "DoorClosed", "data": {"door": "D1"}}`, &event.Event{Type: "DoorClosed", Fields: f("door", S("D1"))}},
		{"json flat", `{"type": "A", "x": 1.5}`, &event.Event{Type: "A", Fields: f("x", F(1.5))}},
		{"json with own time", `{"event_type": "A", "ts": 2500}`, &event.Event{Type: "A", Time: 2500 * ms}},
		{"json semicolon", `{"event_type": "A"};`, &event.Event{Type: "A"}},
		{"bools and nulls", `T { a: true, b: false, c: null, d: nil }`, &event.Event{Type: "T", Fields: f("a", B(true), "b", B(false), "c", N(), "d", N())}},
		{"ints", `T { a: 0, b: -12, c: +7, d: 9223372036854775807, e: -9223372036854775808 }`,
			&event.Event{Type: "T", Fields: f("a", I(0), "b", I(-12), "c", I(7), "d", I(math.MaxInt64), "e", I(math.MinInt64))}},
		{"int overflow is float", `T { a: 9223372036854775808 }`, &event.Event{Type: "T", Fields: f("a", F(9223372036854775808))}},
		{"floats", `T { a: 2.5, b: 1e3, c: -0.5, d: .5, e: 1., f: 1E-2, g: +1.5e+2, h: 10.0 }`,
			&event.Event{Type: "T", Fields: f("a", F(2.5), "b", F(1000), "c", F(-0.5), "d", F(0.5), "e", F(1), "f", F(0.01), "g", F(150), "h", F(10))}},
		{"special floats", `T { a: inf, b: -inf, c: NaN, d: Infinity, e: 1e400 }`,
			&event.Event{Type: "T", Fields: f("a", F(math.Inf(1)), "b", F(math.Inf(-1)), "c", F(math.NaN()), "d", F(math.Inf(1)), "e", F(math.Inf(1)))}},
		{"strings", `T { a: "text", b: 'single', c: "", d: "it's", e: 'say "hi"' }`,
			&event.Event{Type: "T", Fields: f("a", S("text"), "b", S("single"), "c", S(""), "d", S("it's"), "e", S(`say "hi"`))}},
		{"escapes", `T { a: "l1\nl2\tx\ry", b: 'it\'s', c: "q\"q", d: "back\\slash", e: "\u00e9\ud83d\ude00", f: "\d\u12" }`,
			&event.Event{Type: "T", Fields: f("a", S("l1\nl2\tx\ry"), "b", S("it's"), "c", S(`q"q`), "d", S(`back\slash`),
				"e", S("é😀"), "f", S(`\d\u12`))}},
		{"lone surrogate", `T { a: "\ud800x" }`, &event.Event{Type: "T", Fields: f("a", S("\uFFFDx"))}},
		{"delimiters inside strings", `T { a: "x, y}", b: '[1]' }`, &event.Event{Type: "T", Fields: f("a", S("x, y}"), "b", S("[1]"))}},
		{"bare words", `T { status: ok, msg: hello world, time: 12:30, dash: - }`,
			&event.Event{Type: "T", Fields: f("status", S("ok"), "msg", S("hello world"), "time", S("12:30"), "dash", S("-"))}},
		{"bare words that look like keywords", `T { a: True, b: NULL, c: 1e, d: 0x10 }`,
			&event.Event{Type: "T", Fields: f("a", S("True"), "b", S("NULL"), "c", S("1e"), "d", S("0x10"))}},
		{"arrays", `T { a: [1, 2, "x"], b: [], c: [[1], [2, [3]]], d: [ 1 , 2 , ] }`,
			&event.Event{Type: "T", Fields: f("a", arr(I(1), I(2), S("x")), "b", arr(), "c", arr(arr(I(1)), arr(I(2), arr(I(3)))), "d", arr(I(1), I(2)))}},
		{"maps", `T { m: {k: 1, "s p": [true], n: {}} }`,
			&event.Event{Type: "T", Fields: f("m", obj("k", I(1), "s p", arr(B(true)), "n", obj()))}},
		{"unicode", `Événement { clé: "valeur €", ville: Zürich }`,
			&event.Event{Type: "Événement", Fields: f("clé", S("valeur €"), "ville", S("Zürich"))}},
		{"dotted type", `sensor.Reading { a: 1 }`, &event.Event{Type: "sensor.Reading", Fields: f("a", I(1))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.line), "t.evt", ingest.Options{})
			ev, err := r.Next()
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if !sameEvent(ev, tt.want) {
				t.Errorf("got  %s\nwant %s", show(ev), show(tt.want))
			}
			if _, err := r.Next(); err != io.EOF {
				t.Errorf("want io.EOF, got %v", err)
			}
		})
	}
}

func TestClock(t *testing.T) {
	input := `# no offset yet
A {}
BATCH 1000
B {}
@1500ms C {}
@2s D {}
@3m E {}
@250 F {}
G {}
BATCH
H {}
BATCH 0 # back to zero: words after the offset are ignored
{"event_type": "J"}
{"event_type": "K", "timestamp": "1970-01-01T00:00:07Z"}
{"@timestamp": "1970-01-01T00:00:09Z", "event_type": "K2", "data": {}}
@42 {"event_type": "L"}
// comment
   # indented comment

M {}
`
	want := []struct {
		typ  string
		time int64
	}{
		{"A", 0}, {"B", 1000 * ms}, {"C", 1500 * ms}, {"D", 2000 * ms}, {"E", 180_000 * ms}, {"F", 250 * ms},
		{"G", 1000 * ms}, {"H", 1000 * ms}, {"J", 0}, {"K", 7000 * ms}, {"K2", 9000 * ms}, {"L", 42 * ms}, {"M", 0},
	}
	r := NewReader(strings.NewReader(input), "clock.evt", ingest.Options{DefaultTime: func() int64 { return 99 }})
	for _, w := range want {
		ev, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if ev.Type != w.typ || ev.Time != w.time {
			t.Errorf("got %s @%d, want %s @%d", ev.Type, ev.Time, w.typ, w.time)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("want io.EOF, got %v", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		line  string
		msg   string
		limit bool
	}{
		{`Reading`, "want '{' or '(' after the event type", false},
		{`Reading value: 1`, "want '{' or '(' after the event type, found 'v'", false},
		{`Reading { a: 1`, "missing '}'", false},
		{`Reading { a: 1 } extra`, "unexpected text after the event", false},
		{`Reading { a: 1 } # trailing comment`, "unexpected text after the event", false},
		{`Reading { a 1 }`, "want ':' after field name \"a\"", false},
		{`Reading { : 1 }`, "want a field name, found ':'", false},
		{`Reading { a: }`, "missing value", false},
		{`Reading { a: 1,, b: 2 }`, "want a field name, found ','", false},
		{`Reading { a: "x" "y" }`, "want ',' or '}', found '\"'", false},
		{`Reading { a: "unterminated }`, "unterminated string", false},
		{`Reading { a: 'x }`, "unterminated string", false},
		{`Reading { a: [1, 2 }`, "want ',' or ']', found '}'", false},
		{`Reading { a: [1, 2`, "missing ']'", false},
		{`Reading { a: {k 1} }`, "want ':' after field name \"k\"", false},
		{`Reading(1, 2`, "missing ')'", false},
		{`Reading("a" 2)`, "want ',' or ')', found '2'", false},
		{`Reading(1,,2)`, "missing value", false},
		{`1Reading {}`, "invalid event type name", false},
		{`"Reading" {}`, "want an event", false},
		{`[1, 2]`, "want an event", false},
		{`;`, "missing event before ';'", false},
		{`{"data": {}}`, "missing event_type", false},
		{`{"event_type": "T", bad}`, "unexpected character 'b'", false},
		{`BATCH abc`, "BATCH wants a non-negative integer", false},
		{`BATCH -5`, "BATCH wants a non-negative integer", false},
		{`BATCH 1.5`, "BATCH wants a non-negative integer", false},
		{`BATCH 99999999999999999`, "out of range", false},
		{`@ A {}`, "@ wants a non-negative integer offset", false},
		{`@x A {}`, "@ wants a non-negative integer offset", false},
		{`@-5 A {}`, "@ wants a non-negative integer offset", false},
		{`@5h A {}`, "unknown offset unit \"h\"", false},
		{`@1.5s A {}`, "unknown offset unit \".5s\"", false},
		{`@100`, "missing event after the @ offset", false},
		{`@100ms   `, "missing event after the @ offset", false},
		{`@99999999999999999m A {}`, "out of range", false},
		{`T { a: ` + strings.Repeat("[", 33) + strings.Repeat("]", 33) + ` }`, "nesting deeper than 32", true},
		{`T { a: ` + strings.Repeat("{k: ", 33) + "1" + strings.Repeat("}", 33) + ` }`, "nesting deeper than 32", true},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			// The bad line sits between two good ones: the error carries its
			// line number and reading continues after it.
			input := "Good {}\n" + tt.line + "\nAfter { n: 1 }\n"
			r := NewReader(strings.NewReader(input), "bad.evt", ingest.Options{})
			if ev, err := r.Next(); err != nil || ev.Type != "Good" {
				t.Fatalf("first line: %v %v", ev, err)
			}
			ev, err := r.Next()
			if err == nil {
				t.Fatalf("no error; got %s", show(ev))
			}
			var ie *ingest.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not *ingest.Error: %v", err, err)
			}
			if ie.File != "bad.evt" || ie.Line != 2 {
				t.Errorf("error located at %s:%d", ie.File, ie.Line)
			}
			if !strings.HasPrefix(err.Error(), "bad.evt:2: error: ") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want it to contain %q", err.Error(), tt.msg)
			}
			if errors.Is(err, ingest.ErrLimit) != tt.limit {
				t.Errorf("ErrLimit = %v, want %v", !tt.limit, tt.limit)
			}
			if string(r.Raw()) != tt.line {
				t.Errorf("Raw() = %q", r.Raw())
			}
			if ev, err := r.Next(); err != nil || ev.Type != "After" {
				t.Errorf("reading does not continue after the error: %v %v", show(ev), err)
			}
		})
	}
}

func TestErrorColumns(t *testing.T) {
	tests := []struct {
		line string
		col  int
	}{
		{`T { a: 1 } x`, 12},
		{`  T { a 1 }`, 9},
		{`@5 {"event_type": "T", bad}`, 24},
		{`T { a: "x`, 8},
	}
	for _, tt := range tests {
		_, err := NewReader(strings.NewReader(tt.line), "", ingest.Options{}).Next()
		var ie *ingest.Error
		if !errors.As(err, &ie) || ie.Col != tt.col {
			t.Errorf("%s: %v, want column %d", tt.line, err, tt.col)
		}
	}
}

func TestLimits(t *testing.T) {
	lim := ingest.Limits{MaxFields: 2, MaxStringBytes: 4, MaxDepth: 1, MaxLineBytes: 40}
	tests := []struct {
		line string
		ok   bool
	}{
		{`T { a: 1, b: 2 }`, true},
		{`T { a: 1, b: 2, c: 3 }`, false},
		{`T { a: 1, b: 2, a: 3 }`, true},
		{`T(1, 2)`, true},
		{`T(1, 2, 3)`, false},
		{`T { m: {a: 1, b: 2} }`, true},
		{`T { m: {a: 1, b: 2, c: 3} }`, false},
		{`T { s: "abcd" }`, true},
		{`T { s: "abcde" }`, false},
		{`T { s: "ab\ncd" }`, false},
		{`T { s: abcd }`, true},
		{`T { s: abcde }`, false},
		{`T { abcde: 1 }`, false},
		{`T { a: [1] }`, true},
		{`T { a: [[1]] }`, false},
		{`T { a: {b: [1]} }`, false},
		{`T { s: "` + strings.Repeat("x", 40) + `" }`, false}, // line too long
		{`{"event_type": "T", "a": [[1]]}`, false},
	}
	for _, tt := range tests {
		_, err := NewReader(strings.NewReader(tt.line), "", ingest.Options{Limits: lim}).Next()
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.line, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ingest.ErrLimit) {
			t.Errorf("%s: %v does not wrap ErrLimit", tt.line, err)
		}
	}
}

func TestAppendEventRoundTrip(t *testing.T) {
	m := value.NewMap(0)
	m.Set("plain", I(1))
	m.Set("needs quote", S("v"))
	events := []*event.Event{
		{Type: "Empty"},
		{Type: "T", Fields: f("i", I(-5), "f", F(10), "g", F(0.1), "h", F(1e300), "k", F(-1e-300), "z", F(math.Copysign(0, -1)),
			"inf", F(math.Inf(1)), "ninf", F(math.Inf(-1)), "nan", F(math.NaN()), "b", B(true), "n", N())},
		{Type: "S", Fields: f("s", S("a \"b\" 'c' \\ \n\t\r \x01 é, }]) \\u0041"), "empty", S(""), "kw", S("true"), "num", S("12"),
			"bad", S("\xff\xfe"), "sp", S("  padded  "))},
		{Type: "A", Fields: f("a", arr(I(1), arr(), arr(S("x"), N())), "m", value.MapOf(m), "e", obj())},
		{Type: "Q", Fields: f("needs quote", I(1), "x:y", I(2), "", I(3), "é", I(4))},
		{Type: "bad type name", Fields: f("x", I(1))},
	}
	for _, ev := range events {
		line := AppendEvent(nil, ev)
		got, err := NewReader(strings.NewReader(string(line)), "", ingest.Options{}).Next()
		if err != nil {
			t.Errorf("%s: reading back %q: %v", show(ev), line, err)
			continue
		}
		if !sameEvent(got, ev) {
			t.Errorf("round trip of %q\n got  %s\n want %s", line, show(got), show(ev))
		}
	}
	ts := &event.Event{Type: "T", Fields: f("t", value.Timestamp(1500*ms), "d", value.Duration(1500*ms))}
	if got := string(AppendEvent(nil, ts)); got != `T { t: "1970-01-01T00:00:01.5Z", d: "1.5s" }` {
		t.Errorf("timestamps and durations: %s", got)
	}
}

// conformanceFiles lists the .evt files of the shared conformance corpus.
func conformanceFiles(t testing.TB) []string {
	files, _ := filepath.Glob("../../../shared/conformance/cases/*/*.evt")
	return files
}

// TestConformanceEventFiles reads every .evt file of the conformance corpus
// without error, checks event times never decrease (the corpus promises
// it), and checks that writing each event back and reading it gives the
// same event.
func TestConformanceEventFiles(t *testing.T) {
	files := conformanceFiles(t)
	if len(files) == 0 {
		t.Skip("conformance corpus not found")
	}
	total := 0
	for _, path := range files {
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := NewReader(fh, path, ingest.Options{})
		last := int64(0)
		for {
			ev, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			total++
			if ev.Time < last {
				t.Errorf("%s:%d: time goes back", path, r.Line())
			}
			last = ev.Time
			back, err := NewReader(strings.NewReader(string(AppendEvent(nil, ev))), "", ingest.Options{}).Next()
			if err != nil || back.Type != ev.Type || !sameEvent(&event.Event{Type: back.Type, Time: ev.Time, Fields: back.Fields}, ev) {
				t.Errorf("%s:%d: round trip: %v %s", path, r.Line(), err, show(back))
			}
		}
		fh.Close()
	}
	if total < 100 {
		t.Errorf("only %d events in the corpus", total)
	}
}
