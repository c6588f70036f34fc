package portfolio_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/sample"
)

// slimmed opens the portfolio in dir and reads its entries keeping only
// their index, as dll validate and dll build do.
func slimmed(t *testing.T, fsys fs.FS) (*portfolio.Portfolio, diag.List) {
	t.Helper()
	ctx := context.Background()
	p, diags, err := portfolio.Open(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, p.LoadEntries(ctx, "", func(e *portfolio.Entry, _ *diag.List) { e.Slim(p.Model) })...)
	return p, diags
}

// What the rules that span entries and the pages of the whole portfolio
// read of every entry is the same in its index as in the entry read in
// full: which are published, the totals, coverage, featured entries, and
// the entries each file belongs to.
func TestSlimKeepsWhatOtherPagesNeed(t *testing.T) {
	realistic := t.TempDir()
	if err := sample.WriteRealistic(realistic, 40); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../../examples/portfolio", realistic} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fsys := os.DirFS(dir)
			full, fullDiags := portfolio.Load(fsys)
			slim, slimDiags := slimmed(t, fsys)
			if !reflect.DeepEqual(fullDiags, slimDiags) {
				t.Errorf("reading for the index found other problems:\n%v\nthan reading in full:\n%v", slimDiags, fullDiags)
			}
			if len(full.Entries) != len(slim.Entries) {
				t.Fatalf("%d entries in the index, %d read in full", len(slim.Entries), len(full.Entries))
			}
			for i, e := range slim.Entries {
				f := full.Entries[i]
				if !e.IsSlim() || f.IsSlim() {
					t.Fatalf("%s: slim %v and %v", e.Src.File, e.IsSlim(), f.IsSlim())
				}
				if e.Src.File != f.Src.File || e.Src.Slug != f.Src.Slug || slim.Published(e) != full.Published(f) ||
					e.Title != f.Title || e.Summary != f.Summary || e.Start != f.Start || e.End != f.End || e.Demonstrates() != f.Demonstrates() ||
					!reflect.DeepEqual(e.Phases(), f.Phases()) || !reflect.DeepEqual(e.Types(), f.Types()) || !reflect.DeepEqual(e.Tags, f.Tags) {
					t.Errorf("%s: the index differs from the entry", e.Src.File)
				}
				for fw, codes := range f.Alignments {
					if !reflect.DeepEqual(e.AlignedTo(fw), codes) {
						t.Errorf("%s: aligned to %s %v in the index, %v in full", e.Src.File, fw, e.AlignedTo(fw), codes)
					}
				}
				if e.Body != "" || e.WhatChanged != "" || e.Src.Pos.Has("title") {
					t.Errorf("%s: the index keeps the story, long texts or positions", e.Src.File)
				}
			}
			if slim.Totals() != full.Totals() {
				t.Errorf("totals %+v from the index, %+v in full", slim.Totals(), full.Totals())
			}
			if !reflect.DeepEqual(slim.Coverage(), full.Coverage()) {
				t.Error("coverage from the index differs")
			}
			var a, b []string
			for _, e := range slim.Featured() {
				a = append(a, e.Src.Slug)
			}
			for _, e := range full.Featured() {
				b = append(b, e.Src.Slug)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("featured %v from the index, %v in full", a, b)
			}
			fs.WalkDir(fsys, "experiences", func(name string, d fs.DirEntry, err error) error {
				var x, y []string
				for _, e := range slim.EntriesOf(name) {
					x = append(x, e.Src.File)
				}
				for _, e := range full.EntriesOf(name) {
					y = append(y, e.Src.File)
				}
				if !reflect.DeepEqual(x, y) {
					t.Errorf("%s belongs to %v from the index, %v in full", name, x, y)
				}
				return nil
			})
		})
	}
}

// An entry read again for its page is the whole entry, and says when its
// file changed since the index was read.
func TestReadEntryAgain(t *testing.T) {
	dir := t.TempDir()
	if err := sample.WriteRealistic(dir, 3); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	full, _ := portfolio.Load(fsys)
	p, _ := slimmed(t, fsys)
	e := p.Entries[1]
	again, diags, changed := p.ReadEntry(e)
	if changed || len(diags) != 0 || !reflect.DeepEqual(again, full.Entries[1]) {
		t.Fatalf("read again: changed %v, problems %v, same as read in full %v", changed, diags, reflect.DeepEqual(again, full.Entries[1]))
	}
	name := filepath.Join(dir, filepath.FromSlash(e.Src.File))
	data, _ := os.ReadFile(name)
	os.WriteFile(name, append(data, "\nOne more line.\n"...), 0o644)
	if _, _, changed := p.ReadEntry(e); !changed {
		t.Error("a change to the file since the index was read went unseen")
	}
	os.Remove(name)
	if again, _, changed := p.ReadEntry(e); again != nil || !changed {
		t.Errorf("a folder whose index.md is gone: %v, changed %v", again, changed)
	}
}

// opened is a file system that notes every name opened in it, looked up
// or listed (it has only Open, so that fs.Stat and fs.ReadDir open too).
type opened struct {
	files fstest.MapFS
	mu    sync.Mutex
	names []string
}

