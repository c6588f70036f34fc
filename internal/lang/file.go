package lang

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// file is one catalogue file: dll's own for a language, or a portfolio's.
type file struct {
	name string // as its author knows it: templates/languages/es.yaml, or dll's languages/es.yaml
	own  bool   // the portfolio's
	tag  string // the language it is for, as a BCP 47 tag

	fields map[string]field    // name, direction, numbers.*, dates.*, lists.*
	story  map[string][]string // recommended sections: their headings
	checks map[string][]string // passive_verbs, pronouns
	msgs   map[string]*msg
	pos    map[string]diag.Pos // of each key above, by its path: messages.nav.skip, dates.months
}

type field struct {
	text string
	list []string
	num  int
}

// msg is a message: its text, or a text for each plural form.
type msg struct {
	forms map[plural.Form]text
}

// text is a message's text, in pieces: what is written as it is, and the
// names of the values filled in ({count}).
type text []piece

type piece struct {
	lit string
	arg string // the name of a value; "" for a literal piece
}

var formNames = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two, "few": plural.Few, "many": plural.Many, "other": plural.Other,
}

var formOrder = []string{"zero", "one", "two", "few", "many", "other"}

func formName(f plural.Form) string {
	for n, g := range formNames {
		if g == f {
			return n
		}
	}
	return "other"
}

// The keys of a catalogue file, and the settings under each.
var (
	topKeys     = []string{"name", "direction", "numbers", "dates", "lists", "story", "checks", "messages"}
	sectionKeys = map[string][]string{
		"numbers": {"min_grouping"},
		"dates":   {"months", "months_alone", "day", "month", "first_day"},
		"lists":   {"comma", "and", "and_start"},
		"story":   Sections,
		"checks":  {"passive_verbs", "pronouns"},
	}
)

// Sections are the recommended sections of a story, as the story: part
// of a catalogue names them.
var Sections = []string{"context", "what_we_did", "evidence_of_impact", "big_think", "so_what", "what_next"}

// parseText cuts a message into its pieces: {name} is a value, any other
// brace is written as it is.
func parseText(s string) text {
	var t text
	lit := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		if j == i+1 || j >= len(s) || s[j] != '}' {
			continue
		}
		if lit < i {
			t = append(t, piece{lit: s[lit:i]})
		}
		t = append(t, piece{arg: s[i+1 : j]})
		lit, i = j+1, j
	}
	if lit < len(s) {
		t = append(t, piece{lit: s[lit:]})
	}
	return t
}

// args are the names of the values a text uses.
func (t text) args() []string {
	var out []string
	for _, p := range t {
		if p.arg != "" && !slices.Contains(out, p.arg) {
			out = append(out, p.arg)
		}
	}
	return out
}

// parseFile reads a catalogue file. Problems are reported to diags: in a
// file of dll's own, a test finds them.
func parseFile(name, tag string, own bool, src []byte, diags *diag.List) *file {
	f := &file{name: name, own: own, tag: tag, fields: map[string]field{}, story: map[string][]string{}, checks: map[string][]string{},
		msgs: map[string]*msg{}, pos: map[string]diag.Pos{}}
	root, ok := portfolio.ParseYAML(name, src, diags)
	if !ok || root == nil {
		return f
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(f.at(root), "", "language", "expected the keys %s, found %s", strings.Join(topKeys, ", "), describe(root))
		return f
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "name":
			if s, ok := f.scalar(k.Value, v, diags); ok {
				f.set(k.Value, v, field{text: s})
			}
		case "direction":
			if s, ok := f.scalar(k.Value, v, diags); ok {
				if s != "ltr" && s != "rtl" {
					diags.Errorf(f.at(v), k.Value, "language", "expected ltr (left to right) or rtl (right to left), found %s", portfolio.Quote(s))
					continue
				}
				f.set(k.Value, v, field{text: s})
			}
		case "numbers", "dates", "lists", "story", "checks":
			f.section(k.Value, v, diags)
		case "messages":
			f.messages(v, diags)
		default:
			unknown(f, k, "", topKeys, diags)
		}
	}
	return f
}

func (f *file) at(n *yaml.Node) diag.Pos { return diag.Pos{File: f.name, Line: n.Line, Col: n.Column} }

func (f *file) set(path string, n *yaml.Node, v field) {
	f.fields[path] = v
	f.pos[path] = f.at(n)
}

func (f *file) scalar(path string, n *yaml.Node, diags *diag.List) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		diags.Errorf(f.at(n), path, "language", "expected a text, found %s", describe(n))
		return "", false
	}
	return n.Value, true
}

// list reads a list of texts; one text is a list of one.
func (f *file) list(path string, n *yaml.Node, diags *diag.List) ([]string, bool) {
	if n.Kind == yaml.ScalarNode {
		if n.Value == "" {
			return nil, true
		}
		return []string{n.Value}, true
	}
	if n.Kind != yaml.SequenceNode {
		diags.Errorf(f.at(n), path, "language", "expected a list of texts in [ ], found %s", describe(n))
		return nil, false
	}
	var out []string
	for j, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			diags.Errorf(f.at(c), fmt.Sprintf("%s[%d]", path, j), "language", "expected a text, found %s", describe(c))
			return nil, false
		}
		if c.Value != "" {
			out = append(out, c.Value)
		}
	}
	return out, true
}

