package engine

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
)

func TestBatchFilter(t *testing.T) {
	hot := []*event.Event{
		ev("Reading", 0, "s", "a", "temp", 55.0), ev("Reading", 1, "s", "a", "temp", 60.0),
		ev("Reading", 2, "s", "b", "temp", 20.0), ev("Reading", 3, "s", "a", "temp", 70.0),
		ev("Reading", 4, "s", "a", "temp", 51.0), ev("Reading", 5, "s", "b", "temp", 10.0),
		ev("Reading", 6, "s", "b", "temp", 12.0), ev("Reading", 7, "s", "a", "temp", 13.0),
	}
	tests := []struct {
		name string
		src  string
		in   []*event.Event
		want []string
	}{
		{
			// The original's example: windows of 4 readings; the first
			// holds 3 hot ones, the second only 1.
			name: "count window, lambda over events, aggregate",
			src: `
stream Burst = Reading
    .window(4)
    .pattern(hot: events => events.filter(r => r.temp > 50.0).len() > 2)
    .aggregate(n: count(), top: max(temp))
    .emit(n: n, top: top)`,
			in:   hot,
			want: []string{`{"stream":"Burst","time":"1970-01-01T00:00:00.003Z","fields":{"n":4,"top":70.0}}`},
		},
		{
			name: "the lambda's parameter and events name the same batch",
			src: `
let limit = 50.0
stream Burst = Reading
    .window(4)
    .pattern(hot: rs => rs.filter(r => r.temp > limit).len() == events.len() - 1)
    .aggregate(n: count())
    .emit(n: n)`,
			in:   hot,
			want: []string{`{"stream":"Burst","time":"1970-01-01T00:00:00.003Z","fields":{"n":4}}`},
		},
		{
			name: "without an aggregate the kept window's events go on",
			src: `
stream Rising = Reading
    .window(2)
    .pattern(up: rs => rs.first().temp < rs.last().temp)
    .emit(t: temp)`,
			in: hot,
			want: []string{
				`{"stream":"Rising","time":"1970-01-01T00:00:00Z","fields":{"t":55.0}}`,
				`{"stream":"Rising","time":"1970-01-01T00:00:00.001Z","fields":{"t":60.0}}`,
				`{"stream":"Rising","time":"1970-01-01T00:00:00.002Z","fields":{"t":20.0}}`,
				`{"stream":"Rising","time":"1970-01-01T00:00:00.003Z","fields":{"t":70.0}}`,
				`{"stream":"Rising","time":"1970-01-01T00:00:00.006Z","fields":{"t":12.0}}`,
				`{"stream":"Rising","time":"1970-01-01T00:00:00.007Z","fields":{"t":13.0}}`,
			},
		},
		{
			name: "no window: each event is a batch of one; event_type is a field of the map",
			src: `
stream Hot = merge(Reading, Alarm)
    .pattern(p: rs => rs.first().event_type == "Alarm" or rs[0].temp > 65.0)
    .emit(t: temp)`,
			in: []*event.Event{ev("Reading", 0, "temp", 70.0), ev("Reading", 1, "temp", 60.0), ev("Alarm", 2, "temp", 1.0)},
			want: []string{
				`{"stream":"Hot","time":"1970-01-01T00:00:00Z","fields":{"t":70.0}}`,
				`{"stream":"Hot","time":"1970-01-01T00:00:00.002Z","fields":{"t":1.0}}`,
			},
		},
		{
			name: "partitioned time windows keep their key and bounds; two filters must both hold",
			src: `
stream W = Reading
    .partition_by(s)
    .window(4ms)
    .pattern(big: rs => rs.len() >= 2)
    .pattern(warm: rs => avg(rs.map(r => r.temp)) > 30.0)
    .aggregate(n: count())
    .emit(s: s, n: n, window_start: window_start, window_end: window_end)`,
			in: hot,
			want: []string{
				`{"stream":"W","time":"1970-01-01T00:00:00.004Z","fields":{"s":"a","n":3,"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:00.004Z"}}`,
				`{"stream":"W","time":"1970-01-01T00:00:00.008Z","fields":{"s":"a","n":2,"window_start":"1970-01-01T00:00:00.004Z","window_end":"1970-01-01T00:00:00.008Z"}}`,
			},
		},
		{
			name: "operations between the filter and the aggregate run per event",
			src: `
stream W = Reading
    .window(4)
    .pattern(any: rs => true)
    .where(temp > 50.0)
    .aggregate(n: count(), lo: min(temp))
    .emit(n: n, lo: lo)`,
			in: hot,
			want: []string{
				`{"stream":"W","time":"1970-01-01T00:00:00.003Z","fields":{"n":3,"lo":55.0}}`,
				`{"stream":"W","time":"1970-01-01T00:00:00.007Z","fields":{"n":1,"lo":51.0}}`,
			},
		},
		{
			name: "a body that is not true drops the batch (null, numbers)",
			src: `
stream A = Reading .window(4) .pattern(p: rs => rs[0].missing > 1) .aggregate(n: count()) .emit(n: n)
stream B = Reading .window(4) .pattern(p: rs => rs.len()) .aggregate(n: count()) .emit(n: n)`,
			in:   hot,
			want: nil,
		},
		{
			name: "session windows",
			src: `
stream S = Reading
    .window(session: 2ms)
    .pattern(p: rs => rs.len() > 1)
    .aggregate(n: count())
    .emit(n: n, window_start: window_start, window_end: window_end)`,
			in: []*event.Event{ev("Reading", 0, "temp", 1.0), ev("Reading", 1, "temp", 1.0), ev("Reading", 10, "temp", 1.0)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:00.003Z","fields":{"n":2,"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:00.003Z"}}`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, run(t, tc.src, tc.in...), tc.want...)
		})
	}
}

