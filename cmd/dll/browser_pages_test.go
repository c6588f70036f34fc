//go:build browser

package main_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dll/internal/sample"
)

// TestBrowserLongLists: a portfolio of more experiences than a list page
// shows (50) goes on over pages; every page of its lists passes axe-core
// and the Nu Html Checker, as the example's pages do, and the whole site
// is valid HTML.
func TestBrowserLongLists(t *testing.T) {
	chrome := findChromium(t)
	axe := loadAxe(t)
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := sample.WriteRealistic(dir, 60); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	stdout, stderr, code := runDLL(t, dir, "build", "-o", out)
	if code != 0 {
		t.Fatalf("dll build: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var lists []string
	for _, p := range htmlPages(t, out) {
		if !strings.HasPrefix(p, "experiences/experience-") {
			lists = append(lists, p)
		}
	}
	for _, want := range []string{"experiences/index.html", "experiences/page/2/index.html", "timeline/page/2/index.html"} {
		if !slices.Contains(lists, want) {
			t.Fatalf("the site has no %s; its list pages: %s", want, strings.Join(lists, ", "))
		}
	}
	s := openSite(t, "file", out)
	report := checkSite(t, startBrowser(t, chrome), s, lists, axe)
	for _, p := range lists {
		if msgs := report[p]; len(msgs) > 0 {
			t.Errorf("%s (%s):\n\t%s", p, s.url(p), strings.Join(msgs, "\n\t"))
		}
	}
	checkHTML(t, out)
}
