package portfolio

import (
	"os"
	"testing"
)

// TestTotalsOfExample: the headline figures of the example portfolio, counted
// by hand from its files: ten published entries (the draft and the private
// one left out), eight of them completed, seventeen partners, and 481 of 582
// learners meeting expectations.
func TestTotalsOfExample(t *testing.T) {
	p, diags := Load(os.DirFS("../../examples/portfolio"))
	if len(diags) != 0 {
		t.Fatalf("the example does not load cleanly: %v", diags)
	}
	want := Totals{Entries: 10, Completed: 8, Partners: 17, Learners: 582, Met: 481}
	if got := p.Totals(); got != want {
		t.Errorf("Totals() = %+v, want %+v", got, want)
	}
	if got := want.Percent(); got != 83 {
		t.Errorf("Percent() = %d, want 83 (481 of 582, rounded)", got)
	}
	if got := (Totals{}).Percent(); got != 0 {
		t.Errorf("Percent() with no learners = %d, want 0", got)
	}
}
