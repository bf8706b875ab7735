// Package benchgen generates the benchmark workloads W1–W8 (see
// docs/performance.md): deterministic, seeded event streams together with
// the number of outputs each workload's query must produce, so that a
// benchmark can assert that a fast answer is also a right one.
//
// Generators call a callback per event and reuse nothing: each event is a
// fresh *event.Event that the receiver may keep.
package benchgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// Workload describes one generated workload.
type Workload struct {
	ID      string // W1 ... W8
	Program string // the VPL program the workload runs
	// Stream is the stream whose outputs are counted.
	Stream string
}

// Emit receives generated events in arrival order.
type Emit func(ev *event.Event)

const (
	ms  = int64(1_000_000)
	sec = 1000 * ms
	us  = int64(1_000)
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// round2 rounds to two decimals.
func round2(f float64) float64 { return math.Round(f*100) / 100 }

// names builds prefix0..prefixN-1 once so generators do not format per event.
func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// W1Program is the W1 filter query.
const W1Program = `stream Hot = Reading
    .where(temperature > 28.0)
    .emit(sensor_id: sensor_id, temperature: temperature)
`

// W1 generates n Reading events 1 ms apart and returns the number of
// events with temperature > 28.0 (the expected output count).
func W1(seed uint64, n int, emit Emit) (expected int) {
	r := newRand(seed)
	sensors, zones := names("s", 1000), names("z", 10)
	for i := 0; i < n; i++ {
		temp := round2(r.Float64() * 40)
		if temp > 28.0 {
			expected++
		}
		emit(&event.Event{Type: "Reading", Time: int64(i) * ms, Fields: []event.Field{
			{Name: "sensor_id", Value: value.String(sensors[r.IntN(1000)])},
			{Name: "zone", Value: value.String(zones[r.IntN(10)])},
			{Name: "temperature", Value: value.Float(temp)},
			{Name: "humidity", Value: value.Float(round2(20 + r.Float64()*60))},
			{Name: "seq", Value: value.Int(int64(i))},
		}})
	}
	return expected
}

// W2Program is the W2 windowed aggregate.
const W2Program = `stream Vwap = Trade
    .partition_by(symbol)
    .window(1s)
    .aggregate(vwap: sum(price * volume) / sum(volume), n: count(), hi: max(price))
    .emit(symbol: symbol, vwap: vwap, n: n, hi: hi)
`

// W2 generates n Trade events 100 µs apart over 100 symbols with a random
// walk price, and returns the number of (symbol, 1 s window) pairs that hold
// at least one trade: the number of rows once the input ends.
func W2(seed uint64, n int, emit Emit) (expected int) {
	r := newRand(seed)
	symbols := names("SYM", 100)
	price := make([]float64, 100)
	for i := range price {
		price[i] = 100
	}
	type key struct {
		sym int
		win int64
	}
	seen := make(map[key]struct{})
	for i := 0; i < n; i++ {
		s := r.IntN(100)
		price[s] = math.Max(1, round2(price[s]+(r.Float64()-0.5)))
		t := int64(i) * 100 * us
		seen[key{s, t / sec}] = struct{}{}
		emit(&event.Event{Type: "Trade", Time: t, Fields: []event.Field{
			{Name: "symbol", Value: value.String(symbols[s])},
			{Name: "price", Value: value.Float(price[s])},
			{Name: "volume", Value: value.Int(int64(1 + r.IntN(1000)))},
		}})
	}
	return len(seen)
}

// W3Program2 and W3Program3 are the W3 sequence queries.
const (
	W3Program2 = `stream Suspicious = Login as l
    -> Transfer where user == l.user as t
    .within(5m)
    .partition_by(user)
    .emit(user: l.user, amount: t.amount)
`
	W3Program3 = `stream Session = Login as l
    -> Transfer where user == l.user as t
    -> Logout where user == l.user as o
    .within(5m)
    .partition_by(user)
    .emit(user: l.user, amount: t.amount)
`
)

// W3 generates n Login/Transfer/Logout events (10 000 users, 1 ms apart).
// Each user cycles Login → Transfer (80 %) → Logout. It returns the match
// counts of the 2-step and 3-step queries under the default `next`
// strategy: every Login opens a run; a run binds the first later event of
// the next step for the same user within 5 minutes of its Login; events
// are not consumed.
func W3(seed uint64, n int, emit Emit) (expected2, expected3 int) {
	r := newRand(seed)
	const users = 10_000
	userNames := names("u", users)
	state := make([]uint8, users) // 0 idle, 1 logged in, 2 transferred
	// Open runs per user: login times waiting for a Transfer (step 2) and
	// runs that bound a Transfer waiting for a Logout (step 3).
	wait2 := make([][]int64, users)
	wait3 := make([][]int64, users)
	within := 5 * 60 * sec
	alive := func(runs []int64, t int64) []int64 {
		out := runs[:0]
		for _, start := range runs {
			if t <= start+within {
				out = append(out, start)
			}
		}
		return out
	}
	for i := 0; i < n; i++ {
		u := r.IntN(users)
		t := int64(i) * ms
		var typ string
		switch state[u] {
		case 0:
			typ, state[u] = "Login", 1
		case 1:
			if r.IntN(5) < 4 {
				typ, state[u] = "Transfer", 2
			} else {
				typ, state[u] = "Logout", 0
			}
		default:
			typ, state[u] = "Logout", 0
		}
		wait2[u] = alive(wait2[u], t)
		wait3[u] = alive(wait3[u], t)
		switch typ {
		case "Login":
			wait2[u] = append(wait2[u], t)
		case "Transfer":
			expected2 += len(wait2[u])
			wait3[u] = append(wait3[u], wait2[u]...)
			wait2[u] = wait2[u][:0]
		case "Logout":
			expected3 += len(wait3[u])
			wait3[u] = wait3[u][:0]
		}
		fields := []event.Field{{Name: "user", Value: value.String(userNames[u])}}
		if typ == "Transfer" {
			fields = append(fields, event.Field{Name: "amount", Value: value.Float(round2(r.Float64() * 10000))})
		}
		emit(&event.Event{Type: typ, Time: t, Fields: fields})
	}
	return expected2, expected3
}

// W4Program returns the W4 Kleene query for a window.
func W4Program(within string) string {
	return fmt.Sprintf(`stream Run = Start as s
    -> all Tick where k == s.k as t
    -> Stop where k == s.k as e
    .within(%s)
    .partition_by(k)
    .emit(k: s.k, ticks: count(t), last_px: t.px)
`, within)
}

// W4 generates n Start/Tick/Stop events over 1 000 keys, 1 ms apart: per
// key a cycle Start, 1–8 Ticks, Stop. It returns the match count of
// W4Program(within) under `next`: a run opened by a Start completes at the
// first Stop of its key after at least one Tick, when that Stop is within
// the window of the Start.
func W4(seed uint64, n int, within int64, emit Emit) (expected int) {
	r := newRand(seed)
	const keys = 1000
	keyNames := names("k", keys)
	remaining := make([]int, keys) // ticks still to send; -1 = idle
	for i := range remaining {
		remaining[i] = -1
	}
	type run struct {
		start int64
		ticks int
	}
	runs := make([][]run, keys)
	for i := 0; i < n; i++ {
		k := r.IntN(keys)
		t := int64(i) * ms
		var typ string
		switch {
		case remaining[k] < 0:
			typ, remaining[k] = "Start", 1+r.IntN(8)
		case remaining[k] > 0:
			typ = "Tick"
			remaining[k]--
		default:
			typ, remaining[k] = "Stop", -1
		}
		live := runs[k][:0]
		for _, rn := range runs[k] {
			if t <= rn.start+within {
				live = append(live, rn)
			}
		}
		runs[k] = live
		switch typ {
		case "Start":
			runs[k] = append(runs[k], run{start: t})
		case "Tick":
			for j := range runs[k] {
				runs[k][j].ticks++
			}
		case "Stop":
			live := runs[k][:0]
			for _, rn := range runs[k] {
				if rn.ticks > 0 {
					expected++
				} else {
					live = append(live, rn)
				}
			}
			runs[k] = live
		}
		fields := []event.Field{{Name: "k", Value: value.String(keyNames[k])}}
		if typ == "Tick" {
			fields = append(fields, event.Field{Name: "px", Value: value.Float(round2(50 + r.Float64()*50))})
		}
		emit(&event.Event{Type: typ, Time: t, Fields: fields})
	}
	return expected
}

// W6Program is the W6 windowed equi-join.
const W6Program = `stream Q = Quote
stream F = Fill
stream Matched = join(Q, F)
    .on(Q.symbol == F.symbol)
    .window(1s)
    .emit(symbol: symbol, bid: Q.bid, qty: F.qty)
`

// W6 generates n Quote and Fill events (100 symbols, 100 µs apart, 70 %
// quotes) and returns the number of join outputs: every arrival whose
// symbol has an event of the other side no older than 1 s produces one row.
func W6(seed uint64, n int, emit Emit) (expected int) {
	r := newRand(seed)
	symbols := names("SYM", 100)
	const never = math.MinInt64 / 2
	lastQ, lastF := make([]int64, 100), make([]int64, 100)
	for i := range lastQ {
		lastQ[i], lastF[i] = never, never
	}
	for i := 0; i < n; i++ {
		s := r.IntN(100)
		t := int64(i) * 100 * us
		if r.IntN(10) < 7 {
			lastQ[s] = t
			if lastF[s] >= t-sec {
				expected++
			}
			emit(&event.Event{Type: "Quote", Time: t, Fields: []event.Field{
				{Name: "symbol", Value: value.String(symbols[s])},
				{Name: "bid", Value: value.Float(round2(100 + r.Float64()*10))},
			}})
		} else {
			lastF[s] = t
			if lastQ[s] >= t-sec {
				expected++
			}
			emit(&event.Event{Type: "Fill", Time: t, Fields: []event.Field{
				{Name: "symbol", Value: value.String(symbols[s])},
				{Name: "qty", Value: value.Int(int64(1 + r.IntN(500)))},
			}})
		}
	}
	return expected
}

// W7Program is the W7 absence query.
const W7Program = `stream Unpaid = Order as o
    .not(Payment where order_id == o.id)
    .within(30s)
    .emit(order: o.id)
`

// W7 generates n events: Orders 1 ms apart of which 90 % are followed by
// their Payment 1–10 s later. It returns the number of unpaid orders among
// the generated ones (the absence matches once the input ends).
func W7(seed uint64, n int, emit Emit) (expected int) {
	unpaid := map[int64]bool{}
	w7Schedule(seed, n, func(typ string, id, t int64) {
		field := "id"
		if typ == "Order" {
			unpaid[id] = true
		} else {
			field = "order_id"
			delete(unpaid, id)
		}
		emit(&event.Event{Type: typ, Time: t, Fields: []event.Field{{Name: field, Value: value.Int(id)}}})
	})
	return len(unpaid)
}

// w7Schedule produces the W7 arrival order as (type, id, time) triples.
// Payments are kept in per-millisecond buckets of a ring: delays are
// bounded by 10 s.
func w7Schedule(seed uint64, n int, f func(typ string, id, t int64)) {
	r := newRand(seed)
	const maxDelayMs = 10_000
	buckets := make([][]int64, maxDelayMs+1)
	var nextID int64
	emitted := 0
	for now := int64(0); emitted < n; now++ {
		b := &buckets[now%int64(len(buckets))]
		for _, id := range *b {
			if emitted == n {
				return
			}
			f("Payment", id, now*ms)
			emitted++
		}
		*b = (*b)[:0]
		if emitted == n {
			return
		}
		id := nextID
		nextID++
		f("Order", id, now*ms)
		emitted++
		if r.IntN(10) < 9 {
			d := int64(1000 + r.IntN(maxDelayMs-1000))
			slot := &buckets[(now+d)%int64(len(buckets))]
			*slot = append(*slot, id)
		}
	}
}
