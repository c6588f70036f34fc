package validate_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"dll/internal/portfolio"
	"dll/internal/validate"
)

var update = flag.Bool("update", false, "rewrite the want section of each scenario with what dll reports")

// TestScenarios runs every testdata/scenarios/*.txtar: the archive's files
// make a portfolio (laid over testdata/base.txtar unless the archive has its
// own dll.yaml), and its "want" file lists every diagnostic, exactly.
//
// A file named "a.jpg -> b.jpg" is a symbolic link to b.jpg; one named
// "a.jpg (base64)" is a.jpg, written in base64 (real photos and videos).
func TestScenarios(t *testing.T) {
	base := txtar.Parse(mustRead(t, "testdata/base.txtar"))
	files, _ := filepath.Glob("testdata/scenarios/*.txtar")
	if len(files) == 0 {
		t.Fatal("no scenarios found")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			a := txtar.Parse(mustRead(t, file))
			got := run(a, base)
			want, ok := archiveGet(a, "want")
			if *update {
				archiveSet(a, "want", []byte(got))
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !ok {
				t.Fatalf("%s has no want section", file)
			}
			if got != string(want) {
				t.Errorf("%s\ngot:\n%s\nwant:\n%s", strings.TrimSpace(string(a.Comment)), got, want)
			}
			if streamed := runStream(t, a, base); streamed != got {
				t.Errorf("%s\nchecked one entry at a time (Stream), got:\n%s\nbut Check found:\n%s", strings.TrimSpace(string(a.Comment)), streamed, got)
			}
		})
	}
}

// scenarioToday is the day every scenario is checked on, as dll validate
// is given the day by its clock: a completed entry may not end after it.
var scenarioToday = time.Date(2025, 6, 30, 14, 0, 0, 0, time.UTC)

// run loads and checks the portfolio an archive describes and returns the
// diagnostics as dll validate prints them.
func run(a, base *txtar.Archive) string {
	fsys := fstest.MapFS{}
	if _, own := archiveGet(a, "dll.yaml"); !own {
		addFiles(fsys, base)
	}
	addFiles(fsys, a)
	p, loadDiags := portfolio.Load(fsys)
	p.Today = scenarioToday
	diags := validate.Check(p, loadDiags)
	var b bytes.Buffer
	diags.Print(&b)
	return b.String()
}

// runStream is run through Stream, which reads and checks one entry at a
// time and keeps of each only its index, as dll validate does.
func runStream(t *testing.T, a, base *txtar.Archive) string {
	fsys := fstest.MapFS{}
	if _, own := archiveGet(a, "dll.yaml"); !own {
		addFiles(fsys, base)
	}
	addFiles(fsys, a)
	p, loadDiags, err := portfolio.Open(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	p.Today = scenarioToday
	diags, err := validate.Stream(context.Background(), p, loadDiags)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	diags.Print(&b)
	return b.String()
}

func addFiles(fsys fstest.MapFS, a *txtar.Archive) {
	for _, f := range a.Files {
		if f.Name == "want" {
			continue
		}
		if name, target, ok := strings.Cut(f.Name, " -> "); ok {
			fsys[name] = &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
			continue
		}
		if name, ok := strings.CutSuffix(f.Name, " (base64)"); ok {
			data, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(f.Data), nil)))
			if err != nil {
				panic(name + ": " + err.Error())
			}
			fsys[name] = &fstest.MapFile{Data: data}
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// archiveGet returns the data of the named file of the archive.
func archiveGet(a *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// archiveSet replaces the named file's data, adding the file if it is
// missing.
func archiveSet(a *txtar.Archive, name string, data []byte) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: data})
}
