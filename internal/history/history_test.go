package history

import (
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"dll/internal/gitinfo"
	"dll/internal/portfolio"
	"dll/internal/privacy"
)

// entry is the front matter of an entry with evidence files.
func entry(title string, files ...string) string {
	s := "---\ntitle: " + title + "\nevidence:\n"
	for _, f := range files {
		s += "  - title: A file\n    file: " + f + "\n"
	}
	return s + "---\nThe story.\n"
}

// testPortfolio has a folder entry and two entries written as one file
// that share an evidence file beside them.
func testPortfolio(t *testing.T) *portfolio.Portfolio {
	t.Helper()
	fsys := fstest.MapFS{
		"dll.yaml":                          {Data: []byte("title: T\nprivacy:\n  blocked_names: [Jordan Smith]\n")},
		"experiences/glider/index.md":       {Data: []byte(entry("Glider", "photo.jpg"))},
		"experiences/glider/photo.jpg":      {Data: []byte("jpeg")},
		"experiences/glider/notes/plan.pdf": {Data: []byte("pdf")},
		"experiences/tasting.md":            {Data: []byte(entry("Tasting", "menu.pdf", "shared.pdf"))},
		"experiences/reading.md":            {Data: []byte(entry("Reading", "shared.pdf"))},
		"experiences/menu.pdf":              {Data: []byte("pdf")},
		"experiences/shared.pdf":            {Data: []byte("pdf")},
	}
	p, _ := portfolio.Load(fsys)
	return p
}

func day(d int) time.Time { return time.Date(2025, 3, d, 12, 0, 0, 0, time.UTC) }

func TestEntryHistory(t *testing.T) {
	p := testPortfolio(t)
	c1 := &gitinfo.Commit{Hash: "1", Date: day(1), Subject: "Start", Order: 3}
	c2 := &gitinfo.Commit{Hash: "2", Date: day(2), Subject: "Plan with Jordan Smith", Order: 2}
	c3 := &gitinfo.Commit{Hash: "3", Date: day(3), Subject: "  ", Order: 1}
	c4 := &gitinfo.Commit{Hash: "4", Date: day(3), Subject: "Share the menu", Order: 0}
	files := map[string][]*gitinfo.Commit{
		"experiences/glider/index.md":       {c1},
		"experiences/glider/notes/plan.pdf": {c2}, // in the folder, though not listed
		"experiences/tasting.md":            {c1},
		"experiences/shared.pdf":            {c4, c3},
		"dll.yaml":                          {c2}, // no entry's
	}
	got := entryHistory(p, files, privacy.New(p.Roster))
	want := map[string][]string{
		"experiences/glider/index.md": {"2025-03-02 (message withheld: it names someone on your privacy list)", "2025-03-01 Start"},
		"experiences/tasting.md":      {"2025-03-03 Share the menu", "2025-03-03 (no message)", "2025-03-01 Start"},
		"experiences/reading.md":      {"2025-03-03 Share the menu", "2025-03-03 (no message)"},
	}
	if len(got) != len(want) {
		t.Errorf("history for %d entries, want %d: %v", len(got), len(want), got)
	}
	for file, revs := range want {
		h := got[file]
		if h == nil {
			t.Errorf("%s: no history", file)
			continue
		}
		var lines []string
		for _, r := range h.Revisions {
			lines = append(lines, r.Date.Format("2006-01-02")+" "+r.Message)
		}
		if !slices.Equal(lines, revs) {
			t.Errorf("%s: %q, want %q", file, lines, revs)
			continue
		}
		if !h.First.Equal(h.Revisions[len(h.Revisions)-1].Date) || !h.Last.Equal(h.Revisions[0].Date) {
			t.Errorf("%s: first %v, last %v", file, h.First, h.Last)
		}
	}
}

func TestSiteSnapshot(t *testing.T) {
	p := testPortfolio(t)
	s := gitinfo.Snapshot{Name: "For Jordan Smith", Date: day(1),
		Added:   []string{"experiences/reading.md", "experiences/glider/notes/plan.pdf"},
		Changed: []string{"experiences/shared.pdf", "philosophy.md"}}
	got := siteSnapshot(p, s, privacy.New(p.Roster))
	if got.Name != "(name withheld: it names someone on your privacy list)" {
		t.Errorf("name %q", got.Name)
	}
	if want := []string{"experiences/reading.md"}; !slices.Equal(got.Added, want) {
		t.Errorf("added %q, want %q", got.Added, want)
	}
	if want := []string{"experiences/glider/index.md", "experiences/tasting.md"}; !slices.Equal(got.Changed, want) {
		t.Errorf("changed %q, want %q", got.Changed, want)
	}
}
