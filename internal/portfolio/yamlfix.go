package portfolio

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds what the messages about YAML share: how to write a value
// in quotes so that it reads back exactly as typed, how a line of front
// matter divides into its list dashes, key and value, and the characters
// that look like spaces but are not spaces to YAML.

// quoteYAML returns s as a quoted YAML value that reads back as s: in
// double quotes; in single quotes when s holds a double quote or a
// backslash and no single quote; in double quotes with \" and \\ when it
// holds both kinds of quote.
func quoteYAML(s string) string {
	switch {
	case !strings.ContainsAny(s, `"\`):
		return `"` + s + `"`
	case !strings.Contains(s, "'"):
		return "'" + s + "'"
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// fixLine returns the line to write instead of one whose value YAML would
// misread: prefix (the dashes and key that come before the value) and the
// value in quotes. A long value is shortened in the middle, with "…".
func fixLine(prefix, value string) string {
	q := quoteYAML(value)
	if r := []rune(q); len(r) > 70 {
		q = string(r[:50]) + "…" + string(r[len(r)-15:])
	}
	return prefix + q
}

// yamlLine is a line of YAML divided into its parts: "  - key: value".
type yamlLine struct {
	text   string
	indent int    // the spaces before anything else
	prefix string // the list dashes and the key with its colon, as written ("- title: ")
	key    string // the key, or "" for a list item or a line without one
	value  string // the value, without the spaces around it
	vstart int    // where the value starts in text (bytes)
}

// modelKeyRE matches the keys of the model (snake_case). In a list item,
// "- Assessment: co-designed" is text with a colon, not a key; "- name: x"
// starts a set of keys.
var modelKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// splitYAMLLine divides a line as an author writes one: indentation, then
// list dashes, then "key: " and a value.
func splitYAMLLine(text string) yamlLine {
	l := yamlLine{text: text}
	rest := strings.TrimLeft(text, " ")
	l.indent = len(text) - len(rest)
	pos := l.indent
	for rest == "-" || strings.HasPrefix(rest, "- ") {
		after := strings.TrimLeft(rest[1:], " ")
		pos += len(rest) - len(after)
		rest = after
	}
	if k := keyColon(rest); k > 0 {
		key := rest[:k]
		item := pos > l.indent
		if !item || modelKeyRE.MatchString(key) {
			l.key = key
			after := strings.TrimLeft(rest[k+1:], " ")
			pos += len(rest) - len(after)
			rest = after
		}
	}
	l.prefix = text[l.indent:pos]
	l.vstart = pos
	l.value = strings.TrimRight(rest, " \r")
	return l
}

// keyColon returns where the colon that ends a plain key stands in s (the
// first colon followed by a space or the end of s), or -1. A value that
// starts with a quote or a bracket has no key.
func keyColon(s string) int {
	if s == "" || strings.ContainsRune(`"'[{#`, rune(s[0])) {
		return -1
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ') {
			return i
		}
		if s[i] == ' ' && i+1 < len(s) && s[i+1] == '#' {
			return -1 // a comment
		}
	}
	return -1
}

// colOf returns the column (1-based, in characters) of byte offset i of text.
func colOf(text string, i int) int {
	return utf8.RuneCountInString(text[:min(i, len(text))]) + 1
}

// oddSpaceNames names the characters that look like a space but are not
// one to YAML, as pasted from word processors and web pages.
var oddSpaceNames = map[rune]string{
	'\u00a0': "a no-break space",
	'\u1680': "an Ogham space",
	'\u2000': "an en quad space",
	'\u2001': "an em quad space",
	'\u2002': "an en space",
	'\u2003': "an em space",
	'\u2004': "a three-per-em space",
	'\u2005': "a four-per-em space",
	'\u2006': "a six-per-em space",
	'\u2007': "a figure space",
	'\u2008': "a punctuation space",
	'\u2009': "a thin space",
	'\u200a': "a hair space",
	'\u200b': "a zero-width space",
	'\u202f': "a narrow no-break space",
	'\u205f': "a medium mathematical space",
	'\u3000': "an ideographic (full-width) space",
	'\ufeff': "a zero-width no-break space",
}

