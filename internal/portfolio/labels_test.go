package portfolio

import (
	"testing"
	"testing/fstest"
)

// TestLabelLanguages: each language dll has labels in gives every value of
// every vocabulary a label (and a description where English has one), and
// every framework code a label, and names nothing the model lacks.
func TestLabelLanguages(t *testing.T) {
	langs := LabelLanguages()
	if len(langs) < 4 {
		t.Fatalf("labels in %v", langs)
	}
	en := Builtin()
	for _, tag := range langs {
		l, err := readLabels(tag)
		if err != nil {
			t.Fatal(err)
		}
		for vid, lv := range l.Vocabularies {
			if en.Vocabularies[vid] == nil {
				t.Errorf("%s: no vocabulary %s", tag, vid)
			}
			for _, v := range lv.Values {
				if _, ok := en.Vocabularies[vid].Term(v.ID); !ok {
					t.Errorf("%s: %s has no value %s", tag, vid, v.ID)
				}
			}
		}
		for _, f := range l.Frameworks {
			if en.Framework(f.ID) == nil {
				t.Errorf("%s: no framework %s", tag, f.ID)
			}
		}
		for vid, v := range en.Vocabularies {
			if vid == "sharing_words" {
				continue // words dll reads, never shows; a language's own are in its catalogue (passive_verbs)
			}
			given := map[string]Term{}
			for _, x := range l.Vocabularies[vid].Values {
				given[x.ID] = x
			}
			for _, term := range v.Values {
				x, ok := given[term.ID]
				switch {
				case !ok || x.Label == "":
					t.Errorf("%s: %s.%s has no label", tag, vid, term.ID)
				case term.Description != "" && x.Description == "":
					t.Errorf("%s: %s.%s has no description", tag, vid, term.ID)
				}
			}
		}
		for _, f := range en.Frameworks {
			given := map[string]string{}
			for _, lf := range l.Frameworks {
				if lf.ID == f.ID {
					for _, c := range lf.Codes {
						given[c.ID] = c.Label
					}
				}
			}
			for _, c := range f.Codes {
				if given[c.ID] == "" {
					t.Errorf("%s: %s %s has no label", tag, f.ID, c.ID)
				}
			}
		}
	}
}

// TestLocalize: a portfolio's labels are in its language, regional forms
// of a language take its labels, and model.yaml's labels stay as written.
func TestLocalize(t *testing.T) {
	for lang, want := range map[string]string{"es": "Indagación", "es-MX": "Indagación", "fr-CA": "Démarche d’investigation", "ar": "الاستقصاء", "en": "Inquiry", "mi": "Inquiry", "": "Inquiry"} {
		m := Builtin()
		m.Localize(lang)
		if got := m.Vocab("types").Label("inquiry"); got != want {
			t.Errorf("%s: inquiry is %q, want %q", lang, got, want)
		}
	}
	fsys := fstest.MapFS{
		"dll.yaml": {Data: []byte("title: T\nleader: {name: A B, role: other, organization: O}\nlanguage: es\n")},
		"model.yaml": {Data: []byte(`vocabularies:
  types:
    values:
      - {id: literacy, label: Lectura y escritura}
      - {id: maker, label: Taller maker}
frameworks:
  - id: iste-coaches
    name: Estándares ISTE para coaches (2019)
  - id: district
    name: Metas del distrito
    codes:
      - {id: M1, label: Leer}
`)},
	}
	p, diags := Load(fsys)
	if len(diags) > 0 {
		t.Fatalf("%v", diags)
	}
	m := p.Model
	for _, c := range []struct{ got, want string }{
		{m.Vocab("types").Label("literacy"), "Lectura y escritura"},
		{m.Vocab("types").Label("maker"), "Taller maker"},
		{m.Vocab("types").Label("inquiry"), "Indagación"},
		{m.Vocab("types").Values[1].Description, "Investigación a partir de una pregunta general"},
		{m.Framework("iste-coaches").Name, "Estándares ISTE para coaches (2019)"},
		{m.Framework("iste-coaches").Codes[0].Label, "Agente de cambio"},
		{m.Framework("aasl").Name, "AASL Shared Foundations"},
		{m.Framework("district").Codes[0].Label, "Leer"},
		{m.Vocab("types").Name, "experience type"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
