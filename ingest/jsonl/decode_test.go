package jsonl

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/ingest"
)

// f builds a field list from name/value pairs.
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

// identical compares two values strictly: same kind at every level (int 1
// differs from float 1.0), floats bitwise, maps in the same order.
func identical(a, b value.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case value.KindFloat:
		return math.Float64bits(a.AsFloat()) == math.Float64bits(b.AsFloat())
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

func sameFields(a, b []event.Field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !identical(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

func fmtFields(fs []event.Field) string {
	var sb strings.Builder
	for i, fl := range fs {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "%s=%s(%v)", fl.Name, fl.Value.Kind(), fl.Value)
	}
	return sb.String()
}

const ms = int64(time.Millisecond)

func TestDecode(t *testing.T) {
	rfc := time.Date(2026, 1, 2, 3, 4, 5, 250_000_000, time.UTC).UnixNano()
	tests := []struct {
		name   string
		line   string
		typ    string
		time   int64
		fields []event.Field
	}{
		{"flat", `{"event_type":"Reading","sensor_id":"s12","zone":"z3","temperature":31.25,"humidity":55.1,"seq":12345}`,
			"Reading", 0, f("sensor_id", value.String("s12"), "zone", value.String("z3"), "temperature", value.Float(31.25),
				"humidity", value.Float(55.1), "seq", value.Int(12345))},
		{"data", `{"event_type": "DoorClosed", "data": {"door": "D1"}}`, "DoorClosed", 0, f("door", value.String("D1"))},
		{"type key", `{"type":"A","x":1}`, "A", 0, f("x", value.Int(1))},
		{"event_type wins, type is a field", `{"type":"critical","event_type":"Alert"}`, "Alert", 0, f("type", value.String("critical"))},
		{"event_type first, type field", `{"event_type":"Alert","a":1,"type":"x"}`, "Alert", 0, f("a", value.Int(1), "type", value.String("x"))},
		{"repeated type keeps first position", `{"type":"A","f":1,"type":"B","event_type":"E"}`, "E", 0, f("type", value.String("B"), "f", value.Int(1))},
		{"type without event_type is consumed", `{"type":"A","data":{"type":"x"}}`, "A", 0, f("type", value.String("x"))},
		{"data type before top type", `{"data":{"type":"x"},"type":"A"}`, "A", 0, f("type", value.String("x"))},
		{"data type after top type with event_type", `{"event_type":"E","type":"A","data":{"type":"x"}}`, "E", 0, f("type", value.String("x"))},
		{"data type before top type with event_type", `{"event_type":"E","data":{"type":"x"},"type":"A"}`, "E", 0, f("type", value.String("A"))},
		{"data spliced in place", `{"a":1,"data":{"b":2,"c":3},"d":4,"event_type":"T"}`, "T", 0,
			f("a", value.Int(1), "b", value.Int(2), "c", value.Int(3), "d", value.Int(4))},
		{"data not an object is a field", `{"event_type":"T","data":"hello"}`, "T", 0, f("data", value.String("hello"))},
		{"data null is a field", `{"event_type":"T","data":null}`, "T", 0, f("data", value.Null())},
		{"empty data", `{"event_type":"T","data":{}}`, "T", 0, nil},
		{"nested reserved names are fields", `{"event_type":"T","data":{"event_type":"x","ts":5,"timestamp":"y"}}`, "T", 0,
			f("event_type", value.String("x"), "ts", value.Int(5), "timestamp", value.String("y"))},
		{"duplicate last wins, first position", `{"event_type":"T","a":1,"b":2,"a":3}`, "T", 0, f("a", value.Int(3), "b", value.Int(2))},
		{"duplicate across data", `{"event_type":"T","a":1,"data":{"a":"x"}}`, "T", 0, f("a", value.String("x"))},
		{"ts epoch ms", `{"event_type":"T","ts":1500}`, "T", 1500 * ms, nil},
		{"timestamp epoch ms float", `{"event_type":"T","timestamp":1.5}`, "T", 1_500_000, nil},
		{"timestamp rfc3339", `{"event_type":"T","timestamp":"2026-01-02T03:04:05.25Z"}`, "T", rfc, nil},
		{"timestamp rfc3339 offset", `{"event_type":"T","timestamp":"2026-01-02T05:04:05.25+02:00"}`, "T", rfc, nil},
		{"timestamp wins over ts", `{"event_type":"T","timestamp":2000,"ts":1000}`, "T", 2000 * ms, nil},
		{"ts after timestamp still loses", `{"ts":1000,"event_type":"T","timestamp":2000}`, "T", 2000 * ms, nil},
		{"null timestamp is absent", `{"event_type":"T","timestamp":null,"ts":7}`, "T", 7 * ms, nil},
		{"@timestamp is the event time", `{"@timestamp":"2026-01-02T03:04:05.25Z","event_type":"T","data":{"v":42}}`, "T", rfc, f("v", value.Int(42))},
		{"ts wins over @timestamp", `{"event_type":"T","@timestamp":2000,"ts":1000}`, "T", 1000 * ms, nil},
		{"@timestamp in data is a field", `{"event_type":"T","data":{"@timestamp":5}}`, "T", 0, f("@timestamp", value.Int(5))},
		{"negative epoch", `{"event_type":"T","ts":-1}`, "T", -ms, nil},
		{"whitespace everywhere", " \t{ \"event_type\" : \"T\" , \"a\" : [ 1 , 2 ] , \"b\" : { } }\r ", "T", 0,
			f("a", arr(value.Int(1), value.Int(2)), "b", obj())},
		{"nested", `{"event_type":"T","m":{"k":[1,{"z":null}],"s":"v"},"e":[]}`, "T", 0,
			f("m", obj("k", arr(value.Int(1), obj("z", value.Null())), "s", value.String("v")), "e", arr())},
		{"nested duplicate keys", `{"event_type":"T","m":{"a":1,"b":2,"a":3}}`, "T", 0, f("m", obj("a", value.Int(3), "b", value.Int(2)))},
		{"literals", `{"event_type":"T","t":true,"f":false,"n":null}`, "T", 0,
			f("t", value.Bool(true), "f", value.Bool(false), "n", value.Null())},
		{"numbers", `{"event_type":"T","a":0,"b":-0,"c":-12,"d":1.0,"e":1e3,"g":1E-2,"h":-0.5,"i":9223372036854775807,"j":-9223372036854775808,"k":9223372036854775808,"l":123456789012345678901234567890,"m":0.1,"n":2.5e+10,"o":1.7976931348623157e308,"p":4.9e-324,"q":1e-400}`,
			"T", 0, f("a", value.Int(0), "b", value.Int(0), "c", value.Int(-12), "d", value.Float(1), "e", value.Float(1000),
				"g", value.Float(0.01), "h", value.Float(-0.5), "i", value.Int(math.MaxInt64), "j", value.Int(math.MinInt64),
				"k", value.Float(9223372036854775808), "l", value.Float(123456789012345678901234567890), "m", value.Float(0.1),
				"n", value.Float(2.5e10), "o", value.Float(math.MaxFloat64), "p", value.Float(5e-324), "q", value.Float(0))},
		{"long fraction", `{"event_type":"T","a":0.12345678901234567890123,"b":3.14159265358979323846264338327950288}`, "T", 0,
			f("a", value.Float(0.12345678901234567890123), "b", value.Float(math.Pi))},
		{"negative zero float", `{"event_type":"T","z":-0.0}`, "T", 0, f("z", value.Float(math.Copysign(0, -1)))},
		{"string escapes", `{"event_type":"T","s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}`, "T", 0,
			f("s", value.String("a\"b\\c/d\b\f\n\r\té😀"))},
		{"lone surrogates", `{"event_type":"T","a":"\ud800","b":"\udc00x","c":"\ud800\u0041"}`, "T", 0,
			f("a", value.String("\uFFFD"), "b", value.String("\uFFFDx"), "c", value.String("\uFFFDA"))},
		{"invalid utf8 replaced per byte", "{\"event_type\":\"T\",\"s\":\"a\xff\xfeb\"}", "T", 0, f("s", value.String("a\uFFFD\uFFFDb"))},
		{"utf8 kept", `{"event_type":"Événement","clé":"valeur €"}`, "Événement", 0, f("clé", value.String("valeur €"))},
		{"escaped key", `{"event\u005ftype":"T","a\nb":1}`, "T", 0, f("a\nb", value.Int(1))},
		{"DEL byte allowed", "{\"event_type\":\"T\",\"s\":\"\x7f\"}", "T", 0, f("s", value.String("\x7f"))},
		{"long string value", `{"event_type":"T","s":"` + strings.Repeat("x", 100) + `"}`, "T", 0, f("s", value.String(strings.Repeat("x", 100)))},
	}
	d := NewDecoder(ingest.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, fresh := range []bool{false, true} {
				var ev *event.Event
				var err error
				if fresh {
					ev, err = d.DecodeNew([]byte(tt.line))
				} else {
					ev = &event.Event{Fields: make([]event.Field, 3, 8)}
					err = d.Decode([]byte(tt.line), ev)
				}
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if ev.Type != tt.typ || ev.Time != tt.time || !sameFields(ev.Fields, tt.fields) {
					t.Errorf("got  %s @%d {%s}\nwant %s @%d {%s}", ev.Type, ev.Time, fmtFields(ev.Fields),
						tt.typ, tt.time, fmtFields(tt.fields))
				}
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, line, msg string
		limit           bool
	}{
		{"empty", ``, "empty line", false},
		{"spaces", `   `, "empty line", false},
		{"array", `[1,2]`, "want a JSON object", false},
		{"number", `12`, "want a JSON object", false},
		{"no type", `{"a":1}`, "missing event_type", false},
		{"empty object", `{}`, "missing event_type", false},
		{"empty type", `{"event_type":""}`, "event_type must be a non-empty string, found an empty string", false},
		{"numeric type", `{"event_type":5}`, "event_type must be a non-empty string, found int", false},
		{"null type", `{"type":null}`, "type must be a non-empty string, found null", false},
		{"bad type even if later event_type is fine", `{"event_type":1,"event_type":"T"}`, "event_type must be", false},
		{"trailing text", `{"event_type":"T"} x`, "unexpected text after", false},
		{"two objects", `{"event_type":"T"}{"event_type":"T"}`, "unexpected text after", false},
		{"trailing comma", `{"event_type":"T",}`, "unexpected character '}'", false},
		{"missing colon", `{"event_type" "T"}`, "unexpected character '\"'", false},
		{"missing value", `{"event_type":"T","a":}`, "unexpected character '}'", false},
		{"unquoted key", `{event_type:"T"}`, "unexpected character 'e'", false},
		{"single quotes", `{'event_type':'T'}`, "unexpected character", false},
		{"unterminated object", `{"event_type":"T"`, "unexpected end of line", false},
		{"unterminated string", `{"event_type":"T`, "unterminated string", false},
		{"unterminated nested", `{"event_type":"T","a":[1,2`, "unexpected end of line", false},
		{"bad escape", `{"event_type":"T","s":"\x"}`, "invalid escape", false},
		{"bad unicode escape", `{"event_type":"T","s":"\u12G4"}`, "invalid \\u escape", false},
		{"short unicode escape", `{"event_type":"T","s":"\u12"}`, "invalid \\u escape", false},
		{"control char", "{\"event_type\":\"T\",\"s\":\"a\tb\"}", "control character 0x09", false},
		{"leading zero", `{"event_type":"T","n":01}`, "unexpected character '1'", false},
		{"plus sign", `{"event_type":"T","n":+1}`, "unexpected character '+'", false},
		{"bare dot", `{"event_type":"T","n":1.}`, "digit expected after '.'", false},
		{"dot first", `{"event_type":"T","n":.5}`, "unexpected character '.'", false},
		{"bad exponent", `{"event_type":"T","n":1e}`, "digit expected in exponent", false},
		{"minus alone", `{"event_type":"T","n":-}`, "invalid number", false},
		{"hex", `{"event_type":"T","n":0x10}`, "unexpected character 'x'", false},
		{"NaN", `{"event_type":"T","n":NaN}`, "unexpected character 'N'", false},
		{"float overflow", `{"event_type":"T","n":1e400}`, "out of the float64 range", false},
		{"bad literal", `{"event_type":"T","b":tru}`, "invalid literal, want true", false},
		{"bad literal case", `{"event_type":"T","b":True}`, "unexpected character 'T'", false},
		{"bad timestamp string", `{"event_type":"T","timestamp":"yesterday"}`, "not an RFC 3339 time", false},
		{"bad timestamp kind", `{"event_type":"T","ts":true}`, "timestamp must be an RFC 3339 string or epoch milliseconds, found bool", false},
		{"timestamp out of range", `{"event_type":"T","ts":9223372036854775}`, "out of range", false},
		{"float timestamp out of range", `{"event_type":"T","ts":1e300}`, "out of range", false},
		{"deep nesting", `{"event_type":"T","a":` + strings.Repeat("[", 33) + strings.Repeat("]", 33) + `}`, "nesting deeper than 32", true},
		{"deep objects", `{"event_type":"T","a":` + strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33) + `}`, "nesting deeper than 32", true},
		{"bad byte", "{\"event_type\":\"T\",\"a\":\x01}", "unexpected byte 0x01", false},
	}
	d := NewDecoder(ingest.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.DecodeNew([]byte(tt.line))
			if err == nil {
				t.Fatalf("no error")
			}
			var ie *ingest.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not *ingest.Error", err)
			}
			if !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("error %q does not contain %q", ie.Msg, tt.msg)
			}
			if errors.Is(err, ingest.ErrLimit) != tt.limit {
				t.Errorf("errors.Is(ErrLimit) = %v, want %v", !tt.limit, tt.limit)
			}
		})
	}
	// Nesting exactly at the limit is fine.
	ok := `{"event_type":"T","a":` + strings.Repeat("[", 32) + strings.Repeat("]", 32) + `}`
	if _, err := d.DecodeNew([]byte(ok)); err != nil {
		t.Errorf("depth 32: %v", err)
	}
}

