package portfolio

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Each heading of a story (and of the philosophy statement) gets an id on
// its page, so that a link can lead to it: [the results](../glider/index.md#what-we-found).
// The id is made from the heading's text as GitHub makes it, so a link
// that works in a repository's own view of the Markdown works on the site:
// lower case, letters, digits, hyphens and underscores kept, spaces made
// hyphens, anything else left out. A second heading with the same text
// gets -1, the third -2. An id the page uses for its own parts (#evidence,
// #history, #evidence-2) is never taken by a heading, whose id then starts
// with story- (#story-evidence), so that no id is on a page twice.

// entryPageIDs are the ids an entry's page gives its own parts.
var entryPageIDs = []string{"main", "difference", "evidence", "what-changed", "contributions", "assessed", "expertise", "alignments", "history"}

// evidenceID matches the ids of an entry's evidence items and their titles.
var evidenceID = regexp.MustCompile(`^evidence-[0-9]+(-title)?$`)

// PageID reports whether id is one an entry's page gives its own parts:
// a section, an evidence item (evidence-2), a phase of what the leader
// contributed (phase-planning, for each phase of the model m).
func PageID(m *Model, id string) bool {
	for _, p := range entryPageIDs {
		if id == p {
			return true
		}
	}
	if evidenceID.MatchString(id) {
		return true
	}
	if phase, ok := strings.CutPrefix(id, "phase-"); ok && m != nil {
		if v := m.Vocab("phases"); v != nil {
			if _, ok := v.Term(phase); ok {
				return true
			}
		}
	}
	return false
}

// HeadingID makes the id of a heading from its text, as GitHub does.
func HeadingID(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r), r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// HeadingIDs gives each heading of a text, by its text in order, its id:
// HeadingID ("section" for one with no letters or digits), story- before
// one the page uses for its own parts (PageID), and -1, -2, ... after a
// repeat.
func HeadingIDs(m *Model, texts []string) []string {
	used := map[string]bool{}
	ids := make([]string, len(texts))
	for i, t := range texts {
		base := HeadingID(t)
		if base == "" {
			base = "section"
		}
		if PageID(m, base) {
			base = "story-" + base
		}
		id := base
		for n := 1; used[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = true
		ids[i] = id
	}
	return ids
}

// HeadingText is the text of a heading as its id is made from: the text
// of its inline content, markup left out.
func HeadingText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := m.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(src))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
