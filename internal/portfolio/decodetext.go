package portfolio

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
)

// What YAML reads from a line differently from what the author meant, found
// where the decoder knows that text was expected: a comment that cut a
// value short, a [list] or a key where a sentence was meant.

// line returns line n (1-based, in yaml's numbering) of the YAML read.
func (d *decoder) line(n int) string {
	if d.lines == nil {
		d.lines = strings.Split(string(d.src), "\n")
	}
	if n < 1 || n > len(d.lines) {
		return ""
	}
	return strings.TrimSuffix(d.lines[n-1], "\r")
}

// commentOn finds the comment yaml.v3 kept after a node, on line n or one
// of the lines below it (a plain value may run over several), and returns
// its line, the byte offset of its # there and the spaces before it.
func (d *decoder) commentOn(n *yaml.Node, comment string) (line, hash, spaces int, ok bool) {
	for l := n.Line; l <= n.Line+strings.Count(n.Value, " ")+1 && l <= n.Line+200; l++ {
		text := strings.TrimRight(d.line(l), " \t")
		if !strings.HasSuffix(text, comment) {
			continue
		}
		hash = len(text) - len(comment)
		before := strings.TrimRight(text[:hash], " \t")
		if len(before) == hash {
			continue // not a comment: no space before the #
		}
		return l, hash, hash - len(before), true
	}
	return 0, 0, 0, false
}

// textComment reports a comment after a text value that YAML left out of
// it: "title: Book tasting #2" reads "Book tasting". A # touching the
// words after it (#2, #readers) is text the author meant to keep: an
// error. A note after one space ("Lesson # 3") may be either: a warning.
// A note set off by more spaces, or after a value in quotes, was meant as
// a note, and passes.
func (d *decoder) textComment(n *yaml.Node) {
	c := n.LineComment
	if isNull(n) || d.src == nil {
		return
	}
	if c == "" {
		d.commentLine(n)
		return
	}
	l, hash, spaces, ok := d.commentOn(n, c)
	if !ok {
		return
	}
	touching := len(c) > 1 && c[1] != ' ' && c[1] != '\t'
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	if !touching && (quoted || spaces > 1) {
		return
	}
	text := d.line(l)
	at := d.at(n)
	at.Line, at.Col = l+d.offset, colOf(text, hash)
	fix := "put the whole value in quotes"
	if l == n.Line {
		start := byteOffset(text, n.Column-1)
		typed := n.Value + text[hash-spaces:hash] + c
		fix += ": " + fixLine(splitYAMLLine(text[:start]).prefix, typed)
	}
	if touching {
		d.diags.Errorf(at, d.where(), "yaml-comment", "YAML reads a space and # as the start of a note to yourself, so %s is left out and this would read %s; to keep it, %s", Quote(c), Quote(n.Value), fix)
		return
	}
	d.diags.Warnf(at, d.where(), "yaml-comment", "YAML reads a space and # as the start of a note to yourself, so %s is left out and this reads %s; if it belongs to the text, %s; if it is a note, move it to a line of its own", Quote(c), Quote(n.Value), fix)
}

// commentLine reports a line that goes on a plain value, indented under
// its key, but starts with # touching a word: YAML reads it as a comment
// and ends the value before it, so in
//
//	summary: Our class read
//	  #3 books in May
//
// the summary is "Our class read".
func (d *decoder) commentLine(n *yaml.Node) {
	if n.Style != 0 || n.Kind != yaml.ScalarNode {
		return
	}
	first := d.line(n.Line)
	own := len(first) - len(strings.TrimLeft(first, " "))
	for strings.HasPrefix(first[own:], "- ") {
		own += 2
		for own < len(first) && first[own] == ' ' {
			own++
		}
	}
	for l := n.Line + 1; l <= len(d.lines); l++ {
		text := strings.TrimRight(d.line(l), " \t")
		t := strings.TrimLeft(text, " ")
		indent := len(text) - len(t)
		switch {
		case t == "":
			continue
		case indent <= own:
			return
		case t[0] != '#':
			continue // the value goes on
		case len(t) > 1 && t[1] != ' ' && t[1] != '\t':
			at := d.at(n)
			at.Line, at.Col = l+d.offset, indent+1
			d.diags.Errorf(at, d.where(), "yaml-comment", "YAML reads a line that starts with # as a note to yourself, so %s is left out and this would read %s; to keep it, put the whole value in quotes", Quote(t), Quote(n.Value))
		}
		return
	}
}

