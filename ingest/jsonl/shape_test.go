package jsonl

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
)

// TestNumberFastPathMatchesSlow checks the one-pass number parser against
// the general one on hand-picked and random numbers, including the shapes
// the fast path hands over (leading zeros, exponents, long mantissas).
func TestNumberFastPathMatchesSlow(t *testing.T) {
	cases := []string{"0", "-0", "7", "-7", "10", "123456789012345", "1234567890123456",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808",
		"0.5", "-0.5", "-0.0", "9.53", "51.78", "0.000001", "123456.789012345", "1.2345678901234567",
		"1e3", "1E3", "1.5e-7", "01", "-", "1.", ".5", "1.e3", "00.1", "1.5x", "12,", "3}"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var s string
		switch r.IntN(4) {
		case 0:
			s = strconv.FormatInt(r.Int64()>>r.IntN(63), 10)
		case 1:
			s = strconv.FormatFloat(r.Float64()*float64(r.IntN(100000)), 'f', r.IntN(8), 64)
		case 2:
			s = strconv.FormatFloat(-r.Float64()*1e10, 'f', -1, 64)
		default:
			s = strconv.FormatFloat(r.NormFloat64()*1e20, 'g', -1, 64)
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		b := []byte(s + ",")
		v1, j1, err1 := number(b, 0)
		v2, j2, err2 := numberSlow(b, 0)
		if (err1 == nil) != (err2 == nil) || j1 != j2 || (err1 == nil && !identical(v1, v2)) {
			t.Errorf("%q: fast (%v, %d, %v), slow (%v, %d, %v)", s, v1, j1, err1, v2, j2, err2)
		}
	}
}

// TestDecodeShapeChanges decodes lines whose keys move, change spelling
// (escapes, spaces) or become reserved between lines, through one decoder
// and one reused event, and compares with a fresh decoder per line.
func TestDecodeShapeChanges(t *testing.T) {
	lines := []string{
		`{"event_type":"A","x":1,"temperature":2.5,"s":"v"}`,
		`{"event_type":"A","x":2,"temperature":3.5,"s":"w"}`,
		`{"event_type":"A","temperature":4,"x":3}`,
		`{"event_type":"A","x" :4,"temperature": 5.5}`,
		`{"event_type":"A","\u0078":5,"temperature":6.5}`,
		`{"event_type":"A","type":"t","temperature":7.5}`,
		`{"type":"B","x":6}`,
		`{"event_type":"A","x":7,"x":8}`,
		`{"event_type":"A","data":{"x":9,"ts":1},"ts":2}`,
		`{"event_type":"A","x":10,"temperature":11.5,"s":"v"}`,
		`{"event_type":"A","xy":1}`,
		`{"event_type":"A","x":1,"temperaturf":2}`,
		`{"event_type":"A","ts":3,"timestamp":4}`,
		`{"event_type":"A", "x":1}`,
	}
	d := NewDecoder(ingest.Options{})
	var reused event.Event
	for round := range 2 {
		for _, line := range lines {
			want, werr := NewDecoder(ingest.Options{}).DecodeNew([]byte(line))
			err := d.Decode([]byte(line), &reused)
			if (err == nil) != (werr == nil) {
				t.Fatalf("round %d, %s: error %v, fresh decoder %v", round, line, err, werr)
			}
			if err != nil {
				continue
			}
			if reused.Type != want.Type || reused.Time != want.Time || len(reused.Fields) != len(want.Fields) {
				t.Fatalf("round %d, %s: got %+v, want %+v", round, line, reused, *want)
			}
			for i := range want.Fields {
				if reused.Fields[i].Name != want.Fields[i].Name || !identical(reused.Fields[i].Value, want.Fields[i].Value) {
					t.Errorf("round %d, %s: field %d = %s:%v, want %s:%v", round, line, i,
						reused.Fields[i].Name, reused.Fields[i].Value, want.Fields[i].Name, want.Fields[i].Value)
				}
			}
		}
	}
}
