package portfolio

import (
	"os"
	"slices"
	"testing"
	"testing/fstest"
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

// TestGaps: what a portfolio of one demonstrating entry and one in
// progress lacks, by the one definition validate and --coverage share.
func TestGaps(t *testing.T) {
	fsys := fstest.MapFS{
		"dll.yaml": {Data: []byte("title: T\nframeworks: [aasl]\n")},
		"experiences/water.md": {Data: []byte(`---
title: Water
status: completed
type: inquiry
also: [literacy]
contributions:
  planning: [Planned it]
expertise: [equity]
alignments:
  aasl: [inquire, inquire]
evidence:
  - title: Work
    url: https://example.org/
---
`)},
		"experiences/reading.md": {Data: []byte("---\ntitle: Reading\nstatus: in-progress\ntype: personalized\ncontributions:\n  teaching: [Taught]\n---\n")},
	}
	p, _ := Load(fsys)
	g := p.Coverage().Gaps
	without := func(vocab string, ids ...string) []string {
		return slices.DeleteFunc(p.Model.Vocab(vocab).IDs(), func(id string) bool { return slices.Contains(ids, id) })
	}
	check := func(what string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
	}
	check("types", g.Types, without("types", "inquiry", "literacy", "personalized"))
	check("phases", g.Phases, []string{"teaching", "assessment"})
	check("expertise", g.Expertise, without("expertise", "equity"))
	for _, m := range g.TypePhases {
		switch m.Of {
		case "inquiry", "literacy":
			check(m.Of, m.What, []string{"teaching", "assessment"})
		default:
			check(m.Of, m.What, p.Model.Vocab("phases").IDs())
		}
	}
	if len(g.TypePhases) != len(p.Model.Vocab("types").IDs()) {
		t.Errorf("%d types lack phases, want all %d", len(g.TypePhases), len(p.Model.Vocab("types").IDs()))
	}
	if len(g.Codes) != 1 || g.Codes[0].Of != "aasl" {
		t.Fatalf("codes: %+v, want aasl only", g.Codes)
	}
	check("aasl", g.Codes[0].What, []string{"include", "collaborate", "curate", "explore", "engage"})
}
