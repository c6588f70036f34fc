// Package privacy finds the portfolio's private names (the roster and the
// blocked list) in what a reader of the site will see.
//
// Names are matched on words, not on bytes: markup is removed, character
// references such as &nbsp; are decoded, any run of spaces, punctuation or
// line ends separates words, Unicode is normalised, and accents and case are
// folded, so "Mateo Garcia" finds "Mateo García" written in any form, and a
// name wrapped across two lines of a story is still one name. A listed name
// also matches the way schools write it surname first ("Lopez, Ana" for
// "Ana Lopez"), and in the possessive ("Ana Lopez's").
//
// What is found is reported by where the name was listed, never by the name
// itself: a message must not publish what it warns about.
package privacy

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"dll/internal/diag"
	"dll/internal/media"
	"dll/internal/portfolio"
)

// Names is the portfolio's private names, ready to be found. A nil *Names
// finds nothing.
type Names struct {
	byFirst map[string][]*form
	// lengths has, for each first byte of a listed name's first word, a
	// bit for each length that word has, so that most words of a text are
	// passed over without a look-up.
	lengths [256]uint64
	// unspaced are the forms written in scripts that put no spaces between
	// words (Chinese, Japanese, Thai, Korean with its particles), found
	// inside longer words.
	unspaced []*form
}

// form is one way of writing a listed name, as folded words.
type form struct {
	words  []string
	joined string // the words with nothing between them, for unspaced forms
	listed diag.Pos
}

// Hit is a private name found in a text.
type Hit struct {
	Offset int      // where the name starts, in bytes from the start of the input
	Last   int      // where its last character starts
	Listed diag.Pos // where the name is listed: the roster's line or the blocked_names item
}

// New indexes the names of a roster.
func New(roster []portfolio.RosterName) *Names {
	n := &Names{byFirst: map[string][]*form{}}
	for _, r := range roster {
		for _, ws := range forms(r.Name) {
			if len(ws) == 0 {
				continue
			}
			f := &form{words: ws, joined: strings.Join(ws, ""), listed: r.Pos}
			if unspacedScript(f.joined) {
				n.unspaced = append(n.unspaced, f)
				continue
			}
			n.byFirst[ws[0]] = append(n.byFirst[ws[0]], f)
			n.lengths[ws[0][0]] |= 1 << min(len(ws[0]), 63)
		}
	}
	return n
}

// Empty reports whether there are no names to find.
func (n *Names) Empty() bool { return n == nil || len(n.byFirst) == 0 && len(n.unspaced) == 0 }

// forms returns the ways a listed name is written, as folded words: as
// listed, and with the surname moved to the other end ("Ana Lopez" and
// "Lopez Ana", which also finds "Lopez, Ana"; "Mary Ann Smith" also gives
// "Smith Mary Ann" and "Ann Smith Mary"). A listed name with a comma is
// taken as surname first.
func forms(name string) [][]string {
	name = strings.TrimSpace(name)
	var parts []string
	if before, after, ok := strings.Cut(name, ","); ok {
		parts = append(strings.Fields(after), strings.Fields(before)...)
	} else {
		parts = strings.Fields(name)
	}
	out := [][]string{foldWords(strings.Join(parts, " "))}
	if len(parts) > 1 {
		out = append(out,
			foldWords(strings.Join(append(append([]string{}, parts[1:]...), parts[0]), " ")),
			foldWords(strings.Join(append([]string{parts[len(parts)-1]}, parts[:len(parts)-1]...), " ")))
	}
	return out
}

// foldWords returns the folded words of s.
func foldWords(s string) []string {
	var out []string
	sc := scanner{emit: func(w []byte, _, _ int) { out = append(out, string(w)) }}
	sc.text([]byte(s), 0)
	sc.brk()
	return out
}

// InText finds the names in a plain text, such as a field's value or a text
// file. Character references (&nbsp;, &#233;) are read as what they stand
// for.
func (n *Names) InText(s string) []Hit {
	if n.Empty() {
		return nil
	}
	m := n.matcher()
	m.sc.text([]byte(s), 0)
	return m.done()
}

// First returns the first name in a plain text.
func (n *Names) First(s string) (Hit, bool) {
	hits := n.InText(s)
	if len(hits) == 0 {
		return Hit{}, false
	}
	return hits[0], true
}

