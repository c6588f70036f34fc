package portfolio

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastParse reads the plain block YAML that people write in front matter
// (block mappings and sequences, plain and simply quoted scalars, one-line
// [flow, lists] and | literal blocks) into the same node tree yaml.v3 would
// build, several times faster. Anything outside that subset, including every
// syntax error, returns ok false, and the caller parses with yaml.v3, which
// stays the authority. FuzzFastParse checks that the two agree.
func fastParse(src []byte) (root *yaml.Node, ok bool) {
	p := &fastParser{}
	if !p.split(src) || len(p.lines) == 0 {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			root, ok = nil, false
		}
	}()
	if p.lines[0].indent != 0 {
		return nil, false
	}
	root = p.mapping(0)
	if root == nil || p.i != len(p.lines) {
		return nil, false
	}
	return root, true
}

type fastLine struct {
	num    int    // 1-based line number
	indent int    // leading spaces
	text   string // without indentation and line end
	raw    string // the whole line without its line end
}

type fastParser struct {
	lines []fastLine // content lines (no blank or comment-only lines)
	all   []string   // every line, for literal blocks
	i     int        // next content line
	endNL bool       // the text ends with a line break
}

// split cuts src into lines, refusing what the fast path does not read.
func (p *fastParser) split(src []byte) bool {
	s := string(src)
	if !fastPrintable(s) {
		return false
	}
	p.endNL = strings.HasSuffix(s, "\n")
	if strings.HasSuffix(s, "\r") {
		return false // a lone carriage return is a line break to yaml
	}
	s = strings.TrimSuffix(s, "\n")
	for n, raw := range strings.Split(s, "\n") {
		raw = strings.TrimSuffix(raw, "\r")
		if strings.ContainsRune(raw, '\r') {
			return false
		}
		p.all = append(p.all, raw)
		text := strings.TrimLeft(raw, " ")
		if text == "" || text[0] == '#' {
			continue
		}
		if strings.HasPrefix(raw, "---") || strings.HasPrefix(raw, "...") || raw[0] == '%' {
			return false
		}
		p.lines = append(p.lines, fastLine{num: n + 1, indent: len(raw) - len(text), text: text, raw: raw})
	}
	return true
}

func (p *fastParser) peek() *fastLine {
	if p.i < len(p.lines) {
		return &p.lines[p.i]
	}
	return nil
}

// keyEnd returns the length of a plain "key:" (with the space after it, if
// any) at the start of text, or -1. Keys are letters, digits, _ and -.
func keyEnd(text string) int {
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		case i > 0 && c == ':':
			if i+1 == len(text) {
				return i + 1
			}
			if text[i+1] == ' ' {
				return i + 2
			}
			return -1
		default:
			return -1
		}
	}
	return -1
}

// mapping reads a block mapping whose keys stand at column indent+1. The
// first key may sit after a "- " on the current line (first != "").
func (p *fastParser) mapping(indent int) *yaml.Node {
	var m *yaml.Node
	for l := p.peek(); l != nil && l.indent == indent; l = p.peek() {
		if !p.pair(&m, l, indent, l.text, indent) {
			return nil
		}
	}
	if l := p.peek(); l != nil && l.indent > indent {
		return nil // text indented under nothing: let yaml.v3 report it
	}
	return m
}

// pair reads "key: value" from text, which starts at column col+1 of line l,
// and adds it to the mapping *m at indent.
func (p *fastParser) pair(m **yaml.Node, l *fastLine, indent int, text string, col int) bool {
	end := keyEnd(text)
	if end < 0 || end > 128 {
		return false // yaml caps keys at 1024 characters; long ones are left to it
	}
	keyText := text[:strings.IndexByte(text, ':')]
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: keyText, Line: l.num, Column: col + 1}
	if *m == nil {
		*m = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: l.num, Column: col + 1}
	}
	if tag, ok := resolvePlain(keyText); !ok || tag != "!!str" {
		return false
	}
	rest := text[end:]
	vcol := col + end // keys are ASCII
	trimmed := strings.TrimLeft(rest, " ")
	vcol += len(rest) - len(trimmed)
	p.i++
	var val *yaml.Node
	switch {
	case trimmed == "" || trimmed[0] == '#':
		val = p.blockValue(indent, l)
	case trimmed[0] == '|':
		val = p.literal(trimmed, l, vcol, indent)
	default:
		val = p.inline(trimmed, l.num, vcol)
		if n := p.peek(); val != nil && n != nil && n.indent > indent {
			return false // a continued plain scalar, or an error
		}
	}
	if val == nil {
		return false
	}
	(*m).Content = append((*m).Content, key, val)
	return true
}