// emptyComment reports a text value that a comment took whole: in
// "title: #2 Book tasting" everything after the key is a comment, and the
// title is empty; in "- #reading" the item is. It reports when the #
// touches the words after it, or the value is required (as every item of a
// list of text is); it returns whether it reported.
func (d *decoder) emptyComment(val *yaml.Node, required, vocab bool) bool {
	if !isNull(val) || d.src == nil {
		return false
	}
	text := strings.TrimRight(d.line(val.Line), " \t")
	hash := byteOffset(text, val.Column-1)
	for hash < len(text) && text[hash] == ' ' {
		hash++
	}
	if hash >= len(text) || text[hash] != '#' || hash > 0 && text[hash-1] != ' ' {
		return false
	}
	c := text[hash:]
	touching := len(c) > 1 && c[1] != ' ' && c[1] != '\t'
	if !touching && !required {
		return false
	}
	at := d.at(val)
	at.Col = colOf(text, hash)
	prefix := splitYAMLLine(text[:hash]).prefix
	if vocab {
		// A word from a list of choices, such as "type: #literacy".
		d.diags.Errorf(at, d.where(), "yaml-comment", "YAML reads a space and # as the start of a note to yourself, so %s is left out and this is empty; delete the #: %s", Quote(c), prefix+strings.TrimSpace(c[1:]))
		return true
	}
	d.diags.Errorf(at, d.where(), "yaml-comment", "YAML reads a space and # as the start of a note to yourself, so %s is left out and this is empty; to keep it, put it in quotes: %s", Quote(c), fixLine(prefix, c))
	return true
}

// nullWord reports text written as a word YAML reads as no value: "~",
// "null". A required value is an error, reported instead of "empty"; an
// optional one a warning. It returns whether it reported an error.
func (d *decoder) nullWord(val *yaml.Node, required bool) bool {
	if !isNull(val) || val.Value == "" {
		return false
	}
	text := d.line(val.Line)
	prefix := splitYAMLLine(text[:byteOffset(text, val.Column-1)]).prefix
	fix := fixLine(prefix, val.Value)
	if required {
		d.diags.Errorf(d.at(val), d.where(), "required", "YAML reads %s as no value, so this is empty; write the text, or, if %s is the text, put it in quotes: %s", Quote(val.Value), Quote(val.Value), fix)
		return true
	}
	d.diags.Warnf(d.at(val), d.where(), "yaml-null", "YAML reads %s as no value, so this is empty; if you mean no value, delete the line; if %s is the text, put it in quotes: %s", Quote(val.Value), Quote(val.Value), fix)
	return false
}

// notText reports a list or a set of keys where text was expected, and
// when YAML made it from a line of text, the line to write instead:
// "title: [Draft]" is a list, "- Assessment: co-designed the rubric" a key
// and its value.
func (d *decoder) notText(n *yaml.Node) {
	found := describeNode(n)
	if fix, what := d.textLine(n); fix != "" {
		d.diags.Errorf(d.at(n), d.where(), "type", "expected text, found %s: %s; to keep it as text, put it in quotes: %s", found, what, fix)
		return
	}
	d.diags.Errorf(d.at(n), d.where(), "type", "expected text, found %s", found)
}

