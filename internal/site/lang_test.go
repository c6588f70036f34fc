package site

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"dll/internal/lang"
	"dll/internal/portfolio"
	dlltemplates "dll/templates"
)

// physicalSide is a property that names a side of the page, left or
// right, which does not mirror in a language written right to left.
var physicalSide = regexp.MustCompile(`(?i)\b(?:margin|padding|border|inset)-(?:left|right)\b|[{;\s](?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|clear\s*:\s*(?:left|right)|border-(?:top|bottom)-(?:left|right)-radius`)

// TestStyleMirrors: the style sheet, the 404 page's own style and the
// evidence pack's style sheet use logical sides only (inline-start, not
// left), so that a page in Arabic or Hebrew is laid out as a mirror of an
// English one.
func TestStyleMirrors(t *testing.T) {
	for _, name := range []string{"style.css", "base.html", "pack.css"} {
		src, err := fs.ReadFile(dlltemplates.FS, themeDir+"/"+name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "/*") {
				continue
			}
			if m := physicalSide.FindString(line); m != "" {
				t.Errorf("%s:%d: %q names a side of the page; use the logical property (inline-start, inline-end, start, end)", name, i+1, strings.TrimSpace(m))
			}
		}
	}
	if !physicalSide.MatchString(".x { padding-left: 1rem; }") || !physicalSide.MatchString(".x { left: 0; }") || !physicalSide.MatchString("th { text-align: right }") {
		t.Fatal("the pattern misses a physical side")
	}
}

// The example portfolio as a leader writing in another language would
// have it: dll.yaml and the philosophy statement in proper names only
// (the leader's own words would be in the language), and every
// experience declaring that it is written in English, as it is.
const localDLLYAML = `title: Tess Marchetti
leader:
  name: Tess Marchetti
  role: teacher-librarian
  organization: Lakeshore USD
  photo: leader.jpg
  photo_alt: Tess Marchetti
  email: tess.marchetti@example.org
  location: Lakeshore, Michigan
  profiles:
    - label: LinkedIn
      url: https://www.linkedin.com/in/example-tess-marchetti
featured: [glider-design-challenge, youth-coding-pathways, mill-creek-water-inquiry]
summary:
  roles:
    - title: Lakeshore USD
      organization: Lakeshore USD
      start: 2019
    - title: Harbor View
      start: 2014
      end: 2019
  credentials:
    - title: ISTE
      issuer: San José State University
      year: 2014
    - title: Michigan
site:
  show_gaps: true
  show_revisions: true
language: %s
frameworks: [iste-coaches, aasl, future-ready, seven-pillars]
privacy:
  blocked_names: ["Kaylee Brennan-Soto"]
`