func TestDecodeLimits(t *testing.T) {
	d := NewDecoder(ingest.Options{Limits: ingest.Limits{MaxFields: 3, MaxStringBytes: 10, MaxDepth: 2}})
	tests := []struct {
		line string
		ok   bool
	}{
		{`{"event_type":"T","a":1,"b":2,"c":3}`, true},
		{`{"event_type":"T","a":1,"b":2,"c":3,"d":4}`, false},
		{`{"event_type":"T","a":1,"b":2,"c":3,"a":4}`, true}, // duplicates do not count
		{`{"event_type":"E","type":"x","a":1,"b":2,"c":3}`, false},
		{`{"event_type":"T","m":{"a":1,"b":2,"c":3}}`, true},
		{`{"event_type":"T","m":{"a":1,"b":2,"c":3,"d":4}}`, false},
		{`{"event_type":"T","s":"1234567890"}`, true},
		{`{"event_type":"T","s":"12345678901"}`, false},
		{`{"event_type":"T","s":"\u0031\u0032\u0033\u0034\u0035\u0031\u0032\u0033\u0034\u0035"}`, true}, // decoded length counts
		{`{"event_type":"T","s":"123456789\n0"}`, false},
		{`{"event_type":"T","abcdefghijk":1}`, false}, // names count too
		{`{"event_type":"T","a":[[1]]}`, true},
		{`{"event_type":"T","a":[[[1]]]}`, false},
		{`{"event_type":"T","a":{"b":[1]}}`, true},
		{`{"event_type":"T","data":{"b":[[1]]}}`, true}, // data itself is not a level
	}
	for _, tt := range tests {
		_, err := d.DecodeNew([]byte(tt.line))
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.line, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ingest.ErrLimit) {
			t.Errorf("%s: %v does not wrap ErrLimit", tt.line, err)
		}
	}
}

