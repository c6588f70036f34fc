package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dll/internal/portfolio"
	"dll/internal/validate"
	dlltemplates "dll/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const example = "../../examples/portfolio"

// loadChecked loads a portfolio folder and fails the test on any error
// dll validate would report.
func loadChecked(t testing.TB, dir string) *portfolio.Portfolio {
	t.Helper()
	p, loadDiags := portfolio.Load(os.DirFS(dir))
	diags := validate.Check(p, loadDiags)
	if errs, _ := diags.Count(); errs > 0 {
		var b bytes.Buffer
		diags.Print(&b)
		t.Fatalf("the portfolio has errors:\n%s", b.String())
	}
	return p
}

// tree reads every file under dir, by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	for name, data := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: missing", name)
		case !bytes.Equal(g, data):
			t.Errorf("%s: changed", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: appeared", name)
		}
	}
}

func buildExample(t *testing.T, opts Options) (string, *Summary) {
	t.Helper()
	p := loadChecked(t, example)
	out := filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), p, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out, sum
}

// goldenPages are the pages compared in full; every other file is compared
// by its checksum in the manifest.
var goldenPages = []string{
	"index.html",
	"experiences/glider-design-challenge/index.html",            // a folder entry with every kind of evidence
	"experiences/grade3-book-tasting/index.html",                // a Markdown file entry
	"experiences/city-onboarding-pathways/index.html",           // a YAML file entry
	"experiences/neighborhood-oral-history/index.html",          // audio with a transcript
	"experiences/glider-design-challenge/evidence-3/index.html", // a chart's own page
	"summary/index.html", "coverage/index.html", "criteria/index.html", "portfolio.schema.json",
	"experiences/index.html", "timeline/index.html", "types/inquiry/index.html", "frameworks/iste-coaches/index.html",
	"tags/index.html", "philosophy/index.html", "changes/index.html", "404.html", "feed.xml", "robots.txt", "portfolio.json",
}

func TestGoldenExample(t *testing.T) {
	// What git would tell, injected so the pages do not depend on a
	// repository or the clock.
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	out, _ := buildExample(t, Options{
		Version: "3f2a9c1 (14 November 2026)",
		Updated: day("2026-11-14"),
		History: map[string]*History{
			"experiences/glider-design-challenge/index.md": {First: day("2025-01-20"), Last: day("2025-04-02"), Revisions: []Revision{
				{day("2025-04-02"), "Add Ms. Alvarez's statement & the final rubric results"},
				{day("2025-03-14"), "Record the third test cycle <with> flight data"},
				{day("2025-01-20"), "Plan the glider redesign"},
			}},
		},
		Snapshots: []Snapshot{
			{Name: "2026 appraisal", Date: day("2026-06-30"), Added: []string{"experiences/grade7-lateral-reading-lab.md", "experiences/k2-wonder-wall.yaml"}, Changed: []string{"experiences/glider-design-challenge/index.md"}},
			{Name: "Job application", Date: day("2025-12-01"), Added: []string{"experiences/family-digital-citizenship-nights.md"}},
		},
	})
	files := tree(t, out)
	var manifest strings.Builder
	for _, name := range slices.Sorted(mapsKeys(files)) {
		fmt.Fprintf(&manifest, "%x %8d %s\n", sha256.Sum256(files[name]), len(files[name]), name)
	}
	check := func(name string, got []byte) {
		t.Helper()
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(name))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/site -run Golden -update to make it)", err)
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs from %s; if the change is meant, run go test ./internal/site -run Golden -update and review the diff\n%s", name, golden, firstDiff(want, got))
		}
	}
	for _, name := range goldenPages {
		data, ok := files[name]
		if !ok {
			t.Errorf("%s was not built", name)
			continue
		}
		check(name, data)
	}
	check("MANIFEST", []byte(manifest.String()))
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, w, g)
		}
	}
	return ""
}

func TestSameInputSameOutput(t *testing.T) {
	a, _ := buildExample(t, Options{Workers: 1})
	b, _ := buildExample(t, Options{Workers: 4})
	sameTree(t, tree(t, a), tree(t, b))
}

