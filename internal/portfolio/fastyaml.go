package portfolio

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// fastParse reads the plain block YAML that people write in front matter
// (block mappings and sequences, plain and simply quoted scalars, one-line
// [flow, lists] and | literal blocks) into the same node tree yaml.v3 would
// build, several times faster. Anything outside that subset, including every
// syntax error, returns ok false, and the caller parses with yaml.v3, which
// stays the authority. FuzzFastParse checks that the two agree.
//
// The subset holds nothing YAML would drop from what the author typed: a
// comment after a key or a value on its line ("title: Book tasting #2"
// reads "Book tasting"), a comment line whose # touches a word ("#3 books",
// perhaps meant to go on the value above), a type tag (!x) or an anchor
// (&x) goes to yaml.v3, which keeps the comments for the decoder to look at,
// and to refuseConstructs. So does a character that looks like a space
// where YAML needs one (TestFastParseRefuses).
func fastParse(src []byte) (root *yaml.Node, ok bool) {
	return new(fastParser).parse(src)
}

// fastParsers keeps parsers whose blocks of nodes are free again (see
// fastParser.release), so that reading thousands of entries does not make
// the collector clear and sweep a new block for each.
var fastParsers = sync.Pool{New: func() any { return new(fastParser) }}

// parse is fastParse with p's blocks, which it reuses when they are large
// enough; the tree is p's until p.release.
func (p *fastParser) parse(src []byte) (root *yaml.Node, ok bool) {
	p.i = 0
	if !p.split(src) || len(p.lines) == 0 {
		return nil, false
	}
	// About two nodes a line, a key and its value, and one more for each
	// item of a [flow, list]; each node but the root is in one Content list.
	need := 2*len(p.lines) + bytes.Count(src, []byte(",")) + 8
	if cap(p.block) < need {
		p.block = make([]yaml.Node, need)
		p.kidsBlock = make([]*yaml.Node, need)
	}
	p.nodes, p.kids = p.block[:0:need], p.kidsBlock[:need]
	if p.stack == nil {
		p.stack = make([]*yaml.Node, 0, 64)
	}
	p.stack = p.stack[:0]
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
	raw    string // the whole line without its line end
	num    int    // 1-based line number
	indent int    // leading spaces
}

// text returns the line without its indentation.
func (l *fastLine) text() string { return l.raw[l.indent:] }

type fastParser struct {
	lines []fastLine // content lines (no blank or comment-only lines)
	all   []string   // every line, for literal blocks
	i     int        // next content line
	endNL bool       // the text ends with a line break

	// A document has hundreds of nodes; they and the Content lists are
	// cut from a few large blocks rather than allocated one by one, which
	// keeps the loader's allocations and the collector's work down.
	nodes []yaml.Node  // room for the next nodes
	kids  []*yaml.Node // room for the next Content lists
	stack []*yaml.Node // the children of the collections being read

	// The first blocks, kept for the next document once the tree made of
	// them is let go (see release).
	block     []yaml.Node
	kidsBlock []*yaml.Node

	// owned is set when the text read is the entry's own, never written
	// again: the values are then read in place, not copied (see
	// loadEntry).
	owned bool
}

// release empties p's first blocks for the next document and puts p in
// fastParsers. The tree p made last must no longer be used.
func (p *fastParser) release() {
	clear(p.block)
	clear(p.kidsBlock)
	clear(p.lines)
	clear(p.all) // the lines hold the document: let it go, keep the room
	p.lines, p.all, p.nodes, p.kids = p.lines[:0], p.all[:0], nil, nil
	p.owned = false
	fastParsers.Put(p)
}

// node returns a new node. Its fields are set in place: a yaml.Node is
// large, and copying a whole one costs more than filling these.
func (p *fastParser) node(kind yaml.Kind, tag, value string, line, col int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 64)
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	n.Kind, n.Tag, n.Value, n.Line, n.Column = kind, tag, value, line, col
	return n
}

