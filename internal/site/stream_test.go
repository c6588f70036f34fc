package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/sample"
	"dll/internal/validate"
)

// streamBuild builds the portfolio in dir as dll build does: every entry
// read once for the index (Entry.Slim), the rules that span entries, then
// each entry read again, checked and made into its page (Stream). It
// returns every problem found, sorted.
func streamBuild(t testing.TB, dir, out string, opts Options) (*Summary, diag.List, error) {
	t.Helper()
	ctx := context.Background()
	p, diags, err := portfolio.Open(ctx, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	p.Today = scenarioDay
	diags = append(diags, CheckTemplates(p.FS)...)
	p.LoadEntries(ctx, "", func(e *portfolio.Entry, _ *diag.List) { e.Slim(p.Model) })
	checker := validate.NewChecker(p)
	checker.Portfolio(&diags)
	sum, more, err := Stream(ctx, p, out, opts, checker.Entry, diags.HasErrors())
	diags = append(diags, more...)
	diags.Sort()
	return sum, diags, err
}

// scenarioDay is the day the streamed builds of these tests run on.
var scenarioDay = gitDay("2026-11-30")

// checkedBuild builds dir with Build, from every entry read in full and
// checked by validate.Check, as dll serve and the tests before streaming
// do.
func checkedBuild(t *testing.T, dir string, opts Options) (map[string][]byte, *Summary) {
	t.Helper()
	p, loadDiags := portfolio.Load(os.DirFS(dir))
	p.Today = scenarioDay
	if diags := validate.Check(p, loadDiags); diags.HasErrors() {
		t.Fatalf("the portfolio has errors:\n%s", problems(diags))
	}
	out := filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), p, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return tree(t, out), sum
}

