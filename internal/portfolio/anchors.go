package portfolio

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
)

// maxAnchorReports is how many anchors and aliases one file reports one by
// one; the rest are counted in one more line.
const maxAnchorReports = 10

// refuseConstructs reports what YAML reads from a text that dll does not
// take, and returns false when there is any:
//
//   - every anchor (&name) and alias (*name). Nothing in the model needs
//     them, and an alias repeats its anchor's whole value wherever it
//     stands: a few kilobytes of them can stand for gigabytes of text for
//     every rule to read. An anchor no alias uses is most likely text
//     ("&more fractions"), and its message says to put it in quotes.
//   - every type tag (!name, !!str, a lone !), which YAML leaves out of the
//     value: "title: !Important book tasting" would read "book tasting".
//   - a character that looks like a space where YAML needs a space: in the
//     indentation of a key or a list item, after a list dash or after a
//     key's colon. YAML reads it as part of a key or a value instead.
//
// The walk visits each node of the parsed text once and never follows an
// alias, so refusing costs no more than reading the text did. src is the
// text parsed, whose first line is line offset+1 of file. fast is set when
// fastParse read it: the fast path reads no tag and no odd space where it
// matters (TestFastParseRefuses), and its callers are spared looking.
func refuseConstructs(file string, src []byte, offset int, root *yaml.Node, fast bool, diags *diag.List) bool {
	w := anchorWalk{file: file, offset: offset, diags: diags, src: src, full: !fast}
	w.spaces = w.full && !plainASCII(src)
	w.walk(root, make([]byte, 0, 128))
	w.anchors()
	if w.found > maxAnchorReports {
		diags.Errorf(w.more, "yaml", "yaml-anchor", "this and %d more anchors (&) and aliases (*) below it; write each value out in full where it belongs", w.found-maxAnchorReports-1)
	}
	w.oddSpaces()
	return w.found == 0 && w.others == 0
}

type anchorWalk struct {
	file   string
	offset int
	diags  *diag.List
	src    []byte
	full   bool     // look for tags and odd spaces too
	spaces bool     // look for odd spaces: src has characters beyond ASCII
	lines  []string // src's lines, made when one is needed
	found  int      // anchors and aliases
	others int      // tags and odd spaces
	more   diag.Pos // the first anchor or alias not reported by itself

	aliased map[string]bool // the names aliases refer to
	marked  []anchored      // the anchors and aliases, in order
	// starts are the lines where a node starts, each with the path of the
	// first; only there can a space that is not one change what YAML
	// reads (the lines below a scalar's first are its own).
	starts map[int]string
}

type anchored struct {
	n    *yaml.Node
	path string
}

// line returns line n (1-based) of the text parsed, without its line end.
func (w *anchorWalk) line(n int) string {
	if w.lines == nil {
		w.lines = strings.Split(string(w.src), "\n")
	}
	if n < 1 || n > len(w.lines) {
		return ""
	}
	return strings.TrimSuffix(w.lines[n-1], "\r")
}

// walk looks at n, whose YAML path is path, and everything under it.
// The paths of what is under n are written after path, in its memory
// when there is room: nothing keeps a path once walk returns (what is
// kept is copied), so each value's path takes the place of the one
// before it.
func (w *anchorWalk) walk(n *yaml.Node, path []byte) {
	if n == nil {
		return
	}
	if w.spaces && n.Kind != yaml.DocumentNode {
		if w.starts == nil {
			w.starts = map[int]string{}
		}
		if _, ok := w.starts[n.Line]; !ok {
			w.starts[n.Line] = string(path)
		}
	}
	switch {
	case n.Kind == yaml.AliasNode:
		if w.aliased == nil {
			w.aliased = map[string]bool{}
		}
		w.aliased[n.Value] = true
		w.marked = append(w.marked, anchored{n, string(path)})
		return // never into what the alias stands for
	case n.Anchor != "":
		w.marked = append(w.marked, anchored{n, string(path)})
	}
	if w.full {
		w.tag(n, path)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			w.walk(c, path)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			w.walk(k, path) // a key may carry an anchor or be an alias too
			w.walk(n.Content[i+1], appendKey(path, k.Value))
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := append(path, '[')
			p = append(strconv.AppendInt(p, int64(i), 10), ']')
			w.walk(c, p)
		}
	}
}

// anchors reports the anchors and aliases in the order they stand, once
// every alias is known.
func (w *anchorWalk) anchors() {
	for _, a := range w.marked {
		n, name := a.n, a.n.Anchor
		if n.Kind == yaml.AliasNode {
			w.report(n, []byte(a.path), "*"+n.Value+" repeats the value marked &"+n.Value+"; dll does not read YAML anchors and aliases, so write the value out in full here")
			continue
		}
		if n.Kind == yaml.ScalarNode && !w.aliased[name] {
			if rest, ok := w.typed(n); ok {
				w.report(n, []byte(a.path), fmt.Sprintf("YAML reads %s at the start of a value as a name for the value (an anchor) and leaves it out, so this would read %s; put the whole value in quotes: %s", Quote("&"+name), Quote(n.Value), rest))
				continue
			}
		}
		w.report(n, []byte(a.path), "&"+name+" marks this value to be repeated with *"+name+"; dll does not read YAML anchors and aliases, so delete &"+name+" and write the value out in full wherever it is needed")
	}
}

