package site

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"dll/internal/portfolio"
	"dll/internal/sample"
	"dll/internal/validate"
)

// livePortfolio is a portfolio on disk kept up to date the way dll serve
// does: Reload after an edit when it can, a full load when it cannot.
type livePortfolio struct {
	t     testing.TB
	dir   string
	p     *portfolio.Portfolio
	cache *validate.Cache
	live  *Live
	out   string
}

func newLivePortfolio(t testing.TB, n int) *livePortfolio {
	dir := t.TempDir()
	if err := sample.Write(dir, n); err != nil {
		t.Fatal(err)
	}
	lp := &livePortfolio{t: t, dir: dir, cache: validate.NewCache(), out: filepath.Join(t.TempDir(), "site")}
	lp.live = NewLive(lp.out, Options{Drafts: true})
	lp.p, _ = lp.load()
	if _, err := lp.live.Update(context.Background(), lp.p, true); err != nil {
		t.Fatal(err)
	}
	return lp
}

func (lp *livePortfolio) load() (*portfolio.Portfolio, []*portfolio.Entry) {
	p, diags := portfolio.Load(os.DirFS(lp.dir))
	lp.cache = validate.NewCache()
	if diags = validate.CheckCached(p, diags, lp.cache); diags.HasErrors() {
		lp.t.Fatalf("problems:\n%v", diags)
	}
	return p, nil
}

// edit replaces old by new in a file of the portfolio.
func (lp *livePortfolio) edit(name, old, new string) {
	full := filepath.Join(lp.dir, filepath.FromSlash(name))
	data, err := os.ReadFile(full)
	if err != nil {
		lp.t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		lp.t.Fatalf("%s does not hold %q", name, old)
	}
	if err := os.WriteFile(full, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		lp.t.Fatal(err)
	}
}

// changed brings the site up to date after the files named changed, and
// says whether it took the incremental way.
func (lp *livePortfolio) changed(names ...string) *Update {
	next, _, diags, ok := lp.p.Reload(names)
	full := !ok
	if ok {
		diags = validate.CheckCached(next, diags, lp.cache)
		if diags.HasErrors() {
			lp.t.Fatalf("problems:\n%v", diags)
		}
	} else {
		next, _ = lp.load()
	}
	lp.p = next
	up, err := lp.live.Update(context.Background(), next, full)
	if err != nil {
		lp.t.Fatal(err)
	}
	return up
}

