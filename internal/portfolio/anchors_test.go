package portfolio_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"dll/internal/portfolio"
	"dll/internal/validate"
)

// laughs is a "billion laughs" front matter: nine anchors, each a list of
// nine aliases to the one before, so that the last stands for 9^9 (387
// million) copies of a long text in a file of a few kilobytes.
func laughs() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: &l0 \"%s\"\n", strings.Repeat("ha", 2000))
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("tags: *l9\nsummary: *l9\n")
	return b.String()
}

// TestAliasBomb: an entry, a whole-YAML entry and dll.yaml made of aliases
// that would expand to gigabytes are refused, each anchor and alias at its
// place, before anything reads the values: the entries stay unread and the
// settings empty. Were they expanded, this test would not end.
func TestAliasBomb(t *testing.T) {
	bomb := laughs()
	fsys := fstest.MapFS{
		"dll.yaml":                   {Data: []byte(bomb)},
		"experiences/bomb-md.md":     {Data: []byte("---\n" + bomb + "---\nStory.\n")},
		"experiences/bomb-yaml.yaml": {Data: []byte(bomb)},
	}
	p, loadDiags := portfolio.Load(fsys)
	for _, e := range p.Entries {
		if e.Src.Parsed || e.Title != "" || len(e.Tags) != 0 {
			t.Errorf("%s was read: parsed %v, title %d bytes, %d tags", e.Src.File, e.Src.Parsed, len(e.Title), len(e.Tags))
		}
	}
	if p.Settings.Title != "" {
		t.Errorf("dll.yaml was read: title of %d bytes", len(p.Settings.Title))
	}
	var got bytes.Buffer
	validate.Check(p, loadDiags).Print(&got)
	// Each file: the anchor of title, the anchor of l1 and eight of its
	// aliases one by one, then, at the ninth, a count of the rest: 8
	// anchors and 72 aliases of l2 to l9, and the aliases of tags and
	// summary.
	var want strings.Builder
	for _, f := range []struct {
		name string
		line int
	}{{"dll.yaml", 0}, {"experiences/bomb-md.md", 1}, {"experiences/bomb-yaml.yaml", 0}} {
		fmt.Fprintf(&want, "%s:%d:8: title: &l0 marks this value to be repeated with *l0; dll does not read YAML anchors and aliases, so delete &l0 and write the value out in full wherever it is needed\n", f.name, f.line+1)
		fmt.Fprintf(&want, "%s:%d:5: l1: &l1 marks this value to be repeated with *l1; dll does not read YAML anchors and aliases, so delete &l1 and write the value out in full wherever it is needed\n", f.name, f.line+2)
		for j := range 8 {
			fmt.Fprintf(&want, "%s:%d:%d: l1[%d]: *l0 repeats the value marked &l0; dll does not read YAML anchors and aliases, so write the value out in full here\n", f.name, f.line+2, 10+5*j, j)
		}
		fmt.Fprintf(&want, "%s:%d:50: yaml: this and 82 more anchors (&) and aliases (*) below it; write each value out in full where it belongs\n", f.name, f.line+2)
	}
	if g := got.String(); !strings.Contains(g, want.String()) {
		t.Errorf("got:\n%s\nwant, among them:\n%s", g, want.String())
	}
}