func TestNothingPrivateIsPublished(t *testing.T) {
	p := loadChecked(t, example)
	var hidden []*portfolio.Entry
	for _, e := range p.Entries {
		if !p.Published(e) {
			hidden = append(hidden, e)
		}
	}
	if len(hidden) != 2 {
		t.Fatalf("the example should hold one draft and one private entry; found %d unpublished", len(hidden))
	}
	out, sum := buildExample(t, Options{})
	if sum.Entries != 10 || sum.Drafts != 0 {
		t.Errorf("built %d entries with %d drafts; want 10 and 0", sum.Entries, sum.Drafts)
	}
	files := tree(t, out)
	for _, e := range hidden {
		for name, data := range files {
			if bytes.Contains(data, []byte(e.Title)) || bytes.Contains(data, []byte(e.Src.Slug)) {
				t.Errorf("%s mentions the unpublished entry %s", name, e.Src.File)
			}
		}
	}
	// The private entry's evidence never leaves the portfolio.
	for name := range files {
		if strings.Contains(name, "comprehension-checks") {
			t.Errorf("%s was published from a private entry", name)
		}
	}
	for name, data := range files {
		if bytes.Contains(data, []byte("Kaylee")) {
			t.Errorf("%s holds a blocked name", name)
		}
	}
}

func TestDraftsForALocalLook(t *testing.T) {
	out, sum := buildExample(t, Options{Drafts: true})
	if sum.Drafts != 1 {
		t.Fatalf("built %d drafts; want 1", sum.Drafts)
	}
	page, err := os.ReadFile(filepath.Join(out, "experiences", "family-digital-citizenship-nights", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`<div class="banner" role="note">
<p><strong>Draft.</strong>`)) {
		t.Error("the draft page has no draft banner")
	}
	if _, err := os.Stat(filepath.Join(out, "experiences", "grade6-reading-access")); err == nil {
		t.Error("--drafts published the private entry")
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !bytes.Contains(robots, []byte("Disallow: /")) {
		t.Errorf("a preview with drafts should ask search engines to stay away; robots.txt:\n%s", robots)
	}
}

// snapshot builds the example into a fresh output folder and returns the
// folder, the portfolio and what it holds.
func snapshot(t *testing.T) (string, *portfolio.Portfolio, map[string][]byte) {
	t.Helper()
	p := loadChecked(t, example)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	return out, p, tree(t, out)
}

// noLeftovers checks that a failed build left no temporary folder behind.
func noLeftovers(t *testing.T, out string) {
	t.Helper()
	names, _ := os.ReadDir(filepath.Dir(out))
	for _, n := range names {
		if n.Name() != filepath.Base(out) {
			t.Errorf("a failed build left %s behind", n.Name())
		}
	}
}

func TestWriteErrorLeavesOldSite(t *testing.T) {
	out, p, before := snapshot(t)
	for _, failAt := range []int{1, 5, 40, 90} {
		var n atomic.Int32
		boom := errors.New("no space left on device")
		_, err := build(context.Background(), p, out, Options{}, func(string) error {
			if n.Add(1) == int32(failAt) {
				return boom
			}
			return nil
		})
		if !errors.Is(err, boom) {
			t.Fatalf("failing write %d: got %v, want the write error", failAt, err)
		}
		sameTree(t, before, tree(t, out))
		noLeftovers(t, out)
	}
}

func TestCancelLeavesOldSite(t *testing.T) {
	out, p, before := snapshot(t)
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	_, err := build(ctx, p, out, Options{}, func(string) error {
		if n.Add(1) == 20 {
			cancel() // Ctrl-C half way
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	sameTree(t, before, tree(t, out))
	noLeftovers(t, out)
}

func TestTemplateErrorNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "entry.html"), []byte("{{define \"main\"}}\n<h1>{{.Entry.Title}</h1>\n{{end}}\n"), 0o644)
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(context.Background(), p, out, Options{})
	want := `templates/entry.html:2: bad character U+007D '}'; fix the template, or delete it to use dll's own`
	if err == nil || err.Error() != want {
		t.Fatalf("got error\n  %v\nwant\n  %s", err, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed build made the output folder")
	}
}

// An error while rendering, in a template of the portfolio's own
// base.html that every page calls, names that file, once, even when a
// piece of a page (a card) failed inside the page's template: it is the
// author's to fix, not a fault of dll's.
func TestRenderErrorNamesTheOwnBase(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("..", "..", "templates", "site", "base.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, from, to, want string }{
		{"head", "<head>", `<head><meta name="x" content="{{.Entry.Nope}}">`,
			`templates/base.html:3:38: executing "base.html" at <.Entry.Nope>: can't evaluate field Nope in type *site.entryView; fix the template, or delete it to use dll's own`},
		{"card", `{{- define "card"}}` + "\n", `{{- define "card"}}{{.Entry.Nope}}` + "\n",
			`templates/base.html:161:27: executing "card" at <.Entry.Nope>: can't evaluate field Nope in type *site.entryView; fix the template, or delete it to use dll's own`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(base), c.from) {
				t.Fatalf("dll's base.html has no %q", c.from)
			}
			dir := t.TempDir()
			copyDir(t, example, dir)
			os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
			os.WriteFile(filepath.Join(dir, "templates", "base.html"), []byte(strings.Replace(string(base), c.from, c.to, 1)), 0o644)
			p := loadChecked(t, dir)
			_, err := Build(context.Background(), p, filepath.Join(t.TempDir(), "public"), Options{})
			if err == nil || err.Error() != c.want {
				t.Fatalf("got error\n  %v\nwant\n  %s", err, c.want)
			}
		})
	}
}