func (o *opened) Open(name string) (fs.File, error) {
	o.mu.Lock()
	o.names = append(o.names, name)
	o.mu.Unlock()
	return o.files.Open(name)
}

// captions: none says a video has no speech, never names a file: finding
// the entries a file belongs to looks for no file called none, which
// meant reading the whole folder of entries, thousands of them, for each
// such video of an entry written as one file.
func TestCaptionsNoneIsNoFile(t *testing.T) {
	fsys := &opened{files: fstest.MapFS{"dll.yaml": {Data: []byte("title: T\nleader: {name: A, role: teacher-librarian}\n")}}}
	for i := range 20 {
		fsys.files[fmt.Sprintf("experiences/talk-%d.md", i)] = &fstest.MapFile{Data: []byte("---\ntitle: Talk\nevidence:\n  - title: The talk\n    kind: video\n    url: https://example.org/talk.mp4\n    captions: None\n---\nStory.\n")}
	}
	fsys.files["experiences/clip.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Clip\nevidence:\n  - title: The clip\n    kind: video\n    file: clip.mp4\n    captions: clip.vtt\n---\n")}
	fsys.files["experiences/clip.mp4"] = &fstest.MapFile{Data: []byte("video")}
	fsys.files["experiences/clip.vtt"] = &fstest.MapFile{Data: []byte("WEBVTT\n")}
	p, _ := portfolio.Load(fsys)
	fsys.names = nil
	if got := p.EntriesOf("experiences/clip.vtt"); len(got) != 1 || got[0].Src.File != "experiences/clip.md" {
		t.Fatalf("the captions file belongs to %v, want experiences/clip.md", got)
	}
	for _, name := range fsys.names {
		if strings.HasSuffix(strings.ToLower(name), "none") {
			t.Errorf("looking for the entries of a file opened %s", name)
		}
	}
	for _, c := range []struct{ captions, want string }{{"none", ""}, {" None ", ""}, {"", ""}, {"talk.vtt", "talk.vtt"}, {" talk.vtt", "talk.vtt"}} {
		if got := (portfolio.Evidence{Captions: c.captions}).CaptionsFile(); got != c.want {
			t.Errorf("CaptionsFile of captions %q = %q, want %q", c.captions, got, c.want)
		}
	}
}

// An entry is found by its file, its folder and its page however its name
// sorts among the others': a link to a page two entries share (the folder
// "a b" and the file a-b.md are both a-b) goes to the first of them in the
// folder, while a link to either's file goes to that one.
func TestEntriesFoundByName(t *testing.T) {
	files := fstest.MapFS{"dll.yaml": {Data: []byte("title: T\nleader: {name: A, role: teacher-librarian}\n")}}
	story := []byte("---\ntitle: T\n---\nStory.\n")
	for _, name := range []string{"a/index.md", "a.md", "a-b.md", "a b/index.md", "A.yaml", "z/index.md", "m.md"} {
		files["experiences/"+name] = &fstest.MapFile{Data: story}
	}
	files["experiences/a/photo.jpg"] = &fstest.MapFile{Data: []byte("jpeg")}
	files["experiences/z/deep/photo.jpg"] = &fstest.MapFile{Data: []byte("jpeg")}
	p, _ := portfolio.Load(files)
	file := func(e *portfolio.Entry) string {
		if e == nil {
			return "none"
		}
		return e.Src.File
	}
	from := map[string]*portfolio.Entry{}
	for _, e := range p.Entries {
		from[e.Src.File] = e
	}
	for _, c := range []struct {
		from, link, want string
	}{
		{"", "experiences/a/", "experiences/a/index.md"},
		{"", "experiences/a.md", "experiences/a.md"},
		{"", "experiences/A.yaml", "experiences/A.yaml"},
		{"", "experiences/a-b/index.html", "experiences/a b/index.md"},
		{"", "experiences/a-b.md", "experiences/a-b.md"},
		{"", "experiences/a b", "experiences/a b/index.md"},
		{"", "experiences/m/", "experiences/m.md"},
		{"", "experiences/zz/", "none"},
		{"", "experiences/", "none"},
		{"experiences/m.md", "z/index.md", "experiences/z/index.md"},
		{"experiences/m.md", "../a/", "experiences/a/index.md"},
		{"experiences/z/index.md", "../a.md", "experiences/a.md"},
	} {
		if got := file(p.LinkedEntry(from[c.from], c.link)); got != c.want {
			t.Errorf("a link to %s from %q goes to %s, want %s", c.link, c.from, got, c.want)
		}
	}
	for _, c := range []struct{ name, want string }{
		{"experiences/a/photo.jpg", "experiences/a/index.md"},
		{"experiences/z/deep/photo.jpg", "experiences/z/index.md"},
		{"experiences/a.md", "experiences/a.md"},
		{"experiences/a b/index.md", "experiences/a b/index.md"},
		{"experiences/photo.jpg", "none"},
		{"experiences/ab/photo.jpg", "none"},
	} {
		if got := file(p.EntryOfFile(c.name)); got != c.want {
			t.Errorf("EntryOfFile(%s) = %s, want %s", c.name, got, c.want)
		}
		if got := file(p.OwnerOf(nil, c.name)); got != c.want {
			t.Errorf("OwnerOf(%s) = %s, want %s", c.name, got, c.want)
		}
	}
}
