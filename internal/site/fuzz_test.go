package site

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/validate"
)

// storyGen writes a Markdown story from the bytes of shape: each byte picks
// what comes next, a block or an inline construct of goldmark's, nested in
// each other, and leaves the fuzzer's own text (raw) in among them.
type storyGen struct {
	shape []byte
	raw   string
	b     strings.Builder
}

// next returns the next byte of shape, 0 when it is all used.
func (g *storyGen) next() int {
	if len(g.shape) == 0 {
		return 0
	}
	c := int(g.shape[0])
	g.shape = g.shape[1:]
	return c
}

// rawText returns the next piece of raw, up to n bytes.
func (g *storyGen) rawText(n int) string {
	n = min(n, len(g.raw))
	s := g.raw[:n]
	g.raw = g.raw[n:]
	return s
}

var (
	genWords = []string{"Smith 2020", "word", "", " ", "TODO:", "日本語", "Ünïcödé", "a_b_c", "snake*case", "\t", "x\ny", "1.", "-", "#", "|", ">", "\\", "&", "<", "!", "[", "]", "(", ")", "`", "*", "_", "~", "---", "===", "\n\n"}
	genDests = []string{"", "https://example.org/smith", "nowhere.txt", "notes.pdf", "pic.png", "#part", "other.md", "other.md#big-think",
		"../philosophy.md", "javascript:alert(1)", "JaVaScRiPt&#58;x", "data:image/png;base64,AA", "//example.org/x.png",
		"<with space.pdf>", "mailto:a@example.org", "%2e%2e/dll.yaml", "pic.png \"a title\"", "/abs/path.pdf", "C:\\win.pdf"}
)

func (g *storyGen) word() string { return genWords[g.next()%len(genWords)] }
func (g *storyGen) dest() string { return genDests[g.next()%len(genDests)] }

// inline writes a run of inline constructs.
func (g *storyGen) inline(depth int) {
	for range 1 + g.next()%3 {
		if len(g.shape) == 0 {
			return
		}
		c := g.next()
		if depth > 6 {
			c %= 2 // only text past this depth
		}
		wrap := func(open, close string) {
			g.b.WriteString(open)
			g.inline(depth + 1)
			g.b.WriteString(close)
		}
		switch c % 24 {
		case 0:
			g.b.WriteString(g.word())
		case 1:
			g.b.WriteString(g.rawText(1 + g.next()%16))
		case 2:
			wrap("*", "*")
		case 3:
			wrap("_", "_")
		case 4:
			wrap("**", "**")
		case 5:
			wrap("__", "__")
		case 6:
			wrap("~~", "~~")
		case 7, 8:
			wrap("[", "]("+g.dest()+")")
		case 9:
			wrap("![", "]("+g.dest()+")")
		case 10:
			wrap("`", "`")
		case 11:
			wrap("``", "``")
		case 12:
			g.b.WriteString([]string{"<https://example.org>", "<mailto:a@example.org>", "www.example.org", "https://example.org/a.", "<javascript:alert(1)>", "a@example.org"}[g.next()%6])
		case 13:
			wrap("<span>", "</span>")
		case 14:
			wrap("<!-- ", " -->")
		case 15:
			g.b.WriteString([]string{"&amp;", "&#58;", "&nbsp;", "&#x0;", "&bogus;", "&#1234567;"}[g.next()%6])
		case 16:
			g.b.WriteString([]string{"\\\n", "  \n", "\n"}[g.next()%3])
		case 17:
			wrap("[", "][ref]")
		case 18:
			wrap("[", "][]")
		case 19:
			wrap("[", "]")
		case 20:
			g.b.WriteString([]string{"*", "_", "[", "]", "![", "`", "<", "~~", "**"}[g.next()%9])
		case 21:
			wrap("[", "]("+g.dest()+" \"a title\")")
		case 22:
			wrap("<b>", "")
		default:
			wrap("***", "***")
		}
	}
}

