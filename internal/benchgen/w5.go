package benchgen

import (
	"fmt"
	"strings"

	"github.com/varpulis/varpulis-go/engine/event"
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
