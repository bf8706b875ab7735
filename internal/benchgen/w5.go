package benchgen

import (
	"fmt"
	"strings"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// W5Within is the window length of the W5 trend queries (10 s).
const W5Within = 10 * sec

// W5Stream returns the name of the i-th W5 stream.
func W5Stream(i int) string { return fmt.Sprintf("Trend%d", i) }

// W5Program returns the W5 trend aggregation program: n streams running
// the same Kleene pattern over W4's Start/Tick/Stop stream, each with
// `.trend_aggregate(trends: count_trends(), px: sum_trends(t.px))`, per key
// and 10 s window. The streams share the pattern, so one trend state per
// window and key serves all of them.
func W5Program(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `stream %s = Start as s
    -> all Tick where k == s.k as t
    -> Stop where k == s.k as e
    .within(10s)
    .partition_by(k)
    .trend_aggregate(trends: count_trends(), px: sum_trends(t.px))
    .emit(k: k, trends: trends, px: px)
`, W5Stream(i))
	}
	return b.String()
}

// W5 generates W4's events (n events over 1 000 keys, 1 ms apart) and
// returns the number of rows one W5 stream emits: one per 10 s window and
// key holding at least one trend, that is a Start, a later Tick and a
// later Stop of the key in the window (skip-till-any-match).
func W5(seed uint64, n int, emit Emit) (rows int) {
	type cell struct {
		win         int64
		start, tick bool // a Start seen; a Tick after a Start seen
		done        bool // a trend completed
	}
	cells := map[string]*cell{}
	W4(seed, n, W5Within, func(ev *event.Event) {
		v, _ := ev.Get("k")
		k := v.AsString()
		win := ev.Time / W5Within
		c := cells[k]
		if c == nil || c.win != win {
			c = &cell{win: win}
			cells[k] = c
		}
		switch ev.Type {
		case "Start":
			c.start = true
		case "Tick":
			c.tick = c.tick || c.start
		case "Stop":
			if c.tick && !c.done {
				c.done = true
				rows++
			}
		}
		emit(ev)
	})
	return rows
}

// W5TProgram returns the W5 variant with per-query start predicates: n
// streams whose Start step keeps only `px > i` (stream i), over the same
// Kleene step. With increasing set, the Kleene step also requires each
// Tick's px to be at least the previous one's (`px >= t.px`, a predicate
// between events: the trend graph). The streams share the Kleene step but
// not the pattern.
func W5TProgram(n int, increasing bool) string {
	tick := "k == s.k"
	if increasing {
		tick = "k == s.k and px >= t.px"
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `stream %s = sequence(s: Start where px > %d,
        t: Tick+ where %s,
        e: Stop where k == s.k)
    .within(10s)
    .partition_by(k)
    .trend_aggregate(trends: count_trends(), px: sum_trends(t.px))
    .emit(k: k, trends: trends, px: px)
`, W5Stream(i), i, tick)
	}
	return b.String()
}

// W5T generates W5's events with an integer px in [0, 100) on every Start
// and returns, per 10 s window and key that can hold a trend, the largest
// px of a Start followed (in the window) by a Tick and then a Stop:
// stream i of W5TProgram (either variant) emits one row per entry above
// i.
func W5T(seed uint64, n int, emit Emit) (best []float64) {
	type cell struct {
		win            int64
		start, ticked  float64 // best Start px; best Start px before a Tick
		done           float64 // best Start px before a Tick before a Stop
		hasS, hasT, ok bool
	}
	r := newRand(seed ^ 0x5bd1e995)
	cells := map[string]*cell{}
	var order []*cell
	W4(seed, n, W5Within, func(ev *event.Event) {
		v, _ := ev.Get("k")
		k := v.AsString()
		win := ev.Time / W5Within
		c := cells[k]
		if c == nil || c.win != win {
			c = &cell{win: win}
			cells[k] = c
			order = append(order, c)
		}
		switch ev.Type {
		case "Start":
			px := float64(r.IntN(100))
			ev.Fields = append(ev.Fields, event.Field{Name: "px", Value: value.Float(px)})
			if !c.hasS || px > c.start {
				c.start, c.hasS = px, true
			}
		case "Tick":
			if c.hasS && (!c.hasT || c.start > c.ticked) {
				c.ticked, c.hasT = c.start, true
			}
		case "Stop":
			if c.hasT && (!c.ok || c.ticked > c.done) {
				c.done, c.ok = c.ticked, true
			}
		}
		emit(ev)
	})
	for _, c := range order {
		if c.ok {
			best = append(best, c.done)
		}
	}
	return best
}

// W5TRows returns the rows stream i of W5TProgram emits, from W5T's
// result.
func W5TRows(best []float64, i int) int {
	rows := 0
	for _, b := range best {
		if b > float64(i) {
			rows++
		}
	}
	return rows
}

// W5TTotal returns the rows the n streams of W5TProgram emit together.
func W5TTotal(best []float64, n int) int {
	total := 0
	for i := 0; i < n; i++ {
		total += W5TRows(best, i)
	}
	return total
}
