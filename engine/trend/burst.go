package trend

import (
	"math"
	"math/bits"
)

// Burst records a run of consecutive events that each qualify, in every
// Sums it is applied to, for one Kleene step only (Hamlet-style sharing).
// Within such a run an evaluator's other steps do not change, so the
// Kleene step's totals after m events are a closed form of their values
// before the run (the snapshot) and of a few statistics of the run that
// do not depend on the evaluator: the number of events, and per value
// field the number of events with a value, their sum, minimum and
// maximum. One Burst thus serves any number of evaluators, each resolved
// in O(channels) by Sums.AddBurst instead of O(m × channels).
//
// Values are kept per field; an evaluator maps each of its channels on
// the Kleene step to a field. The Burst also keeps every event's values,
// so that an evaluator whose counts would exceed int64 replays the events
// one by one and switches to float64 exactly where Add would.
type Burst struct {
	n      int
	fields int
	vals   []float64 // n × fields
	st     []burstStat
}

// burstStat summarises one field over the run: the events with a value
// (not NaN), their sum, minimum and maximum.
type burstStat struct {
	n        uint64
	sum      float64
	min, max float64
}

// NewBurst returns an empty burst of events with the given number of
// value fields.
func NewBurst(fields int) *Burst {
	b := &Burst{fields: fields, st: make([]burstStat, fields)}
	b.Reset()
	return b
}

// Len returns the number of events of the run.
func (b *Burst) Len() int { return b.n }

// Reset empties the run.
func (b *Burst) Reset() {
	b.n = 0
	b.vals = b.vals[:0]
	for i := range b.st {
		b.st[i] = burstStat{min: math.Inf(1), max: math.Inf(-1)}
	}
}

// Add appends one event: vals holds its value per field (NaN: none); it
// must have as many entries as the burst has fields.
func (b *Burst) Add(vals []float64) {
	b.n++
	b.vals = append(b.vals, vals[:b.fields]...)
	for f, v := range vals[:b.fields] {
		if v != v {
			continue
		}
		s := &b.st[f]
		s.n++
		s.sum += v
		s.min = fmin(s.min, v)
		s.max = fmax(s.max, v)
	}
}

// AddBurst adds the events of b as events that qualify for step s only
// (mask 1<<s for Add). field[c] is the burst field holding the value of
// channel c for an event at step s (-1: none); entries for channels of
// other steps are not read. The result equals Add called once per event
// for the counts (exact int64, or the same switch to float64 on
// overflow, which is found first and then replayed event by event); float
// sums are equal up to rounding (exactly when every value and partial sum
// is an integer below 2^53). Step s must be a Kleene step, or the events
// are replayed.
func (t *Sums) AddBurst(s int, b *Burst, field []int) {
	p := t.p
	if b.n == 0 || s < 0 || s >= len(p.quants) {
		return
	}
	if !p.quants[s].Kleene() || t.fl || !t.closedForm(s, b, field) {
		t.replay(s, b, field)
	}
}

// replay adds the events of b one by one.
func (t *Sums) replay(s int, b *Burst, field []int) {
	nc := len(t.p.chans)
	if cap(t.rv) < nc {
		t.rv = make([]float64, nc)
	}
	vals := t.rv[:nc]
	for i := 0; i < b.n; i++ {
		row := b.vals[i*b.fields : (i+1)*b.fields]
		for c, cs := range t.p.chans {
			vals[c] = math.NaN()
			if cs == s && c < len(field) && field[c] >= 0 {
				vals[c] = row[field[c]]
			}
		}
		t.addOne(s, vals)
	}
}

// u128 is an unsigned 128-bit value for the overflow checks.
type u128 struct{ hi, lo uint64 }

