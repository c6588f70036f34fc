package portfolio

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// The model's labels in the languages dll speaks, one file per language
// (languages/<tag>.yaml), in the shape of model.yaml: the label and
// description of each value of a vocabulary, and the name and code labels
// of each framework. The names of the vocabularies, which dll's messages
// use, stay English.
//
//go:embed languages
var labelFiles embed.FS

// labels is one language's file.
type labels struct {
	Vocabularies map[string]struct {
		Values []Term `yaml:"values"`
	} `yaml:"vocabularies"`
	Frameworks []struct {
		ID    string `yaml:"id"`
		Name  string `yaml:"name"`
		Codes []Term `yaml:"codes"`
	} `yaml:"frameworks"`
}

// LabelLanguages lists the languages dll has labels of the model in.
func LabelLanguages() []string {
	items, _ := fs.ReadDir(labelFiles, "languages")
	var out []string
	for _, it := range items {
		out = append(out, it.Name()[:len(it.Name())-len(".yaml")])
	}
	return out
}

func readLabels(tag string) (*labels, error) {
	src, err := fs.ReadFile(labelFiles, "languages/"+tag+".yaml")
	if err != nil {
		return nil, err
	}
	var l labels
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("the labels of %s do not parse: %w", tag, err)
	}
	return &l, nil
}

// LanguageChain is the languages whose words serve lang, most specific
// first: es-MX, es-419, es, then English. A tag that is not one gives
// English.
func LanguageChain(lang string) []string {
	t, err := language.Parse(lang)
	if err != nil {
		t = language.English
	}
	var out []string
	for ; t != language.Und; t = t.Parent() {
		if s := t.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if !slices.Contains(out, "en") {
		out = append(out, "en")
	}
	return out
}

// Localize relabels the model in lang: every label, description and
// framework name dll has in that language (or in the language it is a
// form of: es for es-MX), but those the portfolio's model.yaml gives.
// Values with no label in lang keep their English one.
func (m *Model) Localize(lang string) {
	done := map[[3]string]bool{}
	for _, tag := range LanguageChain(lang) {
		if tag == "en" {
			break
		}
		l, err := readLabels(tag)
		if err != nil {
			continue
		}
		set := func(kind, scope, id, value string, own bool, to *string) {
			key := [3]string{kind, scope, id}
			if value == "" || own || done[key] {
				return
			}
			*to, done[key] = value, true
		}
		for vid, lv := range l.Vocabularies {
			v := m.Vocabularies[vid]
			if v == nil {
				continue
			}
			for _, t := range lv.Values {
				for k := range v.Values {
					if have := &v.Values[k]; have.ID == t.ID {
						set("label", vid, t.ID, t.Label, have.own, &have.Label)
						set("description", vid, t.ID, t.Description, have.ownDescription, &have.Description)
					}
				}
			}
		}
		for _, lf := range l.Frameworks {
			f := m.Framework(lf.ID)
			if f == nil {
				continue
			}
			set("name", "frameworks", f.ID, lf.Name, f.ownName, &f.Name)
			for _, c := range lf.Codes {
				for k := range f.Codes {
					if have := &f.Codes[k]; have.ID == c.ID {
						set("label", f.ID, c.ID, c.Label, have.own, &have.Label)
						set("description", f.ID, c.ID, c.Description, have.ownDescription, &have.Description)
					}
				}
			}
		}
	}
}
