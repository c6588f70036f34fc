package portfolio

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
)

//go:embed model.yaml
var builtinModel []byte

// Term is one value of a vocabulary, or one code of a framework.
type Term struct {
	ID          string `yaml:"id"`
	Label       string `yaml:"label"`
	Description string `yaml:"description"`
	// Teaching marks partner roles that teach.
	Teaching bool `yaml:"teaching"`
	// Learners marks evidence kinds that show learners or their work.
	Learners bool `yaml:"learners"`
	// Sharing marks evidence kinds that only show something was shared.
	Sharing bool `yaml:"sharing"`
	// Withhold marks consent values that keep evidence unpublished.
	Withhold bool `yaml:"withhold"`
	// Forms are forms of a word (sharing_words) not made the usual way:
	// "sent" for "send".
	Forms []string `yaml:"forms"`

	// own and ownDescription are set when the portfolio's model.yaml
	// gives the label, or the description: a language's labels leave
	// them as the author wrote them.
	own, ownDescription bool
}

// Vocab is a named list of allowed values.
type Vocab struct {
	ID     string `yaml:"-"`
	Name   string `yaml:"name"`
	Values []Term `yaml:"values"`
}

// Article is the indefinite article of the vocabulary's name: "an" for
// "an experience type", "a" for "a mode".
func (v *Vocab) Article() string {
	if v.Name != "" && strings.ContainsRune("aeiou", rune(v.Name[0])) {
		return "an"
	}
	return "a"
}

// IDs returns the allowed values in order.
func (v *Vocab) IDs() []string {
	ids := make([]string, len(v.Values))
	for i, t := range v.Values {
		ids[i] = t.ID
	}
	return ids
}

// Term returns the term with the given id.
func (v *Vocab) Term(id string) (Term, bool) {
	for _, t := range v.Values {
		if t.ID == id {
			return t, true
		}
	}
	return Term{}, false
}

// Label returns the label of id, or id itself when it has none.
func (v *Vocab) Label(id string) string {
	if t, ok := v.Term(id); ok && t.Label != "" {
		return t.Label
	}
	return id
}

// Framework is an alignment framework: an id, a name and its codes.
type Framework struct {
	ID    string `yaml:"id"`
	Name  string `yaml:"name"`
	Codes []Term `yaml:"codes"`

	ownName bool // model.yaml names it
}

// Model is the set of vocabularies and frameworks a portfolio is checked
// against: the built-in model, extended by the portfolio's model.yaml.
type Model struct {
	Vocabularies map[string]*Vocab `yaml:"vocabularies"`
	Frameworks   []*Framework      `yaml:"frameworks"`

	// Texts are the values written in the portfolio's model.yaml, where
	// they stand. Its labels, names and descriptions are published on
	// the site, so they are checked like every other text.
	Texts []Text `yaml:"-"`

	internOnce sync.Once
	intern     map[string]string // see interned

	wordsMu sync.Mutex
	words   map[string]string // see keepWord
}

// Text is a text value of a YAML file, with its YAML path and position.
type Text struct {
	Value string
	Field string
	Pos   diag.Pos
}

