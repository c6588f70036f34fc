package portfolio

import (
	"bytes"
	"path"
	"strings"
)

// LinkedEntry returns the entry that a link in a text points to, or nil.
// target is the link's path (ClassifyLink's, without a fragment), and from
// the entry whose story holds it (nil for a page of the portfolio's own,
// such as philosophy.md, whose links start at the top of the portfolio).
//
// A link may name an entry as the author sees it on disk (its file, such
// as ../cardboard-arcade.md, or its folder) or as a reader sees it on the
// site (its page, such as ../cardboard-arcade/ or
// ../cardboard-arcade/index.html, read from the page of the entry that
// links). Both work for every kind of entry.
//
// Stories have many links and every entry's page is made on every core:
// the paths are put together on the stack (see joinPath), and looked up
// without being copied.
func (p *Portfolio) LinkedEntry(from *Entry, target string) *Entry {
	p.indexSources()
	var buf [linkRoom]byte
	dir := "."
	if from != nil {
		dir = from.Src.Dir
	}
	if e := p.entryNamed(joinPath(buf[:0], dir, target)); e != nil {
		return e
	}
	if from != nil {
		// Read from the entry's page, experiences/<slug>/index.html.
		return p.entryNamed(joinPath(buf[:0], ExperiencesDir, from.Src.Slug, target))
	}
	return nil
}

// linkRoom is how long a path LinkedEntry puts together can be before it
// takes memory from the heap (it is still right when longer).
const linkRoom = 256

// entryNamed returns the entry whose file, folder or page is at the
// portfolio path t, which is clean (path.Clean leaves it as it is) or
// empty.
func (p *Portfolio) entryNamed(t []byte) *Entry {
	t = bytes.TrimSuffix(t, []byte("/index.html")) // what is left is clean, or empty
	if e := find(p.byFile, entryFile, t); e != nil {
		return e
	}
	var buf [linkRoom]byte
	if e := find(p.byFile, entryFile, joinIndexFile(buf[:0], t)); e != nil {
		return e
	}
	// As t is clean, path.Dir(t) is ExperiencesDir when t is
	// experiences/<slug>, and slug is path.Base(t).
	if slug, ok := bytes.CutPrefix(t, []byte(ExperiencesDir+"/")); ok && bytes.IndexByte(slug, '/') < 0 {
		return find(p.bySlug, entrySlug, slug)
	}
	return nil
}

// joinIndexFile returns path.Join(t, IndexFile) in buf's room, for a clean
// or empty t.
func joinIndexFile(buf, t []byte) []byte {
	switch string(t) {
	case "", ".":
	case "/":
		buf = append(buf, '/')
	default:
		buf = append(append(buf, t...), '/')
	}
	return append(buf, IndexFile...)
}

// joinPath returns path.Join(elems...) in buf's room (it overwrites buf
// from its start): the elements, without the empty ones, joined by
// slashes, then cleaned by path.Clean's rules, one segment at a time.
// Empty and . segments go; a .. takes away the segment before it, unless
// there is none, or it is a .. too: then the .. stays, or goes when the
// path starts at the root (a slash). A path of nothing is ".", and a join
// of nothing is "".
func joinPath(buf []byte, elems ...string) []byte {
	buf = buf[:0]
	rooted, some := false, false
	for _, e := range elems {
		if e != "" {
			rooted, some = e[0] == '/', true
			break
		}
	}
	if !some {
		return buf
	}
	if rooted {
		buf = append(buf, '/')
	}
	floor := len(buf) // a .. takes away nothing before floor
	for _, e := range elems {
		for e != "" {
			var seg string
			seg, e, _ = strings.Cut(e, "/")
			switch {
			case seg == "" || seg == ".":
			case seg != "..":
				if len(buf) > 0 && buf[len(buf)-1] != '/' {
					buf = append(buf, '/')
				}
				buf = append(buf, seg...)
			case len(buf) > floor:
				buf = buf[:floor+max(bytes.LastIndexByte(buf[floor:], '/'), 0)]
			case !rooted:
				if len(buf) > 0 {
					buf = append(buf, '/')
				}
				buf = append(buf, ".."...)
				floor = len(buf)
			}
		}
	}
	if len(buf) == 0 {
		buf = append(buf, '.')
	}
	return buf
}

// LooksLikeEntryLink reports whether a link's target, which names no file,
// was meant for an entry: it is in experiences/ or next to an entry's page,
// and names a page or an entry's file rather than another file.
func LooksLikeEntryLink(target string) bool {
	t := strings.TrimSuffix(strings.TrimSuffix(target, "/index.html"), "/")
	switch strings.ToLower(path.Ext(t)) {
	case "", ".md", ".yaml", ".yml", ".html":
		return t != "" && t != "."
	}
	return false
}

// EntryOfFile returns the entry whose file d is, or in whose folder it is,
// or nil.
func (p *Portfolio) EntryOfFile(d string) *Entry {
	p.indexSources()
	if e := p.source(d); e != nil {
		return e
	}
	for dir := path.Dir(d); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if e := p.folder(dir); e != nil {
			return e
		}
	}
	return nil
}