// isOddSpace reports whether r looks like a space, or like nothing, and is
// not a space to YAML.
func isOddSpace(r rune) bool {
	_, ok := oddSpaceNames[r]
	return ok || r > 0x7f && unicode.Is(unicode.Zs, r)
}

func oddSpaceName(r rune) string {
	if n, ok := oddSpaceNames[r]; ok {
		return fmt.Sprintf("%s (U+%04X)", n, r)
	}
	return fmt.Sprintf("an unusual space (U+%04X)", r)
}

// oddSpace finds a character that looks like a space where YAML needs a
// real one in line: in its indentation, after a list dash or after the
// colon of a key. It returns its byte offset and a message, or -1.
func oddSpace(line string) (int, string) {
	i := 0
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if isOddSpace(r) {
			return i, oddSpaceName(r) + " is used to indent this line; it looks like a space, but YAML does not read it as one (it often comes with text pasted from a word processor or a web page); delete it and type ordinary spaces"
		}
		if r != ' ' {
			break
		}
		i += size
	}
	// After a list dash, or after the colon of a plain key.
	for strings.HasPrefix(line[i:], "- ") {
		i += 2
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	for j := i; j < len(line); {
		r, size := utf8.DecodeRuneInString(line[j:])
		if r == ' ' || r == '"' || r == '\'' || r == '#' || r == '[' || r == '{' {
			break // the key has ended: the rest is a value
		}
		if isOddSpace(r) && j > i && strings.HasPrefix(strings.TrimLeftFunc(line[j:], isOddSpace), ":") {
			return j, fmt.Sprintf("%s stands between this key and its colon, so YAML reads it as part of the key; delete it", oddSpaceName(r))
		}
		if (r == '-' && j == i || r == ':') && j+size < len(line) {
			if next, _ := utf8.DecodeRuneInString(line[j+size:]); isOddSpace(next) {
				what := "the colon"
				if r == '-' {
					what = "the list dash (-)"
				}
				return j + size, fmt.Sprintf("the space after %s is %s, which YAML does not read as a space (it often comes with text pasted from a word processor or a web page); delete it and type an ordinary space", what, oddSpaceName(next))
			}
		}
		j += size
	}
	return -1, ""
}

// commentedKeyRE matches a line that comments out a key with no value on
// its line: a key whose value is on the lines below it ("# outcomes:").
var commentedKeyRE = regexp.MustCompile(`^(\s*)#\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):\s*$`)

// commentedParent looks above line i of lines (0-based) for a key that is
// commented out while the lines below it, indented under it, are not:
// "# outcomes:" above "  learners: 24". It passes over blank lines, other
// comments and lines indented at least indent spaces (the other lines that
// belong to the commented key), and returns the commented line's index and
// its key, or -1.
func commentedParent(lines []string, i, indent int) (int, string) {
	for j := i - 1; j >= 0; j-- {
		l := strings.TrimRight(lines[j], "\r")
		t := strings.TrimLeft(l, " ")
		switch {
		case t == "":
			continue
		case t[0] == '#':
			if m := commentedKeyRE.FindStringSubmatch(l); m != nil && len(m[1]) < indent {
				return j, m[2]
			}
			continue
		case len(l)-len(t) >= indent:
			continue
		}
		return -1, ""
	}
	return -1, ""
}

// commentedMessage says that the key on a commented-out line has lost the
// lines below it.
func commentedMessage(line, key, where string) string {
	return fmt.Sprintf("%s is commented out (the line starts with #), so the lines indented below it %s; delete the # to bring %s back, or put a # before each of those lines too", Quote(strings.TrimSpace(line)), where, key)
}