// content returns the children pushed on the stack since it held base
// entries, as a Content list, and pops them.
func (p *fastParser) content(base int) []*yaml.Node {
	kids := p.stack[base:]
	if len(kids) == 0 {
		return nil
	}
	if len(p.kids) < len(kids) {
		p.kids = make([]*yaml.Node, max(64, len(kids)))
	}
	// The capacity is cut to the length, so that an append to one list
	// cannot run into the next.
	out := p.kids[:len(kids):len(kids)]
	p.kids = p.kids[len(kids):]
	copy(out, kids)
	clear(kids)
	p.stack = p.stack[:base]
	return out
}

// split cuts src into lines, refusing what the fast path does not read.
func (p *fastParser) split(src []byte) bool {
	var s string
	if p.owned {
		s = unsafe.String(unsafe.SliceData(src), len(src))
	} else {
		s = string(src)
	}
	if !fastPrintable(s) {
		return false
	}
	p.endNL = strings.HasSuffix(s, "\n")
	if strings.HasSuffix(s, "\r") {
		return false // a lone carriage return is a line break to yaml
	}
	s = strings.TrimSuffix(s, "\n")
	p.all = p.all[:0] // the lines of the last document read: room kept for the next
	for line := range strings.SplitSeq(s, "\n") {
		p.all = append(p.all, line)
	}
	if cap(p.lines) < len(p.all) {
		p.lines = make([]fastLine, 0, len(p.all))
	}
	p.lines = p.lines[:0]
	for n, raw := range p.all {
		raw = strings.TrimSuffix(raw, "\r")
		if strings.ContainsRune(raw, '\r') {
			return false
		}
		p.all[n] = raw
		text := strings.TrimLeft(raw, " ")
		if text == "" {
			continue
		}
		if text[0] == '#' {
			if len(text) > 1 && text[1] != ' ' {
				return false // "#3 books", perhaps meant to go on a value: the decoder looks
			}
			continue
		}
		if strings.HasPrefix(raw, "---") || strings.HasPrefix(raw, "...") || raw[0] == '%' {
			return false
		}
		p.lines = append(p.lines, fastLine{raw: raw, num: n + 1, indent: len(raw) - len(text)})
	}
	return true
}

func (p *fastParser) peek() *fastLine {
	if p.i < len(p.lines) {
		return &p.lines[p.i]
	}
	return nil
}

