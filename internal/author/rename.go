package author

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"dll/internal/atomicfile"
	"dll/internal/portfolio"
)

// Rename is the plan to give an entry a new name: the file or folder it
// moves from and to, and the edits that keep every link to it, and the
// home page's featured list, pointing at it.
type Rename struct {
	Entry    *portfolio.Entry
	From, To string // slash paths in the portfolio: the entry's file, or its folder
	Slug     string // the new name, which names its page
	// Edits are the files to write after the move, by their slash path
	// after it, with their new text.
	Edits map[string][]byte
	// Links counts the links changed in each file (by its path after the
	// move); Featured is set when dll.yaml's featured list names the entry.
	Links    map[string]int
	Featured bool
	// Missed are links to the entry that could not be changed (written in
	// a form dll cannot edit in place), as file:line.
	Missed []string
}

// RenameName turns what the author typed into the entry's new name: the
// words of a web address, as dll new experience names entries.
func RenameName(name string) string { return entrySlug(name) }

// PlanRename plans renaming e, an entry of p (in root), to slug. It
// refuses, with a Refusal, a name that is the entry's already, that
// another entry has, or that a file or folder in experiences/ has, in any
// capitals. The rules of dll validate on names are for the caller to apply
// to RenamedFS.
func PlanRename(root string, p *portfolio.Portfolio, e *portfolio.Entry, slug string) (*Rename, error) {
	if slug == "" {
		return nil, refusef("the new name gives the entry no web address; use letters or numbers, like book-tasting-grade-4")
	}
	from, folder := e.Src.File, e.Src.Form == portfolio.FolderForm
	if folder {
		from = e.Src.Dir
	}
	to := path.Join(portfolio.ExperiencesDir, slug+path.Ext(from))
	if folder {
		to = path.Join(portfolio.ExperiencesDir, slug)
	}
	if to == from {
		return nil, refusef("%s is named %s already", e.Src.File, slug)
	}
	for _, o := range p.Entries {
		if o != e && o.Src.Slug == slug {
			return nil, refusef("the entry %s is named %s already, and two entries cannot share a web address; choose another name", o.Src.File, slug)
		}
	}
	items, err := os.ReadDir(filepath.Join(root, portfolio.ExperiencesDir))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", portfolio.ExperiencesDir, err)
	}
	for _, it := range items {
		p := path.Join(portfolio.ExperiencesDir, it.Name())
		// A disk that ignores capitals would take one for the other.
		if p != from && strings.EqualFold(it.Name(), path.Base(to)) {
			return nil, refusef("%s is there already; choose another name, or move it away first", p)
		}
	}

	r := &Rename{Entry: e, From: from, To: to, Slug: slug, Edits: map[string][]byte{}, Links: map[string]int{}}
	moved := func(file string) string {
		if file == from || strings.HasPrefix(file, from+"/") {
			return to + strings.TrimPrefix(file, from)
		}
		return file
	}
	// Every Markdown text that can link to an entry: the stories, the
	// philosophy statement and the leader's bio in dll.yaml.
	type text struct{ file, dir, body string }
	var texts []text
	for _, o := range p.Entries {
		if o.Src.Parsed && o.Body != "" {
			texts = append(texts, text{o.Src.File, o.Src.Dir, o.Body})
		}
	}
	if p.Philosophy != nil {
		texts = append(texts, text{p.Philosophy.File, ".", p.Philosophy.Body})
	}
	if bio := p.Settings.Leader.Bio; bio != "" {
		texts = append(texts, text{portfolio.SettingsFile, ".", bio})
	}
	for _, t := range texts {
		changes := linkChanges(t.body, t.dir, from, path.Base(to), !folder)
		if len(changes) == 0 {
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(t.file)))
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", t.file, err)
		}
		if prev, ok := r.Edits[moved(t.file)]; ok {
			src = prev
		}
		out, n := replaceLinks(src, changes)
		if n > 0 {
			r.Edits[moved(t.file)] = out
			r.Links[moved(t.file)] += n
		}
		// A link written in a way the text cannot be changed in place
		// (with escapes, say) still leads to the old name: the author
		// changes it by hand.
		body, _ := replaceLinks([]byte(t.body), changes)
		left := 0
		for _, c := range linkChanges(string(body), t.dir, from, path.Base(to), !folder) {
			left += c.count
		}
		if n == 0 {
			for _, c := range changes {
				left = max(left, c.count)
			}
		}
		if left > 0 {
			r.Missed = append(r.Missed, moved(t.file))
		}
	}
	if out, ok := featuredEdit(root, p, e.Src.Slug, slug, r.Edits[portfolio.SettingsFile]); ok {
		r.Edits[portfolio.SettingsFile] = out
		r.Featured = true
	}
	return r, nil
}

