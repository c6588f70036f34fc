package portfolio

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
)

// MaxFileSize is the largest entry, settings or philosophy file dll reads.
// Stories are text; anything bigger belongs in an evidence file.
const MaxFileSize = 1 << 20

// Split is a Markdown file cut into its YAML front matter and its body.
type Split struct {
	Front     []byte // the YAML between the two --- lines
	FrontLine int    // the line number of the first YAML line
	Body      []byte
	BodyLine  int // the line number of the first body line
}

var bom = []byte("\xef\xbb\xbf")

// SplitFrontMatter cuts src into front matter and body. The front matter
// opens with a line "---" (blank lines may come before it) and closes with
// the next line "---" or "...". A byte-order mark and CRLF line ends are
// accepted. Problems are added to diags against file; ok is false when there
// is no usable front matter.
func SplitFrontMatter(file string, src []byte, diags *diag.List) (s Split, ok bool) {
	src = bytes.TrimPrefix(src, bom)
	line := 1
	rest := src
	// Skip blank lines before the opening ---.
	for len(rest) > 0 {
		l, next := cutLine(rest)
		if len(bytes.TrimSpace(l)) != 0 {
			break
		}
		rest = next
		line++
	}
	first, after := cutLine(rest)
	if !isDelimiter(first, false) {
		pos := diag.Pos{File: file, Line: line, Col: 1}
		if len(rest) == 0 {
			pos.Line = 1 // only blank lines: point at the start
			diags.Errorf(pos, "front matter", "front-matter", "the file is empty; an entry starts with a line ---, then its fields (title, summary, ...), then another line ---")
		} else {
			diags.Errorf(pos, "front matter", "front-matter", "no front matter: an entry starts with a line of three dashes (---), then its fields, then another line ---; found %s", Quote(string(bytes.TrimSpace(first))))
		}
		return s, false
	}
	open := line
	s.FrontLine = line + 1
	rest = after
	start := len(src) - len(rest)
	line++
	for len(rest) > 0 {
		l, next := cutLine(rest)
		if isDelimiter(l, true) {
			end := len(src) - len(rest)
			s.Front = src[start:end]
			s.Body = next
			s.BodyLine = line + 1
			return s, true
		}
		rest = next
		line++
	}
	diags.Errorf(diag.Pos{File: file, Line: open, Col: 1}, "front matter", "front-matter", "the front matter that starts here is never closed; add a line --- after the last field")
	return s, false
}

func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

func isDelimiter(l []byte, closing bool) bool {
	if len(l) < 3 || l[0] != '-' && l[0] != '.' {
		return false // the usual line, told apart without trimming it
	}
	l = bytes.TrimRight(l, " \t\r")
	return string(l) == "---" || closing && string(l) == "..."
}

// CheckText reports invalid UTF-8 and control characters, which YAML and
// browsers reject, at their line and column. firstLine is the line number of
// the first line of src.
func CheckText(file string, src []byte, firstLine int, diags *diag.List) bool {
	if plainText(src) {
		return true
	}
	ok := true
	line, col := firstLine, 1
	reported := 0
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		bad := ""
		switch {
		case r == utf8.RuneError && size <= 1:
			bad = "the file is not valid UTF-8 text here; save it with UTF-8 encoding"
		case r == '\n':
			line, col = line+1, 1
			i += size
			continue
		case r == '\t' || r == '\r' || (i == 0 && r == '\ufeff'):
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			bad = fmt.Sprintf("an invisible control character (U+%04X) is here; delete it", r)
		}
		if bad != "" {
			ok = false
			if reported < 10 {
				diags.Errorf(diag.Pos{File: file, Line: line, Col: col}, "text", "encoding", "%s", bad)
			}
			reported++
		}
		i += size
		col++
	}
	if reported > 10 {
		diags.Errorf(diag.Pos{File: file, Line: line, Col: col}, "text", "encoding", "%d more invalid characters in this file", reported-10)
	}
	return ok
}

// plainText reports whether src is valid UTF-8 with no control characters
// but tab, CR and LF: the usual case, checked without counting positions.
func plainText(src []byte) bool {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' || c == '\r' {
			continue
		}
		if c < 0x80 {
			return false
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 || r >= 0x80 && r < 0xa0 || r == '\ufeff' && i > 0 {
			return false
		}
		i += size - 1
	}
	return true
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML parses src (whose first line is line offset+1 of file) into a node
// tree. A syntax error is reported at its real line with a message that says
// how to fix it, and so is every anchor and alias, which dll refuses. A nil
// node with ok true means the document is empty.
func parseYAML(file string, src []byte, offset int, diags *diag.List) (*yaml.Node, bool) {
	if root, ok := fastParse(src); ok {
		if !refuseAnchors(file, offset, root, diags) {
			return nil, false // the fast path reads no anchors; kept for safety
		}
		return root, true
	}
	var doc yaml.Node
	err := yaml.Unmarshal(src, &doc)
	if err == nil {
		if len(doc.Content) == 0 {
			return nil, true
		}
		// Refused before anything reads the tree, as parsing it cost
		// no more than the text's length.
		if !refuseAnchors(file, offset, doc.Content[0], diags) {
			return nil, false
		}
		return doc.Content[0], true
	}
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	// yaml leaves the line out of some errors and is one off on others:
	// the first prefix of the text that fails the same way ends at the
	// line at fault.
	if l := firstFailingLine(src, msg); l > 0 {
		line = l
	}
	if line == 0 {
		line = 1
	}
	text := lineText(src, line)
	col, friendly := explainYAML(msg, text)
	diags.Errorf(diag.Pos{File: file, Line: line + offset, Col: col}, "yaml", "yaml", "%s", friendly)
	return nil, false
}