func TestDecodeManyFields(t *testing.T) {
	// Past linearDedup fields the duplicate index is a map: check that
	// duplicates are still found, in several events with one decoder.
	d := NewDecoder(ingest.Options{})
	for round := range 3 {
		var sb strings.Builder
		sb.WriteString(`{"event_type":"T"`)
		for i := range 100 {
			fmt.Fprintf(&sb, `,"f%d":%d`, i, i)
		}
		fmt.Fprintf(&sb, `,"f7":"dup%d","type":"x"}`, round)
		ev, err := d.DecodeNew([]byte(sb.String()))
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Fields) != 101 {
			t.Fatalf("round %d: %d fields", round, len(ev.Fields))
		}
		if v, _ := ev.Get("f7"); v.AsString() != fmt.Sprintf("dup%d", round) || ev.Index("f7") != 7 {
			t.Errorf("f7 = %v at %d", v, ev.Index("f7"))
		}
		if v, _ := ev.Get("f99"); v.AsInt() != 99 {
			t.Errorf("f99 = %v", v)
		}
		if ev.Fields[100].Name != "type" {
			t.Errorf("last field %s", ev.Fields[100].Name)
		}
	}
}

func TestDefaultTime(t *testing.T) {
	d := NewDecoder(ingest.Options{DefaultTime: func() int64 { return 42 }})
	ev, err := d.DecodeNew([]byte(`{"event_type":"T"}`))
	if err != nil || ev.Time != 42 {
		t.Errorf("default time: %v %v", ev, err)
	}
	ev, err = d.DecodeNew([]byte(`{"event_type":"T","ts":1}`))
	if err != nil || ev.Time != ms {
		t.Errorf("explicit time: %v %v", ev, err)
	}
}

