package validate

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Characters a reader cannot see. Control characters (the bell, the escape
// that starts a terminal colour, NUL) have no place in any text and are
// errors wherever they come from, a YAML escape such as "\x07" included.
// Zero-width characters and direction overrides change what a text says
// without showing: a zero-width space splits a word (a name, a tag) in
// two, and U+202E shows the rest of a line backwards. They are warnings, at
// their place.

// controlChar returns the first control character in s: C0 but tab and
// line ends, DEL and C1.
func controlChar(s string) (rune, bool) {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return r, true
		}
	}
	return 0, false
}

// hiddenChar returns the first zero-width or direction-changing character
// in s that hides or reverses text (see hidden).
func hiddenChar(s string) (rune, bool) {
	prev := rune(0)
	for i, r := range s {
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		if hidden(prev, r, next) {
			return r, true
		}
		prev = r
	}
	return 0, false
}

// hidden reports whether r, between prev and next, hides or reverses text.
// The joiners that scripts and emoji need (ZWJ and ZWNJ in Persian, Hindi
// or an emoji sequence) and the plain direction marks of right-to-left
// writing are fine; between Latin letters a joiner only hides a split.
// Tag characters spell text no one sees (they are allowed only in the
// flags of Scotland, England and Wales), and the Hangul fillers are
// letters that show as nothing.
func hidden(prev, r, next rune) bool {
	switch r {
	case '\u200b', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u180e',
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
		'\u2066', '\u2067', '\u2068', '\u2069',
		'\u115f', '\u1160', '\u3164', '\uffa0', '\ufff9', '\ufffa', '\ufffb':
		return true
	case '\u200c', '\u200d', '\u034f':
		return prev < 0x250 && unicode.IsLetter(prev) || next < 0x250 && unicode.IsLetter(next)
	}
	if r >= 0xE0000 && r <= 0xE007F {
		return !(prev == 0x1F3F4 || prev >= 0xE0020 && prev <= 0xE007E)
	}
	return false
}

func controlMessage(r rune) string {
	return fmt.Sprintf("holds an invisible control character (U+%04X), perhaps written as an escape such as \\x%02X; delete it", r, r)
}

func hiddenMessage(r rune) string {
	return fmt.Sprintf("holds an invisible character (U+%04X) that %s; delete it", r, hiddenEffect(r))
}

func hiddenEffect(r rune) string {
	if r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
		return "changes the direction of the text after it, so it reads differently from what you typed"
	}
	return "splits or hides a word"
}

// markdownChars reports, at their places in a Markdown text, the hidden
// characters it holds and the control or hidden characters its character
// references (&#7;, &#x202E;) stand for.
func (b *bodyCtx) markdownChars(field string) {
	prev := rune(0)
	for i := 0; i < len(b.src); {
		r, size := utf8.DecodeRune(b.src[i:])
		if r == '&' && i+2 < len(b.src) && b.src[i+1] == '#' {
			if dec, n := numericRef(b.src[i:]); n > 0 {
				ref := string(b.src[i : i+n])
				if _, bad := controlChar(string(dec)); bad {
					b.d.Errorf(b.posAt(i), field, "control-character", "%s stands for an invisible control character (U+%04X); delete it", ref, dec)
				} else if hidden(0, dec, 0) {
					b.d.Warnf(b.posAt(i), field, "hidden-character", "%s stands for an invisible character (U+%04X) that %s; delete it", ref, dec, hiddenEffect(dec))
				}
				i += n
				continue
			}
		}
		if r >= 0x80 {
			next, _ := utf8.DecodeRune(b.src[i+size:])
			if hidden(prev, r, next) {
				b.d.Warnf(b.posAt(i), field, "hidden-character", "%s", hiddenMessage(r))
			}
		}
		prev = r
		i += size
	}
}

// numericRef decodes the numeric character reference at the start of b
// (&#7; or &#x1B;), returning the character and the reference's length.
func numericRef(b []byte) (rune, int) {
	i, base := 2, 10
	if i < len(b) && (b[i] == 'x' || b[i] == 'X') {
		i, base = 3, 16
	}
	start := i
	v := 0
	for ; i < len(b) && i-start < 8; i++ {
		d := digitValue(b[i], base)
		if d < 0 {
			break
		}
		v = v*base + d
	}
	if i == start || i >= len(b) || b[i] != ';' || v > unicode.MaxRune {
		return 0, 0
	}
	return rune(v), i + 1
}

func digitValue(c byte, base int) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case base == 16 && 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