// keyEnd returns the length of a "key:" (with the space after it, if any)
// at the start of text, or -1. A plain key is letters, digits, _, - and .
// (the codes of a framework, such as 4.3, are keys of alignment notes); a
// quoted key is any text without a colon, a backslash or its quote.
func keyEnd(text string) int {
	if text != "" && (text[0] == '"' || text[0] == '\'') {
		end := strings.IndexByte(text[1:], text[0]) + 1
		if end <= 0 || strings.ContainsAny(text[1:end], ":\\") || text[0] == '\'' && strings.HasPrefix(text[end:], "''") {
			return -1
		}
		switch rest := text[end+1:]; {
		case rest == ":":
			return end + 2
		case strings.HasPrefix(rest, ": "):
			return end + 3
		}
		return -1
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c >= '0' && c <= '9':
		case i > 0 && (c == '-' || c == '.'):
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

// mapping reads a block mapping whose keys stand at column indent+1.
func (p *fastParser) mapping(indent int) *yaml.Node {
	l := p.peek()
	if l == nil || l.indent != indent {
		return nil // nothing, or text indented under nothing: let yaml.v3 report it
	}
	m := p.node(yaml.MappingNode, "!!map", "", l.num, indent+1)
	base := len(p.stack)
	for ; l != nil && l.indent == indent; l = p.peek() {
		if !p.pair(l, indent, l.text(), indent) {
			return nil
		}
	}
	if l != nil && l.indent > indent {
		return nil // text indented under nothing: let yaml.v3 report it
	}
	m.Content = p.content(base)
	return m
}

// pair reads "key: value" from text, which starts at column col+1 of line l,
// and pushes the key and the value of the mapping at indent on the stack.
func (p *fastParser) pair(l *fastLine, indent int, text string, col int) bool {
	end := keyEnd(text)
	if end < 0 || end > 128 {
		return false // yaml caps keys at 1024 characters; long ones are left to it
	}
	var key *yaml.Node
	if text[0] == '"' || text[0] == '\'' {
		key, _ = p.quoted(text, l.num, col)
	} else {
		keyText := text[:strings.IndexByte(text, ':')]
		tag, ok := resolvePlain(keyText)
		if !ok || tag != "!!str" && tag != "!!int" && tag != "!!float" {
			return false
		}
		key = p.node(yaml.ScalarNode, tag, keyText, l.num, col+1)
	}
	if key == nil {
		return false
	}
	rest := text[end:]
	vcol := col + end // keys are ASCII
	trimmed := strings.TrimLeft(rest, " ")
	vcol += len(rest) - len(trimmed)
	p.i++
	var val *yaml.Node
	switch {
	case trimmed == "":
		val = p.blockValue(indent, l)
	case trimmed[0] == '#':
		return false // a comment after the key: yaml.v3 keeps it
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
	p.stack = append(p.stack, key, val)
	return true
}

// isItem reports whether a line's text is a block sequence item: "-" alone
// or followed by a space.
func isItem(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ")
}

// blockValue reads the value of "key:" from the lines below it: a nested
// mapping, a sequence (which may stand at the key's own indent), or nothing.
func (p *fastParser) blockValue(indent int, keyLine *fastLine) *yaml.Node {
	n := p.peek()
	switch {
	case n != nil && n.indent == indent && isItem(n.text()):
		return p.sequence(indent)
	case n != nil && n.indent > indent && isItem(n.text()):
		return p.sequence(n.indent)
	case n != nil && n.indent > indent:
		return p.mapping(n.indent)
	}
	// An empty value: yaml puts it just after the colon.
	col := utf8.RuneCountInString(keyLine.raw[:strings.IndexByte(keyLine.raw, ':')]) + 2
	return p.node(yaml.ScalarNode, "!!null", "", keyLine.num, col)
}

// sequence reads a block sequence whose dashes stand at column indent+1.
func (p *fastParser) sequence(indent int) *yaml.Node {
	var s *yaml.Node
	base := len(p.stack)
	for l := p.peek(); l != nil && l.indent == indent && isItem(l.text()); l = p.peek() {
		if s == nil {
			s = p.node(yaml.SequenceNode, "!!seq", "", l.num, indent+1)
		}
		body := strings.TrimLeft(l.text()[1:], " ")
		bcol := indent + (len(l.text()) - len(body)) // 0-based, like indent
		var item *yaml.Node
		switch {
		case body == "":
			p.i++
			n := p.peek()
			if n == nil || n.indent <= indent {
				item = p.node(yaml.ScalarNode, "!!null", "", l.num, indent+2)
			} else {
				return nil // an item on the lines below its dash
			}
		case keyEnd(body) > 0:
			// "- key: value" opens a mapping at the key's column.
			m := p.node(yaml.MappingNode, "!!map", "", l.num, bcol+1)
			mbase := len(p.stack)
			if !p.pair(l, bcol, body, bcol) {
				return nil
			}
			for n := p.peek(); n != nil && n.indent == bcol; n = p.peek() {
				if !p.pair(n, bcol, n.text(), bcol) {
					return nil
				}
			}
			if n := p.peek(); n != nil && n.indent > indent && n.indent != bcol {
				return nil
			}
			m.Content = p.content(mbase)
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
		p.stack = append(p.stack, item)
	}
	if s != nil {
		s.Content = p.content(base)
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
	lines := p.all[first:last]
	// Trailing blank lines are not content.
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	size := 0
	for _, line := range lines {
		size += len(line) + 1
	}
	b.Grow(size)
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
	n := p.node(yaml.ScalarNode, "!!str", b.String(), l.num, col+1)
	n.Style = yaml.LiteralStyle
	return n
}

// inline reads a value that ends on its line: a quoted or plain scalar, or a
// [flow, list]. A comment may follow a list, but not a scalar: the decoder
// looks at what yaml.v3 keeps of a comment after text.
func (p *fastParser) inline(text string, line, col int) *yaml.Node {
	switch text[0] {
	case '"', '\'':
		n, rest := p.quoted(text, line, col)
		if n == nil || strings.TrimLeft(rest, " ") != "" {
			return nil
		}
		return n
	case '[':
		return p.flowSeq(text, line, col)
	}
	if strings.Contains(text, " #") {
		return nil
	}
	return p.plain(strings.TrimRight(text, " "), line, col)
}

func onlyComment(s string) bool {
	s = strings.TrimLeft(s, " ")
	return s == "" || s[0] == '#' && len(s) > 0
}

// plain makes a plain scalar node, or nil for text the fast path leaves to yaml.
func (p *fastParser) plain(v string, line, col int) *yaml.Node {
	if v == "" || strings.ContainsAny(v[:1], "-?:,[]{}#&*!|>'\"%@`") || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || strings.Contains(v, " #") {
		return nil
	}
	tag, ok := resolvePlain(v)
	if !ok {
		return nil
	}
	return p.node(yaml.ScalarNode, tag, v, line, col+1)
}

// quoted reads a quoted scalar at the start of text and returns what follows.
func (p *fastParser) quoted(text string, line, col int) (*yaml.Node, string) {
	q := text[0]
	// The value is a piece of text unless a '' in single quotes stands
	// for one quote; then it is built in b.
	var b []byte
	for i := 1; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\\' && q == '"':
			return nil, "" // escapes: leave them to yaml
		case c == q && q == '\'' && i+1 < len(text) && text[i+1] == '\'':
			if b == nil {
				b = append(make([]byte, 0, len(text)), text[1:i]...)
			}
			b = append(b, '\'')
			i++
		case c == q:
			style := yaml.DoubleQuotedStyle
			if q == '\'' {
				style = yaml.SingleQuotedStyle
			}
			v := text[1:i]
			if b != nil {
				v = string(b)
			}
			n := p.node(yaml.ScalarNode, "!!str", v, line, col+1)
			n.Style = style
			return n, text[i+1:]
		case b != nil:
			b = append(b, c)
		}
	}
	return nil, "" // not closed on this line
}

// flowSeq reads a one-line [a, "b", c] list of scalars.
func (p *fastParser) flowSeq(text string, line, col int) *yaml.Node {
	s := p.node(yaml.SequenceNode, "!!seq", "", line, col+1)
	s.Style = yaml.FlowStyle
	base := len(p.stack)
	i := 1
	pos := func(i int) int { return col + utf8.RuneCountInString(text[:i]) }
	for {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i >= len(text) {
			return nil
		}
		if text[i] == ']' && len(p.stack) == base {
			i++
			break
		}
		var item *yaml.Node
		if text[i] == '"' || text[i] == '\'' {
			var rest string
			item, rest = p.quoted(text[i:], line, pos(i))
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
			item = p.plain(v, line, pos(i))
			if item == nil {
				return nil
			}
			i += j
		}
		p.stack = append(p.stack, item)
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
	s.Content = p.content(base)
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
		// A date has its year's four digits and a dash first; the
		// check spares time.Parse, and its error, for other values.
		if len(v) > 4 && v[4] == '-' {
			if _, err := time.Parse("2006-1-2", v); err == nil {
				return "!!timestamp", true
			}
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