// texts returns every scalar value under n (keys aside), with its path.
func texts(file string, n *yaml.Node, path string, out []Text) []Text {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value != "" {
			out = append(out, Text{Value: n.Value, Field: path, Pos: nodePos(file, 0, n)})
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			if path != "" {
				key = path + "." + key
			}
			out = texts(file, n.Content[i+1], key, out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			out = texts(file, c, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case yaml.DocumentNode:
		for _, c := range n.Content {
			out = texts(file, c, path, out)
		}
	}
	return out
}

// Vocab returns the vocabulary with the given id. The id "frameworks" gives
// the framework ids as a vocabulary.
func (m *Model) Vocab(id string) *Vocab {
	if id == "frameworks" {
		v := &Vocab{ID: id, Name: "alignment framework"}
		for _, f := range m.Frameworks {
			v.Values = append(v.Values, Term{ID: f.ID, Label: f.Name})
		}
		return v
	}
	return m.Vocabularies[id]
}

// Framework returns the framework with the given id, or nil.
func (m *Model) Framework(id string) *Framework {
	for _, f := range m.Frameworks {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// Builtin returns a fresh copy of the built-in model.
func Builtin() *Model {
	var m Model
	dec := yaml.NewDecoder(bytes.NewReader(builtinModel))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		panic(fmt.Sprintf("the built-in model does not parse: %v", err))
	}
	for id, v := range m.Vocabularies {
		v.ID = id
	}
	return &m
}

// extend merges a portfolio's model.yaml into m: a known id takes the new
// label and description, a new id is added at the end. Problems are reported
// against file.
func (m *Model) extend(file string, src []byte, diags *diag.List) {
	doc, ok := parseYAML(file, src, 0, diags)
	if !ok || doc == nil {
		return
	}
	m.Texts = texts(file, doc, "", m.Texts)
	root := doc
	if root.Kind != yaml.MappingNode {
		diags.Errorf(nodePos(file, 0, root), "", "type", "expected keys vocabularies and frameworks, found %s", describeNode(root))
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "vocabularies":
			m.extendVocabularies(file, v, diags)
		case "frameworks":
			m.extendFrameworks(file, v, diags)
		default:
			if hint := Suggest(k.Value, []string{"vocabularies", "frameworks"}); hint != "" {
				diags.Errorf(nodePos(file, 0, k), k.Value, "unknown-key", "unknown key; did you mean %q?", hint)
			} else {
				diags.Errorf(nodePos(file, 0, k), k.Value, "unknown-key", "unknown key; model.yaml has vocabularies and frameworks")
			}
		}
	}
}

func (m *Model) extendVocabularies(file string, n *yaml.Node, diags *diag.List) {
	if n.Kind != yaml.MappingNode {
		diags.Errorf(nodePos(file, 0, n), "vocabularies", "type", "expected a vocabulary name followed by its values, found %s", describeNode(n))
		return
	}
	names := make([]string, 0, len(m.Vocabularies))
	for id := range m.Vocabularies {
		names = append(names, id)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		vocab := m.Vocabularies[k.Value]
		field := "vocabularies." + k.Value
		if vocab == nil {
			diags.Errorf(nodePos(file, 0, k), field, "unknown-key", "unknown vocabulary%s", didYouMean(k.Value, names))
			continue
		}
		var add struct {
			Name   string `yaml:"name"`
			Values []Term `yaml:"values"`
		}
		if err := v.Decode(&add); err != nil {
			diags.Errorf(nodePos(file, 0, v), field, "type", "expected name and values (a list of id and label), %s", yamlTypeError(err))
			continue
		}
		if add.Name != "" {
			vocab.Name = add.Name
		}
		// Each type has a page named by its id.
		vocab.Values = mergeTerms(file, field+".values", v, vocab.Values, add.Values, diags, k.Value == "types")
	}
}

func (m *Model) extendFrameworks(file string, n *yaml.Node, diags *diag.List) {
	var add []struct {
		ID    string `yaml:"id"`
		Name  string `yaml:"name"`
		Codes []Term `yaml:"codes"`
	}
	if err := n.Decode(&add); err != nil {
		diags.Errorf(nodePos(file, 0, n), "frameworks", "type", "expected a list of frameworks with id, name and codes, %s", yamlTypeError(err))
		return
	}
	for i, a := range add {
		field := fmt.Sprintf("frameworks[%d]", i)
		item := n.Content[i]
		if a.ID == "" {
			diags.Errorf(nodePos(file, 0, item), field+".id", "required", "missing: every framework needs an id")
			continue
		}
		if msg := PageIDProblem(a.ID); msg != "" && m.Framework(a.ID) == nil {
			diags.Errorf(nodePos(file, 0, keyValue(item, "id")), field+".id", "page-id", "%s", msg)
			continue
		}
		f := m.Framework(a.ID)
		if f == nil {
			f = &Framework{ID: a.ID, Name: a.ID}
			m.Frameworks = append(m.Frameworks, f)
		}
		if a.Name != "" {
			f.Name, f.ownName = a.Name, true
		}
		f.Codes = mergeTerms(file, field+".codes", item, f.Codes, a.Codes, diags, false)
	}
}

// mergeTerms adds the terms add to have, or relabels those have has. With
// pages, each id names a page of the site, and must be fit to.
func mergeTerms(file, field string, at *yaml.Node, have, add []Term, diags *diag.List, pages bool) []Term {
	for j, t := range add {
		item := listItem(at, field[strings.LastIndex(field, ".")+1:], j)
		if t.ID == "" {
			diags.Errorf(nodePos(file, 0, item), fmt.Sprintf("%s[%d].id", field, j), "required", "missing: every value needs an id")
			continue
		}
		if msg := PageIDProblem(t.ID); pages && msg != "" && !slices.ContainsFunc(have, func(h Term) bool { return h.ID == t.ID }) {
			diags.Errorf(nodePos(file, 0, keyValue(item, "id")), fmt.Sprintf("%s[%d].id", field, j), "page-id", "%s", msg)
			continue
		}
		found := false
		for k := range have {
			if have[k].ID == t.ID {
				found = true
				if t.Label != "" {
					have[k].Label, have[k].own = t.Label, true
				}
				if t.Description != "" {
					have[k].Description, have[k].ownDescription = t.Description, true
				}
				have[k].Forms = append(have[k].Forms, t.Forms...)
			}
		}
		if !found {
			t.own, t.ownDescription = true, true
			have = append(have, t)
		}
	}
	return have
}

// listItem returns item j of the list under key in the mapping n, or n
// itself when there is no such item.
func listItem(n *yaml.Node, key string, j int) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return n
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if v := n.Content[i+1]; n.Content[i].Value == key && v.Kind == yaml.SequenceNode && j < len(v.Content) {
			return v.Content[j]
		}
	}
	return n
}

// keyValue returns the value of key in the mapping n, or n itself.
func keyValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1]
			}
		}
	}
	return n
}

// yamlTypeError turns yaml's "cannot unmarshal" text into a short phrase.
func yamlTypeError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
	return "found something else (" + strings.TrimSpace(msg) + ")"
}