// generated writes a realistic generated portfolio of n entries.
func generated(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := sample.WriteRealistic(dir, n); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The site dll build makes one entry at a time, from an index of the
// entries, is the site made from every entry held in full, byte for
// byte: for the example (with drafts, with its history, with templates of
// its own, with names on its roster) and for a portfolio whose lists go on
// over many pages.
func TestStreamMatchesBuild(t *testing.T) {
	withTemplates := exampleWith(t, "")
	os.MkdirAll(filepath.Join(withTemplates, "templates"), 0o755)
	// A list page of its own that shows what cards do not.
	os.WriteFile(filepath.Join(withTemplates, "templates", "list.html"), []byte(`{{define "main"}}<h1>{{.Heading}}</h1>
<ul>{{range .Entries}}<li>{{.Title}}: {{.MyRole}}, {{range .Partners}}{{.Name}} {{end}}{{with .Outcomes}}{{.AssessmentBasis}}{{end}}</li>{{end}}</ul>
{{template "cards" (cardsOf . .Entries 2)}}{{end}}
`), 0o644)
	roster := exampleWith(t, "")
	os.MkdirAll(filepath.Join(roster, "private"), 0o755)
	os.WriteFile(filepath.Join(roster, "private", "roster.txt"), []byte("Jordan Whitfield-Amari\n"), 0o644)
	settings, _ := os.ReadFile(filepath.Join(roster, "dll.yaml"))
	os.WriteFile(filepath.Join(roster, "dll.yaml"), bytes.Replace(settings, []byte("privacy:\n"), []byte("privacy:\n  roster: private/roster.txt\n"), 1), 0o644)

	many := generated(t, 130)
	for _, tc := range []struct {
		name string
		dir  string
		opts Options
	}{
		{"example", example, Options{}},
		{"drafts", example, Options{Drafts: true}},
		{"history", example, history()},
		{"own templates", withTemplates, Options{}},
		{"roster", roster, Options{}},
		{"many pages", many, Options{}},
		{"many pages with drafts", many, Options{Drafts: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, wantSum := checkedBuild(t, tc.dir, tc.opts)
			out := filepath.Join(t.TempDir(), "public")
			sum, diags, err := streamBuild(t, tc.dir, out, tc.opts)
			if err != nil || diags.HasErrors() {
				t.Fatalf("%v\n%s", err, problems(diags))
			}
			sameTree(t, want, tree(t, out))
			if fmt.Sprint(*sum) != fmt.Sprint(*wantSum) {
				t.Errorf("summary %+v, want %+v", *sum, *wantSum)
			}
		})
	}
}

// A build reports every problem dll validate reports, and then makes
// nothing: the site from the last build stays as it was.
func TestStreamReportsWhatValidateReports(t *testing.T) {
	dir := generated(t, 60)
	// An error in a story, one in front matter, a warning, and two
	// entries that would have one address.
	edit := func(i int, old, new string) {
		name := filepath.Join(dir, "experiences", sample.RealisticName(i), "index.md")
		data, _ := os.ReadFile(name)
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", name, old)
		}
		os.WriteFile(name, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
	}
	edit(3, "## Context\n", "## Context\n\n![](https://example.org/a.png)\n")
	edit(7, "mode: ", "mood: ")
	edit(11, "## Context\n", "## Context\n\n<!-- a note -->\n")
	os.WriteFile(filepath.Join(dir, "experiences", sample.RealisticName(20)+".md"), []byte(sample.Realistic(20, 60)), 0o644)

	p, loadDiags := portfolio.Load(os.DirFS(dir))
	p.Today = scenarioDay
	want := validate.Check(p, append(loadDiags, CheckTemplates(p.FS)...))
	if errs, warns := want.Count(); errs < 4 || warns < 1 {
		t.Fatalf("want errors and a warning; validate found:\n%s", problems(want))
	}

	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	writeMarker(out)
	os.WriteFile(filepath.Join(out, "index.html"), []byte("the last site"), 0o644)
	before := tree(t, out)
	sum, got, err := streamBuild(t, dir, out, Options{})
	if err != nil || sum != nil {
		t.Fatalf("a build with errors made a site (%v, %v)", sum, err)
	}
	if problems(got) != problems(want) {
		t.Errorf("the build reported:\n%s\nvalidate reports:\n%s", problems(got), problems(want))
	}
	sameTree(t, before, tree(t, out))
	noLeftovers(t, out)
}

// An entry changed while the site is made (after the index of entries was
// read) would show differently on its page and in the lists: the build
// says so, and makes nothing.
func TestStreamEntryChangedMeanwhile(t *testing.T) {
	dir := generated(t, 12)
	ctx := context.Background()
	p, diags, _ := portfolio.Open(ctx, os.DirFS(dir))
	p.LoadEntries(ctx, "", func(e *portfolio.Entry, _ *diag.List) { e.Slim(p.Model) })
	name := filepath.Join(dir, "experiences", sample.RealisticName(5), "index.md")
	data, _ := os.ReadFile(name)
	os.WriteFile(name, bytes.Replace(data, []byte(`cycle 5"`), []byte(`cycle five"`), 1), 0o644)
	checker := validate.NewChecker(p)
	checker.Portfolio(&diags)
	out := filepath.Join(t.TempDir(), "public")
	sum, got, err := Stream(ctx, p, out, Options{}, checker.Entry, diags.HasErrors())
	want := "experiences/experience-00005/index.md:1:1: this file changed while dll was reading the portfolio; run dll again\n"
	if err != nil || sum != nil || problems(got) != want {
		t.Errorf("got %v, %v and\n%s\nwant\n%s", sum, err, problems(got), want)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the build made a site")
	}
	noLeftovers(t, out)
}

var (
	relRE   = regexp.MustCompile(`<link rel="(prev|next)" href="([^"]*)">`)
	cardRE  = regexp.MustCompile(`<h2><a href="[./]*experiences/([^/]+)/index.html">`)
	titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)
)

