// Package schema writes the JSON Schema (draft 2020-12) of an entry and of
// dll.yaml, so that editors can check a portfolio while it is typed. It is
// generated from the portfolio model itself, the struct tags of the
// portfolio package and the vocabularies of a model, so it says what
// validate checks about the shape of each file: the keys, their types, the
// allowed values, what is required, and whole-number bounds. Rules that
// involve several fields or other files stay in the validate package.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"dll/internal/portfolio"
)

// Draft is the JSON Schema dialect the schemas are written in.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// Kinds of schema dll writes.
const (
	KindEntry     = "entry"
	KindPortfolio = "portfolio"
)

// Kinds lists the kinds of schema, for help and completion.
var Kinds = []string{KindEntry, KindPortfolio}

// File names under .dll/ where dll init keeps the schemas.
const (
	Dir           = ".dll"
	EntryFile     = "entry.schema.json"
	PortfolioFile = "portfolio.schema.json"
)

// DatePattern is how a calendar date is written.
const DatePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

// Schema is a JSON Schema document.
type Schema = map[string]any

// Entry returns the schema of an entry: the front matter of a Markdown
// entry, or the whole of an entry written as one YAML file.
func Entry(m *portfolio.Model) Schema {
	g := &gen{m: m, defs: map[string]any{}}
	s := g.object(reflect.TypeFor[portfolio.Entry]())
	s["$schema"] = Draft
	s["title"] = "dll portfolio entry"
	s["description"] = "One learning experience: the front matter of experiences/<slug>/index.md or experiences/<slug>.md, or the whole of experiences/<slug>.yaml. Run dll validate for the rules that involve several fields."
	var completed []string
	for _, f := range portfolio.Fields(reflect.TypeFor[portfolio.Entry]()) {
		if f.Tags.Completed {
			completed = append(completed, f.Key)
		}
	}
	s["if"] = Schema{"properties": Schema{"status": Schema{"const": "completed"}}, "required": []string{"status"}}
	s["then"] = Schema{"required": completed}
	s["$defs"] = g.defs
	return s
}

// Portfolio returns the schema of dll.yaml.
func Portfolio(m *portfolio.Model) Schema {
	g := &gen{m: m, defs: map[string]any{}}
	s := g.object(reflect.TypeFor[portfolio.Settings]())
	s["$schema"] = Draft
	s["title"] = "dll portfolio settings (dll.yaml)"
	s["description"] = "The settings of a digital learning leader's portfolio."
	s["$defs"] = g.defs
	return s
}

// Of returns the schema of the given kind.
func Of(kind string, m *portfolio.Model) (Schema, error) {
	switch kind {
	case KindEntry:
		return Entry(m), nil
	case KindPortfolio:
		return Portfolio(m), nil
	}
	return nil, fmt.Errorf("no schema of kind %q; the kinds are %s", kind, strings.Join(Kinds, " and "))
}

// Marshal writes a schema as indented JSON ending in a newline. Keys are
// sorted, so the same model always gives the same bytes.
func Marshal(s Schema) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		panic("schema: " + err.Error()) // only maps, slices, strings and numbers
	}
	return b.Bytes()
}

type gen struct {
	m    *portfolio.Model
	defs map[string]any
}

var dateType = reflect.TypeFor[portfolio.Date]()