// block writes one block, each of its lines after prefix.
func (g *storyGen) block(depth int, prefix string) {
	if len(g.shape) == 0 {
		return
	}
	c := g.next()
	if depth > 4 {
		c = 0 // only paragraphs past this depth
	}
	line := func(s string) { g.b.WriteString(prefix + s) }
	// para writes inline content whose new lines carry the prefix.
	para := func(lead string) {
		var inner storyGen
		inner.shape, inner.raw = g.shape, g.raw
		inner.inline(depth)
		g.shape, g.raw = inner.shape, inner.raw
		line(lead + strings.ReplaceAll(inner.b.String(), "\n", "\n"+prefix) + "\n")
	}
	switch c % 16 {
	case 0, 1:
		para("")
	case 2:
		para(strings.Repeat("#", 1+g.next()%6) + " ")
	case 3:
		para("")
		line([]string{"===", "---"}[g.next()%2] + "\n")
	case 4:
		g.block(depth+1, prefix+"> ")
	case 5:
		line("- ")
		g.block(depth+1, prefix+"  ")
	case 6:
		line("1. ")
		g.block(depth+1, prefix+"   ")
	case 7:
		para([]string{"- [ ] ", "- [x] ", "* [X] "}[g.next()%3])
	case 8:
		line("| a | b |\n")
		line("|---|:-:|\n")
		para("| ")
		line("| " + g.word() + " | `x|y` |\n")
	case 9:
		line("```" + g.word() + "\n")
		line(g.rawText(1+g.next()%32) + "\n")
		line("```\n")
	case 10:
		line("[ref]: " + g.dest() + "\n")
	case 11:
		line("<div>\n")
		para("")
		line("</div>\n")
	case 12:
		line("    " + g.word() + "\n")
	case 13:
		line("***\n")
	case 14:
		line(g.rawText(1+g.next()%64) + "\n")
	default:
		para("Smith, J. (2020). ")
	}
	if g.next()%2 == 0 {
		line("\n")
	}
}

// story writes the whole story: every byte of shape used, then any raw
// text left.
func story(shape []byte, raw string) string {
	g := &storyGen{shape: shape, raw: raw}
	for len(g.shape) > 0 {
		g.block(0, "")
	}
	g.b.WriteString(g.raw)
	return g.b.String()
}

const fuzzFront = `---
title: Story
summary: A story read from the fuzzer.
status: completed
start: 2025-01-13
end: 2025-01-24
type: inquiry
mode: build
my_role: teacher-librarian
partners:
  - name: Ms. K.
    role: classroom-teacher
setting:
  organization_type: k12
  delivery: face-to-face
  level: 3-5
contributions:
  planning: [Co-planned the lessons]
  teaching: [Co-taught the sessions]
  assessment: [Scored the work with the teacher]
expertise: [technology, equity]
equity:
  barriers: [language]
  actions: [Added books in Spanish]
outcomes:
  learners: 24
  met_or_exceeded: 20
  assessment_basis: a shared rubric
  learner_change: Students explain their choices.
evidence:
  - title: Student work
    kind: student-work
    url: https://example.org/work
    phase: assessment
    consent: anonymized
---
`

// indent indents every line of s by n spaces, for a YAML block.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+pad) + "\n"
}

// yamlBody writes the story as the value of body: in one of the styles
// YAML has.
func yamlBody(s string, style int) string {
	switch style % 8 {
	case 4:
		return "body: |2-\n" + indent(s, 2)
	case 5:
		return "body: " + strconv.Quote(s) + "\n" // Go's escapes are YAML's too
	case 6:
		return "body: '" + strings.ReplaceAll(strings.ReplaceAll(s, "'", "''"), "\n", "\n  ") + "'\n"
	case 7:
		return "body: " + strings.ReplaceAll(s, "\n", "\n  ") + "\n"
	}
	return "body: |\n" + indent(s, 2)
}

// storyFiles are the portfolio's files with the story in each place
// Markdown is read: an entry's story, a YAML entry's body:, philosophy.md
// and the bio.
func storyFiles(s string, style int, pic []byte) map[string]string {
	yamlFields := strings.TrimSuffix(strings.TrimPrefix(fuzzFront, "---\n"), "---\n")
	return map[string]string{
		"dll.yaml":                    "title: Fuzz\nleader:\n  name: A. Leader\n  role: teacher-librarian\n  organization: Example School\n  bio: |\n" + indent(s, 4) + "privacy:\n  blocked_names: [Zed Quill]\n",
		"philosophy.md":               s,
		"experiences/story.md":        fuzzFront + s,
		"experiences/yaml-story.yaml": yamlFields + yamlBody(s, style),
		"experiences/notes.pdf":       "%PDF-1.4\n",
		"experiences/pic.png":         string(pic),
		"experiences/other.md":        fuzzFront + "## Big Think\n### So what?\nYes.\n### What next?\nMore.\n",
		"experiences/nowhere.txt":     "a file of no entry's",
	}
}

// discard is a site writer that keeps nothing.
type discard struct{}

