package portfolio

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
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
		if enc := SavedAsWideText(src); enc != "" {
			diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "text", "encoding", "%s", wideTextMessage(enc))
			return s, false
		}
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

// SavedAsWideText returns the encoding of src, the start of a file, when
// it is text saved as UTF-16 or UTF-32, as some editors on Windows save
// it: "UTF-32" when it starts with UTF-32's byte order mark, or with
// letters of the ASCII range each beside three NULs; "UTF-16" when it
// starts with UTF-16's byte order mark, or with such letters each beside
// one NUL; "" otherwise. The loader refuses such entries and settings,
// and validate such captions, which browsers read only as UTF-8.
func SavedAsWideText(src []byte) string {
	switch {
	case bytes.HasPrefix(src, []byte{0xff, 0xfe, 0, 0}) || bytes.HasPrefix(src, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32"
	case bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}):
		return "UTF-16"
	case len(src) < 4:
		return ""
	case src[0] != 0 && src[1] == 0 && src[2] == 0 && src[3] == 0, src[0] == 0 && src[1] == 0 && src[2] == 0 && src[3] != 0:
		return "UTF-32"
	case src[0] != 0 && src[1] == 0 && src[2] != 0 && src[3] == 0, src[0] == 0 && src[1] != 0 && src[2] == 0 && src[3] != 0:
		return "UTF-16"
	}
	return ""
}

