package portfolio

import (
	"testing"

	"dll/internal/diag"
)

// TestFastParseLeavesAnchors: the fast path reads no anchor or alias in
// any place one can stand, so that every one reaches refuseAnchors through
// yaml.v3's tree; and parseYAML refuses each, whichever path read it.
func TestFastParseLeavesAnchors(t *testing.T) {
	for _, src := range []string{
		"a: &x 1\n", "a: *x\n", "a: &x\n  b: 1\n", "a:\n  - &x 1\n", "a:\n  - *x\n", "a: [&x 1]\n", "a: [*x]\n",
		"&x a: 1\n", "a: &x [1]\n", "a: &x 'q'\n", "a: &x |\n  t\n", "<<: *x\n", "a:\n  - &x b: 1\n",
	} {
		if _, ok := fastParse([]byte(src)); ok {
			t.Errorf("the fast path read %q", src)
		}
		var d diag.List
		if _, ok := parseYAML("x.yaml", []byte(src), 0, &d); ok {
			t.Errorf("parseYAML accepted %q", src)
		}
		if len(d) == 0 {
			t.Errorf("nothing reported for %q", src)
		}
	}
}