// A long list goes on over pages of 50 entries at stable addresses
// (experiences/, experiences/page/2/, ...), each linked to the next and
// the one before, and every entry is on exactly one of them, newest first
// as on a single page. A list of 50 or fewer has no pages after its first.
func TestLongListsGoOnOverPages(t *testing.T) {
	const n = 210 // five pages of experiences; some framework codes take two
	dir := generated(t, n)
	out := filepath.Join(t.TempDir(), "public")
	sum, diags, err := streamBuild(t, dir, out, Options{})
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	files := tree(t, out)

	var pages []string
	for k := 1; k <= 5; k++ {
		pages = append(pages, pagePath("experiences/", k))
	}
	if _, ok := files["experiences/page/6/index.html"]; ok {
		t.Errorf("%d experiences make a sixth page", n)
	}
	var listed []string
	for i, name := range pages {
		page := string(files[name])
		if page == "" {
			t.Fatalf("%s is missing", name)
		}
		var slugs []string
		for _, m := range cardRE.FindAllStringSubmatch(page, -1) {
			slugs = append(slugs, m[1])
		}
		if want := min(50, n-50*i); len(slugs) != want {
			t.Errorf("%s shows %d cards, want %d", name, len(slugs), want)
		}
		listed = append(listed, slugs...)
		links := map[string]string{}
		for _, m := range relRE.FindAllStringSubmatch(page, -1) {
			links[m[1]] = m[2]
		}
		root := strings.Repeat("../", strings.Count(name, "/"))
		last := len(pages) - 1
		if i > 0 && links["prev"] != root+pages[i-1] || i == 0 && links["prev"] != "" {
			t.Errorf("%s: rel=prev is %q", name, links["prev"])
		}
		if i < last && links["next"] != root+pages[i+1] || i == last && links["next"] != "" {
			t.Errorf("%s: rel=next is %q", name, links["next"])
		}
		if !strings.Contains(page, fmt.Sprintf("<p class=\"lead\">%d experiences, newest first.</p>", n)) {
			t.Errorf("%s does not say how many experiences there are in all", name)
		}
		title := titleRE.FindStringSubmatch(page)[1]
		if want := fmt.Sprintf("All experiences (page %d of 5) · ", i+1); i > 0 && !strings.HasPrefix(title, want) || i == 0 && !strings.HasPrefix(title, "All experiences · ") {
			t.Errorf("%s is titled %q", name, title)
		}
	}
	if sum.Entries != n || len(listed) != n {
		t.Fatalf("built %d entries and listed %d, want %d", sum.Entries, len(listed), n)
	}
	seen := map[string]bool{}
	for _, s := range listed {
		if seen[s] {
			t.Errorf("%s is listed twice", s)
		}
		seen[s] = true
	}
	p := loadChecked(t, dir)
	b := newBuilder(p, discard{}, Options{}, mustTemplates(t, p), nil)
	var want []string
	for _, v := range b.entries {
		want = append(want, v.Slug())
	}
	if !slices.Equal(listed, want) {
		t.Error("the pages do not list the experiences newest first")
	}

	// Every page of every list, and every entry of a list, is there.
	for _, tag := range b.site.Tags {
		var got []string
		for k := 1; ; k++ {
			page, ok := files[pagePath("tags/"+tag.Slug+"/", k)]
			if !ok {
				break
			}
			for _, m := range cardRE.FindAllStringSubmatch(string(page), -1) {
				got = append(got, m[1])
			}
		}
		var slugs []string
		for _, v := range tag.Entries {
			slugs = append(slugs, v.Slug())
		}
		if !slices.Equal(got, slugs) {
			t.Errorf("the pages of the tag %s list %d entries, want %d in order", tag.Slug, len(got), len(slugs))
		}
		if len(tag.Entries) <= perPage && bytes.Contains(files["tags/"+tag.Slug+"/index.html"], []byte(`rel="next"`)) {
			t.Errorf("the tag %s has %d entries and a next page", tag.Slug, len(tag.Entries))
		}
	}
	for _, name := range []string{"timeline/page/3/index.html", "types/directed-instruction/index.html", "frameworks/iste-coaches/page/2/index.html"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s is missing", name)
		}
	}
	// A page after the first lists only the codes that go on to it.
	fw := string(files["frameworks/iste-coaches/page/2/index.html"])
	if strings.Count(fw, "<section") == 0 || strings.Contains(fw, "Not yet evidenced") {
		t.Errorf("the second page of a framework shows no code, or a code with none:\n%s", fw)
	}
}

// builtSample builds a generated portfolio of n entries (sample.Write),
// and returns its files, the portfolio, and a builder of its index.
func builtSample(t *testing.T, n int) (map[string][]byte, *portfolio.Portfolio, *builder) {
	t.Helper()
	dir := t.TempDir()
	if err := sample.Write(dir, n); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, diags, err := streamBuild(t, dir, out, Options{}); err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	p := loadChecked(t, dir)
	return tree(t, out), p, newBuilder(p, discard{}, Options{}, mustTemplates(t, p), nil)
}

