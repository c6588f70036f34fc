package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"dll/internal/diag"
	"dll/internal/privacy"
)

// ErrPrivateName is wrapped by the error of a build that would have
// published a private name.
var ErrPrivateName = errors.New("private name")

// PrivateNameError is a file that would have published a name from the
// portfolio's privacy list. It says where the name is listed, never the
// name.
type PrivateNameError struct {
	File   string   // the site path
	Listed diag.Pos // where the name is listed
}

func (e *PrivateNameError) Error() string {
	return fmt.Sprintf("%s would publish a name from your privacy list (%s), so nothing was built; dll validate shows where it stands (an entry, dll.yaml, model.yaml or a template): replace it with initials or a pseudonym. If dll validate finds nothing, two texts that the page shows side by side make the name together, such as a title that ends with a first name and a summary that starts with a surname: reword one of them", e.File, e.Listed)
}

func (e *PrivateNameError) Unwrap() error { return ErrPrivateName }

// guard is the last look at everything a build publishes: a file whose
// path, or whose text (for pages, feeds, data and text files), names anyone
// on the privacy list fails the build. dll validate finds such names where
// the author wrote them; the guard also covers what reaches the site from
// elsewhere (a template of the portfolio's own, git, a file's contents), so
// that a name is never published however it got there.
type guard struct {
	w     writer
	names *privacy.Names
}

func (g guard) create(name string) (io.WriteCloser, error) {
	if h, ok := g.names.FirstInPath(name); ok {
		return nil, &PrivateNameError{File: masked(name, h), Listed: h.Listed}
	}
	f, err := g.w.create(name)
	if err != nil || !readable(name) {
		return f, err
	}
	return &guardFile{f: f, name: name, names: g.names, buf: pageBuffers.Get().(*bytes.Buffer)}, nil
}

// masked is a site path with the folders or file name that hold the name
// h replaced by "…", so that the message does not publish the name.
func masked(name string, h privacy.Hit) string {
	parts := strings.Split(name, "/")
	at := 0
	for i, p := range parts {
		if at <= h.Last && h.Offset < at+len(p) {
			parts[i] = "…"
		}
		at += len(p) + 1
	}
	return strings.Join(parts, "/")
}

// readable reports whether a published file is read as text by people or
// programs, and so is read for names.
func readable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".xml", ".json", ".txt", ".css", ".js", ".svg", ".webmanifest":
		return true
	}
	return privacy.TextFile(name)
}

// guardFile holds a file's text until it is closed, and writes it only
// when it names no one.
//
// A JSON document is read string by string, so it need not be held whole:
// once it grows past holdAtMost (the portfolio.json of thousands of
// entries), what it held and what follows go on to the file as they are
// read (privacy.JSONWriter). A name found then still fails the file at
// Close, and with it the build, which is made in a folder of its own and
// put in place only once every file is written (see Stream), so the file
// is never published.
type guardFile struct {
	f      io.WriteCloser
	name   string
	names  *privacy.Names
	buf    *bytes.Buffer       // from pageBuffers, given back on Close
	stream *privacy.JSONWriter // reads a large JSON document as it is written
	closed bool
}

// holdAtMost is how much of a JSON document the guard holds before it
// reads the rest as it is written.
const holdAtMost = 1 << 20

// isJSON reports whether a site path is a JSON document, whose strings the
// guard reads each on its own, as dll validate reads each field.
func isJSON(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".json", ".webmanifest":
		return true
	}
	return false
}

func (g *guardFile) Write(p []byte) (int, error) {
	if g.stream == nil && g.buf.Len()+len(p) > holdAtMost && isJSON(g.name) {
		g.stream = g.names.JSONWriter()
		held := g.buf
		g.buf = nil
		defer putPageBuffer(held)
		if _, err := g.through(held.Bytes()); err != nil {
			return 0, err
		}
	}
	if g.stream != nil {
		return g.through(p)
	}
	return g.buf.Write(p)
}

// through reads p for names and writes it on to the file.
func (g *guardFile) through(p []byte) (int, error) {
	if _, err := g.stream.Write(p); err != nil {
		return 0, fmt.Errorf("%s could not be read for names from your privacy list (%v), so nothing was built; please report this as a bug in dll", g.name, err)
	}
	return g.f.Write(p)
}

func (g *guardFile) Close() error {
	if g.closed {
		return nil
	}
	g.closed = true
	if g.stream != nil {
		hits, err := g.stream.Close()
		switch {
		case err != nil:
			g.f.Close()
			return fmt.Errorf("%s could not be read for names from your privacy list (%v), so nothing was built; please report this as a bug in dll", g.name, err)
		case len(hits) > 0:
			g.f.Close()
			return &PrivateNameError{File: g.name, Listed: hits[0].Listed}
		}
		return g.f.Close()
	}
	buf := g.buf
	defer putPageBuffer(buf)
	find := g.names.InPage
	if isJSON(g.name) {
		find = g.names.InJSON // each string on its own, as validate reads each field
	}
	if hits := find(buf.Bytes()); len(hits) > 0 {
		g.f.Close()
		return &PrivateNameError{File: g.name, Listed: hits[0].Listed}
	}
	if _, err := g.f.Write(buf.Bytes()); err != nil {
		g.f.Close()
		return err
	}
	return g.f.Close()
}