// textLine returns, for a list or a set of keys that YAML read from one
// line of text, that line with its value in quotes and what YAML made of
// it.
func (d *decoder) textLine(n *yaml.Node) (fix, what string) {
	if d.src == nil || n.Kind != yaml.SequenceNode && n.Kind != yaml.MappingNode {
		return "", ""
	}
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode || c.Line != n.Line {
			return "", ""
		}
	}
	text := d.line(n.Line)
	start := byteOffset(text, n.Column-1)
	typed := strings.TrimRight(text[start:], " ")
	// What stands before the value, as written: the dashes and the key,
	// quoted or not ("- \"4.4\": ").
	prefix := strings.TrimLeft(text[:start], " ")
	switch {
	case n.Style&yaml.FlowStyle != 0 && n.Kind == yaml.SequenceNode && strings.HasPrefix(typed, "[") && strings.HasSuffix(typed, "]"):
		return fixLine(prefix, typed), "YAML reads a value in [brackets] as a list"
	case n.Style&yaml.FlowStyle != 0 && n.Kind == yaml.MappingNode && strings.HasPrefix(typed, "{") && strings.HasSuffix(typed, "}"):
		return fixLine(prefix, typed), "YAML reads a value in {braces} as a set of keys"
	case n.Style&yaml.FlowStyle != 0 && n.Kind == yaml.MappingNode && len(n.Content) == 2 && !strings.HasPrefix(typed, "{"):
		// An item of a [list] with a colon: [Unit 3: Fractions, ...].
		end := strings.IndexAny(typed, ",]")
		if end < 0 || strings.ContainsAny(typed[:end], "\"'[{") {
			return "", ""
		}
		item := strings.TrimRight(typed[:end], " ")
		line := strings.TrimLeft(text[:start], " ") + quoteYAML(item) + typed[len(item):]
		return line, fmt.Sprintf("YAML reads the colon and space after %s as the end of a key", Quote(n.Content[0].Value))
	case n.Style&yaml.FlowStyle == 0 && n.Kind == yaml.MappingNode && len(n.Content) == 2:
		k, v := n.Content[0], n.Content[1]
		if k.Style != 0 || v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 || v.LineComment != "" {
			return "", ""
		}
		return fixLine(prefix, typed), fmt.Sprintf("YAML reads the colon and space after %s as the end of a key", Quote(k.Value))
	}
	return "", ""
}

// unknownUnder checks whether the unknown key k stands below a key that is
// commented out ("# outcomes:" above "  learners: 24"): then it belongs
// there, and the commented line is what to report. It returns that line
// (1-based), or 0.
func (d *decoder) unknownUnder(k *yaml.Node) (line int, key string) {
	if d.src == nil || k.Column <= 1 {
		return 0, ""
	}
	d.line(1) // makes d.lines
	j, key := commentedParent(d.lines, k.Line-1, k.Column-1)
	if j < 0 {
		return 0, ""
	}
	return j + 1, key
}

// modelKeys are the keys of every mapping of the model: a commented-out
// line that names one is a key the author took out.
var modelKeys = map[string]bool{} // filled in with fieldMap

// underComment is a key commented out and the unknown keys that stand
// below it, which belong to it.
type underComment struct {
	line   int
	parent string
	keys   []string
}

func addUnder(under []underComment, line int, parent, key string) []underComment {
	for i := range under {
		if under[i].line == line {
			under[i].keys = append(under[i].keys, key)
			return under
		}
	}
	return append(under, underComment{line: line, parent: parent, keys: []string{key}})
}

// reportUnder says, once for each key commented out, that the keys below
// it are read as part of the mapping being read.
func (d *decoder) reportUnder(under []underComment) {
	for _, u := range under {
		text := d.line(u.line)
		hash := strings.IndexByte(text, '#')
		where := "at the top level"
		if p := d.where(); p != "" {
			where = "as part of " + p
		}
		names := u.keys
		more := ""
		if len(names) > 3 {
			names, more = names[:3], fmt.Sprintf(" and %d more", len(u.keys)-3)
		}
		list := strings.Join(names, ", ") + more
		verb := "do"
		if len(u.keys) == 1 {
			verb = "does"
		}
		at := diag.Pos{File: d.file, Line: u.line + d.offset, Col: colOf(text, hash)}
		if hash == 0 {
			// A key of the top level: it is reported here, not as missing.
			d.pos.add([]byte(u.parent), MisspeltSuffix, at)
		}
		d.diags.Errorf(at, u.parent, "commented-key", "%s", commentedMessage(text, u.parent, fmt.Sprintf("are read %s, where %s %s not belong", where, list, verb)))
	}
}