// linkChange is one destination written in a text, as written, and what
// to write instead; count is how many links use it.
type linkChange struct {
	old, new string
	count    int
}

// linkChanges finds the links and images of a Markdown text (whose links
// start from the folder dir) that lead to the entry at from (its file, or
// its folder and anything in it), and says how each is written with the
// entry's new last name, name. single is set for an entry written as one
// file, which may also be linked by its page's address (../book-tasting/).
func linkChanges(body, dir, from, name string, single bool) []linkChange {
	src := []byte(body)
	doc := portfolio.Markdown().Parser().Parse(text.NewReader(src))
	var out []linkChange
	add := func(dest string) {
		nd, ok := renameDest(dest, dir, from, name, single)
		if !ok {
			return
		}
		for i := range out {
			if out[i].old == dest {
				out[i].count++
				return
			}
		}
		out = append(out, linkChange{old: dest, new: nd, count: 1})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link:
			add(string(t.Destination))
		case *ast.Image:
			add(string(t.Destination))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// renameDest rewrites the link destination dest, read from the folder
// dir, when it leads to the entry at from: the part of its path that names
// the entry's file or folder becomes name, and the rest (the way there,
// a fragment, a query) stays as written.
func renameDest(dest, dir, from, name string, single bool) (string, bool) {
	if kind, _ := portfolio.ClassifyLink(dest); kind != portfolio.LinkLocal {
		return "", false
	}
	raw := strings.TrimSpace(dest)
	suffix := ""
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw, suffix = raw[:i], raw[i:]
	}
	// The address of a single file entry's page: experiences/<slug>/.
	page := ""
	if single {
		page = strings.TrimSuffix(from, path.Ext(from))
	}
	segs := strings.Split(raw, "/")
	cur := dir
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			dec = seg
		}
		switch dec {
		case "", ".":
			continue
		case "..":
			cur = path.Dir(cur)
			continue
		}
		next := path.Join(cur, dec)
		switch {
		case next == from:
			segs[i] = name
		case page != "" && next == page && (i < len(segs)-1 || strings.HasSuffix(raw, "/")):
			segs[i] = strings.TrimSuffix(name, path.Ext(name))
		default:
			cur = next
			continue
		}
		return strings.Join(segs, "/") + suffix, true
	}
	return "", false
}

// replaceLinks writes each change's new destination where its old one is
// written as a link's or an image's destination in src: after "](" (with
// spaces or "<" between) or after a reference definition's "]:". It
// returns the text and how many it changed.
func replaceLinks(src []byte, changes []linkChange) ([]byte, int) {
	n := 0
	for _, c := range changes {
		var out []byte
		rest := src
		old := []byte(c.old)
		for {
			i := bytes.Index(rest, old)
			if i < 0 {
				break
			}
			end := i + len(old)
			if linkBefore(rest[:i]) && linkAfter(rest[end:]) {
				out = append(out, rest[:i]...)
				out = append(out, c.new...)
				n++
			} else {
				out = append(out, rest[:end]...)
			}
			rest = rest[end:]
		}
		src = append(out, rest...)
	}
	return src, n
}

// linkBefore reports whether the text before a destination opens one: "("
// after "]", or "]:" of a reference definition, with spaces and a "<"
// between.
func linkBefore(b []byte) bool {
	b = bytes.TrimRight(b, " \t")
	b = bytes.TrimSuffix(b, []byte("<"))
	b = bytes.TrimRight(b, " \t\n")
	switch {
	case bytes.HasSuffix(b, []byte("](")):
		return true
	case bytes.HasSuffix(b, []byte("]:")):
		return true
	}
	return false
}

// linkAfter reports whether a destination ends where it does: at ")", ">",
// a space before a title, or the end of a line.
func linkAfter(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	r, _ := utf8.DecodeRune(b)
	return r == ')' || r == '>' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
}