func (f *file) section(name string, n *yaml.Node, diags *diag.List) {
	keys := sectionKeys[name]
	if n.Kind != yaml.MappingNode {
		diags.Errorf(f.at(n), name, "language", "expected the keys %s, found %s", strings.Join(keys, ", "), describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := name + "." + k.Value
		if !slices.Contains(keys, k.Value) {
			unknown(f, k, name, keys, diags)
			continue
		}
		switch name {
		case "story", "checks":
			if l, ok := f.list(path, v, diags); ok {
				if name == "story" {
					f.story[k.Value] = l
				} else {
					f.checks[k.Value] = l
				}
				f.pos[path] = f.at(v)
			}
		case "numbers":
			s, ok := f.scalar(path, v, diags)
			if !ok {
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 4 {
				diags.Errorf(f.at(v), path, "language", "expected 1 (a separator from 1,000) or 2 (from 10,000), found %s", portfolio.Quote(s))
				continue
			}
			f.set(path, v, field{num: n})
		default:
			if k.Value == "months" || k.Value == "months_alone" {
				l, ok := f.list(path, v, diags)
				if ok && len(l) != 12 {
					diags.Errorf(f.at(v), path, "language", "expected the names of the 12 months, January to December, found %d", len(l))
					ok = false
				}
				if ok {
					f.set(path, v, field{list: l})
				}
				continue
			}
			s, ok := f.scalar(path, v, diags)
			if !ok {
				continue
			}
			if want := fieldArgs[path]; want != nil {
				if !f.checkArgs(path, v, parseText(s), want, diags) {
					continue
				}
			}
			f.set(path, v, field{text: s})
		}
	}
}

// fieldArgs are the values each pattern of a catalogue may use.
var fieldArgs = map[string][]string{
	"dates.day":       {"day", "month", "year"},
	"dates.month":     {"month", "year"},
	"lists.and":       {"a", "b"},
	"lists.and_start": {"a", "b"},
}

// checkArgs reports a value the text names that is not one of want.
func (f *file) checkArgs(path string, n *yaml.Node, t text, want []string, diags *diag.List) bool {
	for _, a := range t.args() {
		if !slices.Contains(want, a) {
			msg := fmt.Sprintf("{%s} is not filled in here", a)
			if len(want) > 0 {
				msg += "; this text can use " + braces(want)
				if s := portfolio.Suggest(a, want); s != "" {
					msg = fmt.Sprintf("{%s} is not filled in here; did you mean {%s}?", a, s)
				}
			} else {
				msg += "; this text has no values to fill in"
			}
			diags.Errorf(f.at(n), path, "language", "%s", msg)
			return false
		}
	}
	return true
}

func braces(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{" + n + "}"
	}
	return strings.Join(out, ", ")
}

func (f *file) messages(n *yaml.Node, diags *diag.List) {
	if n.Kind != yaml.MappingNode {
		diags.Errorf(f.at(n), "messages", "language", "expected messages, each a name followed by its text, found %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := "messages." + k.Value
		m := &msg{forms: map[plural.Form]text{}}
		switch v.Kind {
		case yaml.ScalarNode:
			m.forms[plural.Other] = parseText(v.Value)
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				fk, fv := v.Content[j], v.Content[j+1]
				form, ok := formNames[fk.Value]
				if !ok {
					diags.Errorf(f.at(fk), path+"."+fk.Value, "language", "%s is not a plural form; the forms are %s", portfolio.Quote(fk.Value), strings.Join(formOrder, ", "))
					continue
				}
				if s, ok := f.scalar(path+"."+fk.Value, fv, diags); ok {
					m.forms[form] = parseText(s)
					f.pos[path+"."+fk.Value] = f.at(fk)
				}
			}
			if _, ok := m.forms[plural.Other]; !ok {
				diags.Errorf(f.at(v), path, "language", "a message with plural forms needs the form other, used for every number no other form is for")
				continue
			}
		default:
			diags.Errorf(f.at(v), path, "language", "expected a text, or a text for each plural form (one, other, ...), found %s", describe(v))
			continue
		}
		f.msgs[k.Value] = m
		f.pos[path] = f.at(k)
	}
}

func unknown(f *file, k *yaml.Node, section string, keys []string, diags *diag.List) {
	path := k.Value
	if section != "" {
		path = section + "." + k.Value
	}
	if s := portfolio.Suggest(k.Value, keys); s != "" {
		diags.Errorf(f.at(k), path, "unknown-key", "unknown key; did you mean %q?", s)
		return
	}
	diags.Errorf(f.at(k), path, "unknown-key", "unknown key; the keys here are %s", strings.Join(keys, ", "))
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "keys and values"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Value == "" {
			return "nothing"
		}
		return portfolio.Quote(n.Value)
	}
	return "something else"
}
