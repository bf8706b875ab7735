package keytab

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/varpulis/varpulis-go/engine/value"
)

type entry struct{ key value.Value }

// TestTableMatchesMap checks the table against a map keyed by value.Key
// over random insertions, lookups, deletions and sweeps (string, int,
// integral float, bool and null keys; the small key space forces long
// probe chains, wrap-around and backward shifts).
func TestTableMatchesMap(t *testing.T) {
	cases := []struct {
		name string
		keys int
		ops  int
	}{
		{"few keys", 8, 2000},
		{"many keys", 3000, 60000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(c.keys)))
			key := func() value.Value {
				i := r.IntN(c.keys)
				switch r.IntN(5) {
				case 0:
					return value.String("k" + strconv.Itoa(i))
				case 1:
					return value.Int(int64(i))
				case 2:
					return value.Float(float64(i))
				case 3:
					return value.Bool(i%2 == 0)
				}
				if i == 0 {
					return value.Null()
				}
				return value.Float(float64(i) + 0.5)
			}
			tab := New[*entry]()
			ref := map[value.Key]*entry{}
			for op := range c.ops {
				v := key()
				got, ok := tab.Get(v)
				want, wok := ref[v.Key()]
				if got != want || ok != wok {
					t.Fatalf("Get(%v) = %p %v, want %p %v", v, got, ok, want, wok)
				}
				switch {
				case op%997 == 996:
					// Sweep about a third of the keys.
					drop := func(e *entry) bool { return len(e.key.String())%3 == 0 }
					tab.DeleteFunc(drop)
					for k, e := range ref {
						if drop(e) {
							delete(ref, k)
						}
					}
				case want == nil && r.IntN(3) > 0:
					e := &entry{key: v}
					tab.Put(v, e)
					ref[v.Key()] = e
				case want != nil && r.IntN(2) == 0:
					tab.Delete(v)
					delete(ref, v.Key())
				}
			}
			n := 0
			for _, s := range tab.slots {
				if s.h != 0 {
					n++
				}
			}
			if n != tab.n || tab.Len() != len(ref) {
				t.Fatalf("table holds %d+%d keys (n=%d), reference %d", n, len(tab.other), tab.n, len(ref))
			}
			for k, e := range ref {
				if got, _ := tab.Get(e.key); got != e {
					t.Fatalf("key %v: %p, want %p", k, got, e)
				}
			}
			seen := 0
			for e := range tab.All() {
				if ref[e.key.Key()] != e {
					t.Fatalf("All yields %v, not in the reference", e.key)
				}
				seen++
			}
			if seen != len(ref) {
				t.Fatalf("All yields %d entries, want %d", seen, len(ref))
			}
		})
	}
}

// TestStrHashReadsEveryByte checks, for every string length up to 40,
// that changing any one byte changes the hash (the short-string hash reads
// overlapping words; a byte it skipped would collide here), and that
// strings of different lengths over the same bytes hash apart.
func TestStrHashReadsEveryByte(t *testing.T) {
	tab := New[*entry]()
	seen := map[uint64]string{}
	base := []byte("abcdefghijklmnopqrstuvwxyz0123456789ABCD")
	for n := 0; n <= len(base); n++ {
		s := string(base[:n])
		if prev, dup := seen[tab.keys.strHash(s)]; dup {
			t.Fatalf("%q and %q hash alike", s, prev)
		}
		seen[tab.keys.strHash(s)] = s
		for i := 0; i < n; i++ {
			for _, c := range []byte{0, '!', 0xff} {
				b := []byte(s)
				b[i] = c
				v := string(b)
				if prev, dup := seen[tab.keys.strHash(v)]; dup && prev != v {
					t.Fatalf("%q and %q hash alike (byte %d of %d)", v, prev, i, n)
				}
				seen[tab.keys.strHash(v)] = v
			}
		}
	}
}

// TestStrHashKeyedPerTable checks that two tables hash the same key
// differently (the keys are random), so colliding keys cannot be chosen
// from outside.
func TestStrHashKeyedPerTable(t *testing.T) {
	a, b := New[*entry](), New[*entry]()
	same := 0
	for i := range 64 {
		s := "key-" + strconv.Itoa(i)
		if a.keys.strHash(s) == b.keys.strHash(s) {
			same++
		}
	}
	if same > 0 {
		t.Fatalf("%d of 64 keys hash alike in two tables", same)
	}
}
