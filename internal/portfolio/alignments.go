package portfolio

import (
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// alignments reads the alignments of one framework, at d.path
// (alignments.iste-coaches). An author writes them in any of three ways,
// the first being what entries have always held:
//
//	iste-coaches: ["4.3", "4.4"]          a list of codes
//	iste-coaches:                         codes, each with a note
//	  "4.3": Teachers now plan the tests with their classes.
//	  "4.4":
//	iste-coaches:                         a list, where an item may add a note
//	  - "4.3": Teachers now plan the tests with their classes.
//	  - "4.4"
//
// Every code is recorded at d.path[i] (its place among the framework's
// codes, in order) and its note at d.path[i].note, whichever way it is
// written.
func (d *decoder) alignments(n *yaml.Node, v reflect.Value) {
	var out []Alignment
	mark := len(d.path)
	at := func(i int) {
		d.path = append(strconv.AppendInt(append(d.path[:mark], '['), int64(i), 10), ']')
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, it := range n.Content {
			for it.Kind == yaml.AliasNode && it.Alias != nil {
				it = it.Alias
			}
			if it.Kind != yaml.MappingNode {
				at(len(out))
				var a Alignment
				d.value(it, reflect.ValueOf(&a.Code).Elem(), Tags{})
				out = append(out, a)
				continue
			}
			d.path = d.path[:mark]
			if d.fieldsNotCodes(it) {
				continue
			}
			for i := 0; i+1 < len(it.Content); i += 2 {
				at(len(out))
				out = append(out, d.alignment(it.Content[i], it.Content[i+1]))
			}
		}
	case yaml.MappingNode:
		if d.fieldsNotCodes(n) {
			break
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			at(len(out))
			out = append(out, d.alignment(n.Content[i], n.Content[i+1]))
		}
	default:
		fw := strings.TrimPrefix(d.where(), "alignments.")
		d.diags.Errorf(d.at(n), d.where(), "type", "expected a list of codes, found %s; write %s: [%s], or each code on its own line starting with \"- \"", describeNode(n), fw, n.Value)
		return
	}
	d.path = d.path[:mark]
	v.Set(reflect.ValueOf(out))
}

// alignment reads a code written as a key, and its note after it.
func (d *decoder) alignment(k, val *yaml.Node) Alignment {
	var a Alignment
	d.value(k, reflect.ValueOf(&a.Code).Elem(), Tags{})
	mark := len(d.path)
	d.path = append(d.path, ".note"...)
	switch {
	case d.nullWord(val, false):
	case !d.fast && d.emptyComment(val, false, false):
	}
	d.value(val, reflect.ValueOf(&a.Note).Elem(), Tags{})
	d.path = d.path[:mark]
	return a
}

// fieldsNotCodes reports a mapping written as fields of a code, such as
// {code: "4.3", note: ...}, which a reader of YAML might expect: the code
// is the key, and the note its value. It returns whether it reported.
func (d *decoder) fieldsNotCodes(m *yaml.Node) bool {
	fw := strings.TrimPrefix(d.where(), "alignments.")
	var code, key *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch k := m.Content[i]; k.Value {
		case "code", "id":
			key = k
			if v := m.Content[i+1]; v.Kind == yaml.ScalarNode && v.Value != "" {
				code = v
			}
		case "note":
			if key == nil {
				key = k
			}
		}
	}
	if key == nil {
		return false
	}
	if f := d.model.Framework(fw); f != nil {
		for _, c := range f.Codes {
			if c.ID == key.Value {
				return false // a framework of the author's own may have such a code
			}
		}
	}
	example := `"4.3"`
	if code != nil {
		example = strconv.Quote(code.Value)
	}
	d.diags.Errorf(d.at(key), d.where(), "alignment-note",
		"write the code as the key and the note after it, like %s: how this experience meets it; %s is not a key here", example, Quote(key.Value+":"))
	return true
}
