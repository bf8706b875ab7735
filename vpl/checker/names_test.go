package checker

import "testing"

// TestEditDistanceBound checks that the early exit of editDistance never
// changes a distance within the bound and always reports one beyond it as
// beyond.
func TestEditDistanceBound(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "abc", "acb", "Reading", "Readng", "Raeding", "Readings",
		"Spike", "Spikes", "Hot12", "Login", "Logout", "temperature", "tempreature", "x", "xyzzy"}
	for _, a := range words {
		for _, b := range words {
			exact := editDistance(a, b, 1000)
			for bound := 0; bound <= 4; bound++ {
				got := editDistance(a, b, bound)
				if exact <= bound && got != exact {
					t.Errorf("editDistance(%q, %q, %d) = %d, want %d", a, b, bound, got, exact)
				}
				if exact > bound && got <= bound {
					t.Errorf("editDistance(%q, %q, %d) = %d, want > %d (exact %d)", a, b, bound, got, bound, exact)
				}
			}
		}
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"Readng", "Reading", 1}, {"Raeding", "Reading", 1}, {"abc", "", 3}, {"kitten", "sitting", 3}} {
		if got := editDistance(c.a, c.b, 1000); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
