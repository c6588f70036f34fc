package portfolio

import (
	"reflect"
	"slices"
	"testing"
)

type inlineOuter struct {
	A      string `yaml:"a"`
	B      string `yaml:"b"`
	C      string `yaml:"c"`
	*inner `yaml:",inline"`
}

type inner struct {
	X string `yaml:"x" dll:"after=a"`
	Y string `yaml:"y" dll:"after=a"`
	Z string `yaml:"z" dll:"after=y"`
	W string `yaml:"w" dll:"after=c"`
}

// Keys of an inline struct stand where their after= tags say; keys after
// the same key keep the order of their struct.
func TestFieldsOfInlineOrder(t *testing.T) {
	var keys []string
	for _, f := range fieldsOf(reflect.TypeFor[inlineOuter]()) {
		keys = append(keys, f.Key)
	}
	if want := []string{"a", "x", "y", "z", "b", "c", "w"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
}

// The keys of an entry stand in the order the schema and messages give
// them, whether a key is the entry's own or one of its details.
func TestEntryKeyOrder(t *testing.T) {
	var keys []string
	for _, f := range Fields(reflect.TypeFor[Entry]()) {
		keys = append(keys, f.Key)
	}
	want := []string{"title", "summary", "status", "draft", "visibility", "start", "end", "type", "also", "mode", "what_changed",
		"my_role", "partners", "setting", "contributions", "expertise", "equity", "technologies", "outcomes", "impact", "actions",
		"evidence", "alignments", "tags", "language", "body"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys %v,\nwant %v", keys, want)
	}
}