// TestInterningKeepsValuesDistinct feeds lines whose keys and values collide
// in position and hash slots, and checks nothing is mixed up.
func TestInterningKeepsValuesDistinct(t *testing.T) {
	d := NewDecoder(ingest.Options{})
	for i := range 5000 {
		line := fmt.Sprintf(`{"event_type":"T%d","k%d":"v%d","k":"%d"}`, i%7, i%300, i, i%11)
		ev, err := d.DecodeNew([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		if ev.Type != fmt.Sprintf("T%d", i%7) || ev.Fields[0].Name != fmt.Sprintf("k%d", i%300) ||
			ev.Fields[0].Value.AsString() != fmt.Sprintf("v%d", i) || ev.Fields[1].Value.AsString() != fmt.Sprint(i%11) {
			t.Fatalf("line %q decoded as %s {%s}", line, ev.Type, fmtFields(ev.Fields))
		}
	}
}

func TestDecodeAllocs(t *testing.T) {
	d := NewDecoder(ingest.Options{})
	line := []byte(`{"event_type":"Reading","sensor_id":"s12","zone":"z3","temperature":31.25,"humidity":55.1,"seq":12345}`)
	var ev event.Event
	if err := d.Decode(line, &ev); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(100, func() { _ = d.Decode(line, &ev) }); a != 0 {
		t.Errorf("Decode into a reused event: %v allocs, want 0", a)
	}
	if a := testing.AllocsPerRun(100, func() { _, _ = d.DecodeNew(line) }); a != 1 {
		t.Errorf("DecodeNew: %v allocs, want 1", a)
	}
}