func firstFailingLine(src []byte, msg string) int {
	// Cut points: the byte offset after each line.
	var ends []int
	for i, c := range src {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(src) {
		ends = append(ends, len(src))
	}
	fails := func(i int) bool {
		var n yaml.Node
		err := yaml.Unmarshal(src[:ends[i]], &n)
		return err != nil && strings.HasSuffix(err.Error(), msg)
	}
	// A binary search for the shortest failing prefix parses the text a
	// few times, not once per line, so a long file with an error near
	// its end is still quick.
	i := sort.Search(len(ends), fails)
	if i == len(ends) {
		return 0
	}
	return i + 1
}

func lineText(src []byte, line int) string {
	for i := 1; i < line; i++ {
		_, src = cutLine(src)
	}
	l, _ := cutLine(src)
	return strings.TrimRight(string(l), "\r")
}

// explainYAML turns one of yaml's messages into advice, and finds the column
// on the offending line where it can.
func explainYAML(msg, line string) (col int, advice string) {
	col = 1
	if i := strings.IndexFunc(line, func(r rune) bool { return r != ' ' }); i >= 0 {
		col = utf8.RuneCountInString(line[:i]) + 1
	}
	switch {
	case strings.Contains(msg, "found character that cannot start any token"), strings.Contains(msg, "tab character"):
		if i := strings.IndexByte(line, '\t'); i >= 0 {
			return utf8.RuneCountInString(line[:i]) + 1, "a tab is used to indent this line; YAML needs spaces, so replace the tab with spaces"
		}
		if i := strings.IndexAny(line, "@`"); i >= 0 {
			return utf8.RuneCountInString(line[:i]) + 1, "a value cannot start with @ or `; put the whole value in quotes"
		}
		return col, "this line has a character YAML cannot read here; put the value in quotes"
	case strings.Contains(msg, "mapping values are not allowed"):
		// The first ": " ends the key; a second one in the value is the problem.
		if k := strings.Index(line, ": "); k >= 0 {
			if v := strings.Index(line[k+2:], ": "); v >= 0 {
				key := strings.TrimLeft(line[:k], " -")
				value := strings.ReplaceAll(strings.TrimSpace(line[k+2:]), `"`, `\"`)
				return utf8.RuneCountInString(line[:k+2+v]) + 1, fmt.Sprintf("the value has a colon followed by a space; put the whole value in quotes: %s: %s", key, shorten("\""+value+"\""))
			}
		}
		return col, "this line is indented as if it belonged to the line above, or has a second colon; check the indentation, or put the value in quotes"
	case strings.Contains(msg, "did not find expected key") && afterQuote(line) >= 0:
		i := afterQuote(line)
		return utf8.RuneCountInString(line[:i]) + 1, "there is more after the closing quote; put the whole value inside the quotes"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		return col, "the indentation is off here: keys at the same level must start in the same column, and list items (- ...) under their key"
	case strings.Contains(msg, "found unexpected end of stream"), strings.Contains(msg, "did not find expected end of"):
		return valueCol(line, `"'`, col), "a quote opened here is never closed; add the closing quote"
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		return valueCol(line, "[", col), "a list in [brackets] is not closed; add the ] or write the list one item per line"
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		return valueCol(line, "{", col), "a set of keys in {braces} is not closed; add the }"
	case strings.Contains(msg, "exceeded max depth"):
		return valueCol(line, "[{", col), "the value is nested too deeply (thousands of [ or { inside each other); write it plainly"
	case strings.Contains(msg, "unknown anchor"):
		if i := strings.IndexByte(line, '*'); i >= 0 {
			col = utf8.RuneCountInString(line[:i]) + 1
		}
		return col, "this refers to an anchor that is not defined (" + msg + "); dll does not read YAML anchors and aliases, so write the value out here"
	case strings.Contains(msg, "block sequence entries are not allowed"):
		return col, "a list item (- ...) cannot follow a value on the same key; put the list on the lines below the key"
	case strings.Contains(msg, "could not find expected ':'"):
		return col, "a key here has no colon after it; write key: value"
	}
	return col, "the YAML cannot be read here (" + msg + ")"
}

// afterQuote returns where text follows the closing quote of a quoted
// value on line (key: "value" more), or -1.
func afterQuote(line string) int {
	k := strings.Index(line, ": ")
	if k < 0 {
		return -1
	}
	v := k + 2
	for v < len(line) && line[v] == ' ' {
		v++
	}
	if v >= len(line) || line[v] != '"' && line[v] != '\'' {
		return -1
	}
	q := line[v]
	end := -1
	for i := v + 1; i < len(line); i++ {
		switch {
		case q == '"' && line[i] == '\\':
			i++
		case q == '\'' && line[i] == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i++
		case line[i] == q:
			end = i
		}
		if end >= 0 {
			break
		}
	}
	if end < 0 {
		return -1
	}
	rest := strings.TrimLeft(line[end+1:], " ")
	if rest == "" || rest[0] == '#' {
		return -1
	}
	return len(line) - len(rest)
}

// valueCol returns the column of the first of chars in the value part of
// line (after "key: "), or def when there is none.
func valueCol(line, chars string, def int) int {
	start := 0
	if k := strings.Index(line, ": "); k >= 0 {
		start = k + 2
	}
	if i := strings.IndexAny(line[start:], chars); i >= 0 {
		return utf8.RuneCountInString(line[:start+i]) + 1
	}
	return def
}

// shorten cuts s to 60 characters.
func shorten(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:57]) + "..."
	}
	return s
}

// Quote returns s in double quotes, shortened to 60 characters, for
// messages that quote what the author wrote.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:57]) + "..."
	}
	return strconv.Quote(s)
}
