package benchgen

import (
	"bytes"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
)

func gen(t *testing.T, f func(Emit) int) ([]byte, int, int) {
	t.Helper()
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	n := 0
	exp := f(func(ev *event.Event) { w.Write(ev); n++ })
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), exp, n
}

func TestDeterministic(t *testing.T) {
	cases := map[string]func(seed uint64) func(Emit) int{
		"W1": func(s uint64) func(Emit) int { return func(e Emit) int { return W1(s, 2000, e) } },
		"W2": func(s uint64) func(Emit) int { return func(e Emit) int { return W2(s, 2000, e) } },
		"W3": func(s uint64) func(Emit) int { return func(e Emit) int { a, _ := W3(s, 2000, e); return a } },
		"W4": func(s uint64) func(Emit) int { return func(e Emit) int { return W4(s, 2000, 10*sec, e) } },
		"W5": func(s uint64) func(Emit) int { return func(e Emit) int { return W5(s, 2000, e) } },
		"W6": func(s uint64) func(Emit) int { return func(e Emit) int { return W6(s, 2000, e) } },
		"W7": func(s uint64) func(Emit) int { return func(e Emit) int { return W7(s, 2000, e) } },
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			a, ea, na := gen(t, mk(1))
			b, eb, _ := gen(t, mk(1))
			c, _, _ := gen(t, mk(2))
			if !bytes.Equal(a, b) || ea != eb {
				t.Fatal("same seed gave different output")
			}
			if bytes.Equal(a, c) {
				t.Fatal("different seeds gave the same output")
			}
			if na != 2000 {
				t.Fatalf("generated %d events, want 2000", na)
			}
			if ea <= 0 {
				t.Fatalf("expected count %d, want > 0", ea)
			}
		})
	}
}

func TestW1Selectivity(t *testing.T) {
	hot := 0
	exp := W1(7, 100_000, func(ev *event.Event) {
		v, _ := ev.Get("temperature")
		if v.AsFloat() > 28.0 {
			hot++
		}
	})
	if hot != exp {
		t.Fatalf("W1 predicted %d, counted %d", exp, hot)
	}
	if exp < 28_000 || exp > 32_000 {
		t.Fatalf("W1 selectivity %d/100000, want about 30%%", exp)
	}
}

func TestW7UnpaidShare(t *testing.T) {
	orders := 0
	exp := W7(3, 100_000, func(ev *event.Event) {
		if ev.Type == "Order" {
			orders++
		}
	})
	// 10 % never paid plus the payments cut off by the end of input.
	if exp < orders/10-orders/50 || exp > orders/5 {
		t.Fatalf("W7 unpaid %d of %d orders", exp, orders)
	}
}