// Every page of a long tag, type and framework is there, and lists each
// entry once, in order: here every entry has the tag research, and aligns
// to two codes of a framework.
func TestLongTagsAndFrameworksGoOnOverPages(t *testing.T) {
	files, _, b := builtSample(t, 120)
	var want []string
	for _, v := range b.entries {
		want = append(want, v.Slug())
	}
	var got []string
	for k := 1; k <= 3; k++ {
		page := string(files[pagePath("tags/research/", k)])
		if page == "" {
			t.Fatalf("page %d of the tag research is missing", k)
		}
		for _, m := range cardRE.FindAllStringSubmatch(page, -1) {
			got = append(got, m[1])
		}
		if !strings.Contains(page, `content="120 experiences tagged “research”`) {
			t.Errorf("page %d of the tag research does not say how many experiences it has in all", k)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("the pages of the tag research list %d entries, want %d in order", len(got), len(want))
	}
	linkRE := regexp.MustCompile(`<a href="[./]*experiences/([^/]+)/index.html">`)
	count := map[string]int{}
	for k := 1; k <= 3; k++ {
		page := string(files[pagePath("frameworks/iste-coaches/", k)])
		if page == "" {
			t.Fatalf("page %d of the framework is missing", k)
		}
		for _, m := range linkRE.FindAllStringSubmatch(page, -1) {
			count[m[1]]++
		}
	}
	for _, slug := range want {
		if count[slug] != 2 {
			t.Errorf("the framework's pages list %s %d times, want under each of its two codes", slug, count[slug])
		}
	}
	if _, ok := files["frameworks/iste-coaches/page/4/index.html"]; ok {
		t.Error("120 entries make a fourth page of the framework")
	}
}

// The summary and the criterion map stay short however many experiences
// there are: the summary lists the latest 50 and links to the experiences
// pages for all of them; the map shows a code's latest 10 experiences, with
// their notes, and links to the code on its framework's pages, which list
// them all, saying how many there are.
func TestLongSummaryAndCriterionMapStayShort(t *testing.T) {
	files, p, b := builtSample(t, 120)

	summary := string(files["summary/index.html"])
	_, all, ok := strings.Cut(summary, `<h2 id="all">`)
	if !ok {
		t.Fatal("the summary lists no experiences")
	}
	if !strings.HasPrefix(all, "Latest experiences</h2>") {
		t.Errorf("the summary's list is headed %.40q", all)
	}
	linkRE := regexp.MustCompile(`<a href="\.\./experiences/([^/]+)/index.html">`)
	var listed []string
	for _, m := range linkRE.FindAllStringSubmatch(all, -1) {
		listed = append(listed, m[1])
	}
	var latest []string
	for _, v := range b.entries[:summaryMax] {
		latest = append(latest, v.Slug())
	}
	if !slices.Equal(listed, latest) {
		t.Errorf("the summary lists %d experiences, want the latest %d in order", len(listed), summaryMax)
	}
	if !strings.Contains(all, `<p><a href="../experiences/index.html" data-print="experiences/">See all 120 experiences, page by page</a></p>`) {
		t.Errorf("the summary does not link to all the experiences:\n%s", all)
	}

	criteria := string(files["criteria/index.html"])
	full := b.criteria(p.EnabledFrameworks(), b.entries, false, 0, func(v *entryView) (string, string) { return v.URL(), "" })
	codes := 0
	for _, f := range full.Frameworks {
		for _, c := range f.Codes {
			_, section, ok := strings.Cut(criteria, `<h3 id="`+c.Anchor+`">`)
			if !ok {
				t.Fatalf("the criterion map has no code %s", c.ID)
			}
			section, _, _ = strings.Cut(section, `<div class="criterion">`)
			items := strings.Count(section, "<li>")
			more := ""
			if n := len(c.Evidence); n > criteriaPerCode {
				codes++
				href := "../frameworks/" + f.ID + "/index.html#" + codeAnchor(c.ID)
				more = fmt.Sprintf(`<p class="criterion-more"><a href="%s" data-print="frameworks/%s/">See all %d experiences that show it</a></p>`, href, f.ID, n)
				if !strings.Contains(string(files["frameworks/"+f.ID+"/index.html"]), `<h2 id="`+codeAnchor(c.ID)+`">`) {
					t.Errorf("the framework's page has no heading for %s to link to", c.ID)
				}
			}
			if want := min(len(c.Evidence), criteriaPerCode); items != want || more != "" && !strings.Contains(section, more) || more == "" && strings.Contains(section, "criterion-more") {
				t.Errorf("the map shows %d experiences under %s (want %d), and this about the others (want %q):\n%s", items, c.ID, want, more, section)
			}
		}
	}
	if codes == 0 {
		t.Fatal("no code has more than 10 experiences: the test shows nothing")
	}
	if len(criteria) > 200_000 {
		t.Errorf("the criterion map of 120 experiences is %d bytes", len(criteria))
	}
}

// The sitemap names every page of every list, each page after the first
// of a long one too, and every experience's page; with more addresses than
// a sitemap may list (50,000 by the protocol), sitemap.xml is an index of
// sitemaps that list them all between them.
func TestSitemapNamesEveryPage(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, 120); err != nil {
		t.Fatal(err)
	}
	settings := filepath.Join(dir, "dll.yaml")
	src, _ := os.ReadFile(settings)
	os.WriteFile(settings, append(src, "base_url: https://tess.example.org/portfolio/\n"...), 0o644)
	type loc struct {
		Loc string `xml:"loc"`
	}
	var set struct {
		XMLName  xml.Name
		URLs     []loc `xml:"url"`
		Sitemaps []loc `xml:"sitemap"`
	}
	read := func(files map[string][]byte, name string) []string {
		t.Helper()
		set.URLs, set.Sitemaps = nil, nil
		if err := xml.Unmarshal(files[name], &set); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var out []string
		for _, l := range append(set.URLs, set.Sitemaps...) {
			out = append(out, strings.TrimPrefix(l.Loc, "https://tess.example.org/portfolio/"))
		}
		return out
	}

	out := filepath.Join(t.TempDir(), "public")
	if _, diags, err := streamBuild(t, dir, out, Options{}); err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	files := tree(t, out)
	all := read(files, "sitemap.xml")
	if set.XMLName.Local != "urlset" {
		t.Fatalf("sitemap.xml is a %s", set.XMLName.Local)
	}
	listed := map[string]bool{}
	for _, u := range all {
		listed[u] = true
	}
	for name := range files {
		page, ok := strings.CutSuffix(name, "index.html")
		if !ok || strings.HasPrefix(name, "criteria/") || strings.Count(name, "/") > 2 && strings.HasPrefix(name, "experiences/") && !strings.HasPrefix(name, "experiences/page/") {
			continue // the criterion map, and the pages of an experience's evidence, are reached from the pages listed
		}
		if !listed[page] {
			t.Errorf("the sitemap does not name %s", page)
		}
	}
	for _, want := range []string{"experiences/page/3/", "tags/research/page/3/", "frameworks/iste-coaches/page/3/"} {
		if !listed[want] {
			t.Errorf("the sitemap does not name %s", want)
		}
	}

	sitemapMax = 50
	t.Cleanup(func() { sitemapMax = 50_000 })
	out2 := filepath.Join(t.TempDir(), "public")
	if _, diags, err := streamBuild(t, dir, out2, Options{}); err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	files = tree(t, out2)
	parts := read(files, "sitemap.xml")
	if set.XMLName.Local != "sitemapindex" || len(parts) != (len(all)+49)/50 {
		t.Fatalf("with more than 50 addresses, sitemap.xml is a %s of %d, want an index of %d sitemaps", set.XMLName.Local, len(parts), (len(all)+49)/50)
	}
	var joined []string
	for i, part := range parts {
		if want := fmt.Sprintf("sitemap-%d.xml", i+1); part != want {
			t.Errorf("sitemap %d is %s, want %s", i+1, part, want)
		}
		urls := read(files, part)
		if set.XMLName.Local != "urlset" || len(urls) > 50 {
			t.Errorf("%s is a %s of %d addresses", part, set.XMLName.Local, len(urls))
		}
		joined = append(joined, urls...)
	}
	if !slices.Equal(joined, all) {
		t.Errorf("the sitemaps list %d addresses, want the %d of one sitemap, in order", len(joined), len(all))
	}
	if robots := string(files["robots.txt"]); !strings.Contains(robots, "Sitemap: https://tess.example.org/portfolio/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
}

// A portfolio's own base.html, written before lists had pages, still makes
// them, with dll's own way between them and its own line saying which page
// each is.
func TestOwnBaseWithoutPages(t *testing.T) {
	dir := generated(t, 60)
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	base, err := os.ReadFile(filepath.Join("..", "..", "templates", "site", "base.html"))
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(base, []byte(`{{- /* Which page of a list of many pages`))
	end := bytes.Index(base, []byte(`{{- /* A picture in its web versions. */}}`))
	if start < 0 || end < start {
		t.Fatal("base.html has no pages template")
	}
	own := append(append([]byte{}, base[:start]...), base[end:]...)
	os.WriteFile(filepath.Join(dir, "templates", "base.html"), own, 0o644)
	out := filepath.Join(t.TempDir(), "public")
	if _, diags, err := streamBuild(t, dir, out, Options{}); err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	page, _ := os.ReadFile(filepath.Join(out, "experiences", "index.html"))
	if !bytes.Contains(page, []byte(`<a rel="next" href="../experiences/page/2/index.html"><span class="pager-label">Older</span> Page 2 of 2</a>`)) {
		t.Errorf("the first page does not lead to the second:\n%s", page)
	}
	if !bytes.Contains(page, []byte("<p class=\"lead\">60 experiences, newest first.</p>\n<p class=\"note page-number\">Page 1 of 2</p>")) {
		t.Errorf("the first page does not say, under its heading, which page it is:\n%s", page)
	}
}

func mustTemplates(t testing.TB, p *portfolio.Portfolio) *templates {
	t.Helper()
	tpl, err := loadTemplates(p.FS, lang.Load(p.FS, p.Settings.Language))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// problems prints diagnostics as dll validate does.
func problems(l diag.List) string {
	var b strings.Builder
	l.Print(&b)
	return b.String()
}

// A year of the timeline that goes on over two pages counts on where the
// page before stopped: the experiences of each year are numbered 1 to the
// number of them, once each, over all pages.
func TestTimelineCountsOnOverPages(t *testing.T) {
	dir := generated(t, 120)
	out := filepath.Join(t.TempDir(), "public")
	if _, diags, err := streamBuild(t, dir, out, Options{}); err != nil || diags.HasErrors() {
		t.Fatalf("%v\n%s", err, problems(diags))
	}
	files := tree(t, out)
	listRE := regexp.MustCompile(`(?s)<h2 id="year-(\d+)">.*?<ol class="timeline"(?: start="(\d+)")?>(.*?)</ol>`)
	numbers := map[string][]int{}
	pages := map[string]int{} // how many pages each year is on
	for k := 1; k <= 3; k++ {
		page := string(files[pagePath("timeline/", k)])
		if page == "" {
			t.Fatalf("page %d of the timeline is missing", k)
		}
		for _, m := range listRE.FindAllStringSubmatch(page, -1) {
			pages[m[1]]++
			first := 1
			if m[2] != "" {
				first, _ = strconv.Atoi(m[2])
			}
			for i := range strings.Count(m[3], "<li>") {
				numbers[m[1]] = append(numbers[m[1]], first+i)
			}
		}
	}
	if !slices.ContainsFunc(slices.Collect(maps.Values(pages)), func(n int) bool { return n > 1 }) {
		t.Fatal("no year goes on over two pages of the timeline; the test needs one")
	}
	total := 0
	for year, got := range numbers {
		total += len(got)
		for i, n := range got {
			if n != i+1 {
				t.Errorf("the experiences of %s are numbered %v over the pages, want 1 to %d", year, got, len(got))
				break
			}
		}
	}
	if total != 120 {
		t.Errorf("the timeline's pages list %d experiences, want 120", total)
	}
}
