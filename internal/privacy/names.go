// Package privacy finds the portfolio's private names (the roster and the
// blocked list) in what a reader of the site will see.
//
// Names are matched on words, not on bytes: markup is removed, character
// references such as &nbsp; are decoded, any run of spaces, punctuation or
// line ends separates words, Unicode is normalised, and accents and case are
// folded, so "Mateo Garcia" finds "Mateo García" written in any form, and a
// name wrapped across two lines of a story is still one name. A listed name
// also matches the way schools write it surname first ("Lopez, Ana" for
// "Ana Lopez"), in the possessive ("Ana Lopez's"), with its words run
// together as in a file name, a hashtag or an address ("AnaLopez.jpg",
// "#AnaLopez", "ana.lopez@school.org"), and percent-encoded as in a web
// address ("Ana%20Lopez").
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
	// byFirst finds the forms a word of a text can start: by a form's
	// first word, or by its first words run together ("analopez" starts,
	// and ends, "ana lopez").
	byFirst map[string][]start
	// lengths has, for each first byte of a key of byFirst, a bit for
	// each length such a key has, so that most words of a text are passed
	// over without a look-up.
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

// start is a form that a word of a text starts, having matched the form's
// words up to next.
type start struct {
	f    *form
	next int
}

// Hit is a private name found in a text.
type Hit struct {
	Offset int      // where the name starts, in bytes from the start of the input
	Last   int      // where its last character starts
	Listed diag.Pos // where the name is listed: the roster's line or the blocked_names item
}

