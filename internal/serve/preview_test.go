package serve

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"dll/internal/diag"
	"dll/internal/portfolio"
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

// panicFS panics when asked for the file named, as a fault in dll itself
// would while a save is rebuilt.
type panicFS struct {
	fs.FS
	name atomic.Pointer[string]
}

func (f *panicFS) Open(name string) (fs.File, error) {
	if p := f.name.Load(); p != nil && *p == name {
		panic("a fault for the test")
	}
	return f.FS.Open(name)
}

// A fault in dll itself while a save is rebuilt is an error, not the end of
// dll serve: the preview keeps its last good build, and the next save
// builds it all again from a fresh load.
func TestRebuildSurvivesAFault(t *testing.T) {
	root := t.TempDir()
	if err := sample.Write(root, 3); err != nil {
		t.Fatal(err)
	}
	fsys := &panicFS{FS: os.DirFS(root)}
	out := filepath.Join(t.TempDir(), "site")
	pv := NewPreview(fsys, out, site.Options{Drafts: true})
	ctx := context.Background()
	if res, err := pv.Build(ctx); err != nil || res.Update == nil {
		t.Fatalf("first build: %v %v", err, res.Problems)
	}
	home := filepath.Join(out, "index.html")
	before, err := os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}

	settings := portfolio.SettingsFile
	fsys.name.Store(&settings)
	res, err := pv.Rebuild(ctx, []string{settings})
	if want := "dll could not build the preview because of a fault in dll itself (a fault for the test); please report it"; err == nil || err.Error() != want {
		t.Fatalf("rebuild with a fault: error %v, want %q", err, want)
	}
	if res == nil || res.Update != nil {
		t.Fatalf("rebuild with a fault: result %+v, want one with no update", res)
	}
	if after, err := os.ReadFile(home); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the last good build changed: %v", err)
	}

	fsys.name.Store(nil)
	res, err = pv.Rebuild(ctx, []string{"experiences/experience-00001/index.md"})
	if err != nil || res.Update == nil {
		t.Fatalf("rebuild after the fault: %v %v", err, res.Problems)
	}
	if !res.Update.Full {
		t.Error("the rebuild after a fault did not build the whole site again")
	}
}
