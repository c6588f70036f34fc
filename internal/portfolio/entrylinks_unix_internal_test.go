//go:build unix

package portfolio

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// An entry of experiences/ that is a link, or whose index.md is one, is
// read when the link leads to a file or folder inside the portfolio, under
// the link's name, with the files of a linked folder as its evidence. A
// link that leads outside the portfolio, round in a circle, to nothing, or
// to another entry (which is read under its own name) is skipped, saying
// why and what to do.
func TestEntriesThatAreLinks(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	entry := "---\ntitle: T\n---\nStory.\n"
	for name, data := range map[string]string{
		"dll.yaml":                    "title: T\n",
		"work/unit/index.md":          entry,
		"work/unit/photo.png":         "png",
		"work/notes.md":               entry,
		"experiences/b/real.md":       entry,
		"experiences/b/index.md":      entry,
		"experiences/plain.md":        entry,
		"experiences/folder/index.md": entry,
	} {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "far.md"), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{
		"experiences/unit":        "../work/unit",
		"experiences/notes.md":    "../work/notes.md",
		"experiences/a/index.md":  "../b/real.md",
		"experiences/far.md":      filepath.Join(outside, "far.md"),
		"experiences/up/index.md": "../../../" + filepath.Base(outside) + "/far.md",
		"experiences/loop.md":     "round.md",
		"experiences/round.md":    "loop.md",
		"experiences/gone.md":     "../work/gone.md",
		"experiences/again.md":    "plain.md",
		"experiences/twice":       "folder",
		"experiences/nowhere.md":  "none.md",
		"experiences/c/index.md":  "../d/index.md",
	} {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, full); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	p, diags := Load(DirFS(dir))
	var files []string
	for _, e := range p.Entries {
		files = append(files, e.Src.File)
	}
	slices.Sort(files)
	if want := []string{"experiences/a/index.md", "experiences/b/index.md", "experiences/folder/index.md", "experiences/notes.md", "experiences/plain.md", "experiences/unit/index.md"}; !slices.Equal(files, want) {
		t.Errorf("entries read:\n%s\nwant\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}
	var got []string
	for _, d := range diags {
		if d.Rule == "symlink" {
			got = append(got, d.Pos.File+": "+d.Message)
		}
	}
	want := []string{
		`experiences/again.md: skipped: this is a link to "experiences/plain.md", which is an entry already, read under its own name; remove the link (dll rename gives an entry another name)`,
		`experiences/c/index.md: skipped: this is a link to "experiences/d/index.md", which is not there; put the entry itself here, in place of the link`,
		`experiences/far.md: skipped: this link leads outside the portfolio's folder, and dll reads only what is in it; copy the entry itself here, in place of the link`,
		`experiences/gone.md: skipped: this is a link to "work/gone.md", which is not there; put the entry itself here, in place of the link`,
		`experiences/loop.md: skipped: this link goes through too many links, which lead round in a circle or on and on; put the entry itself here, in place of the link`,
		`experiences/nowhere.md: skipped: this is a link to "experiences/none.md", which is not there; put the entry itself here, in place of the link`,
		`experiences/round.md: skipped: this link goes through too many links, which lead round in a circle or on and on; put the entry itself here, in place of the link`,
		`experiences/twice: skipped: this is a link to "experiences/folder", which is an entry already, read under its own name; remove the link (dll rename gives an entry another name)`,
		`experiences/up/index.md: skipped: this link leads outside the portfolio's folder, and dll reads only what is in it; copy the entry itself here, in place of the link`,
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("links skipped:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	full, _, err := p.Resolve("experiences/unit", "photo.png")
	if err != nil || full != "experiences/unit/photo.png" {
		t.Errorf("the evidence of the linked folder: %q, %v; want experiences/unit/photo.png", full, err)
	}
	if _, _, err := p.Resolve("experiences/unit", "../notes.md"); err == nil {
		t.Error("a file beside the linked folder was taken as its evidence")
	}
}

// A philosophy statement that is a link to a file outside the portfolio is
// refused, since its page would publish that file; a link to a file
// inside it is read.
func TestPhilosophyThatIsALink(t *testing.T) {
	for _, c := range []struct {
		target, err string
		read        bool
	}{
		{target: "OUTSIDE", err: "philosophy.md:1:1: this is a link to a file outside the portfolio's folder, and dll publishes only what is in it; copy the file itself here, in place of the link"},
		{target: "notes/philosophy.md", read: true},
	} {
		dir, outside := t.TempDir(), t.TempDir()
		for name, data := range map[string]string{
			filepath.Join(dir, "dll.yaml"):                     "title: T\n",
			filepath.Join(dir, "notes", "philosophy.md"):       "# Inside\n",
			filepath.Join(outside, "philosophy.md"):            "# Outside\n",
			filepath.Join(dir, "experiences", "plain", "x.md"): "",
		} {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		target := c.target
		if target == "OUTSIDE" {
			target = filepath.Join(outside, "philosophy.md")
		}
		if err := os.Symlink(target, filepath.Join(dir, "philosophy.md")); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
		p, diags := Load(DirFS(dir))
		var got []string
		for _, d := range diags {
			if d.Pos.File == PhilosophyFile {
				got = append(got, d.String())
			}
		}
		if c.err != "" && (len(got) != 1 || got[0] != c.err) {
			t.Errorf("link to %s: got %q, want %q", c.target, got, c.err)
		}
		if c.err == "" && len(got) != 0 {
			t.Errorf("link to %s: got %q, want nothing", c.target, got)
		}
		if read := p.Philosophy != nil; read != c.read || read && p.Philosophy.Body != "# Inside\n" {
			t.Errorf("link to %s: read %v (%+v), want %v", c.target, read, p.Philosophy, c.read)
		}
	}
}

// A folder experiences/ that is a link to a folder outside the portfolio
// is refused, and none of its entries read, since their pages would
// publish files from elsewhere; a link to a folder inside it is read.
func TestExperiencesFolderThatIsALink(t *testing.T) {
	for _, outside := range []bool{true, false} {
		dir, elsewhere := t.TempDir(), t.TempDir()
		target := filepath.Join(elsewhere, "entries")
		if !outside {
			target = "work/entries"
		}
		for name, data := range map[string]string{
			filepath.Join(dir, "dll.yaml"):                 "title: T\n",
			filepath.Join(dir, "work", "entries", "a.md"):  "---\ntitle: A\n---\n",
			filepath.Join(elsewhere, "entries", "a.md"):    "---\ntitle: A\n---\n",
			filepath.Join(dir, "work", "entries", "b.txt"): "",
		} {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink(target, filepath.Join(dir, "experiences")); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
		p, diags := Load(DirFS(dir))
		var got []string
		for _, d := range diags {
			if d.Pos.File == ExperiencesDir {
				got = append(got, d.String())
			}
		}
		var want []string
		if outside {
			want = []string{"experiences:1:1: this folder is a link to a folder outside the portfolio's folder, and dll publishes only what is in it; put the folder itself here, in place of the link"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("outside %v: got %q, want %q", outside, got, want)
		}
		if n := len(p.Entries); n != 0 == outside {
			t.Errorf("outside %v: %d entries read", outside, n)
		}
	}
}
