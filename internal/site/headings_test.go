package site

import (
	"context"
	"html"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHeadingIDsAndFragments: the headings of a story get the ids dll
// validate reads links by (as GitHub makes them; repeats get -1; a heading
// named like a part of the page gets story-), no id is on a page twice,
// and every link of the site to a place in one of its pages finds that
// place.
func TestHeadingIDsAndFragments(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
	src, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	add := "\n## Evidence\n\nOur [results](#evidence-of-impact), the [glider results](glider-design-challenge/index.md#evidence-of-impact),\n" +
		"[their Big Think](glider-design-challenge/#big-think), [this again](#what-we-did-1) and [the page's evidence](#evidence).\n\n## What we did\n\nMore.\n\n## Été\n"
	if err := os.WriteFile(book, append(src, add...), 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	page := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	bookPage := page("experiences/grade3-book-tasting/index.html")
	for _, want := range []string{`<h2 id="story-evidence">Evidence</h2>`, `<h2 id="what-we-did">What we did</h2>`, `<h2 id="what-we-did-1">What we did</h2>`, `<h2 id="été">Été</h2>`,
		`href="../glider-design-challenge/index.html#evidence-of-impact"`, `href="../glider-design-challenge/index.html#big-think"`} {
		if !strings.Contains(bookPage, want) {
			t.Errorf("the book tasting page lacks %s", want)
		}
	}

	idRE := regexp.MustCompile(`\sid="([^"]*)"`)
	hrefRE := regexp.MustCompile(`\shref="([^"#:]*)#([^"]+)"`)
	ids := map[string]map[string]bool{}
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		set := map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(string(b), -1) {
			id := html.UnescapeString(m[1])
			if set[id] {
				t.Errorf("%s: the id %q is on the page twice", rel, id)
			}
			set[id] = true
		}
		ids[filepath.ToSlash(rel)] = set
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name := range ids {
		for _, m := range hrefRE.FindAllStringSubmatch(page(name), -1) {
			target := name
			if m[1] != "" {
				target = path.Join(path.Dir(name), html.UnescapeString(m[1]))
				if strings.HasSuffix(m[1], "/") {
					target = path.Join(target, "index.html")
				}
			}
			set, ok := ids[target]
			if !ok {
				continue // a file, not a page
			}
			checked++
			if frag := html.UnescapeString(m[2]); !set[frag] {
				t.Errorf("%s links to %s#%s, which has no such id", name, target, frag)
			}
		}
	}
	if checked < 5 {
		t.Errorf("only %d links to a place in a page were checked", checked)
	}
}