func mul(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

func (x u128) plus(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, c2 := bits.Add64(x.hi, y.hi, c)
	if c2 != 0 {
		return u128{math.MaxUint64, math.MaxUint64}
	}
	return u128{hi, lo}
}

// int64 returns x and whether it fits in an int64.
func (x u128) int64() (int64, bool) {
	if x.hi != 0 || x.lo > math.MaxInt64 {
		return 0, false
	}
	return int64(x.lo), true
}

// closedForm applies b to Kleene step s in closed form and reports
// whether it did; it changes nothing and returns false when a count
// would exceed int64 (the caller then replays).
//
// With P the trends entering the step from its predecessors (plus one
// when the step may start a trend) and T the trends ending at it, each
// event adds a node of P + T trends, so after m events T is
// 2^m·T + (2^m − 1)·P, the i-th node holding 2^(i−1)·(T + P). A channel
// total X (events or sum) doubles likewise and gains the predecessors'
// X each time, plus, for a channel of step s, the nodes' counts times the
// event's value: X' = 2^m·X + (2^m − 1)·Xpred + 2^(m−1)·(T + P)·Σvalues.
func (t *Sums) closedForm(s int, b *Burst, field []int) bool {
	p := t.p
	m := b.n
	if m >= 63 {
		return false
	}
	var pc uint64
	if p.start[s] {
		pc = 1
	}
	var c uint64
	for _, j := range p.prev[s] {
		if pc, c = bits.Add64(pc, uint64(t.tot[j].cnt.i), 0); c != 0 || pc > math.MaxInt64 {
			return false
		}
	}
	self := &t.tot[s]
	base, c := bits.Add64(uint64(self.cnt.i), pc, 0)
	if c != 0 || base > math.MaxInt64 {
		return false
	}
	if base == 0 {
		return true // no trend reaches the step: the events add nothing
	}
	pow := uint64(1) << uint(m)
	half := pow >> 1
	cnt, ok := mul(pow, base).int64()
	if !ok {
		return false
	}
	cnt -= int64(pc)
	nd := &t.node[s] // scratch for the new totals
	nd.cnt = num{i: cnt, f: float64(cnt)}
	fpow, fpm1 := float64(pow), float64(pow-1)
	fgrow := float64(half) * float64(base)
	for ci := range self.ch {
		z := &self.ch[ci]
		var pe uint64
		var ps float64
		phas := false
		pmin, pmax := math.Inf(1), math.Inf(-1)
		for _, j := range p.prev[s] {
			y := &t.tot[j].ch[ci]
			if pe, c = bits.Add64(pe, uint64(y.evs.i), 0); c != 0 || pe > math.MaxInt64 {
				return false
			}
			ps += y.sum
			if y.has {
				phas = true
				pmin = fmin(pmin, y.min)
				pmax = fmax(pmax, y.max)
			}
		}
		ev := mul(pow, uint64(z.evs.i)).plus(mul(pow-1, pe))
		sum := fpow*z.sum + fpm1*ps
		x := chAcc{has: z.has, min: z.min, max: z.max}
		if phas {
			x.has = true
			x.min = fmin(x.min, pmin)
			x.max = fmax(x.max, pmax)
		}
		if p.chans[ci] == s && ci < len(field) && field[ci] >= 0 {
			st := &b.st[field[ci]]
			if st.n > 0 {
				ev = ev.plus(mul(half, base).mulSmall(st.n))
				sum += fgrow * st.sum
				x.has = true
				x.min = fmin(x.min, st.min)
				x.max = fmax(x.max, st.max)
			}
		}
		e, ok := ev.int64()
		if !ok {
			return false
		}
		x.evs = num{i: e, f: float64(e)}
		x.sum = sum
		nd.ch[ci] = x
	}
	self.cnt = nd.cnt
	copy(self.ch, nd.ch)
	return true
}

// mulSmall returns x·k, saturating when it exceeds 128 bits.
func (x u128) mulSmall(k uint64) u128 {
	if x.hi != 0 {
		hi, lo := bits.Mul64(x.hi, k)
		if hi != 0 {
			return u128{math.MaxUint64, math.MaxUint64}
		}
		r := mul(x.lo, k)
		s, c := bits.Add64(r.hi, lo, 0)
		if c != 0 {
			return u128{math.MaxUint64, math.MaxUint64}
		}
		return u128{s, r.lo}
	}
	return mul(x.lo, k)
}