// object describes a struct type of the model.
func (g *gen) object(t reflect.Type) Schema {
	props := Schema{}
	var required []string
	for _, f := range portfolio.Fields(t) {
		p := g.value(f.Type, f.Tags)
		if f.Doc != "" {
			p["description"] = f.Doc
		} else if v := f.Tags.Vocab; v != "" {
			p["description"] = "Choose " + g.m.Vocab(v).Article() + " " + g.m.Vocab(v).Name + "."
		}
		props[f.Key] = p
		if f.Tags.Required {
			required = append(required, f.Key)
		}
	}
	s := Schema{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// value describes one value. A key that is not required may also be left
// empty (null), as the loader allows.
func (g *gen) value(t reflect.Type, tags portfolio.Tags) Schema {
	vocab, required := tags.Vocab, tags.Required
	nullable := func(s Schema) Schema {
		if required {
			return s
		}
		return Schema{"anyOf": []any{s, Schema{"type": "null"}}}
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == dateType:
		return nullable(Schema{"type": "string", "pattern": DatePattern})
	case t.Kind() == reflect.String && vocab != "":
		return nullable(g.enum(vocab))
	case t.Kind() == reflect.String:
		// YAML reads `subject: 7` as a number, and the loader takes it as
		// text, so any scalar is text here.
		s := Schema{"type": []string{"string", "number", "boolean"}}
		if required {
			s["pattern"] = `\S`
		}
		return nullable(s)
	case t.Kind() == reflect.Int:
		s := Schema{"type": "integer"}
		if tags.Min != nil {
			s["minimum"] = *tags.Min
		}
		if tags.Max != nil {
			s["maximum"] = *tags.Max
		}
		return nullable(s)
	case t.Kind() == reflect.Bool:
		return nullable(Schema{"type": "boolean"})
	case t.Kind() == reflect.Slice:
		s := Schema{"type": "array", "items": g.value(t.Elem(), portfolio.Tags{Vocab: vocab, Required: true})}
		if required {
			s["minItems"] = 1
		}
		return nullable(s)
	case t.Kind() == reflect.Map && vocab == "frameworks":
		props := Schema{}
		note := Schema{"type": []string{"string", "number", "boolean", "null"}}
		for _, f := range portfolio.Fields(reflect.TypeFor[portfolio.Alignment]()) {
			if f.Key == "note" {
				note["description"] = f.Doc
			}
		}
		for _, f := range g.m.Frameworks {
			codes := make([]string, len(f.Codes))
			for i, c := range f.Codes {
				codes[i] = c.ID
			}
			// A code and its note: "4.3": how the experience meets it.
			noted := Schema{"type": "object", "propertyNames": Schema{"enum": codes}, "additionalProperties": note, "minProperties": 1}
			props[f.ID] = Schema{
				"description": f.Name + ": a list of its codes, or each code followed by a colon and a note of how this experience meets it.",
				"anyOf": []any{
					Schema{"type": "array", "items": Schema{"anyOf": []any{enumOf(codes), noted}}},
					noted,
				},
			}
		}
		return nullable(Schema{"type": "object", "properties": props, "additionalProperties": false})
	case t.Kind() == reflect.Struct:
		name := strings.ToLower(t.Name()[:1]) + t.Name()[1:]
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = true // placeholder against recursion
			g.defs[name] = g.object(t)
		}
		return nullable(Schema{"$ref": "#/$defs/" + name})
	}
	panic("schema: unsupported type " + t.String())
}

func (g *gen) enum(vocab string) Schema {
	v := g.m.Vocab(vocab)
	if v == nil {
		panic("schema: no vocabulary " + vocab)
	}
	s := enumOf(v.IDs())
	var lines []string
	for _, t := range v.Values {
		line := t.ID
		if t.Description != "" {
			line += ": " + t.Description
		} else if t.Label != "" && t.Label != t.ID {
			line += ": " + t.Label
		}
		lines = append(lines, line)
	}
	s["description"] = "One of: " + strings.Join(lines, "; ") + "."
	return s
}

var numberLike = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// enumOf allows the ids. An id such as "4.1" is also allowed as the number
// YAML reads when it is written unquoted.
func enumOf(ids []string) Schema {
	vals := make([]any, 0, len(ids))
	for _, id := range ids {
		vals = append(vals, id)
		if numberLike.MatchString(id) {
			if n, err := strconv.ParseFloat(id, 64); err == nil {
				vals = append(vals, n)
			}
		}
	}
	return Schema{"enum": vals}
}
