package site

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dll/internal/sample"
)

// capped writes a generated portfolio of n experiences, the first
// underway of which (the newest) are under way rather than completed:
// they align to the same codes, but evidence none of them yet.
func capped(t *testing.T, n, underway int) string {
	t.Helper()
	dir := t.TempDir()
	if err := sample.Write(dir, n); err != nil {
		t.Fatal(err)
	}
	endRE := regexp.MustCompile(`(?m)^status: completed\nstart: \d+-(\d\d-\d\d)\nend: .*\n`)
	for i := range underway {
		file := filepath.Join(dir, "experiences", fmt.Sprintf("experience-%05d", i), "index.md")
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src = endRE.ReplaceAll(src, []byte("status: in-progress\nstart: 2026-$1\n"))
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The criterion map's link under a code with more than ten experiences
// says how many the framework's pages list under that code, which are
// every experience aligned to it, under way ones too: saying "the other
// 5 that evidence it" would lead to a page whose first 50 are others.
func TestCriterionMapLinkCountsWhatTheFrameworkPageLists(t *testing.T) {
	dir := capped(t, 60, 45)
	out := filepath.Join(t.TempDir(), "public")
	if _, diags, err := streamBuild(t, dir, out, Options{}); err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	files := tree(t, out)
	criteria := string(files["criteria/index.html"])
	_, section, ok := strings.Cut(criteria, `<h3 id="map-iste-coaches-code-4-3">`)
	if !ok {
		t.Fatalf("the criterion map has no code 4.3:\n%s", criteria)
	}
	section, _, _ = strings.Cut(section, `<div class="criterion">`)
	if n := strings.Count(section, "<li>"); n != criteriaPerCode {
		t.Errorf("the map shows %d experiences under 4.3, want %d", n, criteriaPerCode)
	}
	want := `<p class="criterion-more"><a href="../frameworks/iste-coaches/index.html#code-4-3" data-print="frameworks/iste-coaches/">See all 60 experiences that show it</a></p>`
	if !strings.Contains(section, want) {
		t.Errorf("the map's link under 4.3 is not\n%s\n%s", want, section)
	}
	framework := string(files["frameworks/iste-coaches/index.html"])
	_, listed, _ := strings.Cut(framework, `<h2 id="code-4-3">`)
	listed, _, _ = strings.Cut(listed, "</section>")
	page2 := string(files["frameworks/iste-coaches/page/2/index.html"])
	_, listed2, _ := strings.Cut(page2, `<h2 id="code-4-3">`)
	listed2, _, _ = strings.Cut(listed2, "</section>")
	if a, b := strings.Count(listed, "<li>"), strings.Count(listed2, "<li>"); a+b != 60 {
		t.Errorf("the framework's pages list %d and %d experiences under 4.3, not the 60 the map says", a, b)
	}
}

// A summary.html or criteria.html of the portfolio's own, written before
// the summary and the map listed only the latest experiences, knows
// nothing of the link to the others: it is given them all, as before,
// rather than a list cut short under its heading "All experiences".
func TestOwnSummaryAndCriteriaListEveryExperience(t *testing.T) {
	dir := capped(t, 60, 0)
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	own := map[string]string{
		"summary.html":  `{{define "main"}}<h2>All experiences</h2><ul id="own">{{range .Entries}}<li>{{.Title}}</li>{{end}}</ul>{{end}}`,
		"criteria.html": `{{define "main"}}{{range .Criteria.Frameworks}}{{range .Codes}}<h3>{{.ID}}</h3><ul>{{range .Evidence}}<li>{{.Entry.Title}}</li>{{end}}</ul>{{end}}{{end}}{{end}}`,
	}
	for name, text := range own {
		if err := os.WriteFile(filepath.Join(dir, "templates", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, diags, err := streamBuild(t, dir, out, Options{}); err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	files := tree(t, out)
	_, summary, _ := strings.Cut(string(files["summary/index.html"]), `<ul id="own">`)
	summary, _, _ = strings.Cut(summary, "</ul>")
	if n := strings.Count(summary, "<li>"); n != 60 {
		t.Errorf("the portfolio's own summary lists %d experiences under \"All experiences\", want 60", n)
	}
	criteria := string(files["criteria/index.html"])
	_, code, _ := strings.Cut(criteria, "<h3>4.3</h3>")
	code, _, _ = strings.Cut(code, "</ul>")
	if n := strings.Count(code, "<li>"); n != 60 {
		t.Errorf("the portfolio's own criterion map lists %d experiences under 4.3, want 60", n)
	}
}
