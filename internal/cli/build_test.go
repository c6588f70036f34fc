package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dll/internal/media"
	"dll/internal/site"
)

// copyExample copies the example portfolio into a new folder.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "portfolio")
	from := filepath.Join("..", "..", "examples", "portfolio")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
		}
		return nil
	})
	return out
}

func TestBuildExample(t *testing.T) {
	dir := copyExample(t)
	e := newTestEnv(t, dir)
	if code := e.run(t, "build"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want := "Built 10 experiences into public/: 84 pages and 36 files (861 KB).\nOpen public/index.html in a browser to see it.\n"
	// Outside a git repository the build says once that pages show no
	// history.
	wantErr := "dll: warning: the portfolio is not in a git repository, so pages show no history, and dates come from your entries; run 'git init' in the portfolio folder and commit your work to keep its history\n"
	if e.out.String() != want || e.err.String() != wantErr {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "experiences", "glider-design-challenge", "glider-test.jpg")); err != nil {
		t.Error(err)
	}
}

func TestBuildWithErrorsLeavesSite(t *testing.T) {
	dir := copyExample(t)
	e := newTestEnv(t, dir)
	if code := e.run(t, "build"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	before := readTree(t, filepath.Join(dir, "public"))

	entry := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
	src := readFile(t, entry)
	writeFile(t, entry, strings.Replace(src, "status: completed", "status: finished", 1))
	e = newTestEnv(t, dir)
	code := e.run(t, "build")
	want := "experiences/grade3-book-tasting.md:4:9: status: \"finished\" is not a status; choose one of: planned, in-progress, completed\n" +
		"Nothing was built: fix the error above, then build again. The site from the last build is unchanged.\n"
	if code != 1 || e.out.String() != want {
		t.Errorf("exit %d, stdout:\n%s\nwant exit 1 and:\n%s", code, e.out, want)
	}
	after := readTree(t, filepath.Join(dir, "public"))
	if len(after) != len(before) {
		t.Errorf("the site had %d files and now has %d", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed", name)
		}
	}
	names, _ := os.ReadDir(dir)
	for _, n := range names {
		if strings.HasPrefix(n.Name(), ".public") {
			t.Errorf("the failed build left %s behind", n.Name())
		}
	}
}

func TestBuildRefusesForeignFolder(t *testing.T) {
	dir := copyExample(t)
	other := filepath.Join(filepath.Dir(dir), "thesis")
	writeFile(t, filepath.Join(other, "chapter1.docx"), "my thesis")
	e := newTestEnv(t, dir)
	code := e.run(t, "build", "--out", "../thesis")
	want := "dll: cannot build into ../thesis: the output folder already holds files that dll did not make, and building would replace them; choose a new folder, or move those files away first\n"
	if code != 2 || e.err.String() != want || e.out.Len() > 0 {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and:\n%s", code, e.err, want)
	}
	if readFile(t, filepath.Join(other, "chapter1.docx")) != "my thesis" {
		t.Error("the folder was touched")
	}
}

func TestBuildReplacesItsOwnSite(t *testing.T) {
	dir := copyExample(t)
	out := filepath.Join(filepath.Dir(dir), "site")
	e := newTestEnv(t, dir)
	for range 2 {
		if code := e.run(t, "build", "-o", out); code != 0 {
			t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
		}
	}
	// A draft made public appears; the old pages are replaced, not kept.
	entry := filepath.Join(dir, "experiences", "family-digital-citizenship-nights.md")
	writeFile(t, entry, strings.Replace(readFile(t, entry), "draft: true", "draft: false", 1))
	os.Remove(filepath.Join(dir, "experiences", "grade3-book-tasting.md"))
	e = newTestEnv(t, dir)
	if code := e.run(t, "build", "-o", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	if _, err := os.Stat(filepath.Join(out, "experiences", "family-digital-citizenship-nights", "index.html")); err != nil {
		t.Error("the newly public entry has no page")
	}
	if _, err := os.Stat(filepath.Join(out, "experiences", "grade3-book-tasting")); err == nil {
		t.Error("the removed entry's page is still published")
	}
	if !bytes.Contains([]byte(readFile(t, filepath.Join(out, ".dll-site"))), []byte("made by dll build")) {
		t.Error("the site has no marker")
	}
}

// TestBuildSummaryWords: the line after a build reads right for every
// count, none included: never "0 files (0 bytes)", which reads as if
// nothing was built.
func TestBuildSummaryWords(t *testing.T) {
	for _, tc := range []struct {
		sum    site.Summary
		out    string
		drafts bool
		want   string
	}{
		{site.Summary{Entries: 3000, Pages: 3023}, "public", false,
			"Built 3000 experiences into public/: 3023 pages; there were no evidence files or pictures to copy."},
		{site.Summary{Entries: 1, Pages: 14, Files: 1, Bytes: 999}, "", false,
			"Built 1 experience: 14 pages and 1 file (999 bytes)."},
		{site.Summary{Entries: 10, Pages: 83, Files: 36, Bytes: 861_000}, "site", false,
			"Built 10 experiences into site/: 83 pages and 36 files (861 KB)."},
		{site.Summary{Entries: 0, Pages: 12}, "public", false,
			"Built the site into public/ with no experience on it yet (drafts, planned and private entries are not published): 12 pages; there were no evidence files or pictures to copy."},
		{site.Summary{Entries: 2, Drafts: 1, Pages: 20, Files: 2, Bytes: 2_500_000}, "public", true,
			"Built 2 experiences into public/ (1 draft, for a local look only: do not publish this build): 20 pages and 2 files (2.5 MB)."},
	} {
		out := tc.out
		if out != "" {
			out = filepath.FromSlash(out)
		}
		if got := buildSummary(&tc.sum, out, tc.drafts); got != filepath.FromSlash(tc.want) {
			t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
		}
	}
}

// TestBuildReportsOnlyFilesItCleaned: a photo that carries its place and
// camera is reported as cleaned on its way to the site; once the photo in
// the portfolio is clean, so that the site's copy is the same bytes, the
// build says nothing about it.
func TestBuildReportsOnlyFilesItCleaned(t *testing.T) {
	dir := copyExample(t)
	photo := filepath.Join(dir, "experiences", "glider-design-challenge", "glider-test.jpg")
	gps, err := os.ReadFile(filepath.Join("..", "media", "testdata", "photo.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, photo, string(gps))
	e := newTestEnv(t, dir)
	if code := e.run(t, "build"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	line := "Removed location, camera, author and comment details from 1 file on the way to the site: experiences/glider-design-challenge/glider-test.jpg. The files in your portfolio keep them; 'dll strip' shows what it would remove from them.\n"
	if !strings.Contains(e.out.String(), line) {
		t.Errorf("stdout:\n%s\nwant the line:\n%s", e.out, line)
	}
	clean, _, err := media.CleanBytes("photo.jpg", gps)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, photo, string(clean))
	e = newTestEnv(t, dir)
	if code := e.run(t, "build"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	if strings.Contains(e.out.String(), "Removed") {
		t.Errorf("a photo published byte for byte as it is was reported as cleaned:\n%s", e.out)
	}
}