func (discard) create(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// pointsAt is what each rule about a link, an image or raw HTML points at:
// the first character of what it reports.
var pointsAt = map[string]string{
	"link": "[!", "page-link": "[", "alt-text": "!", "remote-image": "!", "page-image": "!",
	"raw-html": "<", "html-comment": "<",
}

// FuzzStoryMarkdown writes stories of goldmark's constructs nested in each
// other (and arbitrary text) into every place dll reads Markdown, checks
// the portfolio and renders the site: nothing may fail in dll itself, every
// problem must point inside its file, and a problem with a link, an image
// or raw HTML at its first character.
func FuzzStoryMarkdown(f *testing.F) {
	for _, s := range []string{
		"*[*Smith 2020*](https://example.org/smith)*",
		"**[`code`](https://example.org)**",
		"*[]()*",
		"Smith, J. (2020). *[*Learning together*](https://example.org/smith)*. Journal.\n\n- *[*A*](nowhere.txt)*\n",
		"> *![](pic.png)*\n> - [ ] **[`x`](notes.pdf)**\n",
		"| a | b |\n|---|---|\n| *[*x*](other.md)* | ![](y.png) |\n",
		"## *[*x*](#part)*\n\n*[*x*][ref]*\n\n[ref]: nowhere.txt\n",
		"~~[~~x~~](javascript:alert(1))~~ <span>*x*</span> <!-- note --> &#58; www.example.org\\\nend",
	} {
		f.Add([]byte{}, s)
	}
	f.Add([]byte{7, 2, 3, 2, 0, 0, 1, 1, 1}, "")
	f.Add([]byte{4, 5, 7, 9, 21, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, "raw<>[]*`")
	f.Add([]byte{8, 2, 7, 2, 9, 10, 2, 6, 7, 2, 11, 1, 3, 0, 13, 2, 17, 3}, "x")
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		f.Fatal(err)
	}
	// The built-in templates, parsed once: the portfolio has none of its own.
	tpl, err := loadTemplates(fstest.MapFS{}, lang.ForLanguage(lang.Default))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, shape []byte, raw string) {
		if len(shape) > 512 || len(raw) > 2048 {
			return
		}
		s := story(shape, raw)
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("checking and rendering took over 10s; the story:\n%q", s)) })
		defer watchdog.Stop()
		style := 0
		if len(shape) > 0 {
			style = int(shape[len(shape)-1])
		}
		files := storyFiles(s, style, pic.Bytes())
		fsys := fstest.MapFS{}
		for name, data := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
		p, load := portfolio.Load(fsys)
		reflowed := map[string]bool{}
		for _, e := range p.Entries {
			reflowed[e.Src.File] = e.Src.BodyReflowed
		}
		for _, d := range validate.Check(p, load) {
			checkStoryDiag(t, d, files, reflowed[d.File], s)
		}
		b := newBuilder(p, discard{}, Options{Drafts: true, Workers: 1}, tpl, nil)
		if err := b.run(context.Background(), b.entries); err != nil && strings.Contains(err.Error(), "please report") {
			t.Errorf("rendering: %v\nthe story:\n%q", err, s)
		}
	})
}

// checkStoryDiag checks one problem found in the files of a story; in a
// reflowed YAML body (see portfolio.Source.BodyReflowed) every problem is
// where the value starts.
func checkStoryDiag(t *testing.T, d diag.Diagnostic, files map[string]string, reflowed bool, s string) {
	t.Helper()
	if d.Rule == "internal" {
		t.Errorf("%s\nthe story:\n%q", d, s)
	}
	src, ok := files[d.File]
	if !ok {
		return
	}
	lines := strings.Split(src, "\n")
	if d.Line < 1 || d.Line > len(lines) {
		t.Errorf("%s: line %d is outside the file's %d lines\nthe story:\n%q", d, d.Line, len(lines), s)
		return
	}
	line := lines[d.Line-1]
	if d.Col < 1 || d.Col > utf8.RuneCountInString(line)+1 {
		t.Errorf("%s: column %d is outside line %d, %q\nthe story:\n%q", d, d.Col, d.Line, line, s)
		return
	}
	want, ok := pointsAt[d.Rule]
	if !ok || d.Field != "body" || reflowed {
		return
	}
	at := []rune(line)[d.Col-1:]
	for len(at) > 0 && (at[0] == ' ' || at[0] == '\t') {
		at = at[1:] // an HTML block's line may start with spaces
	}
	if len(at) == 0 || !strings.ContainsRune(want, at[0]) {
		t.Errorf("%s: points at %q, want one of %q\nthe story:\n%q", d, string(at), want, s)
	}
}