// TestFailedStepReportedBeforeFailedPage: a list page that cannot be
// rendered does not hide a later step that fails (here the style sheet,
// a folder), which is reported, every time, as when every page was filled
// in before the first was rendered.
func TestFailedStepReportedBeforeFailedPage(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	os.MkdirAll(filepath.Join(dir, "templates", "style.css"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "home.html"), []byte("{{define \"main\"}}{{index .Entries 100}}{{end}}\n"), 0o644)
	p := loadChecked(t, dir)
	for range 5 {
		out := filepath.Join(t.TempDir(), "public")
		_, err := Build(context.Background(), p, out, Options{})
		want := "templates/style.css cannot be read (it is a folder, not a file); put your own version of the file there, or delete it to use dll's own"
		if err == nil || err.Error() != want {
			t.Fatalf("got error\n  %v\nwant\n  %s", err, want)
		}
	}
}

func TestTemplateOverride(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "404.html"), []byte("{{define \"main\"}}<h1>Lost in the stacks</h1>{{end}}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "templates", "style.css"), []byte("body { color: rebeccapurple; }\n"), 0o644)
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	files := tree(t, out)
	if !bytes.Contains(files["404.html"], []byte("<h1>Lost in the stacks</h1>")) {
		t.Error("templates/404.html did not replace the built-in 404 page")
	}
	if string(files["assets/style.css"]) != "body { color: rebeccapurple; }\n" {
		t.Error("templates/style.css did not replace the built-in style sheet")
	}
	if !bytes.Contains(files["index.html"], []byte("What the portfolio demonstrates")) {
		t.Error("pages without an override should keep the built-in templates")
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOwnCopiesOfEveryTemplate: a portfolio that copies dll's templates
// into its templates/ folder to edit them, as the README says, is checked
// and built with them: a copy of base.html beside copies of the pages is
// no error. A page broken beside its own base.html is still reported at
// its line.
func TestOwnCopiesOfEveryTemplate(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	own := filepath.Join(dir, "templates")
	os.MkdirAll(own, 0o755)
	files, err := fs.Glob(dlltemplates.FS, themeDir+"/*.html")
	if err != nil || len(files) < 10 {
		t.Fatalf("dll's templates: %v %v", files, err)
	}
	for _, f := range files {
		src, err := fs.ReadFile(dlltemplates.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(own, path.Base(f)), src, 0o644)
	}
	if d := CheckTemplates(os.DirFS(dir)); len(d) > 0 {
		t.Fatalf("copies of dll's own templates were reported:\n%s", d)
	}
	p := loadChecked(t, dir)
	if _, err := Build(context.Background(), p, filepath.Join(t.TempDir(), "public"), Options{}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(own, "entry.html"), []byte("{{define \"main\"}}\n<p>{{t \"entry.with\"}}</p>\n<h1>{{.Entry.Title}</h1>\n{{end}}\n"), 0o644)
	want := `templates/entry.html:3:1: template: bad character U+007D '}'; fix the template, or delete it to use dll's own`
	if d := CheckTemplates(os.DirFS(dir)); len(d) != 1 || d[0].String() != want {
		t.Fatalf("got\n%s\nwant\n%s", d, want)
	}
}
