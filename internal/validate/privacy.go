package validate

import (
	"reflect"
	"strings"
	"unicode"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// nameIndex finds the portfolio's private names (roster and blocked names)
// in text, by whole words and ignoring case. Messages point to where a name
// was listed and never repeat the name itself.
type nameIndex struct {
	byFirst map[string][]rosterWords
}

type rosterWords struct {
	words []string
	pos   diag.Pos
}

func newNameIndex(roster []portfolio.RosterName) *nameIndex {
	ix := &nameIndex{byFirst: map[string][]rosterWords{}}
	for _, r := range roster {
		ws := splitWords(r.Name)
		if len(ws) == 0 {
			continue
		}
		ix.byFirst[ws[0].w] = append(ix.byFirst[ws[0].w], rosterWords{words: wordsOf(ws), pos: r.Pos})
	}
	return ix
}

type word struct {
	w     string
	start int // byte offset
}

func splitWords(s string) []word {
	var out []word
	start := -1
	for i, r := range s + " " {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			w := strings.ToLower(s[start:i])
			// A possessive names the same person: Kaylee's, Soto’s, Jones'.
			for _, suffix := range []string{"'s", "’s", "'", "’"} {
				if len(w) > len(suffix) && strings.HasSuffix(w, suffix) {
					w = w[:len(w)-len(suffix)]
					break
				}
			}
			out = append(out, word{w, start})
			start = -1
		}
	}
	return out
}

func wordsOf(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.w
	}
	return out
}

// find returns the byte offset of the first private name in s and where
// that name was listed.
func (ix *nameIndex) find(s string) (offset int, listed diag.Pos, ok bool) {
	all := ix.findAll(s, 1)
	if len(all) == 0 {
		return 0, diag.Pos{}, false
	}
	return all[0].offset, all[0].listed, true
}

type nameHit struct {
	offset int
	listed diag.Pos
}

// findAll returns up to limit private names in s, in order.
func (ix *nameIndex) findAll(s string, limit int) []nameHit {
	if len(ix.byFirst) == 0 {
		return nil
	}
	var hits []nameHit
	ws := splitWords(s)
	for i := 0; i < len(ws) && len(hits) < limit; i++ {
		w := ws[i]
		for _, cand := range ix.byFirst[w.w] {
			if i+len(cand.words) > len(ws) {
				continue
			}
			match := true
			for j, cw := range cand.words {
				if ws[i+j].w != cw {
					match = false
					break
				}
			}
			if match {
				hits = append(hits, nameHit{w.start, cand.pos})
				i += len(cand.words) - 1
				break
			}
		}
	}
	return hits
}

func privateNameMessage(listed diag.Pos) string {
	return "contains a name from your privacy list (" + listed.String() + "); replace it with initials or a pseudonym, or keep this entry private"
}

// privacy reports every field and story line of a published entry that
// names someone on the roster or blocked list.
func (x *entryCtx) privacy() {
	if len(x.names.byFirst) == 0 {
		return
	}
	eachText(reflect.ValueOf(x.e).Elem(), func(s string, path func() string) {
		if _, listed, ok := x.names.find(s); ok {
			x.errorf(path(), "private-name", "%s", privateNameMessage(listed))
		}
	})
	x.privacyInText(x.file, x.e.Body, x.e.Src.BodyLine, x.e.Src.BodyIndent, "body", x.d)
}

// privacyInText reports private names in a Markdown text, line by line.
func (c *checker) privacyInText(file, body string, firstLine, indent int, field string, d *diag.List) {
	if len(c.names.byFirst) == 0 {
		return
	}
	for i, line := range strings.Split(body, "\n") {
		for _, h := range c.names.findAll(line, 10) {
			col := len([]rune(line[:h.offset])) + 1 + indent
			d.Errorf(diag.Pos{File: file, Line: firstLine + i, Col: col}, field, "private-name", "%s", privateNameMessage(h.listed))
		}
	}
}

// PrivateNames finds the portfolio's private names (roster and blocked
// list) in text that is about to be published from outside the entries,
// such as commit messages.
type PrivateNames struct{ ix *nameIndex }

// NewPrivateNames indexes the portfolio's private names.
func NewPrivateNames(p *portfolio.Portfolio) *PrivateNames {
	return &PrivateNames{newNameIndex(p.Roster)}
}

// In reports whether s names anyone on the private list.
func (n *PrivateNames) In(s string) bool {
	_, _, ok := n.ix.find(s)
	return ok
}
