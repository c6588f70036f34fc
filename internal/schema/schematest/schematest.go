// Package schematest checks YAML documents against dll's JSON Schemas the
// way an editor's YAML language server does, for tests of the schemas and
// of the files dll writes.
package schematest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// Validate checks the YAML document src against the JSON Schema in
// schemaJSON.
func Validate(schemaJSON, src []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem:///s.json", doc); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	sch, err := c.Compile("mem:///s.json")
	if err != nil {
		return fmt.Errorf("compiling the schema: %w", err)
	}
	inst, err := Instance(src)
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// Instance turns a YAML document into the JSON value a YAML language server
// checks against a schema: plain scalars become numbers, booleans and null
// by the YAML 1.2 core rules, and everything else (dates included) text.
func Instance(src []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return instance(doc.Content[0], 0)
}

func instance(n *yaml.Node, depth int) (any, error) {
	if depth > 200 {
		return nil, fmt.Errorf("line %d: nested too deeply", n.Line)
	}
	switch n.Kind {
	case yaml.AliasNode:
		return instance(n.Alias, depth+1)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := instance(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := instance(c, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		return strings.EqualFold(n.Value, "true"), nil
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10)), nil
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
		}
	}
	return n.Value, nil
}
