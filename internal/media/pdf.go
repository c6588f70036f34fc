package media

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// A PDF is read with pdfcpu, which understands every way a PDF stores its
// objects (cross-reference tables and streams, object streams, files
// repaired or saved in increments), and written anew by dll: only the
// objects the document shows are written, so the document information
// (author, title, subject, keywords, the programs that made it, dates),
// XMP metadata streams, application data, attachments, scripts, the names
// and dates of comment authors, and what earlier saves left in the file all
// stay behind. Streams (page contents, pictures, fonts) are copied as they are.
// dll writes the file itself, rather than with pdfcpu's writer, because
// that one stamps the time of writing into every file.

var pdfConfig = sync.OnceValue(func() *model.Configuration {
	model.ConfigPath = "disable" // never read or write a configuration folder
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed
	return c
})

// pdfDropped are dictionary keys that hold metadata, wherever they are.
var pdfDropped = map[string]string{
	"Metadata":     "XMP metadata",
	"PieceInfo":    "application data",
	"LastModified": "dates",
	// Scripts, which a reader's PDF viewer would run: in an action (JS),
	// the document's list of them (JavaScript), and the actions run when
	// a page or field is opened or used (AA).
	"JS":         "scripts",
	"JavaScript": "scripts",
	"AA":         "scripts",
}

// markupAnnots are the annotations that carry an author (/T) and dates:
// comments, highlights, stamps, drawings.
var markupAnnots = map[string]bool{
	"Text": true, "FreeText": true, "Line": true, "Square": true, "Circle": true, "Polygon": true, "PolyLine": true,
	"Highlight": true, "Underline": true, "Squiggly": true, "StrikeOut": true, "Stamp": true, "Caret": true,
	"Ink": true, "FileAttachment": true, "Sound": true, "Redact": true, "Popup": true,
}

func planPDF(s *source) (p *plan, err error) {
	src, err := s.all()
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(bytes.TrimLeft(src[:min(len(src), 1024)], "\x00\t\n\f\r "), []byte("%PDF-")) {
		return nil, errors.New("no PDF header")
	}
	if !bytes.Contains(src[max(0, len(src)-1024):], []byte("%%EOF")) {
		return nil, errors.New("it is cut short: it has no end-of-file marker")
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("dll could not read it: %v", r)
		}
	}()
	ctx, err := pdfcpu.Read(bytes.NewReader(src), pdfConfig())
	if err != nil {
		msg := err.Error()
		if strings.Contains(strings.ToLower(msg), "password") || strings.Contains(strings.ToLower(msg), "encrypt") {
			return nil, errors.New("it is protected with a password")
		}
		return nil, errors.New("dll could not read its structure")
	}
	xt := ctx.XRefTable
	if xt.Encrypt != nil {
		return nil, errors.New("it is protected with a password")
	}
	if xt.Root == nil {
		return nil, errors.New("it has no document catalog")
	}
	w := &pdfWriter{xt: xt, objs: map[int]pdfObj{}}
	if xt.Info != nil {
		w.removed = appendOnce(w.removed, "document information")
	}
	if _, err := w.visit(*xt.Root); err != nil {
		return nil, err
	}
	if len(xt.ID) > 0 {
		w.removed = appendOnce(w.removed, "file identifier")
	}
	version := "1.7"
	if v := xt.RootVersion; v != nil {
		version = v.String()
	} else if v := xt.HeaderVersion; v != nil {
		version = v.String()
	}
	out := w.write(version, *xt.Root)
	if bytes.Equal(out, src) {
		return whole(out, nil), nil
	}
	return whole(out, w.removed), nil
}

type pdfObj struct {
	gen int
	obj types.Object
}

type pdfWriter struct {
	xt      *model.XRefTable
	objs    map[int]pdfObj
	removed []string
}