// featuredEdit changes the name of the entry in dll.yaml's featured list
// from slug old to slug new, in src (or dll.yaml as it is on disk, when
// src is nil). It reports whether the list names the entry.
func featuredEdit(root string, p *portfolio.Portfolio, old, new string, src []byte) ([]byte, bool) {
	var at []int // the indexes of the items naming the entry
	for i, f := range p.Settings.Featured {
		if portfolio.FeaturedSlug(f) == old {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return nil, false
	}
	if src == nil {
		var err error
		if src, err = os.ReadFile(filepath.Join(root, portfolio.SettingsFile)); err != nil {
			return nil, false
		}
	}
	lines := strings.SplitAfter(string(src), "\n")
	done := false
	// From the last item to the first, so that an edit never moves the
	// place of one still to make on the same line.
	for _, i := range slices.Backward(at) {
		pos := p.Settings.Pos.At(fmt.Sprintf("featured[%d]", i))
		if pos.Line < 1 || pos.Line > len(lines) {
			continue
		}
		line := lines[pos.Line-1]
		start := byteCol(line, pos.Col)
		token := scalarToken(line[start:])
		value := strings.Trim(token, `"'`)
		if portfolio.FeaturedSlug(value) != old {
			continue // not where it was read: leave it
		}
		lines[pos.Line-1] = line[:start] + new + line[start+len(token):]
		done = true
	}
	if !done {
		return nil, false
	}
	return []byte(strings.Join(lines, "")), true
}

// byteCol is the byte offset of the 1-based column col (in characters).
func byteCol(line string, col int) int {
	off := 0
	for n := 1; n < col && off < len(line); n++ {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
	}
	return off
}

// scalarToken is the YAML scalar that starts s: a quoted one to its
// closing quote, or a plain one to a comma, bracket, comment or line end.
func scalarToken(s string) string {
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		if j := strings.IndexByte(s[1:], s[0]); j >= 0 {
			return s[:j+2]
		}
		return s
	}
	end := len(s)
	for i, r := range s {
		if r == ',' || r == ']' || r == '}' || r == '\n' || r == '\r' || r == '#' && i > 0 && s[i-1] == ' ' {
			end = i
			break
		}
	}
	return strings.TrimRight(s[:end], " \t")
}

// Apply moves the entry with move (git mv, or a plain rename outside git)
// and then writes the edits. A write that fails after the move is
// reported with the files left as they were.
func (r *Rename) Apply(root string, move func(from, to string) error) error {
	if err := move(r.From, r.To); err != nil {
		return err
	}
	var failed []string
	for _, f := range slices.Sorted(maps.Keys(r.Edits)) {
		if err := atomicfile.ReplaceKeepMode(filepath.Join(root, filepath.FromSlash(f)), r.Edits[f]); err != nil {
			failed = append(failed, fmt.Sprintf("%s (%v)", f, err))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("moved the entry to %s, but could not change the links in %s; change them by hand (dll validate shows where)", r.To, strings.Join(failed, ", "))
	}
	return nil
}

// RenamedFS shows fsys as it will be once the entry at from is at to, for
// dll validate to check the new name before anything moves.
func RenamedFS(fsys fs.FS, from, to string) fs.FS { return renamedFS{fsys, from, to} }

type renamedFS struct {
	fsys     fs.FS
	from, to string
}

func (r renamedFS) Open(name string) (fs.File, error) {
	switch {
	case name == r.from || strings.HasPrefix(name, r.from+"/"):
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	case name == r.to || strings.HasPrefix(name, r.to+"/"):
		name = r.from + strings.TrimPrefix(name, r.to)
	}
	f, err := r.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if name == path.Dir(r.from) {
		if d, ok := f.(fs.ReadDirFile); ok {
			return renamedDir{ReadDirFile: d, old: path.Base(r.from), new: path.Base(r.to)}, nil
		}
	}
	if name == r.from {
		return renamedFile{File: f, name: path.Base(r.to)}, nil
	}
	return f, nil
}

// renamedDir lists the folder that holds the entry, with its new name.
type renamedDir struct {
	fs.ReadDirFile
	old, new string
}

func (d renamedDir) ReadDir(n int) ([]fs.DirEntry, error) {
	items, err := d.ReadDirFile.ReadDir(n)
	for i, it := range items {
		if it.Name() == d.old {
			items[i] = renamedEntry{DirEntry: it, name: d.new}
		}
	}
	return items, err
}

type renamedEntry struct {
	fs.DirEntry
	name string
}

func (e renamedEntry) Name() string { return e.name }

func (e renamedEntry) Info() (fs.FileInfo, error) {
	info, err := e.DirEntry.Info()
	if err != nil {
		return nil, err
	}
	return renamedInfo{FileInfo: info, name: e.name}, nil
}

type renamedFile struct {
	fs.File
	name string
}

func (f renamedFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return renamedInfo{FileInfo: info, name: f.name}, nil
}

type renamedInfo struct {
	fs.FileInfo
	name string
}

func (i renamedInfo) Name() string { return i.name }
