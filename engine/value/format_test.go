package value

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

func TestString(t *testing.T) {
	ts := time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC).UnixNano()
	tests := []struct {
		in   Value
		want string
	}{
		{Null(), "null"},
		{Bool(true), "true"},
		{Bool(false), "false"},
		{Int(-42), "-42"},
		{Float(150), "150.0"},
		{Float(2.72), "2.72"},
		{Float(10.0 / 3), "3.3333333333333335"},
		{Float(1e21), "1e+21"},
		{Float(1e-7), "1e-7"},
		{Float(math.Copysign(0, -1)), "-0.0"},
		{nan, "NaN"},
		{posInf, "+Inf"},
		{negInf, "-Inf"},
		{String("plain text"), "plain text"},
		{Timestamp(ts), "2026-01-02T03:04:05.123Z"},
		{Timestamp(0), "1970-01-01T00:00:00Z"},
		{Duration(int64(1500 * time.Millisecond)), "1.5s"},
		{Duration(int64(90 * time.Second)), "1m30s"},
		{arr(Int(1), String("a"), Float(2), Null()), `[1, "a", 2.0, null]`},
		{mapv("k", Int(2), "s", String("x\"y")), `{"k": 2, "s": "x\"y"}`},
		{Array(nil), "[]"},
		{MapOf(nil), "{}"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("String(%s) = %q, want %q", tt.in.Kind(), got, tt.want)
		}
	}
}

func TestAppendJSON(t *testing.T) {
	tests := []struct {
		in   Value
		want string
	}{
		{Null(), "null"},
		{Bool(true), "true"},
		{Int(math.MinInt64), "-9223372036854775808"},
		{Float(2.5), "2.5"},
		{Float(3), "3.0"},
		{Float(-1e-9), "-1e-9"},
		{Float(1.5e300), "1.5e+300"},
		{Float(123456789012345680000), "123456789012345680000.0"},
		{nan, "null"},
		{posInf, "null"},
		{negInf, "null"},
		{String("a\"b\\c\n\t\r\x01\x7f"), `"a\"b\\c\n\t\r\u0001` + "\x7f\""},
		{String("é€😀"), `"é€😀"`},
		{String("bad\xffutf8"), `"bad\ufffdutf8"`},
		{String("\u2028\u2029"), `"\u2028\u2029"`},
		{String("<&>"), `"<&>"`},
		{Timestamp(int64(1500 * time.Millisecond)), `"1970-01-01T00:00:01.5Z"`},
		{Duration(int64(1500 * time.Millisecond)), `"1.5s"`},
		{arr(Int(1), arr(), mapv()), `[1,[],{}]`},
		{mapv("z", Int(1), "a", arr(Float(0.5), Null())), `{"z":1,"a":[0.5,null]}`},
	}
	for _, tt := range tests {
		got := string(AppendJSON(nil, tt.in))
		if got != tt.want {
			t.Errorf("AppendJSON(%s %v) = %s, want %s", tt.in.Kind(), tt.in, got, tt.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("AppendJSON(%v) = %s is not valid JSON", tt.in, got)
		}
	}
}

// TestAppendJSONFloatRoundTrip checks on many random floats that the JSON
// form parses back to exactly the same float and stays a float.
func TestAppendJSONFloatRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(f float64) {
		b := AppendJSON(nil, Float(f))
		got, err := strconv.ParseFloat(string(b), 64)
		if err != nil || math.Float64bits(got) != math.Float64bits(f) {
			t.Fatalf("%v encodes as %s, parses back as %v (%v)", f, b, got, err)
		}
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if v := FromJSONAny(n); v.Kind() != KindFloat {
			t.Fatalf("%s decodes as %s, want float", b, v.Kind())
		}
	}
	for _, f := range []float64{0, 1, -1, 0.1, 1e20, 1e21, 1e-6, 1e-7, math.MaxFloat64, math.SmallestNonzeroFloat64, 1 << 53, 1<<53 + 2} {
		check(f)
		check(-f)
	}
	for range 20000 {
		check(math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.IntN(2046)+1)<<52))
		check(r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20)))
	}
}