// blockValue reads the value of "key:" from the lines below it: a nested
// mapping, a sequence (which may stand at the key's own indent), or nothing.
func (p *fastParser) blockValue(indent int, keyLine *fastLine) *yaml.Node {
	n := p.peek()
	switch {
	case n != nil && n.indent == indent && strings.HasPrefix(n.text+" ", "- "):
		return p.sequence(indent)
	case n != nil && n.indent > indent && strings.HasPrefix(n.text+" ", "- "):
		return p.sequence(n.indent)
	case n != nil && n.indent > indent:
		return p.mapping(n.indent)
	}
	// An empty value: yaml puts it just after the colon.
	col := utf8.RuneCountInString(keyLine.raw[:strings.IndexByte(keyLine.raw, ':')]) + 2
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: keyLine.num, Column: col}
}

// sequence reads a block sequence whose dashes stand at column indent+1.
func (p *fastParser) sequence(indent int) *yaml.Node {
	var s *yaml.Node
	for l := p.peek(); l != nil && l.indent == indent && strings.HasPrefix(l.text+" ", "- "); l = p.peek() {
		if s == nil {
			s = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: l.num, Column: indent + 1}
		}
		body := strings.TrimLeft(l.text[1:], " ")
		bcol := indent + (len(l.text) - len(body)) // 0-based, like indent
		var item *yaml.Node
		switch {
		case body == "" || body[0] == '#':
			p.i++
			n := p.peek()
			if n == nil || n.indent <= indent {
				item = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: l.num, Column: indent + 2}
			} else {
				return nil // an item on the lines below its dash
			}
		case keyEnd(body) > 0:
			// "- key: value" opens a mapping at the key's column.
			var m *yaml.Node
			if !p.pair(&m, l, bcol, body, bcol) {
				return nil
			}
			for n := p.peek(); n != nil && n.indent == bcol; n = p.peek() {
				if !p.pair(&m, n, bcol, n.text, bcol) {
					return nil
				}
			}
			if n := p.peek(); n != nil && n.indent > indent && n.indent != bcol {
				return nil
			}
			item = m
		case body[0] == '-' || body[0] == '|':
			return nil
		default:
			p.i++
			item = p.inline(body, l.num, bcol)
			if n := p.peek(); item == nil || n != nil && n.indent > indent {
				return nil
			}
		}
		s.Content = append(s.Content, item)
	}
	return s
}

// literal reads a "|" or "|-" block scalar whose header is text.
func (p *fastParser) literal(text string, l *fastLine, col, indent int) *yaml.Node {
	header := strings.TrimRight(text, " ")
	keep := "\n"
	switch header {
	case "|":
	case "|-":
		keep = ""
	default:
		return nil
	}
	// The block is every line below the header that is blank or indented
	// more than indent; the first non-blank line sets the block's indent.
	first := l.num // index in p.all of the line after the header
	last := first
	blockIndent := -1
	for j := first; j < len(p.all); j++ {
		line := p.all[j]
		t := strings.TrimLeft(line, " ")
		ind := len(line) - len(t)
		if t == "" {
			if line != "" {
				return nil // lines of only spaces have subtle rules: yaml decides
			}
			last = j + 1
			continue
		}
		if blockIndent < 0 {
			if ind <= indent {
				break
			}
			blockIndent = ind
		}
		if ind < blockIndent {
			break
		}
		last = j + 1
	}
	if blockIndent < 0 {
		return nil
	}
	var b strings.Builder
	lines := p.all[first:last]
	// Trailing blank lines are not content.
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	for k, line := range lines {
		if k > 0 {
			b.WriteByte('\n')
		}
		if len(line) > blockIndent {
			b.WriteString(line[blockIndent:])
		} else if strings.TrimSpace(line) != "" {
			return nil
		}
	}
	// The final break is kept unless the block ends the text without one.
	if len(lines) > 0 && (first+len(lines) < len(p.all) || p.endNL) {
		b.WriteString(keep)
	}
	// Skip the content lines the block consumed.
	for n := p.peek(); n != nil && n.num <= last; n = p.peek() {
		p.i++
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Value: b.String(), Line: l.num, Column: col + 1}
}