// localExample copies the example portfolio into a new folder, in lang.
func localExample(t *testing.T, lang string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("dll.yaml", fmt.Sprintf(localDLLYAML, lang))
	write("philosophy.md", "# Tess Marchetti\n\nLakeshore USD.\n")
	entries, _ := filepath.Glob(filepath.Join(dir, "experiences", "*"))
	for _, e := range entries {
		file := e
		if info, err := os.Stat(e); err == nil && info.IsDir() {
			file = filepath.Join(e, "index.md")
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(src)
		if strings.HasSuffix(file, ".md") {
			text = strings.Replace(text, "---\n", "---\nlanguage: en\n", 1)
		} else {
			text = "language: en\n" + text
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// localOptions are what git would tell of the example, in proper names.
func localOptions() Options {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	return Options{
		Drafts:  true,
		Version: "3f2a9c1",
		Updated: day("2026-11-14"),
		History: map[string]*History{
			"experiences/glider-design-challenge/index.md": {First: day("2025-01-20"), Last: day("2025-04-02"), Revisions: []Revision{
				{day("2025-04-02"), "Lakeshore"}, {day("2025-01-20"), "Lakeshore"},
			}},
			"experiences/mill-creek-water-inquiry/index.md": {First: day("2025-01-20"), Last: day("2025-01-20"), Revisions: []Revision{{day("2025-01-20"), "Lakeshore"}}},
		},
		Snapshots: []Snapshot{
			{Name: "ISTE", Date: day("2026-06-30"), Added: []string{"experiences/grade7-lateral-reading-lab.md"}, Changed: []string{"experiences/glider-design-challenge/index.md"}},
			{Name: "Lakeshore", Date: day("2025-12-01")},
		},
	}
}

// text is what a page says, in pieces: the text between its tags and the
// attributes that are read out (alt, aria-label, ...), without what is
// marked as being in another language than the page.
type pageText struct {
	lang, dir string
	pieces    []string
}

var (
	htmlToken = regexp.MustCompile(`(?s)<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+`)
	htmlAttr  = regexp.MustCompile(`([a-zA-Z:-]+)(?:="([^"]*)")?`)
	voidTags  = map[string]bool{"meta": true, "link": true, "img": true, "br": true, "source": true, "track": true, "input": true, "hr": true}
	readAttrs = map[string]bool{"alt": true, "title": true, "aria-label": true, "label": true, "data-label": true, "placeholder": true}
)

func readPage(src string) pageText {
	var pt pageText
	type open struct {
		name string
		skip bool
	}
	var stack []open
	skipping := func() bool { return len(stack) > 0 && stack[len(stack)-1].skip }
	for _, m := range htmlToken.FindAllStringSubmatch(src, -1) {
		tok := m[0]
		switch {
		case strings.HasPrefix(tok, "<!"):
		case m[2] != "" && m[1] == "/":
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == m[2] {
					stack = stack[:i]
					break
				}
			}
		case m[2] != "":
			name := strings.ToLower(m[2])
			attrs := map[string]string{}
			for _, a := range htmlAttr.FindAllStringSubmatch(m[3], -1) {
				attrs[a[1]] = html.UnescapeString(a[2])
			}
			if name == "html" {
				pt.lang, pt.dir = attrs["lang"], attrs["dir"]
			}
			l, has := attrs["lang"]
			// Commands to type are no language's words.
			skip := skipping() || name == "script" || name == "style" || name == "code" || has && l != pt.lang
			if !skip {
				for a, v := range attrs {
					if readAttrs[a] || a == "content" && (attrs["name"] == "description" || strings.HasPrefix(attrs["property"], "og:") && attrs["property"] != "og:url" && attrs["property"] != "og:image" && attrs["property"] != "og:type") {
						pt.pieces = append(pt.pieces, v)
					}
				}
			}
			if !voidTags[name] && !strings.HasSuffix(m[3], "/") {
				stack = append(stack, open{name, skip})
			}
		default:
			if !skipping() {
				if s := strings.TrimSpace(html.UnescapeString(tok)); s != "" {
					pt.pieces = append(pt.pieces, s)
				}
			}
		}
	}
	return pt
}

// address is a web address, a path in the site, a file name or an
// email address.
var address = regexp.MustCompile(`[^\s()«»“”"]*[/@][^\s()«»“”"]*|[\w-]+(?:\.[\w-]+)+`)

var withDigits = regexp.MustCompile(`[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*`)

var wordRE = regexp.MustCompile(`[\p{L}\p{M}][\p{L}\p{M}'’]*`)

func wordsOf(s string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(s, -1) {
		out = append(out, lang.Fold(strings.TrimRight(w, "'’")))
	}
	return out
}

// catalogueTexts reads every text of one of dll's catalogues: its
// messages in every form, its month names and its list words.
func catalogueTexts(t *testing.T, tag string) map[string][]string {
	t.Helper()
	src, err := fs.ReadFile(dlltemplates.FS, "languages/"+tag+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Name     string
		Dates    struct{ Months []string }
		Lists    map[string]string
		Messages map[string]any
	}
	if err := yaml.Unmarshal(src, &c); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{"dates.months": c.Dates.Months}
	for k, v := range c.Lists {
		out["lists."+k] = []string{v}
	}
	for k, v := range c.Messages {
		switch v := v.(type) {
		case string:
			out[k] = append(out[k], v)
		case map[string]any:
			for _, f := range v {
				out[k] = append(out[k], fmt.Sprint(f))
			}
		}
	}
	return out
}

// fragments cuts texts at their {values}: what they write as it is.
func fragments(texts []string) []string {
	var out []string
	for _, s := range texts {
		for _, f := range regexp.MustCompile(`\{[a-z_]+\}`).Split(s, -1) {
			f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
			if longest(f) >= 3 {
				out = append(out, f)
			}
		}
	}
	return out
}

func longest(s string) int {
	n := 0
	for _, w := range wordRE.FindAllString(s, -1) {
		n = max(n, utf8.RuneCountInString(w))
	}
	return n
}

// TestNoEnglishInOtherLanguages builds the example portfolio in Spanish,
// French, Portuguese and Arabic, and reads every page as a reader does:
// none shows a text of dll's English catalogue, an English label of the
// model or an English month (unless the language writes that word the
// same way: Type in French), and every word on it comes from the
// language's own catalogue and labels, from the portfolio's proper names,
// or from what is marked as written in English (lang="en", each
// experience's own words). Dates are written as the language writes them,
// and Arabic pages run right to left.
func TestNoEnglishInOtherLanguages(t *testing.T) {
	enModel := portfolio.Builtin()
	for _, tag := range []string{"es", "fr", "pt", "ar"} {
		t.Run(tag, func(t *testing.T) {
			t.Parallel()
			p := loadChecked(t, localExample(t, tag))
			out := filepath.Join(t.TempDir(), "public")
			if _, err := Build(context.Background(), p, out, localOptions()); err != nil {
				t.Fatal(err)
			}
			lc := newLangCheck(t, p, tag)
			cat, ownText := lc.cat, lc.ownText

			pages := 0
			err := filepath.WalkDir(out, func(file string, d fs.DirEntry, err error) error {
				if err != nil || !strings.HasSuffix(file, ".html") {
					return err
				}
				pages++
				rel, _ := filepath.Rel(out, file)
				src, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				lc.check(t, rel, string(src))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if pages < 80 {
				t.Errorf("only %d pages", pages)
			}

			// portfolio.json: every label of a value of the model in the
			// language.
			english := map[string]bool{}
			for _, v := range enModel.Vocabularies {
				for _, term := range v.Values {
					english[term.Label] = true
				}
			}
			data, err := os.ReadFile(filepath.Join(out, "portfolio.json"))
			if err != nil {
				t.Fatal(err)
			}
			var labels []string
			var walk func(any)
			walk = func(v any) {
				switch v := v.(type) {
				case map[string]any:
					if l, ok := v["label"].(string); ok {
						labels = append(labels, l)
					}
					for _, x := range v {
						walk(x)
					}
				case []any:
					for _, x := range v {
						walk(x)
					}
				}
			}
			var doc any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			walk(doc)
			if len(labels) < 100 || doc.(map[string]any)["language"] != tag {
				t.Errorf("portfolio.json: language %v, %d labels", doc.(map[string]any)["language"], len(labels))
			}
			for _, l := range labels {
				if english[l] && !strings.Contains(ownText, " "+strings.Join(wordsOf(l), " ")+" ") {
					t.Errorf("portfolio.json: the English label %q", l)
				}
			}

			// Dates as the language writes them.
			page, err := os.ReadFile(filepath.Join(out, "experiences", "glider-design-challenge", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range p.Entries {
				if e.Src.Slug == "glider-design-challenge" {
					want := cat.Date(e.Start.Time)
					if !strings.Contains(string(page), `<time datetime="`+e.Start.String()+`">`+lang.EscapeHTML(want)+`</time>`) {
						t.Errorf("the entry's start is not written %q", want)
					}
				}
			}
		})
	}
}

// langCheck reads pages of the example portfolio made in another language
// than English for the English dll writes (see
// TestNoEnglishInOtherLanguages).
type langCheck struct {
	tag     string
	cat     *lang.Catalog
	kept    []leak
	allowed map[string]bool
	content []string // the experiences' own words, longest first
	ownText string   // the words of the language's catalogue and labels
}

// leak is an English text to look for, and where it comes from.
type leak struct{ key, text string }

func newLangCheck(t *testing.T, p *portfolio.Portfolio, tag string) *langCheck {
	t.Helper()
	english := catalogueTexts(t, "en")
	enModel := portfolio.Builtin()
	cat := lang.Load(p.FS, tag)

	// What the language writes: its catalogue and its labels.
	var own []string
	for _, texts := range catalogueTexts(t, tag) {
		own = append(own, texts...)
	}
	for _, v := range p.Model.Vocabularies {
		for _, term := range v.Values {
			own = append(own, term.Label, term.Description)
		}
	}
	for _, f := range p.Model.Frameworks {
		own = append(own, f.Name)
		for _, c := range f.Codes {
			own = append(own, c.Label)
		}
	}
	ownText := " " + strings.Join(wordsOfAll(own), " ") + " "

	// The proper names of the portfolio, and the hosts and formats
	// of its evidence, which the pages may show in any language.
	allowed := map[string]bool{}
	for _, w := range wordsOfAll(own) {
		allowed[w] = true
	}
	names := []string{localDLLYAML, "PDF PNG JPG WEBM OGG TXT CSV VTT"}
	for _, e := range p.Entries {
		for _, pa := range e.Partners {
			names = append(names, pa.Name)
		}
		names = append(names, e.Setting.Organization)
		for _, ev := range e.Evidence {
			names = append(names, ev.URL)
		}
	}
	for _, w := range wordsOfAll(names) {
		allowed[w] = true
	}

	// The English to look for: each text of dll's catalogue cut at
	// its values, the model's labels and the months.
	var look []leak
	for key, texts := range english {
		for _, f := range fragments(texts) {
			look = append(look, leak{key, f})
		}
	}
	for id, v := range enModel.Vocabularies {
		for _, term := range v.Values {
			for _, f := range fragments([]string{term.Label, term.Description}) {
				look = append(look, leak{id + "." + term.ID, f})
			}
		}
	}
	var kept []leak
	for _, l := range look {
		// A word or phrase the language writes as English does is
		// its own: Expertise in French.
		if !strings.Contains(ownText, " "+strings.Join(wordsOf(l.text), " ")+" ") {
			kept = append(kept, l)
		}
	}
	if len(kept) < 200 {
		t.Fatalf("only %d English texts to look for", len(kept))
	}

	var content []string // the experiences' own words, which <title> and descriptions repeat
	for _, e := range p.Entries {
		content = append(content, e.Title, e.Summary)
		content = append(content, e.Tags...)
		for _, ev := range e.Evidence {
			content = append(content, ev.Title)
		}
	}
	slices.SortFunc(content, func(a, b string) int { return len(b) - len(a) })
	return &langCheck{tag: tag, cat: cat, kept: kept, allowed: allowed, content: content, ownText: ownText}
}

// read reads the page src as a reader does: its language and direction,
// and its words in the language of the page, without the experiences' own
// words, addresses and codes.
func (lc *langCheck) read(src string) (pageText, string) {
	pt := readPage(src)
	text := strings.Join(pt.pieces, "\n")
	for _, c := range lc.content {
		text = strings.ReplaceAll(text, c, " ")
	}
	// Addresses, which printed pages show, and codes such as a
	// commit's are no words.
	text = address.ReplaceAllString(text, " ")
	text = withDigits.ReplaceAllString(text, " ")
	return pt, text
}

// writesAsEnglish reports whether the language writes the phrase as
// English does (Expertise in French).
func (lc *langCheck) writesAsEnglish(phrase string) bool {
	return strings.Contains(lc.ownText, " "+strings.Join(wordsOf(phrase), " ")+" ")
}

// check reports the English, and the words neither the language's nor a
// name of the portfolio, on the page src, named rel.
func (lc *langCheck) check(t *testing.T, rel, src string) {
	t.Helper()
	tag, cat, kept, allowed := lc.tag, lc.cat, lc.kept, lc.allowed
	pt, text := lc.read(src)
	if pt.lang != tag {
		t.Errorf("%s: lang=%q", rel, pt.lang)
	}
	if wantDir := map[bool]string{true: "rtl", false: ""}[tag == "ar"]; pt.dir != wantDir {
		t.Errorf("%s: dir=%q, want %q", rel, pt.dir, wantDir)
	}
	for _, l := range kept {
		if containsWords(text, l.text) {
			t.Errorf("%s: English %q (%s)", rel, l.text, l.key)
		}
	}
	for _, w := range wordRE.FindAllString(text, -1) {
		w = strings.TrimRight(w, "'’")
		if and := strings.TrimSpace(cat.Sep(1, 2, "")); !allowed[lang.Fold(w)] && and != "" && strings.HasPrefix(w, and) {
			w = strings.TrimPrefix(w, and) // Arabic writes and (و) as part of the next word
		}
		if !allowed[lang.Fold(w)] {
			t.Errorf("%s: %q is neither the language's nor a name of the portfolio, in %q", rel, w, around(text, w))
		}
	}
}

func wordsOfAll(texts []string) []string {
	var out []string
	for _, s := range texts {
		out = append(out, wordsOf(s)...)
	}
	return out
}

// containsWords reports whether text has phrase in it as whole words.
func containsWords(text, phrase string) bool { return wordIndex(text, phrase) >= 0 }

// wordIndex is where phrase is in text as whole words, or -1.
func wordIndex(text, phrase string) int {
	for i := 0; ; {
		j := strings.Index(text[i:], phrase)
		if j < 0 {
			return -1
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(text[:j])
		after, _ := utf8.DecodeRuneInString(text[j+len(phrase):])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return j
		}
		i = j + 1
	}
}

func around(text, w string) string {
	i := wordIndex(text, w)
	start, end := max(0, i-40), min(len(text), i+len(w)+40)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	return text[start:end]
}

// TestEntryLanguage: an experience written in another language than the
// portfolio's says so wherever its words are shown: on its page, on its
// card and in the lists, in the feed and in portfolio.json; in Arabic,
// in an English site, it also runs right to left. The site's own words
// around it stay in the site's language.
func TestEntryLanguage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	set := func(file, lang string) {
		src, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(strings.Replace(string(src), "---\n", "---\nlanguage: "+lang+"\n", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set("experiences/grade3-book-tasting.md", "ko")
	set("experiences/glider-design-challenge/index.md", "ar")
	set("experiences/grade7-lateral-reading-lab.md", "en") // the site's own: nothing to say
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		src, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(src)
	}
	for _, c := range []struct{ file, want string }{
		{"experiences/grade3-book-tasting/index.html", `<h1 lang="ko">Grade 3 book tasting: building readers who choose</h1>`},
		{"experiences/grade3-book-tasting/index.html", `<p class="lead" lang="ko">Two Grade 3 teachers`},
		{"experiences/grade3-book-tasting/index.html", `<div class="story" lang="ko">`},
		{"experiences/grade3-book-tasting/index.html", `<h2 id="contributions">What I contributed</h2>`},
		{"experiences/glider-design-challenge/index.html", `<h1 lang="ar" dir="rtl">Glider Design Challenge`},
		{"experiences/glider-design-challenge/index.html", `<img lang="ar" dir="rtl" src=`},
		{"experiences/glider-design-challenge/index.html", `srclang="ar"`},
		{"experiences/index.html", `<a href="../experiences/grade3-book-tasting/index.html" lang="ko">Grade 3 book tasting`},
		{"experiences/index.html", `<p lang="ko">Two Grade 3 teachers`},
		{"timeline/index.html", `<a href="../experiences/glider-design-challenge/index.html" lang="ar" dir="rtl">`},
		{"feed.xml", `<entry xml:lang="ko">`},
		{"portfolio.json", `"language": "ko"`},
	} {
		if got := read(c.file); !strings.Contains(got, c.want) {
			t.Errorf("%s has no %s", c.file, c.want)
		}
	}
	if got := read("experiences/grade7-lateral-reading-lab/index.html"); strings.Count(got, ` lang="en"`) != 1 {
		t.Errorf("an experience in the site's language is marked as another")
	}
	if got := read("index.html"); !strings.HasPrefix(got, "<!DOCTYPE html>\n<html lang=\"en\">") {
		t.Errorf("the site's language changed: %.40s", got)
	}
}

// TestEveryMessageUsed: every message the templates and dll's code ask
// for is in the English catalogue (which every language falls back to),
// and every message of it is asked for somewhere.
func TestEveryMessageUsed(t *testing.T) {
	used := map[string]string{}
	tmpl := regexp.MustCompile(`\bt "([a-z_.]+)"`)
	pages, _ := fs.Glob(dlltemplates.FS, themeDir+"/*.html")
	for _, name := range pages {
		src, _ := fs.ReadFile(dlltemplates.FS, name)
		for _, m := range tmpl.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = name
		}
	}
	code := regexp.MustCompile(`\.(?:T|HTML)\("([a-z_.]+)"`)
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, err := os.ReadFile(p)
		for _, m := range code.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = p
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	used["punct.colon"] = "the colon function"
	if len(used) < 150 {
		t.Fatalf("only %d messages found in use", len(used))
	}
	keys := lang.Keys()
	// A key a template chooses among others, (t (or ... "entry.planned")),
	// is used too.
	quoted := map[string]bool{}
	for _, name := range pages {
		src, _ := fs.ReadFile(dlltemplates.FS, name)
		for _, m := range regexp.MustCompile(`"([a-z_]+\.[a-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
			quoted[m[1]] = true
		}
	}
	for k, where := range used {
		if !slices.Contains(keys, k) {
			t.Errorf("%s asks for the message %s, which the English catalogue lacks", where, k)
		}
	}
	for _, k := range keys {
		if _, ok := used[k]; !ok && !quoted[k] {
			t.Errorf("the message %s is used nowhere", k)
		}
	}
}

// TestOldLayoutStillBuilds: a portfolio's own base.html, copied from dll
// before it spoke other languages, still builds with dll's pages: what
// they use of the layout that it lacks is added.
func TestOldLayoutStillBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(filepath.Join("testdata", "base-before-languages.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "base.html"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	if d := CheckTemplates(os.DirFS(dir)); len(d) > 0 {
		t.Errorf("validate finds the old layout wrong: %v", d)
	}
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "experiences", "glider-design-challenge", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<h2 id=\"contributions\">What I contributed</h2>") {
		t.Error("the experience page lacks its words")
	}
}

// TestOwnWordsAreText: a portfolio's own words are text on the page,
// whatever they hold: braces are never read as a template, markup is
// shown as written, and a line break keeps the template's lines.
func TestOwnWordsAreText(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "templates", "languages"), 0o755); err != nil {
		t.Fatal(err)
	}
	words := "messages:\n  nav.skip: \"{{ .Site.Leader.Email }} <b>x</b>\\nnext\"\n  nav.summary: '{{template \"main\" .}}'\n"
	if err := os.WriteFile(filepath.Join(dir, "templates", "languages", "en.yaml"), []byte(words), 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<a class="skip" href="#main">&#123;&#123; .Site.Leader.Email &#125;&#125; &lt;b&gt;x&lt;/b&gt;&#10;next</a>`,
		`>&#123;&#123;template &#34;main&#34; .&#125;&#125;</a>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page has no %s", want)
		}
	}
}