// check compares the live folder with a build of the portfolio from scratch.
func (lp *livePortfolio) check(step string) {
	lp.t.Helper()
	p, diags := portfolio.Load(os.DirFS(lp.dir))
	if diags = validate.Check(p, diags); diags.HasErrors() {
		lp.t.Fatalf("%s: problems:\n%v", step, diags)
	}
	ref := filepath.Join(lp.t.TempDir(), "ref")
	if _, err := Build(context.Background(), p, ref, Options{Drafts: true}); err != nil {
		lp.t.Fatal(err)
	}
	got, want := readTree(lp.t, lp.out), readTree(lp.t, ref)
	for name, data := range want {
		if g, ok := got[name]; !ok {
			lp.t.Errorf("%s: %s is missing from the live site", step, name)
		} else if !bytes.Equal(g, data) {
			lp.t.Errorf("%s: %s differs from a full build", step, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			lp.t.Errorf("%s: %s is in the live site but not in a full build", step, name)
		}
	}
}

func readTree(t testing.TB, dir string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == Marker {
			return nil
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func entryFile(i int) string { return fmt.Sprintf("experiences/experience-%05d/index.md", i) }

func entryPage(i int) string { return fmt.Sprintf("experiences/experience-%05d/index.html", i) }

// TestLiveMatchesFullBuild makes edits one after another and checks after
// each that the live folder is byte for byte what a full build makes, and
// that edits to one entry took the incremental way.
func TestLiveMatchesFullBuild(t *testing.T) {
	lp := newLivePortfolio(t, 30)
	lp.check("first build")

	incremental := func(step string, up *Update, want ...string) {
		t.Helper()
		if up.Full {
			t.Errorf("%s: built the whole site; want only the pages it changed", step)
		}
		for _, page := range want {
			if !slices.Contains(up.Pages, page) {
				t.Errorf("%s: %s was not rendered again; pages: %v", step, page, up.Pages)
			}
		}
		// Only the edited entries and their neighbours, never all of them.
		n := 0
		for _, page := range up.Pages {
			if strings.HasPrefix(page, "experiences/experience-") {
				n++
			}
		}
		if n > 6 {
			t.Errorf("%s: %d entry pages rendered again; want only the edited ones and their neighbours", step, n)
		}
		lp.check(step)
	}

	lp.edit(entryFile(5), `title: "Experience 5`, `title: "Renamed experience 5`)
	incremental("title", lp.changed(entryFile(5)), entryPage(5), "index.html", "experiences/index.html", "timeline/index.html")

	lp.edit(entryFile(7), "end: 2021-03-14", "end: 2031-03-14")
	lp.edit(entryFile(7), "start: 2021-02-03", "start: 2031-02-03")
	incremental("moved in time", lp.changed(entryFile(7)), entryPage(7))

	lp.edit(entryFile(3), "tags: [research,", "tags: [robotics-club, research,")
	incremental("new tag", lp.changed(entryFile(3)), entryPage(3), "tags/robotics-club/index.html", "tags/index.html")

	lp.edit(entryFile(3), "tags: [robotics-club, research,", "tags: [research,")
	up := lp.changed(entryFile(3))
	incremental("tag taken away", up)
	if _, err := os.Stat(filepath.Join(lp.out, "tags", "robotics-club", "index.html")); err == nil {
		t.Error("the page of a tag no entry has any more is still there")
	}

	lp.edit(entryFile(9), "type: literacy", "type: inquiry")
	incremental("type", lp.changed(entryFile(9)), entryPage(9), "types/inquiry/index.html", "types/literacy/index.html")

	photo := filepath.Join(lp.dir, "experiences", "experience-00004", "poster.png")
	writePNG(t, photo)
	lp.edit(entryFile(4), "evidence:\n", "evidence:\n  - title: Poster\n    kind: photo\n    file: poster.png\n    alt: A poster of the learners' questions about local water\n    phase: teaching\n    consent: not-applicable\n")
	incremental("evidence added", lp.changed(entryFile(4), "experiences/experience-00004/poster.png"), entryPage(4))
	if _, err := os.Stat(filepath.Join(lp.out, "experiences", "experience-00004", "poster.png")); err != nil {
		t.Errorf("the new evidence was not copied: %v", err)
	}

	lp.edit(entryFile(4), "  - title: Poster\n    kind: photo\n    file: poster.png\n    alt: A poster of the learners' questions about local water\n    phase: teaching\n    consent: not-applicable\n", "")
	os.Remove(photo)
	incremental("evidence taken away", lp.changed(entryFile(4), "experiences/experience-00004/poster.png"), entryPage(4))

	lp.edit(entryFile(10), "status: completed", "draft: true\nstatus: completed")
	incremental("draft", lp.changed(entryFile(10)), entryPage(10))

	// Changes that touch every page, or the set of pages, build it all.
	full := func(step string, up *Update) {
		t.Helper()
		if !up.Full {
			t.Errorf("%s: took the incremental way; want a full build", step)
		}
		lp.check(step)
	}
	lp.edit(entryFile(11), "status: completed", "visibility: private\nstatus: completed")
	full("made private", lp.changed(entryFile(11)))

	lp.edit("dll.yaml", "name: A. Leader", "name: A. Leader-Smith")
	full("settings", lp.changed("dll.yaml"))

	if err := os.MkdirAll(filepath.Join(lp.dir, "experiences", "experience-00099"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lp.dir, filepath.FromSlash(entryFile(99))), []byte(sample.Entry(99)), 0o644); err != nil {
		t.Fatal(err)
	}
	full("entry added", lp.changed(entryFile(99)))

	if err := os.RemoveAll(filepath.Join(lp.dir, "experiences", "experience-00012")); err != nil {
		t.Fatal(err)
	}
	full("entry removed", lp.changed(entryFile(12)))
}

// TestLiveBigEvidence: an entry page rendered again copies its evidence
// again. A big file that has not changed is neither held in memory nor
// written again; one that changed is replaced whole; a failed update
// leaves nothing behind.
func TestLiveBigEvidence(t *testing.T) {
	lp := newLivePortfolio(t, 5)
	const size = 40 << 20
	big := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	doc := filepath.Join(lp.dir, "experiences", "experience-00002", "report.csv")
	if err := os.WriteFile(doc, big, 0o644); err != nil {
		t.Fatal(err)
	}
	lp.edit(entryFile(2), "evidence:\n", "evidence:\n  - title: Report\n    kind: document\n    file: report.csv\n    phase: assessment\n    consent: not-applicable\n")
	lp.changed(entryFile(2), "experiences/experience-00002/report.csv")
	lp.check("big evidence added")
	published := filepath.Join(lp.out, "experiences", "experience-00002", "report.csv")
	before, err := os.Stat(published)
	if err != nil {
		t.Fatal(err)
	}

	// Edits to the entry and to a neighbour render its page again.
	for i, file := range []string{entryFile(2), entryFile(3)} {
		lp.edit(file, "Experience ", "Edited experience ")
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		if up := lp.changed(file); up.Full || !slices.Contains(up.Pages, entryPage(2)) {
			t.Fatalf("edit %d: full %v, pages %v; want entry 2's page rendered again", i, up.Full, up.Pages)
		}
		runtime.ReadMemStats(&m1)
		if grew := m1.TotalAlloc - m0.TotalAlloc; grew > size/4 {
			t.Errorf("edit %d: the update took %d MB of memory for a %d MB file that did not change", i, grew>>20, size>>20)
		}
		after, err := os.Stat(published)
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
			t.Errorf("edit %d: the unchanged evidence was written again", i)
		}
		lp.check(fmt.Sprintf("edit %d", i))
	}

	// Changed at the end, longer, shorter: replaced whole.
	for _, next := range [][]byte{
		append(slices.Clone(big[:size-1]), 'X'),
		append(slices.Clone(big), "more"...),
		big[:size/2],
	} {
		if err := os.WriteFile(doc, next, 0o644); err != nil {
			t.Fatal(err)
		}
		if up := lp.changed("experiences/experience-00002/report.csv"); up.Full {
			t.Fatal("built the whole site")
		}
		got, err := os.ReadFile(published)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, next) {
			t.Fatalf("the evidence changed to %d bytes; the site has %d bytes, not the same", len(next), len(got))
		}
		lp.check("evidence changed")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(published), ".*")); len(left) != 0 {
		t.Errorf("temporary files left in the site: %v", left)
	}

	// An update that fails (cancelled) puts nothing in place, and leaves
	// no temporary file.
	if err := os.WriteFile(doc, big, 0o644); err != nil {
		t.Fatal(err)
	}
	next, _, _, ok := lp.p.Reload([]string{"experiences/experience-00002/report.csv"})
	if !ok {
		t.Fatal("no reload")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lp.live.Update(ctx, next, false); err == nil {
		t.Fatal("a cancelled update did not fail")
	}
	if got, _ := os.ReadFile(published); !bytes.Equal(got, big[:size/2]) {
		t.Error("a failed update changed the evidence")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(published), ".*")); len(left) != 0 {
		t.Errorf("a failed update left temporary files: %v", left)
	}
}

