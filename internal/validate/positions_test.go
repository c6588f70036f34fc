package validate_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/validate"
)

// mark stands where a problem is expected: just before the [ of a link,
// the ! of an image or the < of raw HTML. It is taken out of the story.
const mark = "‸"

// positionCases are stories with every shape of inline node goldmark
// makes, each link, image and piece of raw HTML in them one that dll
// reports, and a mark where each report must point.
var positionCases = []struct{ name, story string }{
	{"italic title in a bibliography", "Smith, J. " + mark + "[*Smith 2020*](nowhere.txt), a study.\n"},
	{"link in emphasis, emphasis first", "*" + mark + "[*Smith 2020*](nowhere.txt)*\n"},
	{"link in strong, code span first", "**" + mark + "[`code`](nowhere.txt)**\n"},
	{"empty link in emphasis", "*" + mark + "[]()*\n"},
	{"empty link in strong in emphasis", "***" + mark + "[]()***\n"},
	{"image with no text in emphasis", "*" + mark + "![](x.png)*\n"},
	{"image in a link", mark + "[" + mark + "![a chart](x.png)](nowhere.txt)\n"},
	{"image in a link in emphasis", "_" + mark + "[" + mark + "![](x.png)](nowhere.txt)_\n"},
	{"image in an image's text", mark + "![![a](y.png) a chart](x.png)\n"}, // only the outer one is shown
	{"link with strong then text", "See " + mark + "[**bold** then words](nowhere.txt).\n"},
	{"nested emphasis", "***" + mark + "[***deep***](nowhere.txt)***\n"},
	{"strikethrough", "~~" + mark + "[~~old~~](nowhere.txt)~~ and " + mark + "[x](nowhere.txt)\n"},
	{"autolink in a link", mark + "[<https://example.org>](nowhere.txt)\n"},
	{"bare web address before a link", "www.example.org " + mark + "[*x*](nowhere.txt)\n"},
	{"raw HTML in emphasis", "*" + mark + "<span>x" + mark + "</span>* and " + mark + "[*y*](nowhere.txt)\n"},
	{"raw HTML as link text", mark + "[" + mark + "<b>x" + mark + "</b>](nowhere.txt)\n"},
	{"HTML comment in a link", mark + "[" + mark + "<!-- note -->](nowhere.txt)\n"},
	{"entity as link text", "*" + mark + "[&amp;](nowhere.txt)*\n"},
	{"hard break in a link", "*" + mark + "[*x*\\\ny](nowhere.txt)*\n"},
	{"link over two lines", "text *" + mark + "[*two\nlines*](nowhere.txt)*\n"},
	{"reference link", "*" + mark + "[*Smith*][ref]*\n\n[ref]: nowhere.txt\n"},
	{"collapsed reference", "*" + mark + "[*ref*][]*\n\n[*ref*]: nowhere.txt\n"},
	{"task list", "- [ ] " + mark + "[*x*](nowhere.txt)\n- [x] **" + mark + "[`y`](nowhere.txt)**\n"},
	{"table cells", "| a | b |\n|---|---|\n| *" + mark + "[*x*](nowhere.txt)* | " + mark + "![](y.png) |\n"},
	{"heading", "## *" + mark + "[*x*](nowhere.txt)*\n"},
	{"setext heading", "*" + mark + "[*x*](nowhere.txt)*\n---\n"},
	{"list items", "1. *" + mark + "[*x*](nowhere.txt)*\n   - **" + mark + "[`y`](nowhere.txt)**\n"},
	{"blockquote", "> *" + mark + "[*x*](nowhere.txt)*\n> > - " + mark + "[]()\n"},
	{"after wide letters", "Ünïcödé 日本 *" + mark + "[*x*](nowhere.txt)*\n"},
	{"after a tab", "word\t*" + mark + "[*x*](nowhere.txt)*\n"},
	{"link at the very end", "text " + mark + "[]()"},
	{"image after an image", mark + "![](x.png)" + mark + "![](y.png)\n"},
}

// TestPositions: every problem with a link, an image or raw HTML points at
// its first character, whatever the link's text is made of and whatever
// it sits in, in a Markdown entry, in a YAML entry's indented body: block
// and in philosophy.md.
func TestPositions(t *testing.T) {
	base := txtar.Parse(mustRead(t, "testdata/base.txtar"))
	front, _ := archiveGet(base, "experiences/inquiry.md")
	yamlFields := strings.TrimPrefix(strings.SplitN(string(front), "\n---\n", 2)[0], "---\n")
	for _, tc := range positionCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			story, want := marks(tc.story)
			if len(want) == 0 {
				t.Fatal("the case marks no problem")
			}
			md := "---\n" + yamlFields + "\n---\n" + story
			indented := "  " + strings.ReplaceAll(strings.TrimSuffix(story, "\n"), "\n", "\n  ") + "\n"
			yml := yamlFields + "\nbody: |\n" + indented
			files := map[string]struct {
				src          string
				line, indent int // where the story starts in the file
			}{
				"experiences/story.md":   {md, strings.Count(yamlFields, "\n") + 4, 0},
				"experiences/story.yaml": {yml, strings.Count(yamlFields, "\n") + 3, 2},
				"philosophy.md":          {story, 1, 0},
			}
			fsys := fstest.MapFS{}
			addFiles(fsys, base)
			for name, f := range files {
				fsys[name] = &fstest.MapFile{Data: []byte(f.src)}
			}
			p, load := portfolio.Load(fsys)
			got := map[string][]string{}
			for _, d := range validate.Check(p, load) {
				if d.Rule == "internal" {
					t.Errorf("%s", d)
				}
				if _, ours := files[d.File]; ours && d.Field == "body" && d.Rule != "big-think" {
					got[d.File] = append(got[d.File], fmt.Sprintf("%d:%d", d.Line, d.Col))
				}
			}
			for name, f := range files {
				var w []string
				for _, at := range want {
					w = append(w, fmt.Sprintf("%d:%d", at.Line+f.line-1, at.Col+f.indent))
				}
				g := slices.Compact(slices.Clone(got[name]))
				if !slices.Equal(g, w) {
					t.Errorf("%s: problems at %v, want %v\nstory:\n%s", name, g, w, tc.story)
				}
			}
		})
	}
}

// marks takes the marks out of story and returns where they stood: line
// and column (in characters) in the story.
func marks(story string) (string, []diag.Pos) {
	var at []diag.Pos
	var b strings.Builder
	line, col := 1, 1
	for rest := story; rest != ""; {
		if strings.HasPrefix(rest, mark) {
			at = append(at, diag.Pos{Line: line, Col: col})
			rest = rest[len(mark):]
			continue
		}
		r := []rune(rest[:min(len(rest), 4)])[0]
		b.WriteRune(r)
		rest = rest[len(string(r)):]
		col++
		if r == '\n' {
			line, col = line+1, 1
		}
	}
	return b.String(), at
}
