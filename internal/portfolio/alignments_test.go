package portfolio_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"dll/internal/portfolio"
)

// TestAlignmentForms: the three ways of writing a framework's codes read
// the same codes, in order, with the notes given, and every code and note
// is recorded where it stands.
func TestAlignmentForms(t *testing.T) {
	src := "---\ntitle: T\nalignments:\n" +
		"  iste-coaches:\n" + // line 4
		"    \"4.3\": Teachers now plan the tests.\n" +
		"    4.4:\n" +
		"    4.10: Unquoted codes keep their digits.\n" +
		"  aasl:\n" + // line 8
		"    - inquire\n" +
		"    - explore: Students chose their question.\n" +
		"  future-ready: [data-privacy, \"use-of-space-time\"]\n" + // line 11
		"---\n"
	p, diags := portfolio.Load(fstest.MapFS{
		"dll.yaml":         {Data: []byte(settings)},
		"experiences/x.md": {Data: []byte(src)},
	})
	for _, d := range diags {
		if strings.HasPrefix(d.Field, "alignments") {
			t.Errorf("unexpected: %s", d) // the fields left out are not this test's
		}
	}
	e := p.Entries[0]
	want := map[string][]portfolio.Alignment{
		"iste-coaches": {{Code: "4.3", Note: "Teachers now plan the tests."}, {Code: "4.4"}, {Code: "4.10", Note: "Unquoted codes keep their digits."}},
		"aasl":         {{Code: "inquire"}, {Code: "explore", Note: "Students chose their question."}},
		"future-ready": {{Code: "data-privacy"}, {Code: "use-of-space-time"}},
	}
	if !reflect.DeepEqual(e.Alignments, want) {
		t.Errorf("alignments:\ngot  %+v\nwant %+v", e.Alignments, want)
	}
	for path, line := range map[string]int{
		"alignments.iste-coaches[0]":      5,
		"alignments.iste-coaches[0].note": 5,
		"alignments.iste-coaches[2]":      7,
		"alignments.aasl[0]":              9,
		"alignments.aasl[1]":              10,
		"alignments.aasl[1].note":         10,
		"alignments.future-ready[1]":      11,
	} {
		if got, ok := e.Src.Pos.Get(path); !ok || got.Line != line {
			t.Errorf("%s: recorded at %v (%v), want line %d", path, got, ok, line)
		}
	}
	if got := portfolio.AlignmentCodes(e.Alignments["aasl"]); !reflect.DeepEqual(got, []string{"inquire", "explore"}) {
		t.Errorf("AlignmentCodes = %q", got)
	}
}
