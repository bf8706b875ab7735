package value

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

func TestValueSize(t *testing.T) {
	if s := unsafe.Sizeof(Value{}); s > 24 {
		t.Errorf("Value is %d bytes, want <= 24", s)
	}
	var zero Value
	if !zero.IsNull() || zero.Kind() != KindNull {
		t.Error("zero Value is not null")
	}
}

func TestAccessors(t *testing.T) {
	tests := []struct {
		v        Value
		kind     Kind
		b        bool
		i        int64
		f        float64
		s        string
		numeric  bool
		length   int
		kindName string
	}{
		{Null(), KindNull, false, 0, 0, "", false, 0, "null"},
		{Bool(true), KindBool, true, 0, 0, "", false, 0, "bool"},
		{Int(-3), KindInt, false, -3, -3, "", true, 0, "int"},
		{Float(2.5), KindFloat, false, 0, 2.5, "", true, 0, "float"},
		{String("héllo"), KindString, false, 0, 0, "héllo", false, 6, "string"},
		{Timestamp(9), KindTimestamp, false, 9, 0, "", false, 0, "timestamp"},
		{Duration(-4), KindDuration, false, -4, 0, "", false, 0, "duration"},
		{arr(Int(1), Int(2)), KindArray, false, 0, 0, "", false, 2, "array"},
		{mapv("a", Int(1)), KindMap, false, 0, 0, "", false, 1, "map"},
	}
	for _, tt := range tests {
		v := tt.v
		if v.Kind() != tt.kind || v.AsBool() != tt.b || v.AsInt() != tt.i || v.AsFloat() != tt.f ||
			v.AsString() != tt.s || v.IsNumeric() != tt.numeric || v.Len() != tt.length || v.Kind().String() != tt.kindName {
			t.Errorf("accessors of %v: kind=%s bool=%v int=%d float=%v str=%q numeric=%v len=%d",
				v, v.Kind(), v.AsBool(), v.AsInt(), v.AsFloat(), v.AsString(), v.IsNumeric(), v.Len())
		}
	}
	if Kind(200).String() != "invalid" {
		t.Error("invalid kind name")
	}
	if Timestamp(5).AsTimestamp() != 5 || Int(5).AsTimestamp() != 0 || Duration(6).AsDuration() != 6 || Int(6).AsDuration() != 0 {
		t.Error("AsTimestamp/AsDuration")
	}
	if Int(1).AsArray() != nil || Int(1).AsMap() != nil || Array(nil).AsArray() != nil {
		t.Error("AsArray/AsMap on wrong kinds")
	}
	xs := []Value{Int(1), Int(2)}
	got := Array(xs).AsArray()
	if len(got) != 2 || cap(got) != 2 || !Equal(got[1], Int(2)) {
		t.Errorf("AsArray = %v", got)
	}
}

func TestMap(t *testing.T) {
	for _, n := range []int{3, mapIndexThreshold - 1, mapIndexThreshold, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var m Map
			for i := range n {
				m.Set(fmt.Sprintf("k%d", i), Int(int64(i)))
			}
			m.Set("k0", String("replaced")) // keeps position
			if m.Len() != n {
				t.Fatalf("Len = %d, want %d", m.Len(), n)
			}
			for i := range n {
				k, v := m.At(i)
				if k != fmt.Sprintf("k%d", i) {
					t.Fatalf("At(%d) key = %s", i, k)
				}
				got, ok := m.Get(k)
				if !ok || !Equal(got, v) {
					t.Fatalf("Get(%s) = %v, %v", k, got, ok)
				}
			}
			if v, _ := m.Get("k0"); v.AsString() != "replaced" {
				t.Errorf("k0 = %v", v)
			}
			if _, ok := m.Get("absent"); ok {
				t.Error("absent key found")
			}
			if !m.Delete("k1") || m.Delete("k1") || m.Len() != n-1 {
				t.Fatal("Delete")
			}
			if _, ok := m.Get("k1"); ok {
				t.Error("deleted key found")
			}
			if n > 2 {
				if v, ok := m.Get("k2"); !ok || v.AsInt() != 2 {
					t.Errorf("after delete, k2 = %v %v", v, ok)
				}
				if k, _ := m.At(1); k != "k2" {
					t.Errorf("after delete, At(1) = %s", k)
				}
			}
			keys := m.Keys()
			if len(keys) != n-1 || keys[0] != "k0" {
				t.Errorf("Keys = %v", keys)
			}
			c := m.Clone()
			c.Set("new", Null())
			if m.Len() != n-1 || c.Len() != n {
				t.Error("Clone shares entries")
			}
			count := 0
			for k, v := range m.All() {
				if _, ok := m.Get(k); !ok || v.Kind() == KindMap {
					t.Error("All")
				}
				count++
				if count == 2 {
					break
				}
			}
			if count != min(2, n-1) {
				t.Errorf("All early stop visited %d", count)
			}
		})
	}
	var nilMap *Map
	if nilMap.Len() != 0 || nilMap.Keys() != nil || nilMap.Clone().Len() != 0 {
		t.Error("nil map")
	}
	if _, ok := nilMap.Get("x"); ok {
		t.Error("nil map Get")
	}
	nilMap.Range(func(string, Value) bool { t.Error("nil map Range called f"); return true })
}