// inline reads a value that ends on its line: a quoted or plain scalar, or a
// [flow, list]. A trailing comment is allowed.
func (p *fastParser) inline(text string, line, col int) *yaml.Node {
	switch text[0] {
	case '"', '\'':
		n, rest := quoted(text, line, col)
		if n == nil || !onlyComment(rest) {
			return nil
		}
		return n
	case '[':
		return flowSeq(text, line, col)
	}
	v := text
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimRight(v, " ")
	return plain(v, line, col)
}

func onlyComment(s string) bool {
	s = strings.TrimLeft(s, " ")
	return s == "" || s[0] == '#' && len(s) > 0
}

// plain makes a plain scalar node, or nil for text the fast path leaves to yaml.
func plain(v string, line, col int) *yaml.Node {
	if v == "" || strings.ContainsAny(v[:1], "-?:,[]{}#&*!|>'\"%@`") || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || strings.Contains(v, " #") {
		return nil
	}
	tag, ok := resolvePlain(v)
	if !ok {
		return nil
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v, Line: line, Column: col + 1}
	return n
}

// quoted reads a quoted scalar at the start of text and returns what follows.
func quoted(text string, line, col int) (*yaml.Node, string) {
	q := text[0]
	var b strings.Builder
	for i := 1; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\\' && q == '"':
			return nil, "" // escapes: leave them to yaml
		case c == q && q == '\'' && i+1 < len(text) && text[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == q:
			style := yaml.DoubleQuotedStyle
			if q == '\'' {
				style = yaml.SingleQuotedStyle
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: style, Value: b.String(), Line: line, Column: col + 1}, text[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	return nil, "" // not closed on this line
}

// flowSeq reads a one-line [a, "b", c] list of scalars.
func flowSeq(text string, line, col int) *yaml.Node {
	s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col + 1}
	i := 1
	pos := func(i int) int { return col + utf8.RuneCountInString(text[:i]) }
	for {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i >= len(text) {
			return nil
		}
		if text[i] == ']' && len(s.Content) == 0 {
			i++
			break
		}
		var item *yaml.Node
		if text[i] == '"' || text[i] == '\'' {
			var rest string
			item, rest = quoted(text[i:], line, pos(i))
			if item == nil {
				return nil
			}
			i = len(text) - len(rest)
		} else {
			j := strings.IndexAny(text[i:], ",]")
			if j < 0 {
				return nil
			}
			v := strings.TrimRight(text[i:i+j], " ")
			if strings.ContainsAny(v, "[]{}#?:") { // leave flow indicators to yaml
				return nil
			}
			item = plain(v, line, pos(i))
			if item == nil {
				return nil
			}
			i += j
		}
		s.Content = append(s.Content, item)
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i >= len(text) {
			return nil
		}
		if text[i] == ']' {
			i++
			break
		}
		if text[i] != ',' {
			return nil
		}
		i++
	}
	if !onlyComment(text[i:]) {
		return nil
	}
	return s
}

var yamlFloatRE = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// resolvePlain gives the tag yaml.v3 gives a plain scalar, or ok false for
// the rare forms left to yaml itself.
func resolvePlain(v string) (tag string, ok bool) {
	switch v {
	case "~", "null", "Null", "NULL":
		return "!!null", true
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "<<":
		return "", false
	}
	c := v[0]
	switch {
	case c == '.':
		return "", false // .inf, .nan and friends
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		if _, err := time.Parse("2006-1-2", v); err == nil {
			return "!!timestamp", true
		}
		if strings.ContainsAny(v, "T :") {
			return "", false // perhaps a timestamp with a time
		}
		plain := strings.ReplaceAll(v, "_", "")
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return "!!int", true
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return "!!int", true
		}
		if yamlFloatRE.MatchString(plain) {
			if _, err := strconv.ParseFloat(plain, 64); err == nil {
				return "!!float", true
			}
		}
		if strings.HasPrefix(plain, "0b") || strings.HasPrefix(plain, "-0b") || strings.HasPrefix(plain, "0o") || strings.HasPrefix(plain, "-0o") {
			return "", false
		}
	}
	return "!!str", true
}

// fastPrintable reports whether s holds only characters yaml accepts (its
// is_printable), line ends, and no tabs, which the fast path leaves to yaml.
func fastPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' {
			continue
		}
		if c < 0x80 {
			return false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1, r == 0xfeff:
			return false
		case r == 0x85, r == 0x2028, r == 0x2029:
			// yaml.v3 reads these as line breaks; leave them to it.
			return false
		case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		default:
			return false
		}
		i += size - 1
	}
	return true
}