func writePNG(t testing.TB, name string) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkLiveEdit1k is what dll serve does when one entry of 1,000 is
// saved: read it again, check it and the portfolio, and render its page,
// its neighbours' and the pages that list it.
func BenchmarkLiveEdit1k(b *testing.B) {
	lp := newLivePortfolio(b, 1000)
	name := entryFile(500)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		lp.edit(name, "Experience 500", fmt.Sprintf("Experience 500 (%d)", i))
		lp.edit(name, fmt.Sprintf("Experience 500 (%d)", i), "Experience 500")
		if up := lp.changed(name); up.Full {
			b.Fatal("built the whole site")
		}
	}
}

// An edit that changes how many pages a list takes, but not which entries
// its first pages show, renders those pages again: their way to the other
// pages, and the number of pages they give, change too.
func TestLivePageCountChanges(t *testing.T) {
	lp := newLivePortfolio(t, perPage+1)
	lp.check("first build")
	b := newBuilder(lp.p, discard{}, Options{Drafts: true}, mustTemplates(t, lp.p), nil)
	var research []*entryView
	for _, tag := range b.site.Tags {
		if tag.Slug == "research" {
			research = tag.Entries
		}
	}
	if len(research) != perPage+1 {
		t.Fatalf("%d entries have the tag research, want %d", len(research), perPage+1)
	}
	last := research[len(research)-1].src.Src.File
	lp.edit(last, "tags: [research, ", "tags: [")
	lp.changed(last)
	lp.check("a list of two pages now of one")
	lp.edit(last, "tags: [", "tags: [research, ")
	lp.changed(last)
	lp.check("a list of one page now of two")
	// An experience of the first page of the timeline that moves to the
	// year the second page goes on with: that page counts on from one more.
	lp.edit(entryFile(5), "start: 2025-02-03", "start: 2020-02-03")
	lp.changed(entryFile(5))
	lp.check("a year that goes on over two pages has one more entry")
}
