package portfolio

import (
	"reflect"
	"slices"
	"testing"
)

// The keys of an entry stand in the order of the model, the keys of its
// Details among the others where their after= tags put them: the JSON
// Schema and the order of some messages follow it.
func TestEntryKeysInOrder(t *testing.T) {
	var got []string
	for _, f := range Fields(reflect.TypeFor[Entry]()) {
		got = append(got, f.Key)
	}
	want := []string{"title", "summary", "status", "draft", "visibility", "start", "end", "type", "also", "mode",
		"what_changed", "my_role", "partners", "setting", "contributions", "expertise", "equity", "technologies",
		"outcomes", "impact", "actions", "evidence", "alignments", "tags", "language", "body"}
	if !slices.Equal(got, want) {
		t.Errorf("keys of an entry:\n got %q\nwant %q", got, want)
	}
}

// Reading a key of an entry's Details from an entry that has none gives
// its zero value and leaves the entry as it was; setting it (as the
// decoder does) makes the Details.
func TestDetailsKeyInAndTo(t *testing.T) {
	var body Field
	for _, f := range Fields(reflect.TypeFor[Entry]()) {
		if f.Key == "body" {
			body = f
		}
	}
	e := &Entry{}
	if v := body.In(reflect.ValueOf(e).Elem()); v.String() != "" || e.Details != nil {
		t.Fatalf("In on an entry without details: %q, details %v", v.String(), e.Details)
	}
	body.to(reflect.ValueOf(e).Elem()).SetString("the story")
	if e.Details == nil || e.Body != "the story" {
		t.Fatalf("to did not make the details: %+v", e.Details)
	}
	if v := body.In(reflect.ValueOf(e).Elem()); v.String() != "the story" {
		t.Fatalf("In after to: %q", v.String())
	}
}

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
