package site

// What the site shows its reader, a principal or an appraisal panel, and
// what it keeps for its author.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// exampleWith copies the example portfolio, adds more to its dll.yaml, and
// returns the folder.
func exampleWith(t *testing.T, settings string) string {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, example, dir)
	if settings != "" {
		f, err := os.OpenFile(filepath.Join(dir, "dll.yaml"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(settings)
		f.Close()
	}
	return dir
}

func buildDir(t *testing.T, dir string, opts Options) (map[string][]byte, *Summary) {
	t.Helper()
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), p, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return tree(t, out), sum
}

func htmlFiles(files map[string][]byte) []string {
	var out []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

var gitDay = func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }

// history is what git would say of the example: commit messages as an
// author types them, and a snapshot with a name meant for the author.
func history() Options {
	return Options{
		Version: "2fb5642 (14 November 2026)",
		Updated: gitDay("2026-11-14"),
		History: map[string]*History{
			"experiences/glider-design-challenge/index.md": {First: gitDay("2025-01-20"), Last: gitDay("2025-04-02"), Revisions: []Revision{
				{gitDay("2025-04-02"), "wip"},
				{gitDay("2025-01-20"), "Arcade wording"},
			}},
		},
		Snapshots: []Snapshot{{Name: "Job application: Lakeshore/2027", Date: gitDay("2026-06-30"), Added: []string{"experiences/k2-wonder-wall.yaml"}}},
	}
}

func TestRevisionsOnlyWhenAsked(t *testing.T) {
	files, _ := buildDir(t, exampleWith(t, ""), history())
	for _, name := range htmlFiles(files) {
		for _, private := range []string{"wip", "Arcade wording", "Job application", "Lakeshore/2027", "2fb5642"} {
			if bytes.Contains(files[name], []byte(private)) {
				t.Errorf("%s shows %q, which only the author should see unless dll.yaml asks", name, private)
			}
		}
	}
	entry := string(files["experiences/glider-design-challenge/index.html"])
	if !strings.Contains(entry, `Last updated <time datetime="2025-04-02">2 April 2025</time>`) {
		t.Error("the entry page does not say when it was last updated")
	}
	if !strings.Contains(string(files["index.html"]), `Last updated <time datetime="2026-11-14">14 November 2026</time>.`) {
		t.Error("the footer does not say when the portfolio was last updated")
	}
	if !strings.Contains(string(files["changes/index.html"]), `Since <time datetime="2026-06-30">30 June 2026</time>`) {
		t.Error("the changes page does not show the snapshot by its date")
	}

	files, _ = buildDir(t, exampleWith(t, "site:\n  show_revisions: true\n"), history())
	entry = string(files["experiences/glider-design-challenge/index.html"])
	for _, want := range []string{"How this experience evolved", `<time datetime="2025-04-02">2 April 2025</time>: wip</li>`, "Arcade wording"} {
		if !strings.Contains(entry, want) {
			t.Errorf("with show_revisions the entry page should show %q", want)
		}
	}
	if !strings.Contains(string(files["changes/index.html"]), "Since “Job application: Lakeshore/2027”") {
		t.Error("with show_revisions the changes page should name the snapshot")
	}
	if !strings.Contains(string(files["index.html"]), "Version 2fb5642 (14 November 2026).") {
		t.Error("with show_revisions the footer should show the version")
	}
}

// gapPortfolio has one inquiry entry, aligned to one AASL code.
func gapPortfolio(t *testing.T, extra string) string {
	entry := strings.Replace(photoEntry, "evidence:", "alignments:\n  aasl: [inquire]\nevidence:", 1)
	return writePortfolio(t, map[string]string{
		"dll.yaml":                    settings + "frameworks: [aasl]\n" + extra,
		"experiences/trip/index.md":   strings.Replace(entry, "![Our sampling spot](spot.jpg)", "", 1),
		"experiences/trip/creek.jpg":  string(gpsJPEG(t)),
		"experiences/trip/notes.txt":  "notes",
		"experiences/trip/spot.jpg":   string(gpsJPEG(t)),
		"experiences/trip/other.jpeg": string(gpsJPEG(t)),
	})
}

