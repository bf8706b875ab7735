package engine

import (
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
)

func TestJoinPartnerAndFieldNames(t *testing.T) {
	const src = `stream J = join(A, B) .on(A.k == B.k) .window(1s)
    .emit(k: k, x: A.x, y: B.y)`
	tests := []struct {
		name string
		evs  []*event.Event
		want []string
	}{
		{
			name: "latest partner in window",
			evs: []*event.Event{ev("A", 100, "k", "a", "x", 1), ev("A", 300, "k", "a", "x", 2),
				ev("B", 350, "k", "a", "y", 9)},
			want: []string{`{"stream":"J","time":"1970-01-01T00:00:00.35Z","fields":{"k":"a","x":2,"y":9}}`},
		},
		{
			name: "partner outside window",
			evs:  []*event.Event{ev("A", 100, "k", "a", "x", 1), ev("B", 1200, "k", "a", "y", 9)},
			want: nil,
		},
		{
			name: "field order changes between events",
			evs: []*event.Event{ev("A", 100, "k", "a", "x", 1), ev("B", 150, "k", "a", "y", 7),
				ev("A", 200, "x", 3, "k", "a"), ev("B", 250, "y", 8, "k", "a")},
			want: []string{
				`{"stream":"J","time":"1970-01-01T00:00:00.15Z","fields":{"k":"a","x":1,"y":7}}`,
				`{"stream":"J","time":"1970-01-01T00:00:00.2Z","fields":{"k":"a","x":3,"y":7}}`,
				`{"stream":"J","time":"1970-01-01T00:00:00.25Z","fields":{"k":"a","x":3,"y":8}}`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out []string
			e := compile(t, src, &out)
			for _, x := range tc.evs {
				if err := e.Push(x); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			if len(out) != len(tc.want) {
				t.Fatalf("got %q, want %q", out, tc.want)
			}
			for i := range out {
				if out[i] != tc.want[i] {
					t.Errorf("output %d = %s, want %s", i, out[i], tc.want[i])
				}
			}
		})
	}
}

// TestJoinFieldOrderChanges checks joined outputs when the field order of
// a source's events changes between events.
func TestJoinFieldOrderChanges(t *testing.T) {
	got := run(t, `stream J = join(A, B) .on(A.k == B.k) .window(1s)
    .emit(ak: A.k, ax: A.x, by: B.y)`,
		ev("A", 100, "k", "a", "x", 1), ev("B", 150, "k", "a", "y", 7),
		ev("A", 200, "x", 3, "k", "a"), ev("B", 250, "y", 8, "k", "a"))
	check(t, got,
		`{"stream":"J","time":"1970-01-01T00:00:00.15Z","fields":{"ak":"a","ax":1,"by":7}}`,
		`{"stream":"J","time":"1970-01-01T00:00:00.2Z","fields":{"ak":"a","ax":3,"by":7}}`,
		`{"stream":"J","time":"1970-01-01T00:00:00.25Z","fields":{"ak":"a","ax":3,"by":8}}`)
}