// TestAppendJSONStringMatchesEncodingJSON checks that every string decodes
// back (through encoding/json) to what encoding/json itself would decode
// from its own encoding of the same string.
func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		s := string(b)
		ours := AppendJSONString(nil, s)
		theirs, _ := json.Marshal(s)
		var a, c string
		if err := json.Unmarshal(ours, &a); err != nil {
			t.Fatalf("%q: our encoding %s is invalid: %v", s, ours, err)
		}
		if err := json.Unmarshal(theirs, &c); err != nil {
			t.Fatal(err)
		}
		if a != c {
			t.Fatalf("%q: ours decodes to %q, encoding/json's to %q", s, a, c)
		}
	}
}

func TestFromJSONAny(t *testing.T) {
	var decoded any
	if err := json.Unmarshal([]byte(`{"b":[1,2.5,"x",null,true],"a":{"n":1}}`), &decoded); err != nil {
		t.Fatal(err)
	}
	got := FromJSONAny(decoded)
	want := mapv("a", mapv("n", Float(1)), "b", arr(Float(1), Float(2.5), String("x"), Null(), Bool(true)))
	if !Equal(got, want) {
		t.Errorf("FromJSONAny = %v, want %v", got, want)
	}
	if k := got.AsMap().Keys(); k[0] != "a" || k[1] != "b" {
		t.Errorf("keys not sorted: %v", k)
	}
	tests := []struct {
		in   any
		want Value
	}{
		{json.Number("12"), Int(12)},
		{json.Number("-12"), Int(-12)},
		{json.Number("12.0"), Float(12)},
		{json.Number("1e2"), Float(100)},
		{json.Number("9223372036854775808"), Float(9223372036854775808)},
		{json.Number("bogus"), Null()},
		{uint64(math.MaxUint64), Float(math.MaxUint64)},
		{uint8(7), Int(7)},
		{int32(-7), Int(-7)},
		{float32(0.5), Float(0.5)},
		{time.Duration(5), Duration(5)},
		{time.Unix(3, 0), Timestamp(3e9)},
		{struct{}{}, Null()},
		{Int(3), Int(3)},
	}
	for _, tt := range tests {
		if got := FromJSONAny(tt.in); !same(got, tt.want) {
			t.Errorf("FromJSONAny(%#v) = %v (%s), want %v", tt.in, got, got.Kind(), tt.want)
		}
	}
}

func TestToAnyRoundTrip(t *testing.T) {
	v := mapv("a", arr(Int(1), Float(2.5), String("s"), Null(), Bool(false)), "t", Timestamp(7), "d", Duration(9))
	back := FromJSONAny(v.ToAny())
	if !Equal(back, v) {
		t.Errorf("round trip: %v != %v", back, v)
	}
}

func TestAppendTimestampMatchesTimePackage(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	check := func(ns int64) {
		got := string(AppendTimestamp(nil, ns))
		want := time.Unix(0, ns).UTC().Format(time.RFC3339Nano)
		if got != want {
			t.Fatalf("AppendTimestamp(%d) = %s, want %s", ns, got, want)
		}
	}
	for _, ns := range []int64{0, 1, -1, 1e9, -1e9, 1500 * 1e6, 86400e9 - 1, -86400e9, 951782400e9, 4107542399999999999,
		math.MaxInt64, math.MinInt64} {
		check(ns)
	}
	for range 30000 {
		check(int64(r.Uint64()))
		check(r.Int64N(4e18) - 2e18)
		check(r.Int64N(4e9) * 1e9)
	}
}

func BenchmarkAppendTimestamp(b *testing.B) {
	buf := make([]byte, 0, 64)
	ns := time.Date(2026, 1, 2, 3, 4, 5, 500_000_000, time.UTC).UnixNano()
	for b.Loop() {
		buf = AppendTimestamp(buf[:0], ns)
	}
}
