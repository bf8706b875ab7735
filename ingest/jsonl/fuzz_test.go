package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/ingest"
)

// The reference decoder below is deliberately naive: encoding/json's token
// stream (which keeps member order and duplicates) is turned into values,
// and the shape rules of the package documentation are applied to the list
// of top-level members, one rule at a time.

type member struct {
	key string
	val value.Value
}

// errTooDeep / errTooManyFields mark inputs that are valid JSON but exceed
// the decoder's limits.
var (
	errTooDeep       = errors.New("too deep")
	errTooManyFields = errors.New("too many fields")
	errRange         = errors.New("number out of range")
)

// refValue reads one value from the token stream. depth is the nesting
// level of the value's container.
func refValue(dec *json.Decoder, tok json.Token, depth int, lim ingest.Limits) (value.Value, error) {
	switch tok := tok.(type) {
	case nil:
		return value.Null(), nil
	case bool:
		return value.Bool(tok), nil
	case string:
		return value.String(tok), nil
	case json.Number:
		s := string(tok)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return value.Int(i), nil
			}
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return value.Value{}, errRange
		}
		return value.Float(f), nil
	case json.Delim:
		var inner error
		if depth+1 > lim.MaxDepth {
			inner = errTooDeep
		}
		switch tok {
		case '[':
			var vs []value.Value
			for dec.More() {
				t, err := dec.Token()
				if err != nil {
					return value.Value{}, err
				}
				v, err := refValue(dec, t, depth+1, lim)
				if err != nil {
					inner = firstErr(inner, err)
				}
				vs = append(vs, v)
			}
			if _, err := dec.Token(); err != nil {
				return value.Value{}, err
			}
			return value.Array(vs), inner
		case '{':
			m := value.NewMap(0)
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return value.Value{}, err
				}
				t, err := dec.Token()
				if err != nil {
					return value.Value{}, err
				}
				v, err := refValue(dec, t, depth+1, lim)
				if err != nil {
					inner = firstErr(inner, err)
				}
				m.Set(kt.(string), v)
				if m.Len() > lim.MaxFields {
					inner = firstErr(inner, errTooManyFields)
				}
			}
			if _, err := dec.Token(); err != nil {
				return value.Value{}, err
			}
			return value.MapOf(m), inner
		}
	}
	return value.Value{}, errors.New("unexpected token")
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// refDecode is the reference decoder. It returns valid=false when
// encoding/json rejects the line as an object (the decoder must then fail
// too); otherwise either the expected event or the error the decoder must
// report (limitErr: an error wrapping ingest.ErrLimit).
func refDecode(line []byte, lim ingest.Limits) (ev *event.Event, valid bool, shapeErr bool, limitErr bool) {
	var probe map[string]any
	if err := json.Unmarshal(line, &probe); err != nil || probe == nil {
		return nil, false, false, false
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false, false, false
	}
	var members []member
	var deep error
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, false, false, false
		}
		t, err := dec.Token()
		if err != nil {
			return nil, false, false, false
		}
		v, err := refValue(dec, t, 0, lim)
		if errors.Is(err, errRange) {
			return nil, true, true, false
		}
		if err != nil {
			deep = firstErr(deep, err)
		}
		members = append(members, member{kt.(string), v})
	}
	if deep != nil {
		return nil, true, false, true
	}

	ev = &event.Event{}
	hasEventType := false
	for _, m := range members {
		if m.key == "event_type" {
			if m.val.Kind() != value.KindString || m.val.Len() == 0 {
				return nil, true, true, false
			}
			ev.Type, hasEventType = m.val.AsString(), true
		}
	}
	fields := value.NewMap(0)
	var topType, timestamp, ts value.Value
	hasTopType := false
	for _, m := range members {
		switch {
		case m.key == "event_type":
		case m.key == "type" && !hasEventType:
			topType, hasTopType = m.val, true
		case m.key == "timestamp":
			timestamp = m.val
		case m.key == "ts":
			ts = m.val
		case m.key == "data" && m.val.Kind() == value.KindMap:
			m.val.AsMap().Range(func(k string, v value.Value) bool {
				fields.Set(k, v)
				return true
			})
		default:
			fields.Set(m.key, m.val)
		}
	}
	if fields.Len() > lim.MaxFields {
		return nil, true, false, true
	}
	if !hasEventType {
		if !hasTopType || topType.Kind() != value.KindString || topType.Len() == 0 {
			return nil, true, true, false
		}
		ev.Type = topType.AsString()
	}
	tv := timestamp
	if tv.IsNull() {
		tv = ts
	}
	switch tv.Kind() {
	case value.KindNull:
	case value.KindString:
		t, err := time.Parse(time.RFC3339Nano, tv.AsString())
		if err != nil {
			return nil, true, true, false
		}
		ev.Time = t.UnixNano()
	case value.KindInt:
		t := tv.AsInt()
		if t > math.MaxInt64/1_000_000 || t < math.MinInt64/1_000_000 {
			return nil, true, true, false
		}
		ev.Time = t * 1_000_000
	case value.KindFloat:
		ns := math.Round(tv.AsFloat() * 1e6)
		if !(ns >= -0x1p63 && ns < 0x1p63) {
			return nil, true, true, false
		}
		ev.Time = int64(ns)
	default:
		return nil, true, true, false
	}
	fields.Range(func(k string, v value.Value) bool {
		ev.Fields = append(ev.Fields, event.Field{Name: k, Value: v})
		return true
	})
	return ev, true, false, false
}