func TestGapsStayPrivate(t *testing.T) {
	p := loadChecked(t, gapPortfolio(t, ""))
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	files := tree(t, out)
	for _, name := range htmlFiles(files) {
		for _, gap := range []string{"Not yet", "0 of", "of 6", "0 experiences", "none yet", "Literacy", "Include"} {
			if bytes.Contains(files[name], []byte(gap)) {
				t.Errorf("%s shows a gap: %q", name, gap)
			}
		}
	}
	if _, ok := files["types/literacy/index.html"]; ok {
		t.Error("a type with no experience has a page")
	}
	for _, want := range []string{"types/inquiry/index.html", "frameworks/aasl/index.html", "coverage/index.html"} {
		if _, ok := files[want]; !ok {
			t.Errorf("%s was not built", want)
		}
	}

	p = loadChecked(t, gapPortfolio(t, "site:\n  show_gaps: true\n"))
	out = filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	files = tree(t, out)
	if !bytes.Contains(files["frameworks/aasl/index.html"], []byte("1 of 6 codes")) || !bytes.Contains(files["frameworks/aasl/index.html"], []byte("Not yet evidenced.")) {
		t.Error("with show_gaps the framework page should show the codes not yet evidenced")
	}
	if !bytes.Contains(files["types/index.html"], []byte("Literacy</a> <span class=\"note\">(0 experiences)")) {
		t.Error("with show_gaps the types page should list the types with no experience")
	}
}

