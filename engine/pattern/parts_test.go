package pattern

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/varpulis/varpulis-go/engine/value"
)

// TestPartTable checks the partition table against a map keyed by
// value.Key over random insertions, lookups and deletions (string, int,
// integral float, bool and null keys; the small key space forces long
// probe chains, wrap-around and backward shifts).
func TestPartTable(t *testing.T) {
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
			tab := newPartTable()
			ref := map[value.Key]*partition{}
			for range c.ops {
				v := key()
				got, want := tab.get(v), ref[v.Key()]
				if got != want {
					t.Fatalf("get(%v) = %p, want %p", v, got, want)
				}
				switch {
				case want == nil && r.IntN(3) > 0:
					p := &partition{key: v}
					tab.put(v, p)
					ref[v.Key()] = p
				case want != nil && r.IntN(2) == 0:
					tab.del(v)
					delete(ref, v.Key())
				}
			}
			n := 0
			for _, s := range tab.slots {
				if s.h != 0 {
					n++
				}
			}
			if n != tab.n || n+len(tab.other) != len(ref) {
				t.Fatalf("table holds %d+%d keys (n=%d), reference %d", n, len(tab.other), tab.n, len(ref))
			}
			for k, p := range ref {
				if got := tab.get(p.key); got != p {
					t.Fatalf("key %v: %p, want %p", k, got, p)
				}
			}
		})
	}
}