// wideTextMessage says what to do with a file saved as enc, UTF-16 or
// UTF-32.
func wideTextMessage(enc string) string {
	return "the file is saved as " + enc + " text, which dll cannot read; save it again with the encoding UTF-8 (in most editors: Save As, then choose UTF-8)"
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
	if enc := SavedAsWideText(src); firstLine == 1 && enc != "" {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "text", "encoding", "%s", wideTextMessage(enc))
		return false
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
// how to fix it, and so is what dll refuses (see refuseConstructs): every
// anchor, alias and type tag, and a character that looks like a space
// where YAML needs one. A nil node with ok true means the document is empty.
// ParseYAML reads a YAML file of the portfolio other than an entry (a
// language's words, say) as dll.yaml is read: anchors, tabs, unclosed
// quotes and the rest reported at their line with what to write. It
// returns the top node, nil for an empty file, and false when the file
// cannot be read.
func ParseYAML(file string, src []byte, diags *diag.List) (*yaml.Node, bool) {
	if !CheckText(file, src, 1, diags) || !CheckConflicts(file, src, diags) {
		return nil, false
	}
	return parseYAML(file, src, 0, diags)
}

func parseYAML(file string, src []byte, offset int, diags *diag.List) (*yaml.Node, bool) {
	root, _, ok := parseYAMLFast(file, src, offset, diags)
	return root, ok
}

// parseYAMLFast is parseYAML that also says whether fastParse read the
// text: then no value in it runs over lines, has a comment after it or an
// escape, which spares the decoder looking for them.
func parseYAMLFast(file string, src []byte, offset int, diags *diag.List) (root *yaml.Node, fast, ok bool) {
	return parseYAMLWith(new(fastParser), file, src, offset, diags)
}

// parseYAMLWith is parseYAMLFast with the fast parser fp, whose tree is
// the caller's until fp.release.
func parseYAMLWith(fp *fastParser, file string, src []byte, offset int, diags *diag.List) (root *yaml.Node, fast, ok bool) {
	if root, ok := fp.parse(src); ok {
		if !refuseConstructs(file, src, offset, root, true, diags) {
			return nil, true, false // the fast path reads no anchors; kept for safety
		}
		return root, true, true
	}
	root, ok = slowParseYAML(file, src, offset, diags)
	return root, false, ok
}

func slowParseYAML(file string, src []byte, offset int, diags *diag.List) (*yaml.Node, bool) {
	var doc yaml.Node
	err := yaml.Unmarshal(src, &doc)
	if err == nil {
		if len(doc.Content) == 0 {
			return nil, true
		}
		// Refused before anything reads the tree, as parsing it cost
		// no more than the text's length.
		if !refuseConstructs(file, src, offset, doc.Content[0], false, diags) {
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
	at, col, friendly := explainYAML(src, line, msg)
	diags.Errorf(diag.Pos{File: file, Line: at + offset, Col: col}, "yaml", "yaml", "%s", friendly)
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

// yamlError is the text of a document yaml.v3 cannot read, and where: the
// first line whose end the text cannot be read up to.
type yamlError struct {
	size  int      // of the text
	lines []string // without line ends
	line  int      // 1-based
	msg   string   // yaml's message, without "yaml: line n: "
}

func (e *yamlError) text(n int) string {
	if n < 1 || n > len(e.lines) {
		return ""
	}
	return e.lines[n-1]
}

// maxFixSize bounds the text in which a fix is tried out: each try parses
// it a few times. Front matter is a few kilobytes.
const maxFixSize = 64 << 10

// fixes reports whether writing repl for line n makes the error go away,
// or move to a later line: whether it is the fix for this error.
func (e *yamlError) fixes(n int, repl string) bool {
	if e.size > maxFixSize {
		return false
	}
	lines := slices.Clone(e.lines)
	lines[n-1] = repl
	src := []byte(strings.Join(lines, "\n"))
	var doc yaml.Node
	err := yaml.Unmarshal(src, &doc)
	if err == nil {
		return true
	}
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	l := firstFailingLine(src, msg)
	return l > max(n, e.line)
}

// explainYAML turns one of yaml's messages about the line at fault into
// advice, and finds where to point: the line and column of the character
// to change. That is usually on the line at fault, and sometimes above it:
// a space pasted from a word processor, or a key commented out.
func explainYAML(src []byte, line int, msg string) (at, col int, advice string) {
	e := &yamlError{size: len(src), lines: strings.Split(string(src), "\n"), line: line, msg: msg}
	for i, l := range e.lines {
		e.lines[i] = strings.TrimSuffix(l, "\r")
	}
	if at, col, advice, ok := e.oddSpace(); ok {
		return at, col, advice
	}
	text := e.text(line)
	l := splitYAMLLine(text)
	col = l.indent + 1
	if i := strings.IndexByte(text, '\t'); i >= 0 && strings.TrimLeft(text[:i], " ") == "" {
		return line, colOf(text, i), "a tab is used to indent this line; YAML needs spaces, so replace the tab with spaces"
	}
	if at, c, advice, ok := e.commentedParent(); ok {
		return at, c, advice
	}
	if c, advice, ok := e.value(line); ok {
		return line, c, advice
	}
	// A [list] or {keys} that YAML read on past its line: not closed, or a
	// # in it started a comment that took its ]. It is reported where it
	// opens.
	open := ""
	switch {
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		open = "["
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		open = "{"
	}
	if open != "" && !(strings.HasPrefix(l.value, open) && flowEnd(l.value) < 0) {
		for n := line - 1; n >= 1 && n >= line-20; n-- {
			v := splitYAMLLine(e.text(n)).value
			if !strings.HasPrefix(v, open) {
				continue
			}
			if c, advice, ok := e.value(n); ok {
				return n, c, advice
			}
			if flowEnd(v) < 0 {
				line, text = n, e.text(n)
				break
			}
		}
	}
	switch {
	case strings.Contains(msg, "found character that cannot start any token"), strings.Contains(msg, "tab character"):
		if i := strings.IndexByte(text, '\t'); i >= 0 {
			return line, colOf(text, i), "this line has a tab where YAML cannot read one; replace the tab with spaces"
		}
		return line, col, "this line has a character YAML cannot read here; put the value in quotes"
	case strings.Contains(msg, "mapping values are not allowed"):
		return line, col, "this line is indented as if it belonged to the line above, or has a second colon; check the indentation, or put the value in quotes"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		return line, col, "the indentation is off here: keys at the same level must start in the same column, and list items (- ...) under their key"
	case strings.Contains(msg, "found unexpected end of stream"), strings.Contains(msg, "did not find expected end of"):
		return line, valueCol(text, `"'`, col), "a quote opened here is never closed; add the closing quote"
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		return line, valueCol(text, "[", col), "a list in [brackets] is not closed; add the ] or write the list one item per line"
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		return line, valueCol(text, "{", col), "a set of keys in {braces} is not closed; add the }"
	case strings.Contains(msg, "exceeded max depth"):
		return line, valueCol(text, "[{", col), "the value is nested too deeply (thousands of [ or { inside each other); write it plainly"
	case strings.Contains(msg, "unknown anchor"):
		if i := strings.IndexByte(text, '*'); i >= 0 {
			col = utf8.RuneCountInString(text[:i]) + 1
		}
		return line, col, "this refers to an anchor that is not defined (" + msg + "); dll does not read YAML anchors and aliases, so write the value out here"
	case strings.Contains(msg, "block sequence entries are not allowed"):
		return line, col, "a list item (- ...) cannot follow a value on the same key; put the list on the lines below the key"
	case strings.Contains(msg, "could not find expected ':'"):
		return line, col, "a key here has no colon after it; write key: value"
	}
	return line, col, "the YAML cannot be read here (" + msg + ")"
}

// oddSpace finds a character that looks like a space but is not one to
// YAML, on the line at fault or one of the two lines above it (YAML often
// stumbles on the line after), where replacing it with a space is the fix.
func (e *yamlError) oddSpace() (at, col int, advice string, ok bool) {
	for n, seen := e.line, 0; n >= 1 && seen < 3; n-- {
		text := e.text(n)
		if n == 1 && strings.HasPrefix(text, "\ufeff") {
			continue // a byte-order mark, which yaml reads as nothing
		}
		if strings.Trim(text, " ") == "" {
			continue
		}
		seen++
		i, msg := oddSpace(text)
		if i < 0 {
			continue
		}
		spaced := strings.Map(func(r rune) rune {
			if isOddSpace(r) {
				return ' '
			}
			return r
		}, text)
		if e.fixes(n, spaced) {
			return n, colOf(text, i), msg, true
		}
	}
	return 0, 0, "", false
}

// commentedParent finds a key commented out above an indented line at
// fault ("# outcomes:" above "  learners: 24"), when taking its # away is
// the fix.
func (e *yamlError) commentedParent() (at, col int, advice string, ok bool) {
	text := e.text(e.line)
	indent := len(text) - len(strings.TrimLeft(text, " "))
	if indent == 0 {
		return 0, 0, "", false
	}
	j, key := commentedParent(e.lines, e.line-1, indent)
	if j < 0 {
		return 0, 0, "", false
	}
	c := e.lines[j]
	hash := strings.IndexByte(c, '#')
	if !e.fixes(j+1, c[:hash]+strings.TrimLeft(c[hash+1:], " ")) {
		return 0, 0, "", false
	}
	return j + 1, colOf(c, hash), commentedMessage(c, key, "belong to no key"), true
}

// value explains a value YAML reads as something other than text: a quote
// closed early, a colon, an escape, or a character that means something to
// YAML at the start of a value. Each explanation comes with the line to
// write, and only when writing that line is the fix.
func (e *yamlError) value(n int) (col int, advice string, ok bool) {
	l := splitYAMLLine(e.text(n))
	v := l.value
	if v == "" {
		return 0, "", false
	}
	try := func(i int, format string, args ...any) (int, string, bool) {
		msg := fmt.Sprintf(format, args...)
		return colOf(l.text, l.vstart+i), msg, true
	}
	fix := func(value string) (string, bool) {
		line := l.text[:l.vstart] + quoteYAML(value)
		return fixLine(l.prefix, value), e.fixes(n, line)
	}
	switch v[0] {
	case '"', '\'':
		q := v[0]
		end := closingQuote(v)
		switch {
		case end < 0 && (strings.Contains(e.msg, "found unexpected end of stream") || strings.Contains(e.msg, "did not find expected end of")):
			if f, ok := fix(v[1:]); ok {
				return try(0, "a quote opened here is never closed; add the closing quote at the end of the value: %s", f)
			}
		case end >= 0 && end < len(v)-1 && !onlyComment(v[end+1:]):
			inner := v[1:end]
			if q == '\'' && isLetter(v[end-1]) && isLetter(v[end+1]) {
				// An apostrophe: "'Ms. Okafor's class'".
				whole := strings.TrimSuffix(v[1:], "'")
				from, to := max(strings.LastIndexByte(v[:end], ' ')+1, 1), len(v)
				if i := strings.IndexByte(v[end:], ' '); i >= 0 {
					to = end + i
				}
				word := strings.TrimRight(v[from:to], "'")
				if f, ok := fix(whole); ok {
					return try(end, "the apostrophe in %s closes the single quotes that open the value; put the value in double quotes instead: %s", Quote(word), f)
				}
			}
			if v[len(v)-1] == q {
				// The author's quotes open and close the value; the
				// one between is part of the text.
				whole := v[1 : len(v)-1]
				if f, ok := fix(whole); ok {
					return try(end, "the %c here closes the quotes that open the value, before its end; to keep it as part of the text, write: %s", q, f)
				}
			}
			a, okA := fix(v)
			b, okB := fix(inner + v[end+1:])
			switch {
			case okA && okB:
				return try(end, "the quotes close here, but the value goes on after them; put the whole value inside one pair of quotes: %s (or, to show the quotes, %s)", b, a)
			case okB:
				return try(end, "the quotes close here, but the value goes on after them; put the whole value inside one pair of quotes: %s", b)
			}
		case end >= 0 && q == '"' && (strings.Contains(e.msg, "unknown escape") || strings.Contains(e.msg, "hexdecimal")):
			raw := v[1:end]
			if f, ok := fix(raw); ok {
				return try(strings.IndexByte(v, '\\'), "inside double quotes a backslash starts a special character (such as \\n for a new line), and this one is not one; to keep the backslashes as typed, write: %s", f)
			}
		}
		return 0, "", false
	}
	// An item of a [list] that YAML cannot read: [reading, #fun].
	if v[0] == '[' {
		if items, bad, ok := flowItems(v); ok {
			line := l.text[:l.vstart] + items
			if e.fixes(n, line) {
				return try(strings.Index(v, bad), "an item of this [list] starts with a character that means something to YAML, or holds # after a space, so the list cannot be read; put that item in quotes: %s", l.prefix+items)
			}
		}
	}
	// A colon followed by a space inside a value.
	if strings.Contains(e.msg, "mapping values are not allowed") {
		if i := strings.Index(v, ": "); i >= 0 {
			if f, ok := fix(v); ok {
				return try(i, "the value has a colon followed by a space, which YAML reads as the start of another key; put the whole value in quotes: %s", f)
			}
		} else if strings.HasSuffix(v, ":") {
			if f, ok := fix(v); ok {
				return try(len(v)-1, "the value ends with a colon, which YAML reads as the end of another key; put the whole value in quotes: %s", f)
			}
		}
	}
	what := indicator(v)
	switch {
	case what == "", strings.Contains(e.msg, "exceeded max depth"):
		return 0, "", false
	case v[0] == '[' || v[0] == '{':
		// A list that is whole, with text after it: "[Draft] Fractions".
		end := flowEnd(v)
		if end < 0 || onlyComment(v[end+1:]) {
			return 0, "", false
		}
	case v[0] == '*' && strings.Contains(e.msg, "unknown anchor") && !strings.Contains(v, " "):
		if f, ok := fix(v); ok {
			return try(0, "YAML reads %s as a reference to a value marked &%s, and there is none; dll does not read YAML anchors and aliases, so write the value out here, or, if %s is the text itself, put it in quotes: %s", v, v[1:], v, f)
		}
	}
	if f, ok := fix(v); ok {
		if strings.HasPrefix(v, "- ") {
			return try(0, "%s; for a list, write each item on a line of its own below the key; for text, put the whole value in quotes: %s", what, f)
		}
		return try(0, "%s; put the whole value in quotes: %s", what, f)
	}
	return 0, "", false
}

// indicator says what YAML makes of a value that starts as v does, when
// that is not text; "" when it is text.
func indicator(v string) string {
	c := v[0]
	switch {
	case c == '*':
		return "YAML reads * at the start of a value as a reference to another value (an alias)"
	case c == '&':
		return "YAML reads & at the start of a value as a name for the value (an anchor)"
	case c == '!':
		return "YAML reads ! at the start of a value as a type tag"
	case c == '|' || c == '>':
		return fmt.Sprintf("YAML reads %c after a key as the start of a block of text on the lines below, so nothing may follow it on this line", c)
	case c == '[':
		return "YAML reads [ at the start of a value as the start of a list, which ends at the ], so what follows it cannot be read"
	case c == '{':
		return "YAML reads { at the start of a value as the start of a set of keys, which ends at the }, so what follows it cannot be read"
	case strings.HasPrefix(v, "- ") || v == "-":
		return `YAML reads "- " after a key as the start of a list, which cannot begin on the key's line`
	case strings.HasPrefix(v, "? ") || v == "?":
		return `a value cannot start with "? " in YAML`
	case strings.HasPrefix(v, ": ") || v == ":":
		return `a value cannot start with ": " in YAML`
	case strings.IndexByte("%@`,]}", c) >= 0:
		return fmt.Sprintf("a value cannot start with %c in YAML", c)
	}
	return ""
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// flowItems writes a one-line [list] again with each item that YAML
// cannot read as text in quotes, and returns the first such item as typed.
func flowItems(v string) (items, bad string, ok bool) {
	inner := strings.TrimPrefix(v, "[")
	if i := strings.LastIndexByte(inner, ']'); i >= 0 {
		if !onlyComment(inner[i+1:]) {
			return "", "", false
		}
		inner = inner[:i]
	}
	if strings.ContainsAny(inner, "[]{}\"'") {
		return "", "", false
	}
	parts := strings.Split(inner, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p != "" && (strings.Contains(p, " #") || strings.Contains(p, ": ") || indicator(p) != "" || p[0] == '#') {
			if bad == "" {
				bad = p
			}
			p = quoteYAML(p)
		}
		parts[i] = p
	}
	return "[" + strings.Join(parts, ", ") + "]", bad, bad != ""
}

// flowEnd returns where the [list] or {keys} that opens v closes, or -1.
func flowEnd(v string) int {
	depth := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		case '"', '\'':
			if (i == 0 || strings.IndexByte("[{, ", v[i-1]) >= 0) && i < len(v) {
				if end := closingQuote(v[i:]); end > 0 {
					i += end
				}
			}
		}
	}
	return -1
}

// closingQuote returns where the quote that opens v closes, or -1.
func closingQuote(v string) int {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case q == '\'' && v[i] == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return i
		}
	}
	return -1
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

// Quote returns s in double quotes, shortened to 60 characters, for
// messages that quote what the author wrote. Bytes that are not UTF-8
// text show as �, the mark an editor shows for them, rather than as
// escapes such as \xe9 that mean nothing to a reader.
func Quote(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:57]) + "..."
	}
	return strconv.Quote(s)
}
