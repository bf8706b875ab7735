package trend

import (
	"testing"

	"github.com/varpulis/varpulis-go/internal/proptest"
)

// TestMain raises rapid's default number of cases to 3000 (a run with an
// explicit -rapid.checks keeps its own value).
func TestMain(m *testing.M) { proptest.Main(m, 3000, 3000) }
