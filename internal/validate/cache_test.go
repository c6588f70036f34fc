package validate_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/sample"
	"dll/internal/validate"
)

// TestCheckCachedMatchesCheck: after edits taken by portfolio.Reload, the
// cached check reports exactly what a check of a fresh load does, while the
// entries not read again keep their problems from the cache.
func TestCheckCachedMatchesCheck(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, 8); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	p, diags := portfolio.Load(fsys)
	cache := validate.NewCache()
	if got := validate.CheckCached(p, diags, cache); len(got) != 0 {
		t.Fatalf("the sample has problems:\n%v", got)
	}
	edit := func(i int, old, new string) string {
		name := filepath.Join(dir, "experiences", "experience-0000"+string(rune('0'+i)), "index.md")
		data, err := os.ReadFile(name)
		if err != nil || !strings.Contains(string(data), old) {
			t.Fatalf("cannot edit %s: %v", name, err)
		}
		if err := os.WriteFile(name, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, name)
		return filepath.ToSlash(rel)
	}
	loadDiags := map[string]diag.List{} // the loader's problems, by entry file
	step := func(name string, changed ...string) diag.List {
		t.Helper()
		next, reread, d, ok := p.Reload(changed)
		if !ok {
			t.Fatalf("%s: Reload did not take an edit of one entry", name)
		}
		if len(reread) != len(changed) {
			t.Fatalf("%s: read %d entries again, want %d", name, len(reread), len(changed))
		}
		for _, f := range changed {
			loadDiags[f] = nil
		}
		for _, x := range d {
			loadDiags[x.Pos.File] = append(loadDiags[x.Pos.File], x)
		}
		var all diag.List
		for _, f := range slices.Sorted(func(yield func(string) bool) {
			for k := range loadDiags {
				if !yield(k) {
					return
				}
			}
		}) {
			all = append(all, loadDiags[f]...)
		}
		got := validate.CheckCached(next, all, cache)
		fresh, freshDiags := portfolio.Load(fsys)
		want := validate.Check(fresh, freshDiags)
		if g, w := text(got), text(want); g != w {
			t.Fatalf("%s: cached check says\n%s\nwant, as a fresh check says,\n%s", name, g, w)
		}
		p = next
		return got
	}
	a := edit(1, "status: completed", "status: finished")
	if got := step("bad status", a); len(got) == 0 {
		t.Fatal("an edit that breaks an entry reports nothing")
	}
	b := edit(2, "title: \"", "title: \"<script>")
	step("second entry", b)
	edit(1, "status: finished", "status: completed")
	if got := step("fixed", a); strings.Contains(text(got), "experience-00001") {
		t.Fatalf("the fixed entry still has problems:\n%v", got)
	}
}

func text(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}