// InPath finds the names in a path that is published as part of a web
// address, such as an entry's folder or an evidence file's name: any
// separator (/, -, _, ., %20) stands between words.
func (n *Names) InPath(p string) []Hit {
	if n.Empty() {
		return nil
	}
	if u, err := url.PathUnescape(p); err == nil && len(u) == len(p) {
		p = u // keep offsets right: only when nothing was escaped
	} else if err == nil {
		return n.InText(u) // offsets are into the unescaped path
	}
	return n.InText(p)
}

// Contains reports whether a plain text names anyone on the list.
func (n *Names) Contains(s string) bool {
	_, ok := n.First(s)
	return ok
}

// FirstInPath returns the first name in a path.
func (n *Names) FirstInPath(p string) (Hit, bool) {
	hits := n.InPath(p)
	if len(hits) == 0 {
		return Hit{}, false
	}
	return hits[0], true
}

// TextFile reports whether a file, by its name, is text that a reader can
// read as it is published (the media package publishes such files as they
// are): its words are read for names.
func TextFile(name string) bool { return media.KindOf(name) == media.Text }

// matcher finds names in the words a scanner gives, as they come.
type matcher struct {
	n       *Names
	sc      scanner
	partial []partial
	hits    []Hit
	end     int // the offset of the last character of the last hit
}

type partial struct {
	f     *form
	next  int // the index of the next word to match
	start int // the offset of the first word
}

func (n *Names) matcher() *matcher {
	m := &matcher{n: n}
	m.sc.emit = m.word
	return m
}

// word takes the next folded word w, which starts at offset at and whose
// last character starts at last.
func (m *matcher) word(w []byte, at, last int) {
	kept := m.partial[:0]
	for _, p := range m.partial {
		if p.f.words[p.next] != string(w) {
			continue
		}
		if p.next+1 == len(p.f.words) {
			m.hit(p.start, last, p.f)
			continue
		}
		p.next++
		kept = append(kept, p)
	}
	m.partial = kept
	if m.n.lengths[w[0]]&(1<<min(len(w), 63)) != 0 {
		for _, f := range m.n.byFirst[string(w)] {
			if len(f.words) == 1 {
				m.hit(at, last, f)
				continue
			}
			m.partial = append(m.partial, partial{f: f, next: 1, start: at})
		}
	}
	if len(m.n.unspaced) > 0 && unspacedScript(string(w)) {
		for _, f := range m.n.unspaced {
			if strings.Contains(string(w), f.joined) {
				m.hit(at, last, f)
			}
		}
	}
}

// hit records a name that starts at offset at and ends with the character
// at last, once per place: a name found overlapping the one before (two
// forms of one name, or "Ana Lopez Ana" read as "Lopez Ana" too) is not
// found again.
func (m *matcher) hit(at, last int, f *form) {
	if len(m.hits) > 0 && at <= m.end {
		return
	}
	m.hits = append(m.hits, Hit{Offset: at, Last: last, Listed: f.listed})
	m.end = last
}

func (m *matcher) done() []Hit {
	m.sc.brk()
	return m.hits
}

// scanner cuts text into folded words: letters and digits, in lower case,
// without accents. Apostrophes inside a word are dropped (O'Neil, O’Neil
// and ONeil are one word), and a possessive ending is cut (Lopez's).
// Invisible characters (zero-width spaces and joiners, soft hyphens,
// direction marks) are skipped without ending a word, so they cannot hide a
// name.
type scanner struct {
	emit   func(w []byte, start, last int)
	cur    []byte
	start  int // the offset of the word's first character
	last   int // and of its last
	inWord bool
}

// brk ends the current word.
func (s *scanner) brk() {
	if !s.inWord {
		return
	}
	s.inWord = false
	w := s.cur
	// A possessive names the same person: Kaylee's, Jones'.
	if n := len(w); n >= 2 && w[n-2] == '\'' && w[n-1] == 's' {
		w = w[:n-2]
	}
	for len(w) > 0 && w[len(w)-1] == '\'' {
		w = w[:len(w)-1]
	}
	// Other apostrophes are not part of the name: O'Neil is ONeil.
	out := w[:0]
	for _, c := range w {
		if c != '\'' {
			out = append(out, c)
		}
	}
	if len(out) > 0 {
		s.emit(out, s.start, s.last)
	}
	s.cur = s.cur[:0]
}