// TestBatchFilterMatchesHaving: on random streams, for every window kind,
// with and without partitions, `.pattern(p: e => true)` changes nothing,
// and `.pattern(p: e => e.len() >= m)` keeps exactly the rows whose count
// is at least m (the same windows aggregated without the filter, then
// `.having(n >= m)`).
func TestBatchFilterMatchesHaving(t *testing.T) {
	windows := []string{"4", "5, sliding: 2", "20ms", "30ms, sliding: 10ms", "session: 7ms"}
	cases, someKept, someDropped := 0, 0, 0
	for seed := uint64(1); seed <= 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		var in []*event.Event
		now := int64(0)
		for i, n := 0, 5+r.IntN(40); i < n; i++ {
			now += int64(r.IntN(9))
			in = append(in, ev("R", now, "k", []string{"x", "y", "z"}[r.IntN(3)], "v", r.IntN(20)))
		}
		for _, w := range windows {
			for _, part := range []string{"", ".partition_by(k) "} {
				m := 1 + r.IntN(4)
				items := "n: count(), s: sum(v), f: first(v), l: last(v), hi: max(v)"
				emit := ".emit(k: k, n: n, s: s, f: f, l: l, hi: hi, ws: window_start, we: window_end)"
				plain := fmt.Sprintf("stream S = R %s.window(%s) .aggregate(%s) %s", part, w, items, emit)
				same := fmt.Sprintf("stream S = R %s.window(%s) .pattern(p: e => true) .aggregate(%s) %s", part, w, items, emit)
				having := fmt.Sprintf("stream S = R %s.window(%s) .aggregate(%s) .having(n >= %d) %s", part, w, items, m, emit)
				filtered := fmt.Sprintf("stream S = R %s.window(%s) .pattern(p: e => e.len() >= %d) .aggregate(%s) %s", part, w, m, items, emit)
				all := run(t, plain, in...)
				if b := run(t, same, in...); strings.Join(all, "\n") != strings.Join(b, "\n") {
					t.Fatalf("seed %d %s: .pattern(true) changed the rows\n%s\nwant\n%s", seed, same, strings.Join(b, "\n"), strings.Join(all, "\n"))
				}
				kept := run(t, having, in...)
				if b := run(t, filtered, in...); strings.Join(kept, "\n") != strings.Join(b, "\n") {
					t.Fatalf("seed %d %s:\n%s\nwant (.having)\n%s", seed, filtered, strings.Join(b, "\n"), strings.Join(kept, "\n"))
				}
				cases++
				if len(kept) > 0 {
					someKept++
				}
				if len(kept) < len(all) {
					someDropped++
				}
			}
		}
	}
	// The comparison means something only if filters both keep and drop.
	if someKept < cases/2 || someDropped < cases/4 {
		t.Fatalf("weak test: of %d cases, %d keep rows and %d drop some", cases, someKept, someDropped)
	}
	t.Logf("%d stream/window cases: %d keep rows, %d drop some", cases, someKept, someDropped)
}