func TestKey(t *testing.T) {
	values := []Value{
		Null(), Bool(false), Bool(true), Int(0), Int(1), Int(-1), Float(0.5), nan, posInf,
		String(""), String("1"), String("a"), Timestamp(1), Duration(1),
		Array(nil), arr(Int(1)), arr(String("1")), arr(Int(1), Int(2)), arr(arr(Int(1)), Int(2)),
		MapOf(nil), mapv("a", Int(1)), mapv("a", String("1")), mapv("a", Int(1), "b", Int(2)),
		mapv("ab", Int(1)), mapv("a", mapv("b", Int(1))),
	}
	seen := map[Key]int{}
	for i, v := range values {
		k := v.Key()
		if j, dup := seen[k]; dup {
			t.Errorf("%v and %v share a key but are not equal", values[j], v)
		}
		seen[k] = i
	}
	equalPairs := [][2]Value{
		{Int(1), Float(1)},
		{Int(0), Float(math.Copysign(0, -1))},
		{Float(math.NaN()), Float(-math.NaN())},
		{arr(Int(1), Float(2)), arr(Float(1), Int(2))},
		{mapv("a", Int(1), "b", Int(2)), mapv("b", Float(2), "a", Float(1))},
		{String("x" + "y"), String("xy")},
	}
	for _, p := range equalPairs {
		if p[0].Key() != p[1].Key() {
			t.Errorf("%v and %v are Equal but have different keys", p[0], p[1])
		}
	}
	if got := AppendKey([]byte("prefix"), Int(1)); string(got[:6]) != "prefix" {
		t.Error("AppendKey does not append")
	}
}

// TestKeyConsistentWithEqual checks Key equality against Equal on random
// int/float pairs chosen near each other (including around 2^53 and 2^63).
func TestKeyConsistentWithEqual(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	bases := []int64{0, 1, -1, 1 << 53, -(1 << 53), math.MaxInt64, math.MinInt64, 1 << 62}
	for range 50000 {
		i := bases[r.IntN(len(bases))] + int64(r.IntN(5)-2)
		f := float64(bases[r.IntN(len(bases))]) + float64(r.IntN(5)-2)*[]float64{0.5, 1, 1024}[r.IntN(3)]
		a, b := Int(i), Float(f)
		if Equal(a, b) != (a.Key() == b.Key()) {
			t.Fatalf("Int(%d) Float(%v): Equal=%v, key equal=%v", i, f, Equal(a, b), a.Key() == b.Key())
		}
		c, ok := Compare(a, b)
		if !ok || (c == 0) != Equal(a, b) {
			t.Fatalf("Int(%d) Float(%v): Compare=%d,%v but Equal=%v", i, f, c, ok, Equal(a, b))
		}
	}
}

// TestInitMap: a map initialised from entries finds every key, small
// (linear search) and large (indexed), and appends after them.
func TestInitMap(t *testing.T) {
	for _, n := range []int{0, 3, mapIndexThreshold + 5} {
		entries := make([]Entry, n)
		for i := range entries {
			entries[i] = Entry{Key: "k" + string(rune('a'+i)), Value: Int(int64(i))}
		}
		var m Map
		InitMap(&m, entries)
		if m.Len() != n {
			t.Fatalf("n=%d: Len %d", n, m.Len())
		}
		for i := 0; i < n; i++ {
			if v, ok := m.Get("k" + string(rune('a'+i))); !ok || v.AsInt() != int64(i) {
				t.Fatalf("n=%d: key %d: %v %v", n, i, v, ok)
			}
		}
		m.Set("new", Int(-1))
		if v, ok := m.Get("new"); !ok || v.AsInt() != -1 || m.Len() != n+1 {
			t.Fatalf("n=%d: Set after InitMap", n)
		}
	}
}