// keyOf returns the key of the model that line holds, and its indentation.
func keyOf(line string) (key string, indent int, ok bool) {
	t := strings.TrimLeft(line, " ")
	k := keyColon(t)
	if k <= 0 || !modelKeys[t[:k]] {
		return "", 0, false
	}
	return t[:k], len(line) - len(t), true
}

// swallowed reports a value in quotes that the author did not close on its
// line, so that YAML reads the lines below it, keys and all, as part of it
// until a quote closes it:
//
//	title: "Book tasting
//	summary: A short summary."
//
// is a title of two lines and no summary. The key swallowed is not
// reported missing as well.
func (d *decoder) swallowed(n *yaml.Node) bool {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 || d.src == nil {
		return false
	}
	first := d.line(n.Line)
	start := byteOffset(first, n.Column-1)
	if start >= len(first) || first[start] != '"' && first[start] != '\'' || closingQuote(first[start:]) >= 0 {
		return false
	}
	// The column of the key: siblings and the keys above it stand there
	// or to its left.
	own := len(first) - len(strings.TrimLeft(first, " "))
	for strings.HasPrefix(first[own:], "- ") {
		own += 2
		for own < len(first) && first[own] == ' ' {
			own++
		}
	}
	for l := n.Line + 1; l <= n.Line+200 && l <= len(d.lines); l++ {
		text := d.line(l)
		key, indent, ok := keyOf(text)
		if !ok || indent > own {
			if closingQuote(first[start:]+"\n"+text) >= 0 {
				return false // closed before any key
			}
			continue
		}
		at := d.at(n)
		path := d.where()
		parent := ""
		if i := strings.LastIndexByte(path, '.'); i >= 0 {
			parent = path[:i]
		}
		d.pos.add(appendKey([]byte(parent), key), MisspeltSuffix, diag.Pos{File: d.file, Line: l + d.offset, Col: indent + 1})
		value := strings.TrimRight(first[start+1:], " ")
		d.diags.Errorf(at, path, "yaml-quote", "the quote that opens this value is not closed on its line, so YAML reads the lines below it as part of it, %s on line %d too; close the quote at the end of this line: %s",
			Quote(key+":"), l+d.offset, fixLine(splitYAMLLine(first[:start]).prefix, value))
		return true
	}
	return false
}

// escapes warns of a value in double quotes on one line in which a
// backslash made a line break or a tab: "S:\new units" reads S:, a line
// break, and "ew units". The story of a whole-YAML entry may mean them.
func (d *decoder) escapes(n *yaml.Node) {
	if n.Style&yaml.DoubleQuotedStyle == 0 || d.src == nil || !strings.ContainsAny(n.Value, "\n\t") || d.where() == "body" {
		return
	}
	text := d.line(n.Line)
	start := byteOffset(text, n.Column-1)
	end := -1
	if start < len(text) && text[start] == '"' {
		end = closingQuote(text[start:])
	}
	if end < 0 {
		return
	}
	raw := text[start+1 : start+end]
	i := strings.Index(raw, `\n`)
	if j := strings.Index(raw, `\t`); i < 0 || j >= 0 && j < i {
		i = j
	}
	if i < 0 {
		return
	}
	at := d.at(n)
	at.Col = colOf(text, start+1+i)
	d.diags.Warnf(at, d.where(), "yaml-escape", "inside double quotes YAML reads %s as a %s; to keep the backslash as typed, write: %s",
		raw[i:i+2], map[byte]string{'n': "line break", 't': "tab"}[raw[i+1]], fixLine(splitYAMLLine(text[:start]).prefix, raw))
}