// jsonlSeeds are interesting lines for the fuzzers' seed corpora.
var jsonlSeeds = []string{
	`{"event_type":"Reading","sensor_id":"s12","zone":"z3","temperature":31.25,"humidity":55.1,"seq":12345}`,
	`{"event_type": "DoorClosed", "data": {"door": "D1"}}`,
	`{"type":"A","x":[1,2.5,"s",null,true,{"k":false}]}`,
	`{"type":"critical","event_type":"Alert","ts":1700000000000}`,
	`{"event_type":"T","timestamp":"2026-01-02T03:04:05.123456789+01:00","data":{"type":"x","a":{"b":[]}}}`,
	`{"event_type":"T","a":1,"a":2,"data":{"a":3},"data":{"b":4}}`,
	`{"event_type":"T","s":"\u00e9\ud83d\ude00\ud800\"\\\/\b\f\n\r\t"}`,
	`{"event_type":"T","n":-0,"m":-0.0,"o":1e308,"p":1e-400,"q":123456789012345678901234567890}`,
	"{\"event_type\":\"T\",\"bad\":\"\xff\xfe\"}",
	`{"event\u005ftype":"T","ts":null,"timestamp":1.5}`,
	`{"event_type":"T","deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
	`{"event_type":"T"} trailing`,
	`{"event_type":1}`,
	`[1,2,3]`,
	` { "event_type" : "T" , "x" : 0.1 } `,
}

// FuzzJSONL checks the decoder against encoding/json: if encoding/json
// accepts the line as an object, the decoder produces the event the shape
// rules give (or the specific error they demand); if encoding/json rejects
// it, so must the decoder. It also checks the decoder never panics and that
// a reused decoder gives the same result as a fresh one.
func FuzzJSONL(f *testing.F) {
	for _, s := range jsonlSeeds {
		f.Add([]byte(s))
	}
	lim := ingest.Limits{}.WithDefaults()
	warm := NewDecoder(ingest.Options{})
	warmInto := NewDecoder(ingest.Options{})
	var reused event.Event // decoded into again and again, as `run` does
	f.Fuzz(func(t *testing.T, line []byte) {
		if len(line) > lim.MaxStringBytes {
			return // the string limit is not modelled by the reference
		}
		got, err := NewDecoder(ingest.Options{}).DecodeNew(line)
		got2, err2 := warm.DecodeNew(line)
		if (err == nil) != (err2 == nil) || (err == nil && (got.Type != got2.Type || !sameFields(got.Fields, got2.Fields))) {
			t.Fatalf("fresh and reused decoders disagree: %v / %v", err, err2)
		}
		err3 := warmInto.Decode(line, &reused)
		if (err == nil) != (err3 == nil) || (err == nil && (got.Type != reused.Type || got.Time != reused.Time || !sameFields(got.Fields, reused.Fields))) {
			t.Fatalf("decoding into a reused event disagrees: %v / %v", err, err3)
		}
		want, valid, shapeErr, limitErr := refDecode(line, lim)
		switch {
		case !valid:
			if err == nil {
				t.Fatalf("encoding/json rejects %q, decoder accepts it as %s {%s}", line, got.Type, fmtFields(got.Fields))
			}
		case limitErr:
			if !errors.Is(err, ingest.ErrLimit) {
				t.Fatalf("%q exceeds a limit, decoder says %v", line, err)
			}
		case shapeErr:
			if err == nil {
				t.Fatalf("%q breaks a shape rule, decoder accepts it as %s {%s}", line, got.Type, fmtFields(got.Fields))
			}
		default:
			if err != nil {
				t.Fatalf("decoder rejects %q: %v", line, err)
			}
			if got.Type != want.Type || got.Time != want.Time || !sameFields(got.Fields, want.Fields) {
				t.Fatalf("%q:\n got  %s @%d {%s}\n want %s @%d {%s}", line, got.Type, got.Time, fmtFields(got.Fields),
					want.Type, want.Time, fmtFields(want.Fields))
			}
		}
	})
}

// TestReaderMatchesReference runs the seeds through the Reader as one input.
func TestReaderMatchesReference(t *testing.T) {
	lim := ingest.Limits{}.WithDefaults()
	input := strings.Join(jsonlSeeds, "\n")
	r := NewReader(strings.NewReader(input), "seeds.jsonl", ingest.Options{})
	for i, s := range jsonlSeeds {
		ev, err := r.Next()
		want, valid, shapeErr, limitErr := refDecode([]byte(s), lim)
		if !valid || shapeErr || limitErr {
			var ie *ingest.Error
			if !errors.As(err, &ie) || ie.Line != i+1 || ie.File != "seeds.jsonl" {
				t.Errorf("line %d: want a located error, got %v", i+1, err)
			}
			if string(r.Raw()) != s {
				t.Errorf("Raw() = %q, want %q", r.Raw(), s)
			}
			continue
		}
		if err != nil || ev.Type != want.Type || !sameFields(ev.Fields, want.Fields) {
			t.Errorf("line %d: %v", i+1, err)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("want io.EOF at the end, got %v", err)
	}
}