// r takes one character of the text, found at offset at.
func (s *scanner) r(r rune, at int) {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			s.letter(byte(r), at)
		case 'A' <= r && r <= 'Z':
			s.letter(byte(r)+'a'-'A', at)
		case r == '\'' || r == '`':
			s.apostrophe(at)
		case r == 0x7f: // where a Markdown escape's backslash was
		default:
			s.brk()
		}
		return
	}
	f := fold(r)
	switch f {
	case skip:
	case apostrophe:
		s.apostrophe(at)
	case "":
		s.brk()
	default:
		if !s.inWord {
			s.inWord, s.start = true, at
		}
		s.cur = append(s.cur, f...)
		s.last = at
	}
}

// What fold says of a character that is not a letter.
const (
	skip       = "\x00skip"       // nothing: an accent on its own, or an invisible character
	apostrophe = "\x00apostrophe" // an apostrophe
)

// fold returns a character as the letters it stands for, in lower case and
// without accents; or skip, apostrophe, or "" for a character between
// words. Latin letters, the most common, are looked up in a table.
func fold(r rune) string {
	switch {
	case r < rune(len(latin)):
		return latin[r]
	case r >= 0x2000 && r < 0x2000+rune(len(punctuation)):
		return punctuation[r-0x2000]
	}
	return foldSlow(r)
}

var (
	latin       = foldTable[[0x250]string](0)
	punctuation = foldTable[[0x70]string](0x2000) // quotes, dashes, spaces, zero-width characters
)

func foldTable[T [0x250]string | [0x70]string](from rune) (t T) {
	for i := range len(t) {
		t[i] = foldSlow(from + rune(i))
	}
	return t
}

func foldSlow(r rune) string {
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
		return skip
	case r == '\'' || r == '`' || r == '’' || r == '‘' || r == 'ʼ' || r == '´' || r == 'ʻ':
		return apostrophe
	case !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.In(r, unicode.So, unicode.No):
		return "" // spaces and punctuation, without decomposing them
	}
	if f, ok := special[r]; ok {
		return f
	}
	var out []byte
	d := norm.NFKD.String(string(r))
	for _, c := range d {
		switch {
		case unicode.Is(unicode.Mn, c):
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			c = unicode.ToLower(c)
			if f, ok := special[c]; ok {
				out = append(out, f...)
				continue
			}
			out = utf8.AppendRune(out, c)
		default:
			return "" // a symbol that stands for more than letters
		}
	}
	return string(out)
}

func (s *scanner) letter(c byte, at int) {
	if !s.inWord {
		s.inWord, s.start = true, at
	}
	s.cur = append(s.cur, c)
	s.last = at
}

func (s *scanner) apostrophe(at int) {
	if s.inWord {
		s.cur = append(s.cur, '\'')
	}
}

// special folds letters that Unicode does not decompose into a base letter
// and an accent, the way people type them without the accent.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŧ': "t", 'Ŧ': "t", 'ς': "σ",
}

// text takes b, which starts at offset base in the input, decoding
// character references.
func (s *scanner) text(b []byte, base int) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf && c != '&' {
			s.r(rune(c), base+i)
			i++
			continue
		}
		if c == '&' {
			if dec, n := reference(b[i:]); n > 0 {
				for _, r := range dec {
					s.r(r, base+i)
				}
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRune(b[i:])
		s.r(r, base+i)
		i += size
	}
}

// raw takes b as it is, with no references decoded (code, where &amp; is
// shown as written).
func (s *scanner) raw(b []byte, base int) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		s.r(r, base+i)
		i += size
	}
}

// reference decodes the character reference at the start of s (&amp;,
// &#233;, &#xE9;), returning what it stands for and its length, or 0.
func reference(b []byte) (string, int) {
	end := bytes.IndexByte(b[:min(len(b), 40)], ';')
	if end < 2 {
		return "", 0
	}
	ref := string(b[:end+1])
	dec := html.UnescapeString(ref)
	if dec == ref {
		return "", 0
	}
	return dec, len(ref)
}

// unspacedScript reports whether s has letters of a script written without
// spaces between words, where a name is found inside a longer word.
func unspacedScript(s string) bool {
	for _, r := range s {
		if r >= 0x0E00 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)) {
			return true
		}
	}
	return false
}

// Message is what a diagnostic says of a private name in an entry, listed
// at listed.
func Message(listed diag.Pos) string {
	return Found(listed) + "; replace it with initials or a pseudonym, or keep this entry private"
}

// Found says that a private name, listed at listed, was found, without
// naming it.
func Found(listed diag.Pos) string {
	return "contains a name from your privacy list (" + listed.String() + ")"
}
