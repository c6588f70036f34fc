package portfolio

import (
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// linkedEntryBefore is LinkedEntry as it was written with path.Join, which
// put every path together on the heap: the reference the lookup on the
// stack must agree with, input for input.
func (p *Portfolio) linkedEntryBefore(from *Entry, target string) *Entry {
	p.indexSources()
	dir := "."
	if from != nil {
		dir = from.Src.Dir
	}
	tries := []string{path.Join(dir, target)}
	if from != nil {
		tries = append(tries, path.Join(ExperiencesDir, from.Src.Slug, target))
	}
	for _, t := range tries {
		if e := p.entryNamedBefore(t); e != nil {
			return e
		}
	}
	return nil
}

func (p *Portfolio) entryNamedBefore(t string) *Entry {
	t = strings.TrimSuffix(t, "/index.html")
	if e := p.source(t); e != nil {
		return e
	}
	if e := p.source(path.Join(t, IndexFile)); e != nil {
		return e
	}
	if path.Dir(t) == ExperiencesDir {
		return p.slug(path.Base(t))
	}
	return nil
}

// linkPortfolio has entries of every form, with names that look like
// parts of paths: a folder and a file that share a page (a b, a-b), a
// file named index, a folder with a folder in it, a slug with a percent
// sign and one with a backslash.
func linkPortfolio(t testing.TB) *Portfolio {
	files := fstest.MapFS{"dll.yaml": {Data: []byte("title: T\nleader: {name: A, role: teacher-librarian}\n")}}
	story := []byte("---\ntitle: T\n---\nStory.\n")
	for _, name := range []string{
		"a/index.md", "a.md", "a-b.md", "a b/index.md", "A.yaml", "z/index.md", "m.md",
		"index.md", "index/index.md", "html.md", "p%61/index.md", `w\x.md`, "..a.md", "y.yml",
	} {
		files["experiences/"+name] = &fstest.MapFile{Data: story}
	}
	files["experiences/z/deep/photo.jpg"] = &fstest.MapFile{Data: []byte("jpeg")}
	p, _ := Load(files)
	if len(p.Entries) < 10 {
		t.Fatalf("the portfolio has %d entries", len(p.Entries))
	}
	return p
}

// linkSegments are the parts that awkward link targets are made of.
var linkSegments = []string{
	"", ".", "..", "...", "experiences", "a", "a b", "a-b", "a.md", "A.yaml", "a-b.md", "z", "m", "m.md",
	"index.md", "index.html", "index", "deep", "photo.jpg", "p%61", "pa", `w\x.md`, `..\a`, "..a.md", "y.yml", "html",
}

// linkTargets calls f with targets made of up to three segments (the last
// of three from a few), bare, from the root, from ./ and ../, and with a
// trailing slash.
func linkTargets(f func(target string)) {
	var paths []string
	for _, a := range linkSegments {
		paths = append(paths, a)
		for _, b := range linkSegments {
			paths = append(paths, a+"/"+b)
			for _, c := range []string{"", "..", "index.html", "index.md", "a", "a b"} {
				paths = append(paths, a+"/"+b+"/"+c)
			}
		}
	}
	for _, p := range paths {
		for _, lead := range []string{"", "/", "./", "../", "//"} {
			f(lead + p)
			f(lead + p + "/")
		}
	}
}

// A link finds the entry it found when every path was put together with
// path.Join, from every entry and from a page of the portfolio's own.
func TestLinkedEntryAsBefore(t *testing.T) {
	p := linkPortfolio(t)
	froms := append([]*Entry{nil}, p.Entries...)
	name := func(e *Entry) string {
		if e == nil {
			return "none"
		}
		return e.Src.File
	}
	n, found, bad := 0, 0, 0
	linkTargets(func(target string) {
		for _, from := range froms {
			got, want := p.LinkedEntry(from, target), p.linkedEntryBefore(from, target)
			n++
			if want != nil {
				found++
			}
			if got != want && bad < 20 {
				bad++
				t.Errorf("a link to %q from %s goes to %s, want %s", target, name(from), name(got), name(want))
			}
		}
	})
	// The targets must reach entries, or the comparison shows little.
	if found < n/50 {
		t.Errorf("only %d of %d links found an entry", found, n)
	}
}

// joinPath is path.Join, for elements of any kind.
func TestJoinPath(t *testing.T) {
	var buf [8]byte // too small for most: the result grows past it
	check := func(elems ...string) {
		t.Helper()
		if got, want := string(joinPath(buf[:0], elems...)), path.Join(elems...); got != want {
			t.Errorf("joinPath(%q) = %q, want %q", elems, got, want)
		}
	}
	check()
	check("")
	check("", "")
	check("", "/")
	check("", "a", "", "..")
	check(".", "")
	for _, a := range []string{"", ".", "..", "/", "//", "a", "/a", "a/b/../..", "../..", "/../a"} {
		for _, b := range linkSegments {
			for _, lead := range []string{"", "/", "./", "../"} {
				check(a, lead+b)
				check(a, lead+b+"/")
				check(a, b, "../"+b)
				check(a, b+"//..", b)
			}
		}
	}
}

// joinIndexFile is path.Join(t, IndexFile) for a clean or empty t.
func TestJoinIndexFile(t *testing.T) {
	var buf [4]byte
	for _, p := range []string{"", ".", "/", "..", "../..", "a", "/a", "a/b", "experiences/a b"} {
		if got, want := string(joinIndexFile(buf[:0], []byte(p))), path.Join(p, IndexFile); got != want {
			t.Errorf("joinIndexFile(%q) = %q, want %q", p, got, want)
		}
	}
}

func FuzzJoinPath(f *testing.F) {
	f.Add(".", "../experience-10440/index.md", "")
	f.Add("experiences/a", "../../..//x/./", "..")
	f.Add("", "/", `..\a/%2e%2e`)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var buf [16]byte
		for _, elems := range [][]string{{a, b, c}, {a, b}, {b}} {
			if got, want := string(joinPath(buf[:0], elems...)), path.Join(elems...); got != want {
				t.Fatalf("joinPath(%q) = %q, want %q", elems, got, want)
			}
		}
	})
}

// The links between entries that stories have most, and the ones that
// find nothing, put their paths together without taking memory.
func TestLinkedEntryAllocatesNothing(t *testing.T) {
	p := linkPortfolio(t)
	var from *Entry
	for _, e := range p.Entries {
		if e.Src.File == "experiences/z/index.md" {
			from = e
		}
	}
	for _, c := range []struct {
		from   *Entry
		target string
		found  bool
	}{
		{from, "../a/index.md", true},
		{from, "../a b/", true},
		{from, "../m.md", true},
		{from, "../a-b/index.html", true},
		{from, "../nowhere/index.md", false},
		{nil, "experiences/a/index.md", true},
		{nil, "experiences/nowhere.md", false},
	} {
		if e := p.LinkedEntry(c.from, c.target); (e != nil) != c.found {
			t.Fatalf("a link to %s found %v", c.target, e)
		}
		if n := testing.AllocsPerRun(20, func() { p.LinkedEntry(c.from, c.target) }); n != 0 {
			t.Errorf("a link to %s takes %v allocations, want 0", c.target, n)
		}
	}
}

func BenchmarkLinkedEntry(b *testing.B) {
	p := linkPortfolio(b)
	from := p.Entries[0]
	b.ReportAllocs()
	for b.Loop() {
		p.LinkedEntry(from, "../a/index.md")
		p.LinkedEntry(from, "../nowhere/index.md")
	}
}
