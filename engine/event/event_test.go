package event

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/engine/value"
)

func sample() *Event {
	return &Event{
		Type: "Reading",
		Time: time.Date(2026, 1, 2, 3, 4, 5, 500_000_000, time.UTC).UnixNano(),
		Fields: []Field{
			{"sensor_id", value.String("s1")},
			{"temp", value.Float(31.25)},
			{"seq", value.Int(7)},
		},
	}
}

func TestGetIndexSet(t *testing.T) {
	e := sample()
	tests := []struct {
		name  string
		index int
		want  value.Value
	}{
		{"sensor_id", 0, value.String("s1")},
		{"temp", 1, value.Float(31.25)},
		{"seq", 2, value.Int(7)},
		{"absent", -1, value.Null()},
	}
	for _, tt := range tests {
		got, ok := e.Get(tt.name)
		if ok != (tt.index >= 0) || !value.Equal(got, tt.want) {
			t.Errorf("Get(%s) = %v, %v", tt.name, got, ok)
		}
		if i := e.Index(tt.name); i != tt.index {
			t.Errorf("Index(%s) = %d, want %d", tt.name, i, tt.index)
		}
	}
	e.Set("temp", value.Int(30))
	e.Set("zone", value.String("z1"))
	names := []string{}
	for _, f := range e.Fields {
		names = append(names, f.Name)
	}
	if got := names; len(got) != 4 || got[1] != "temp" || got[3] != "zone" {
		t.Errorf("field order after Set = %v", got)
	}
	if v, _ := e.Get("temp"); !value.Equal(v, value.Int(30)) || v.Kind() != value.KindInt {
		t.Errorf("temp = %v", v)
	}
}

func TestClone(t *testing.T) {
	e := sample()
	c := e.Clone()
	c.Set("seq", value.Int(8))
	c.Type = "Other"
	if v, _ := e.Get("seq"); v.AsInt() != 7 || e.Type != "Reading" {
		t.Error("Clone shares state with the original")
	}
	if c.Time != e.Time || len(c.Fields) != 3 {
		t.Error("Clone lost data")
	}
}

func TestAppendOutputJSON(t *testing.T) {
	e := sample()
	e.Set("nan", value.Float(math.NaN()))
	e.Set("tags", value.Array([]value.Value{value.String("a"), value.Int(1)}))
	got := string(AppendOutputJSON(nil, "Hot \"Readings\"", e))
	want := `{"stream":"Hot \"Readings\"","time":"2026-01-02T03:04:05.5Z","fields":{"sensor_id":"s1","temp":31.25,"seq":7,"nan":null,"tags":["a",1]}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("invalid JSON")
	}
	empty := &Event{Type: "E"}
	if got := string(AppendOutputJSON(nil, "S", empty)); got != `{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{}}` {
		t.Errorf("empty event: %s", got)
	}
	if e.TimeUTC().Nanosecond() != 500_000_000 {
		t.Error("TimeUTC")
	}
}

func TestAppendOutputJSONAllocs(t *testing.T) {
	e := sample()
	buf := make([]byte, 0, 512)
	allocs := testing.AllocsPerRun(100, func() {
		buf = AppendOutputJSON(buf[:0], "S", e)
	})
	if allocs != 0 {
		t.Errorf("AppendOutputJSON allocates %v times per call", allocs)
	}
}

func BenchmarkAppendOutputJSON(b *testing.B) {
	e := sample()
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendOutputJSON(buf[:0], "S", e)
	}
	b.SetBytes(int64(len(buf)))
}

// TestOutputEncoderMatchesAppendOutputJSON checks that the caching encoder
// writes the same bytes as AppendOutputJSON over a sequence of outputs that
// change stream, time and field names (same names at other addresses
// included), so that stale cache entries would show.
func TestOutputEncoderMatchesAppendOutputJSON(t *testing.T) {
	many := make([]Field, 70)
	for i := range many {
		many[i] = Field{Name: "f" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Value: value.Int(int64(i))}
	}
	dyn := string([]byte("sensor_id")) // equal to a literal, other address
	evs := []struct {
		stream string
		ev     *Event
	}{
		{"Hot", sample()},
		{"Hot", &Event{Time: sample().Time + 1, Fields: []Field{{"sensor_id", value.String("a\"b")}, {"temp", value.Float(2)}}}},
		{"Hot", &Event{Time: sample().Time + 1_000_000_000, Fields: []Field{{dyn, value.String("x")}}}},
		{"Cold", &Event{Time: sample().Time + 1_000_000_000, Fields: []Field{{"other", value.Null()}, {"temp", value.Float(-0.5)}}}},
		{"Hot", &Event{Time: 0, Fields: nil}},
		{"Hot", &Event{Time: 999_999_999}},
		{"Hot", &Event{Time: -1, Fields: []Field{{"é\n", value.Bool(true)}}}},
		{"Hot", &Event{Time: -86_400_000_000_123}},
		{"", &Event{Time: 86_400_000_000_000 * 365 * 200}},
		{"Many", &Event{Time: 5, Fields: many}},
		{"Many", &Event{Time: 5, Fields: many[3:]}},
		{"Hot", sample()},
	}
	var enc OutputEncoder
	var got []byte
	for i, x := range evs {
		got = enc.Append(got[:0], x.stream, x.ev)
		want := AppendOutputJSON(nil, x.stream, x.ev)
		if string(got) != string(want) {
			t.Errorf("output %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// TestLookup: a Lookup finds its field whatever the layout, and after the
// field moves, disappears or comes back under another string.
func TestLookup(t *testing.T) {
	l := NewLookup("px")
	name := "px"
	a := &Event{Fields: []Field{{Name: "k", Value: value.Int(1)}, {Name: name, Value: value.Int(2)}}}
	b := &Event{Fields: []Field{{Name: string([]byte("px")), Value: value.Int(3)}}}
	c := &Event{Fields: []Field{{Name: "k", Value: value.Int(4)}}}
	d := &Event{Fields: []Field{{Name: "py", Value: value.Int(5)}, {Name: name, Value: value.Int(6)}}}
	for i, tc := range []struct {
		ev   *Event
		want value.Value
		ok   bool
	}{
		{a, value.Int(2), true}, {a, value.Int(2), true}, // found, then by address
		{b, value.Int(3), true},   // another string, another index
		{c, value.Value{}, false}, // missing
		{d, value.Int(6), true},   // a name of the same length at the remembered index
		{a, value.Int(2), true},
	} {
		got, ok := l.Get(tc.ev)
		if ok != tc.ok || got.String() != tc.want.String() {
			t.Errorf("step %d: Get = %v, %v; want %v, %v", i, got, ok, tc.want, tc.ok)
		}
	}
}