// New indexes the names of a roster.
func New(roster []portfolio.RosterName) *Names {
	n := &Names{byFirst: map[string][]start{}}
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
			// A text may run the first words together ("AnaLopez",
			// "KayleeBrennan-Soto"): each run of them starts the form.
			key := ""
			for k, w := range ws {
				key += w
				n.byFirst[key] = append(n.byFirst[key], start{f: f, next: k + 1})
				n.lengths[key[0]] |= 1 << min(len(key), 63)
			}
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
		p = u // offsets are into the unescaped path
	}
	// A name made a web address loses its apostrophe: "Kaylee's
	// gliders" is kaylee-s-gliders or kaylees-gliders, both found.
	m := n.matcher()
	m.possessive = true
	m.sc.text([]byte(p), 0)
	return m.done()
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
	n *Names
	// possessive finds a name with an s run onto it, as in a path, where
	// a possessive has lost its apostrophe (kaylees for Kaylee's).
	possessive bool
	sc         scanner
	partial    []partial
	hits       []Hit
	end        int // the offset of the last character of the last hit
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
		next, ok := p.f.match(p.next, w, m.possessive)
		if !ok {
			continue
		}
		if next == len(p.f.words) {
			m.hit(p.start, last, p.f)
			continue
		}
		p.next = next
		kept = append(kept, p)
	}
	m.partial = kept
	if m.n.lengths[w[0]]&(1<<min(len(w), 63)) != 0 {
		for _, st := range m.n.byFirst[string(w)] {
			if st.next == len(st.f.words) {
				m.hit(at, last, st.f)
				continue
			}
			m.partial = append(m.partial, partial{f: st.f, next: st.next, start: at})
		}
	}
	if n := len(w); m.possessive && n > 1 && w[n-1] == 's' && m.n.lengths[w[0]]&(1<<min(n-1, 63)) != 0 {
		for _, st := range m.n.byFirst[string(w[:n-1])] {
			if st.next == len(st.f.words) {
				m.hit(at, last, st.f) // a whole name, with its possessive s
			}
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

// match reports whether the word w is the form's words from next on, one
// of them or several run together ("lopez", or "brennansoto" for the last
// two words of "kaylee brennan soto"), and the index of the word after it.
// With possessive, the name's last word may have an s run onto it.
func (f *form) match(next int, w []byte, possessive bool) (int, bool) {
	rest := string(w)
	for j := next; j < len(f.words); j++ {
		var ok bool
		if rest, ok = strings.CutPrefix(rest, f.words[j]); !ok {
			return 0, false
		}
		if rest == "" || possessive && rest == "s" && j == len(f.words)-1 {
			return j + 1, true
		}
	}
	return 0, false
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
// name. A capital after a small letter, and a digit next to a letter, start
// a new word: file names and hashtags run words together that way
// (AnaLopez2024.jpg is "ana lopez 2024").
type scanner struct {
	emit   func(w []byte, start, last int)
	cur    []byte
	start  int // the offset of the word's first character
	last   int // and of its last
	inWord bool
	prev   class // of the character before, in the word
}

// class is what kind of character a word's last one was.
type class uint8

const (
	other class = iota
	lower
	upper
	digit
)

// brk ends the current word.
func (s *scanner) brk() {
	if !s.inWord {
		return
	}
	s.inWord = false
	s.prev = other
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
		case 'a' <= r && r <= 'z':
			s.letter(byte(r), lower, at)
		case '0' <= r && r <= '9':
			s.letter(byte(r), digit, at)
		case 'A' <= r && r <= 'Z':
			s.letter(byte(r)+'a'-'A', upper, at)
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
		c := other
		switch {
		case unicode.IsUpper(r):
			c = upper
		case unicode.IsLower(r):
			c = lower
		case unicode.IsDigit(r):
			c = digit
		}
		if c != s.prev && s.inWord {
			s.boundary(c)
		}
		if !s.inWord {
			s.inWord, s.start = true, at
		}
		s.cur = append(s.cur, f...)
		s.last = at
		s.prev = c
	}
}

// boundary ends the word before a character of class c that starts a new
// one: a capital after a small letter, a digit after a letter, a letter
// after a digit.
func (s *scanner) boundary(c class) {
	if s.prev != other && c != other && (c == digit || s.prev == digit || c == upper && s.prev == lower) {
		s.brk()
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
	case r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0:
		// Hangul fillers: letters that show as nothing at all.
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

func (s *scanner) letter(c byte, cl class, at int) {
	if cl != s.prev && s.inWord {
		s.boundary(cl)
	}
	if !s.inWord {
		s.inWord, s.start = true, at
	}
	s.cur = append(s.cur, c)
	s.last = at
	s.prev = cl
}

func (s *scanner) apostrophe(at int) {
	s.prev = other
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
// character references and percent-encoded characters.
func (s *scanner) text(b []byte, base int) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf && c != '&' && c != '%' {
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
		if c == '%' {
			if r, n := percent(b[i:]); n > 0 {
				s.r(r, base+i)
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRune(b[i:])
		s.r(r, base+i)
		i += size
	}
}

// raw takes b as it is, with no character references decoded (code, where
// &amp; is shown as written). Percent-encoded characters are decoded: in
// code they are web addresses, which a browser shows decoded.
func (s *scanner) raw(b []byte, base int) {
	for i := 0; i < len(b); {
		if b[i] == '%' {
			if r, n := percent(b[i:]); n > 0 {
				s.r(r, base+i)
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRune(b[i:])
		s.r(r, base+i)
		i += size
	}
}

// percent decodes the percent-encoded character at the start of b, as a
// web address writes it ("%20" for a space, "%C3%AD" for "í"), returning it
// and the length of its encoding, or 0.
func percent(b []byte) (rune, int) {
	var enc [utf8.UTFMax]byte
	n := 0
	for i := 0; n < len(enc) && i+2 < len(b) && b[i] == '%'; i += 3 {
		hi, lo := unhex(b[i+1]), unhex(b[i+2])
		if hi < 0 || lo < 0 {
			break
		}
		enc[n] = byte(hi<<4 | lo)
		n++
		if utf8.FullRune(enc[:n]) {
			r, size := utf8.DecodeRune(enc[:n])
			if r == utf8.RuneError && size <= 1 {
				return 0, 0
			}
			return r, 3 * n
		}
	}
	return 0, 0
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
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