// typed returns the line to write for the one-line scalar n so that it
// reads as typed, in quotes: what comes before it on its line, and all
// that follows its start. ok is false when the value runs over more lines.
func (w *anchorWalk) typed(n *yaml.Node) (string, bool) {
	text := w.line(n.Line)
	i := byteOffset(text, n.Column-1)
	typed := strings.TrimRight(text[i:], " ")
	if j := strings.IndexAny(typed, ",]"); j >= 0 && !strings.HasSuffix(typed, n.Value) {
		// An item of a [list]: quoted in its place.
		item := strings.TrimRight(typed[:j], " ")
		if strings.Contains(n.Value, "\n") || !strings.HasSuffix(item, n.Value) || strings.ContainsAny(item, "\"'") {
			return "", false
		}
		return strings.TrimLeft(text[:i], " ") + quoteYAML(item) + typed[len(item):], true
	}
	if strings.Contains(n.Value, "\n") || !strings.HasSuffix(typed, n.Value) && n.Value != "" {
		return "", false
	}
	next := w.line(n.Line + 1)
	if ind := len(next) - len(strings.TrimLeft(next, " ")); strings.TrimSpace(next) != "" && ind >= n.Column-1 && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
		return "", false // perhaps a value continued on the next line
	}
	before := splitYAMLLine(text[:i])
	return fixLine(before.prefix, typed), true
}

// byteOffset returns the byte offset of the col'th character (0-based) of s.
func byteOffset(s string, col int) int {
	i := 0
	for range col {
		if i >= len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// tag reports a type tag on n: "!Important", "!!str", or a lone "!",
// which yaml.v3 does not mark but leaves out of the value all the same.
func (w *anchorWalk) tag(n *yaml.Node, path []byte) {
	if n.Kind == yaml.DocumentNode {
		return
	}
	text := w.line(n.Line)
	i := byteOffset(text, n.Column-1)
	if n.Style&yaml.TaggedStyle == 0 && !strings.HasPrefix(text[i:], "!") {
		return
	}
	tag := text[i:]
	if j := strings.IndexAny(tag, " \t"); j >= 0 {
		tag = tag[:j]
	}
	if !strings.HasPrefix(tag, "!") {
		tag = n.Tag // after an anchor, say
	}
	w.others++
	at := nodePos(w.file, w.offset, n)
	field := string(path)
	if field == "" {
		field = "yaml"
	}
	if n.Kind == yaml.ScalarNode {
		if fix, ok := w.typed(n); ok {
			reads := "read " + Quote(n.Value)
			if n.Value == "" {
				reads = "be empty"
			}
			w.diags.Errorf(at, field, "yaml-tag", "YAML reads %s at the start of a value as a type tag and leaves it out, so this would %s; if it is part of the text, put the whole value in quotes: %s; if not, delete it", Quote(tag), reads, fix)
			return
		}
	}
	w.diags.Errorf(at, field, "yaml-tag", "YAML reads %s at the start of a value as a type tag, which dll does not read; delete it, or, if it is part of the text, put the whole value in quotes", Quote(tag))
}

// oddSpaces reports, on each line where a key or a value starts, a
// character that looks like a space where YAML needs a real one.
func (w *anchorWalk) oddSpaces() {
	for n, path := range w.starts {
		text := w.line(n)
		if n == 1 && strings.HasPrefix(text, "\ufeff") {
			continue // a byte-order mark, which yaml reads as nothing
		}
		if i, msg := oddSpace(text); i >= 0 {
			w.others++
			field := path
			if field == "" {
				field = "yaml"
			}
			w.diags.Errorf(diag.Pos{File: w.file, Line: n + w.offset, Col: colOf(text, i)}, field, "yaml", "%s", msg)
		}
	}
}

// plainASCII reports whether src holds no character beyond ASCII, so no
// odd space either.
func plainASCII(src []byte) bool {
	for _, c := range src {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func (w *anchorWalk) report(n *yaml.Node, path []byte, msg string) {
	w.found++
	at := nodePos(w.file, w.offset, n)
	if w.found == maxAnchorReports+1 {
		w.more = at
	}
	if w.found > maxAnchorReports {
		return
	}
	field := string(path)
	if field == "" {
		field = "yaml"
	}
	w.diags.Errorf(at, field, "yaml-anchor", "%s", msg)
}