// visit returns o without metadata, and cleans each object it refers to,
// once.
func (w *pdfWriter) visit(o types.Object) (types.Object, error) {
	switch v := o.(type) {
	case types.IndirectRef:
		nr := v.ObjectNumber.Value()
		if _, ok := w.objs[nr]; ok {
			return v, nil
		}
		w.objs[nr] = pdfObj{gen: v.GenerationNumber.Value()} // before visiting: cycles
		d, err := w.xt.Dereference(v)
		if err != nil {
			return nil, errors.New("an object cannot be read")
		}
		if d == nil {
			delete(w.objs, nr)
			return nil, nil // a reference to nothing is null
		}
		c, err := w.visit(d)
		if err != nil {
			return nil, err
		}
		w.objs[nr] = pdfObj{gen: v.GenerationNumber.Value(), obj: c}
		return v, nil
	case types.Dict:
		return w.dict(v)
	case types.StreamDict:
		// The length is written as a number: the object that held it is
		// not needed.
		in := types.NewDict()
		for k, x := range v.Dict {
			if k != "Length" {
				in[k] = x
			}
		}
		d, err := w.dict(in)
		if err != nil {
			return nil, err
		}
		sd := v
		sd.Dict = d
		if jpegStream(d) {
			// A photo placed in the document keeps its Exif, XMP and
			// comments, which a PDF viewer never shows but anyone can
			// read: they go as from a photo published on its own.
			raw, removed, err := StripJPEG(v.Raw)
			if err != nil {
				return nil, fmt.Errorf("a picture in it cannot be read (%v)", err)
			}
			for _, what := range removed {
				w.removed = appendOnce(w.removed, what+" of a picture")
			}
			sd.Raw = raw
		}
		return sd, nil
	case types.Array:
		a := make(types.Array, len(v))
		for i, x := range v {
			c, err := w.visit(x)
			if err != nil {
				return nil, err
			}
			a[i] = c
		}
		return a, nil
	case types.ObjectStreamDict, types.XRefStreamDict:
		return nil, errors.New("an object refers to the file's own index")
	}
	return o, nil
}

// jpegStream reports whether a stream holds a JPEG file as it is: its only
// filter is DCTDecode.
func jpegStream(d types.Dict) bool {
	f := d["Filter"]
	if a, ok := f.(types.Array); ok && len(a) == 1 {
		f = a[0]
	}
	n, ok := f.(types.Name)
	return ok && n.Value() == "DCTDecode"
}

func (w *pdfWriter) dict(d types.Dict) (types.Dict, error) {
	out := types.NewDict()
	markup := false
	if st, ok := d["Subtype"].(types.Name); ok && markupAnnots[st.Value()] {
		markup = true
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range d {
			if !yield(k) {
				return
			}
		}
	}) {
		if what, ok := pdfDropped[k]; ok {
			w.removed = appendOnce(w.removed, what)
			continue
		}
		if markup && (k == "T" || k == "M" || k == "CreationDate") {
			w.removed = appendOnce(w.removed, "comment authors")
			continue
		}
		if k == "EmbeddedFiles" || k == "AF" {
			w.removed = appendOnce(w.removed, "attachments")
			continue
		}
		c, err := w.visit(d[k])
		if err != nil {
			return nil, err
		}
		if c == nil {
			continue
		}
		out[k] = c
	}
	return out, nil
}

// write writes the objects kept, by number, with a cross-reference table.
func (w *pdfWriter) write(version string, root types.IndirectRef) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-" + version + "\n%\xe2\xe3\xcf\xd3\n")
	nrs := make([]int, 0, len(w.objs))
	for nr := range w.objs {
		nrs = append(nrs, nr)
	}
	slices.Sort(nrs)
	offsets := map[int]int{}
	for _, nr := range nrs {
		o := w.objs[nr]
		offsets[nr] = b.Len()
		fmt.Fprintf(&b, "%d %d obj\n", nr, o.gen)
		switch v := o.obj.(type) {
		case types.StreamDict:
			d := types.NewDict()
			for k, x := range v.Dict {
				d[k] = x
			}
			d["Length"] = types.Integer(len(v.Raw))
			b.WriteString(d.PDFString())
			b.WriteString("\nstream\n")
			b.Write(v.Raw)
			b.WriteString("\nendstream")
		case nil:
			b.WriteString("null")
		default:
			b.WriteString(v.PDFString())
		}
		b.WriteString("\nendobj\n")
	}
	size := 1
	if len(nrs) > 0 {
		size = nrs[len(nrs)-1] + 1
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", size)
	for nr := 0; nr < size; nr++ {
		if off, ok := offsets[nr]; ok {
			fmt.Fprintf(&b, "%010d %05d n \n", off, w.objs[nr].gen)
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<</Root %s/Size %d>>\nstartxref\n%d\n%%%%EOF\n", root.PDFString(), size, xref)
	return b.Bytes()
}
