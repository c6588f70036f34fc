package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"dll/internal/diag"
	"dll/internal/sample"
	"dll/internal/site"
)

// A batch that holds Everything (the system lost track of the changes)
// builds the whole site again, from a fresh load: an entry removed while
// changes were lost goes from the site.
func TestRebuildEverything(t *testing.T) {
	root := t.TempDir()
	if err := sample.Write(root, 3); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	pv := NewPreview(os.DirFS(root), out, site.Options{Drafts: true})
	ctx := context.Background()
	if res, err := pv.Build(ctx); err != nil || res.Update == nil {
		t.Fatalf("first build: %v %v", err, res.Problems)
	}
	gone := filepath.Join(out, "experiences", "experience-00001", "index.html")
	if _, err := os.Stat(gone); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(root, "experiences", "experience-00001")); err != nil {
		t.Fatal(err)
	}
	res, err := pv.Rebuild(ctx, []string{Everything})
	if err != nil || res.Update == nil {
		t.Fatalf("rebuild: %v %v", err, res.Problems)
	}
	if !res.Update.Full {
		t.Error("a batch with Everything did not build the whole site")
	}
	if _, err := os.Stat(gone); err == nil {
		t.Error("the page of an entry removed is still in the site")
	}
}

// A settings edit can break every entry of thousands: the overlay lists
// the first problems and says how many more there are, rather than put
// megabytes into every page.
func TestLinesCapped(t *testing.T) {
	var problems diag.List
	for i := range 5000 {
		problems = append(problems, diag.Diagnostic{Pos: diag.Pos{File: fmt.Sprintf("experiences/e%d.md", i), Line: 3, Col: 5}, Field: "type", Message: "wrong", Severity: diag.Error})
	}
	lines := Lines(problems)
	if len(lines) != maxLines+1 {
		t.Fatalf("%d lines, want %d", len(lines), maxLines+1)
	}
	if lines[0] != problems[0].String() || lines[maxLines-1] != problems[maxLines-1].String() {
		t.Errorf("the first problems are not listed as they are: %q", lines[:2])
	}
	if want := "... and 4900 more problems, listed in the terminal where dll serve runs (and by dll validate)"; lines[maxLines] != want {
		t.Errorf("last line %q, want %q", lines[maxLines], want)
	}
	if got := Lines(problems[:3]); len(got) != 3 {
		t.Errorf("3 problems: %q", got)
	}
}