// bigPhoto is a 4000×3000 JPEG as a phone takes it, held upright: its
// Exif orientation says to turn it a quarter right.
func bigPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for y := range 3000 {
		for x := range 4000 {
			c := color.RGBA{uint8(x / 16), uint8(y / 12), uint8((x + y) / 28), 255}
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			img.Y[img.YOffset(x, y)] = yy
			ci := img.COffset(x, y)
			img.Cb[ci], img.Cr[ci] = cb, cr
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	// An Exif segment with the orientation and a GPS pointer, as a phone writes.
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x02" +
		"\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00" +
		"\x88\x25\x00\x04\x00\x00\x00\x01\x00\x00\x00\x26" +
		"\x00\x00\x00\x00" + "\x00\x00")
	seg := append([]byte("Exif\x00\x00"), tiff...)
	jpg := buf.Bytes()
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func TestBigPhotoMadeForTheWeb(t *testing.T) {
	dir := exampleWith(t, "")
	entry := filepath.Join(dir, "experiences", "glider-design-challenge", "index.md")
	src, _ := os.ReadFile(entry)
	src = bytes.Replace(src, []byte("evidence:\n"), []byte(`evidence:
  - title: "Teams at the launch line"
    kind: photo
    file: launch-line.jpg
    phase: teaching
    consent: anonymized
    alt: "Two teams at the launch line of the gym test lane, gliders in hand, waiting to launch."
`), 1)
	os.WriteFile(entry, src, 0o644)
	os.WriteFile(filepath.Join(dir, "experiences", "glider-design-challenge", "launch-line.jpg"), bigPhoto(t), 0o644)

	cache := t.TempDir()
	files, sum := buildDir(t, dir, Options{ImageCache: cache})
	if sum.Resized == 0 {
		t.Fatal("no web versions were made")
	}
	base := "experiences/glider-design-challenge/"
	if _, ok := files[base+"launch-line.jpg"]; ok {
		t.Error("the 4000 px photo was published as it was taken")
	}
	page := string(files[base+"index.html"])
	// Upright: 3000 wide, 4000 high; the widest version 1600 px.
	want := `srcset="launch-line.w480.jpg 480w, launch-line.w800.jpg 800w, launch-line.w1200.jpg 1200w, launch-line.w1600.jpg 1600w"`
	if !strings.Contains(page, want) || !strings.Contains(page, `width="1600" height="2133"`) {
		t.Errorf("the page does not offer the photo's web versions, upright:\n%s", regexp.MustCompile(`<img[^>]*launch-line[^>]*>`).FindString(page))
	}
	small := files[base+"launch-line.w480.jpg"]
	if len(small) == 0 || len(small) > 60_000 {
		t.Errorf("the 480 px version is %d bytes; a phone should get a small file", len(small))
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(small))
	if err != nil || cfg.Width != 480 || cfg.Height != 640 {
		t.Errorf("the 480 px version is %dx%d (%v), want 480x640, upright", cfg.Width, cfg.Height, err)
	}
	for name, data := range files {
		if strings.HasPrefix(name, base+"launch-line") && bytes.Contains(data, []byte("Exif")) {
			t.Errorf("%s keeps Exif data", name)
		}
	}

	// Again, nothing changed: nothing is encoded, and the site is the same.
	again, sum2 := buildDir(t, dir, Options{ImageCache: cache})
	if sum2.Resized != 0 || sum2.Reused != sum.Resized+sum.Reused {
		t.Errorf("the second build made %d versions and reused %d; want 0 and %d", sum2.Resized, sum2.Reused, sum.Resized+sum.Reused)
	}
	sameTree(t, files, again)
}

func TestTimelineInOrder(t *testing.T) {
	files, _ := buildDir(t, exampleWith(t, ""), Options{})
	page := string(files["timeline/index.html"])
	years := regexp.MustCompile(`<h2 id="year-(\d+)">`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, y := range years {
		got = append(got, y[1])
	}
	if !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("year headings %v: want each year once, newest first", got)
	}
	dates := regexp.MustCompile(`<span class="meta"><time datetime="([0-9-]+)">`).FindAllStringSubmatch(page, -1)
	for i := 1; i < len(dates); i++ {
		if dates[i][1] > dates[i-1][1] {
			t.Errorf("the timeline lists %s after %s", dates[i][1], dates[i-1][1])
		}
	}
}

func TestSharingMetadata(t *testing.T) {
	files, _ := buildDir(t, exampleWith(t, "base_url: https://example.org/tess/\n"), Options{})
	desc := regexp.MustCompile(`<meta name="description" content="([^"]+)">`)
	canonical := regexp.MustCompile(`<link rel="canonical" href="(https://example\.org/tess/[^"]*)">`)
	image := regexp.MustCompile(`<meta property="og:image" content="([^"]+)">`)
	for _, name := range htmlFiles(files) {
		page := string(files[name])
		if !desc.MatchString(page) {
			t.Errorf("%s has no meta description", name)
		}
		if name == "404.html" {
			continue
		}
		m := canonical.FindStringSubmatch(page)
		if m == nil || m[1] != "https://example.org/tess/"+strings.TrimSuffix(name, "index.html") {
			t.Errorf("%s: canonical link %v", name, m)
		}
		if im := image.FindStringSubmatch(page); im == nil || im[1] != "https://example.org/tess/assets/leader.jpg" {
			t.Errorf("%s: og:image %v, want the portrait", name, im)
		}
		if !strings.Contains(page, `<link rel="icon" href="`) {
			t.Errorf("%s has no icon", name)
		}
	}
	if !bytes.Contains(files["assets/icon.svg"], []byte(">TM</text>")) {
		t.Errorf("the icon is not the leader's initials:\n%s", files["assets/icon.svg"])
	}
}

func TestFeedIDsStable(t *testing.T) {
	ids := regexp.MustCompile(`<id>([^<]+)</id>`)
	a, _ := buildDir(t, exampleWith(t, ""), Options{})
	b, _ := buildDir(t, exampleWith(t, "base_url: https://example.org/tess/\n"), Options{})
	c, _ := buildDir(t, exampleWith(t, "base_url: https://example.org/tess/\n"), Options{})
	got := func(f map[string][]byte) string {
		return strings.Join(ids.FindAllString(string(f["feed.xml"]), -1), "\n")
	}
	if got(a) != got(b) || got(b) != got(c) {
		t.Errorf("the feed's ids change with base_url:\n%s\n---\n%s", got(a), got(b))
	}
	if n := len(ids.FindAllString(string(a["feed.xml"]), -1)); n != 11 {
		t.Errorf("%d ids, want the feed's and 10 entries'", n)
	}
}

// portfolio.json follows the schema published beside it, in a published
// build and in a preview with drafts: one planned with little else
// written, and one with values missing or wrong of every kind, whose
// object leaves them out (the schema asks for less of a draft).
func TestPortfolioJSONFollowsItsSchema(t *testing.T) {
	dir := exampleWith(t, "base_url: https://example.org/tess/\n")
	writeFiles(t, dir, map[string]string{
		"experiences/planned-idea.md": "---\ntitle: A planned idea\nstatus: planned\n---\nNothing yet.\n",
		"experiences/rough/index.md": `---
title: A rough draft
summary: Half written.
status: in-progres
draft: true
start: 2025-02-30
type: inquiry
also: [inquery]
mode: enhanse
my_role: teacher-librarian
partners:
  - name: R. T.
setting:
  organization_type: k12
  level: grade-5
  sessions: -2
contributions:
  planning: [Planned the inquiry with R. T.]
expertise: [tech]
outcomes:
  learners: 20
  met_or_exceeded: 25
  baseline_percent: 140
  assessment_basis: A rubric
impact:
  - area: motivation
    note: More questions asked.
evidence:
  - title: Notes
    url: https://example.org/notes
    consent: not-applicable
alignments:
  aasl: []
  iste-coaches: [4.1]
---
The story.
`,
	})
	for _, opts := range []Options{{}, {Drafts: true}} {
		files, _ := buildDir(t, dir, opts)
		var schema, doc any
		if err := json.Unmarshal(files["portfolio.schema.json"], &schema); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(files["portfolio.json"], &doc); err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("https://example.org/tess/portfolio.schema.json", schema); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile("https://example.org/tess/portfolio.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(doc); err != nil {
			t.Errorf("drafts %v: portfolio.json does not follow its schema: %v", opts.Drafts, err)
		}
		m := doc.(map[string]any)
		if m["$schema"] != "https://example.org/tess/portfolio.schema.json" || m["version"] != float64(JSONVersion) {
			t.Errorf("$schema %v, version %v", m["$schema"], m["version"])
		}
		first := m["entries"].([]any)[0].(map[string]any)
		if mode := first["mode"].(map[string]any); mode["label"] == "" || mode["id"] == "" {
			t.Errorf("mode %v: want its id and its label", mode)
		}
		drafts := 0
		for _, e := range m["entries"].([]any) {
			if e.(map[string]any)["draft"] == true {
				drafts++
			}
		}
		if want := map[bool]int{false: 0, true: 3}[opts.Drafts]; drafts != want {
			t.Errorf("drafts %v: %d drafts in portfolio.json, want %d", opts.Drafts, drafts, want)
		}
	}
}

func TestDraftsCountedAsShown(t *testing.T) {
	files, _ := buildDir(t, exampleWith(t, ""), Options{Drafts: true})
	if !bytes.Contains(files["index.html"], []byte("All 11 experiences")) {
		t.Error("with drafts the home page should count the 11 experiences it lists")
	}
	if !bytes.Contains(files["experiences/index.html"], []byte("11 experiences, newest first.")) {
		t.Error("with drafts the list should say 11 experiences")
	}
}

func TestStoryHeadingsNestUnderTitle(t *testing.T) {
	entry := strings.Replace(photoEntry, "![Our sampling spot](spot.jpg)", "# Context\n\nWe went.\n\n## Details\n\nMore.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 1)
	dir := writePortfolio(t, map[string]string{"dll.yaml": settings, "experiences/trip/index.md": entry,
		"experiences/trip/creek.jpg": string(gpsJPEG(t))})
	files, _ := buildDir(t, dir, Options{})
	page := string(files["experiences/trip/index.html"])
	if strings.Count(page, "<h1") != 1 || !strings.Contains(page, `<h2 id="context">Context</h2>`) || !strings.Contains(page, `<h3 id="details">Details</h3>`) {
		t.Errorf("the story's headings should sit under the page's one h1:\n%s", page)
	}
	if !strings.Contains(page, `<div class="table-scroll" role="region" aria-label="Table" tabindex="0">`+"\n<table>") {
		t.Error("a story's table should scroll in a box of its own")
	}
}

// A portfolio with no picture to publish, as many schools ask, still leads
// with its work and its partners' words: the home and summary pages feature
// its latest completed experiences, also when the experiences dll.yaml names
// are not published.
func TestFeaturedWithoutPictures(t *testing.T) {
	files := map[string]string{}
	for _, name := range []string{"grade3-book-tasting.md", "city-onboarding-pathways.yaml", "k2-wonder-wall.yaml", "grade7-lateral-reading-lab.md"} {
		data, err := os.ReadFile(filepath.Join(example, "experiences", name))
		if err != nil {
			t.Fatal(err)
		}
		files["experiences/"+name] = string(data)
	}
	for _, yaml := range []string{settings, settings + "featured: [no-such-experience]\n"} {
		files["dll.yaml"] = yaml
		site, _ := buildDir(t, writePortfolio(t, files), Options{})
		home, summary := string(site["index.html"]), string(site["summary/index.html"])
		for _, want := range []string{
			`<h2 id="featured">Featured work</h2>`,
			`<h3><a class="stretch" href="experiences/city-onboarding-pathways/index.html">Self-paced onboarding pathways for new city employees</a></h3>`,
			`<p class="feature-change">Ms. Whitfield now maintains the pathways herself`,
			`<h3><a class="stretch" href="experiences/grade3-book-tasting/index.html">Grade 3 book tasting: building readers who choose</a></h3>`,
			`<p class="feature-change">Both teachers now open independent reading`,
		} {
			if !strings.Contains(home, want) {
				t.Errorf("with %q the home page lacks %s:\n%s", yaml, want, home)
			}
		}
		if strings.Contains(home, `class="stretch" href="experiences/k2-wonder-wall/`) {
			t.Error("an experience still in progress is featured")
		}
		if !strings.Contains(summary, `<h2 id="featured">Featured experiences</h2>`) || !strings.Contains(summary, "Ms. Whitfield now maintains the pathways herself") {
			t.Errorf("with %q the summary page features no experience:\n%s", yaml, summary)
		}
	}
}

// A printed page gives the address of what it links to. Without a
// base_url the site's own address is not known, and a link to its home
// prints none, rather than an empty "()"; with one it prints it.
func TestPrintedAddressesNeverEmpty(t *testing.T) {
	for _, base := range []string{"", "https://tess.example.org/portfolio/"} {
		settings := ""
		if base != "" {
			settings = "base_url: " + base + "\n"
		}
		files, _ := buildDir(t, exampleWith(t, settings), Options{})
		for _, name := range htmlFiles(files) {
			if bytes.Contains(files[name], []byte(`data-print=""`)) {
				t.Errorf("with base_url %q, %s has a link that prints an empty address", base, name)
			}
		}
		want := `<a href="../index.html">Portfolio</a>`
		if base != "" {
			want = `<a href="../index.html" data-print="` + base + `">Portfolio</a>`
		}
		if !bytes.Contains(files["summary/index.html"], []byte(want)) {
			t.Errorf("with base_url %q the summary page lacks %s", base, want)
		}
	}
}

// A new portfolio has one experience: its pages count it as one, never
// "All 1 experience" or "1 experiences", and its home page features it
// without offering "More experiences" that are not there.
func TestOneExperience(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(example, "experiences", "grade3-book-tasting.md"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := buildDir(t, writePortfolio(t, map[string]string{"dll.yaml": settings, "experiences/grade3-book-tasting.md": string(data)}), Options{})
	wrong := regexp.MustCompile(`All 1 \w+|\b1 (experiences|kinds|codes|partners|learners|sessions|weeks|revisions)\b`)
	for _, name := range htmlFiles(files) {
		if m := wrong.Find(files[name]); m != nil {
			t.Errorf("%s says %q", name, m)
		}
	}
	home := string(files["index.html"])
	if strings.Contains(home, "More experiences") || !strings.Contains(home, `href="experiences/grade3-book-tasting/index.html">Grade 3 book tasting`) {
		t.Errorf("the home page should feature the one experience, and offer no more:\n%s", home)
	}
}

// Markdown reaches pages from the story, the leader's bio and statements
// written as .md files, each under a heading of the page's own. Whatever
// levels its author used, every page keeps one h1 and never skips a level,
// as screen readers and the page's outline need.
func TestEveryOutlineWhateverTheMarkdown(t *testing.T) {
	entry := strings.Replace(photoEntry, "![Our sampling spot](spot.jpg)", "## Context\n\nWe went.\n\n#### A detail\n\nMore.\n\n###### Deeper still\n\nEven more.\n\n## What we did\n\nWe sampled.\n", 1)
	entry = strings.Replace(entry, "evidence:", `evidence:
  - title: "What learners said"
    kind: learner-feedback
    file: feedback.md
    phase: impact
    consent: anonymized
  - title: "Statement from R. A."
    kind: partner-statement
    file: statement.md
    phase: impact
    consent: obtained`, 1)
	bio := "  bio: |\n    # About me\n\n    I coach teachers.\n\n    ### What I believe\n\n    Learners first.\n"
	dir := writePortfolio(t, map[string]string{
		"dll.yaml":                      settings + bio,
		"experiences/trip/index.md":     entry,
		"experiences/trip/creek.jpg":    string(gpsJPEG(t)),
		"experiences/trip/feedback.md":  "# What learners said\n\n### In week one\n\n- \"I asked better questions.\"\n\n## Later\n\nThey kept going.\n",
		"experiences/trip/statement.md": "#### A note\n\nWe plan together now.\n",
	})
	files, _ := buildDir(t, dir, Options{})
	for _, name := range htmlFiles(files) {
		if problems := outlineProblems(string(files[name])); len(problems) > 0 {
			t.Errorf("%s: %s", name, strings.Join(problems, "; "))
		}
	}
	page := string(files["experiences/trip/index.html"])
	// A heading at its level, with or without its id.
	has := func(page, level, text string) bool {
		return regexp.MustCompile(`<h` + level + `( id="[^"]*")?>` + regexp.QuoteMeta(text) + `</h` + level + `>`).MatchString(page)
	}
	for _, want := range [][2]string{{"2", "Context"}, {"3", "A detail"}, {"4", "Deeper still"}, {"3", "What learners said"}, {"4", "In week one"}, {"4", "Later"}, {"3", "A note"}} {
		if !has(page, want[0], want[1]) {
			t.Errorf("the entry page lacks <h%s>%s</h%s>", want[0], want[1], want[0])
		}
	}
	if home := string(files["index.html"]); !has(home, "2", "About me") || !has(home, "3", "What I believe") {
		t.Errorf("the bio's headings should sit under the home page's h1:\n%s", home)
	}
	if sum := string(files["summary/index.html"]); !has(sum, "3", "About me") || !has(sum, "4", "What I believe") {
		t.Errorf("the bio's headings should sit under the summary page's Profile:\n%s", sum)
	}
}

// outlineProblems says where a page's headings have more or less than one
// h1, or skip a level on the way down.
func outlineProblems(page string) []string {
	var problems []string
	prev, h1 := 0, 0
	for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(page, -1) {
		level := int(m[1][0] - '0')
		if level == 1 {
			h1++
		}
		if level > prev+1 {
			problems = append(problems, fmt.Sprintf("h%d follows h%d", level, prev))
		}
		prev = level
	}
	if h1 != 1 {
		problems = append(problems, fmt.Sprintf("%d h1 headings", h1))
	}
	return problems
}

func TestTranscript(t *testing.T) {
	vtt := "WEBVTT\n\nNOTE a note for the captioner\n\nSTYLE\n::cue { color: red }\n\n1\n00:00:01.000 --> 00:00:03.000 align:start\n<v Ms. Okafor>When the <i>cannery</i> closed,</v>\n\n2\n00:00:03.000 --> 00:00:05.000\n<v Ms. Okafor>my mother opened a bakery &amp; café.\n\nintro\n00:05.000 --> 00:07.000\n<v.loud Student>Who was hiring?\n\n00:00:08.000 --> 00:00:09.000\n<00:00:08.500><c.yellow>Thank you.</c>\n"
	tr := parseVTT([]byte(vtt))
	want := []said{{"Ms. Okafor", "When the cannery closed, my mother opened a bakery & café."}, {"Student", "Who was hiring?"}, {"", "Thank you."}}
	if tr == nil || !slices.Equal(tr.Paragraphs, want) {
		t.Errorf("got %+v\nwant %+v", tr, want)
	}
	if parseVTT([]byte("WEBVTT\n\nNOTE nothing said\n")) != nil {
		t.Error("a captions file with no cue should give no transcript")
	}
	long := "WEBVTT\n\n"
	for range 60 {
		long += "00:00:01.000 --> 00:00:02.000\nOne two three four five six.\n\n"
	}
	if tr := parseVTT([]byte(long)); !tr.Long() || len(tr.Paragraphs) < 3 {
		t.Errorf("a long transcript should be long and in paragraphs: %d words, %d paragraphs", tr.Words, len(tr.Paragraphs))
	}
}

func TestStatementParagraphs(t *testing.T) {
	text := "Partner statement: Glider unit\nR. Alvarez, Grade 7 Science\n\nFor six years my glider unit was a kit, a set of instructions and a contest for the\nlongest flight. The students loved it.\n\nR. Alvarez\n"
	got, ok := textParagraphs(text)
	want := "<p>Partner statement: Glider unit<br>\nR. Alvarez, Grade 7 Science</p>\n<p>For six years my glider unit was a kit, a set of instructions and a contest for the longest flight. The students loved it.</p>\n<p>R. Alvarez</p>\n"
	if !ok || string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got, _ := textParagraphs("<script>alert(1)</script>"); strings.Contains(string(got), "<script") {
		t.Error("a statement's text is not escaped")
	}
}

func TestLongTranscriptHasItsOwnPage(t *testing.T) {
	vtt := "WEBVTT\n\n"
	for i := range 80 {
		vtt += fmt.Sprintf("00:00:%02d.000 --> 00:00:%02d.500\n<v Narrator>Sentence number %d of the interview.\n\n", i%60, i%60, i+1)
	}
	entry := strings.Replace(photoEntry, "evidence:", `evidence:
  - title: "The whole interview"
    kind: audio
    file: interview.ogg
    captions: interview.vtt
    phase: impact
    consent: obtained`, 1)
	entry = strings.Replace(entry, "![Our sampling spot](spot.jpg)", "", 1)
	dir := writePortfolio(t, map[string]string{"dll.yaml": settings, "experiences/trip/index.md": entry,
		"experiences/trip/creek.jpg": string(gpsJPEG(t)), "experiences/trip/interview.ogg": readFixture(t, "audio.ogg"), "experiences/trip/interview.vtt": vtt})
	files, _ := buildDir(t, dir, Options{})
	page := string(files["experiences/trip/index.html"])
	if !strings.Contains(page, `<a href="evidence-1/index.html">Read the whole transcript (480 words)</a>`) || strings.Contains(page, "Sentence number 80 ") {
		t.Errorf("the entry page should show the start of a long transcript and link to the rest:\n%s", page)
	}
	own := string(files["experiences/trip/evidence-1/index.html"])
	if !strings.Contains(own, "<strong>Narrator:</strong> Sentence number 1 of the interview.") || !strings.Contains(own, "Sentence number 80 of the interview.") ||
		!strings.Contains(own, `<a href="../index.html">Back to`) || !strings.Contains(own, `<source src="../interview.ogg"`) {
		t.Errorf("the transcript's page should hold the player, all of it and a way back:\n%s", own)
	}
}

// A portfolio's own template written for an earlier dll reads the page's
// title and description as it did.
func TestOldTemplateOverrideStillWorks(t *testing.T) {
	dir := exampleWith(t, "")
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "list.html"), []byte("{{define \"main\"}}<h1>{{.Heading}}</h1><p>{{.Description}} ({{.Title}})</p>{{end}}\n"), 0o644)
	files, _ := buildDir(t, dir, Options{})
	if want := "<h1>Tagged “stem”</h1><p>1 experience tagged “stem” in Tess Marchetti’s portfolio. (Tagged “stem”)</p>"; !strings.Contains(string(files["tags/stem/index.html"]), want) {
		t.Errorf("the old template's page lacks %s:\n%s", want, files["tags/stem/index.html"])
	}
}

// readFixture is a real file of internal/media's, which validate can read.
func readFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "media", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
