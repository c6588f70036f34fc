package schema_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"golang.org/x/tools/txtar"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/schema"
	"dll/internal/schema/schematest"
	"dll/internal/validate"
)

// compile checks a generated schema with an independent JSON Schema
// implementation, which also checks it against the draft 2020-12 metaschema.
func compile(t *testing.T, s schema.Schema) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.Marshal(s)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem:///schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem:///schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// frontMatter returns the YAML of an entry file: its front matter, or all
// of it for an entry written as one YAML file.
func frontMatter(t *testing.T, name string, src []byte) []byte {
	t.Helper()
	if ext := filepath.Ext(name); ext == ".yaml" || ext == ".yml" {
		return src
	}
	var d diag.List
	s, ok := portfolio.SplitFrontMatter(name, src, &d)
	if !ok {
		t.Fatalf("%s: %v", name, d)
	}
	return s.Front
}

func check(t *testing.T, sch *jsonschema.Schema, name string, src []byte) error {
	t.Helper()
	inst, err := schematest.Instance(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sch.Validate(inst)
}

func baseArchive(t *testing.T) *txtar.Archive {
	src, err := os.ReadFile("../validate/testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return txtar.Parse(src)
}

func TestEntrySchemaAcceptsBaseEntries(t *testing.T) {
	sch := compile(t, schema.Entry(portfolio.Builtin()))
	n := 0
	for _, f := range baseArchive(t).Files {
		if !strings.HasPrefix(f.Name, "experiences/") {
			continue
		}
		n++
		if err := check(t, sch, f.Name, frontMatter(t, f.Name, f.Data)); err != nil {
			t.Errorf("%s is a valid entry, but the schema rejects it:\n%v", f.Name, err)
		}
	}
	if n == 0 {
		t.Fatal("no entries in base.txtar")
	}
}

func TestPortfolioSchemaAcceptsBaseSettings(t *testing.T) {
	sch := compile(t, schema.Portfolio(portfolio.Builtin()))
	a := baseArchive(t)
	i := slices.IndexFunc(a.Files, func(f txtar.File) bool { return f.Name == "dll.yaml" })
	if i < 0 {
		t.Fatal("base.txtar has no dll.yaml")
	}
	if err := check(t, sch, "dll.yaml", a.Files[i].Data); err != nil {
		t.Errorf("the schema rejects base dll.yaml:\n%v", err)
	}
}

// TestSchemaRejectsInvalid checks each fixture twice: the schema must reject
// it, and so must dll validate, so the two never disagree on these cases.
func TestSchemaRejectsInvalid(t *testing.T) {
	m := portfolio.Builtin()
	for _, tc := range []struct {
		dir   string
		sch   schema.Schema
		entry bool
	}{
		{"testdata/invalid", schema.Entry(m), true},
		{"testdata/invalid-settings", schema.Portfolio(m), false},
	} {
		sch := compile(t, tc.sch)
		files, _ := filepath.Glob(filepath.Join(tc.dir, "*.yaml"))
		if len(files) == 0 {
			t.Fatalf("no fixtures in %s", tc.dir)
		}
		for _, file := range files {
			t.Run(filepath.Base(file), func(t *testing.T) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if err := check(t, sch, file, src); err == nil {
					t.Errorf("the schema accepts %s (%s)", file, firstLine(src))
				}
				if errs := validateErrors(t, src, tc.entry); len(errs) == 0 {
					t.Errorf("dll validate accepts %s (%s), so the fixture tests nothing", file, firstLine(src))
				}
			})
		}
	}
}

func firstLine(src []byte) string {
	line, _, _ := strings.Cut(string(src), "\n")
	return strings.TrimPrefix(line, "# ")
}

// validateErrors loads src as an entry (or as dll.yaml) of the base
// portfolio and returns the errors dll validate reports about that file.
func validateErrors(t *testing.T, src []byte, entry bool) []string {
	fsys := fstest.MapFS{}
	for _, f := range baseArchive(t).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	name := "dll.yaml"
	if entry {
		name = "experiences/fixture.yaml"
	}
	fsys[name] = &fstest.MapFile{Data: src}
	p, loadDiags := portfolio.Load(fsys)
	var errs []string
	for _, d := range validate.Check(p, loadDiags) {
		if d.File == name && d.Severity == diag.Error {
			errs = append(errs, d.String())
		}
	}
	return errs
}

// TestSchemaAcceptsExamples checks every entry and the settings of the
// example portfolio. It fails when the example portfolio has no entries.
func TestSchemaAcceptsExamples(t *testing.T) {
	root := filepath.Join("..", "..", "examples", "portfolio")
	entry := compile(t, schema.Entry(portfolio.Builtin()))
	n := 0
	err := filepath.WalkDir(filepath.Join(root, "experiences"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() != "experiences" && portfolio.IsJunk(d.Name()) {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(filepath.Join(root, "experiences"), path)
		depth := strings.Count(filepath.ToSlash(rel), "/")
		ext := filepath.Ext(path)
		isEntry := depth == 0 && (ext == ".md" || ext == ".yaml" || ext == ".yml") || depth == 1 && d.Name() == "index.md"
		if d.IsDir() || !isEntry || portfolio.IsJunk(d.Name()) {
			return nil
		}
		n++
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := check(t, entry, path, frontMatter(t, path, src)); err != nil {
			t.Errorf("the schema rejects the example %s:\n%v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the example portfolio: %v", err)
	}
	if n == 0 {
		t.Fatalf("no example entries found in %s/experiences", root)
	}
	settings := compile(t, schema.Portfolio(portfolio.Builtin()))
	src, err := os.ReadFile(filepath.Join(root, "dll.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := check(t, settings, "dll.yaml", src); err != nil {
		t.Errorf("the schema rejects the example dll.yaml:\n%v", err)
	}
}

func TestSchemaFacts(t *testing.T) {
	s := schema.Entry(portfolio.Builtin())
	var doc map[string]any
	if err := json.Unmarshal(schema.Marshal(s), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["$schema"] != schema.Draft {
		t.Errorf("$schema = %v", doc["$schema"])
	}
	props := doc["properties"].(map[string]any)
	typ := props["type"].(map[string]any)
	if got := len(typ["enum"].([]any)); got != 6 {
		t.Errorf("type has %d values, want the six experience types", got)
	}
	if got := doc["then"].(map[string]any)["required"]; len(got.([]any)) != 3 {
		t.Errorf("completed requires %v, want end, outcomes and evidence", got)
	}
	// Same model, same bytes.
	if !bytes.Equal(schema.Marshal(schema.Entry(portfolio.Builtin())), schema.Marshal(s)) {
		t.Error("the schema is not reproducible")
	}
}

func TestInstance(t *testing.T) {
	v, err := schematest.Instance([]byte("a: 2025-01-13\nb: 4.1\nc: true\nd:\ne: [x, 3]\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(v)
	want := `{"a":"2025-01-13","b":4.1,"c":true,"d":null,"e":["x",3]}`
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
