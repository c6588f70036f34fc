// Package media decides what dll does with every file it publishes, and
// does it: a file is cleaned of what it can tell about who made it, where
// and with what (location, camera, author, comments, embedded thumbnails),
// published as it is (plain text, captions), or refused with the reason and
// the way to export it cleanly. The table of formats is the one rule that
// dll validate, dll build and dll new evidence all ask.
//
// Cleaning never re-encodes a picture or a sound: it leaves out or blanks
// the parts of the file that hold metadata and keeps the rest byte for byte,
// so the same file always gives the same bytes.
package media

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind is what a file holds, judged by its name.
type Kind int

const (
	Other Kind = iota
	Image
	Video
	Audio
	Document
	Text
)

// Action is what dll does with a file of a format when it publishes it.
type Action int

const (
	// Refuse: the file is never published; the format says why and how to
	// export it in a format dll can clean.
	Refuse Action = iota
	// Clean: published without its metadata.
	Clean
	// AsIs: published as it is; the format holds no hidden metadata.
	AsIs
)

// Format is one kind of file and what dll does with it.
type Format struct {
	Name   string   // for people: "JPEG photo"
	Exts   []string // lowercase, with the dot
	Kind   Kind
	Action Action
	// Why says, for a refused format, why dll does not publish it.
	Why string
	// Fix says how to make a file dll can publish: for a refused format,
	// and for a damaged file of a format dll cleans.
	Fix string

	plan func(s *source) (*plan, error)
}

const (
	fixJPEG  = "export it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible), then run dll new evidence again"
	fixPhoto = "open it in a photo editor and save it again as JPEG or PNG, then add that copy"
	fixVideo = "export it again as MP4 (H.264) from your phone or video editor, then add that copy"
	fixAudio = "export it again as MP3 or M4A from your recorder or audio editor, then add that copy"
	fixPDF   = "open it and save or print it again as PDF (File > Save as PDF, or Print > Save as PDF), then add that copy"
	fixText  = "save it as plain text (UTF-8) or as PDF, then add that copy"
)

// formats is the one table from file format to what dll does with it.
var formats = []*Format{
	// Images a browser shows, cleaned.
	{Name: "JPEG photo", Exts: []string{".jpg", ".jpeg", ".jpe", ".jfif"}, Kind: Image, Action: Clean, Fix: fixPhoto, plan: planJPEG},
	{Name: "PNG image", Exts: []string{".png"}, Kind: Image, Action: Clean, Fix: fixPhoto, plan: planPNG},
	{Name: "GIF image", Exts: []string{".gif"}, Kind: Image, Action: Clean, Fix: "open it in an image editor and save it again as GIF or PNG, then add that copy", plan: planGIF},
	{Name: "WebP image", Exts: []string{".webp"}, Kind: Image, Action: Clean, Fix: fixPhoto, plan: planWebP},

	// Images refused.
	{Name: "HEIC photo", Exts: []string{".heic", ".heif", ".hif"}, Kind: Image,
		Why: "HEIC photos cannot be shown by most browsers, and dll cannot remove the location and camera details they carry", Fix: fixJPEG},
	{Name: "AVIF image", Exts: []string{".avif"}, Kind: Image,
		Why: "dll cannot remove the location and camera details an AVIF image can carry", Fix: "export it as JPEG, PNG or WebP, then run dll new evidence again"},
	{Name: "TIFF image", Exts: []string{".tif", ".tiff"}, Kind: Image,
		Why: "TIFF images cannot be shown by most browsers", Fix: "export it as JPEG or PNG, then run dll new evidence again"},
	{Name: "camera raw photo", Exts: []string{".dng", ".raw", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".orf", ".rw2", ".raf", ".pef", ".srw", ".x3f", ".3fr", ".erf", ".kdc", ".mrw"}, Kind: Image,
		Why: "browsers cannot show camera raw photos", Fix: "export it as JPEG, then run dll new evidence again"},
	{Name: "JPEG XL image", Exts: []string{".jxl"}, Kind: Image,
		Why: "most browsers cannot show JPEG XL images", Fix: "export it as JPEG or PNG, then run dll new evidence again"},
	{Name: "BMP image", Exts: []string{".bmp", ".dib"}, Kind: Image,
		Why: "dll does not publish BMP images", Fix: "save it as PNG, then run dll new evidence again"},
	{Name: "SVG image", Exts: []string{".svg", ".svgz"}, Kind: Image,
		Why: "SVG files can run scripts in the reader's browser", Fix: "export it as PNG or PDF, then add that"},

	// Video and sound a browser plays, cleaned.
	{Name: "MP4 video", Exts: []string{".mp4", ".m4v"}, Kind: Video, Action: Clean, Fix: fixVideo, plan: planBMFF},
	{Name: "QuickTime video", Exts: []string{".mov", ".qt"}, Kind: Video, Action: Clean, Fix: fixVideo, plan: planBMFF},
	{Name: "WebM video", Exts: []string{".webm"}, Kind: Video, Action: Clean, Fix: fixVideo, plan: planEBML},
	{Name: "M4A audio file", Exts: []string{".m4a"}, Kind: Audio, Action: Clean, Fix: fixAudio, plan: planBMFF},
	{Name: "MP3 audio file", Exts: []string{".mp3"}, Kind: Audio, Action: Clean, Fix: fixAudio, plan: planMP3},
	{Name: "WAV audio file", Exts: []string{".wav"}, Kind: Audio, Action: Clean, Fix: fixAudio, plan: planWAV},
	{Name: "FLAC audio file", Exts: []string{".flac"}, Kind: Audio, Action: Clean, Fix: fixAudio, plan: planFLAC},
	{Name: "Ogg audio file", Exts: []string{".ogg", ".oga", ".opus"}, Kind: Audio, Action: Clean, Fix: fixAudio, plan: planOgg},

	// Video and sound refused.
	{Name: "AVI video", Exts: []string{".avi"}, Kind: Video, Why: "browsers cannot play AVI videos", Fix: fixVideo},
	{Name: "Matroska video", Exts: []string{".mkv", ".mk3d"}, Kind: Video, Why: "most browsers cannot play MKV videos", Fix: fixVideo},
	{Name: "Ogg video", Exts: []string{".ogv"}, Kind: Video, Why: "most browsers no longer play Ogg videos", Fix: fixVideo},
	{Name: "video", Exts: []string{".wmv", ".asf", ".flv", ".f4v", ".3gp", ".3g2", ".mpg", ".mpeg", ".m2v", ".vob", ".mts", ".m2ts", ".ts", ".dv", ".rm", ".rmvb"}, Kind: Video,
		Why: "browsers cannot play this kind of video", Fix: fixVideo},
	{Name: "Matroska audio", Exts: []string{".mka"}, Kind: Audio, Why: "most browsers cannot play MKA audio", Fix: fixAudio},
	{Name: "audio", Exts: []string{".wma", ".aif", ".aiff", ".aifc", ".amr", ".awb", ".aac", ".ac3", ".caf", ".mid", ".midi", ".ra", ".ape", ".wv", ".alac", ".m4b", ".m4p"}, Kind: Audio,
		Why: "dll cannot clean this kind of audio file, and many browsers cannot play it", Fix: fixAudio},

	// Documents.
	{Name: "PDF document", Exts: []string{".pdf"}, Kind: Document, Action: Clean, Fix: fixPDF, plan: planPDF},
	{Name: "office document", Exts: []string{".doc", ".docx", ".docm", ".dot", ".dotx", ".odt", ".ott", ".rtf", ".pages", ".wpd"}, Kind: Document,
		Why: "browsers cannot show word-processor files, which also carry the names of their authors and reviewers", Fix: "save it as PDF (File > Save as > PDF), then add that"},
	{Name: "presentation", Exts: []string{".ppt", ".pptx", ".pptm", ".pps", ".ppsx", ".odp", ".key"}, Kind: Document,
		Why: "browsers cannot show presentation files, which also carry the names of their authors and speaker notes", Fix: "save it as PDF (File > Save as > PDF), then add that"},
	{Name: "spreadsheet", Exts: []string{".xls", ".xlsx", ".xlsm", ".ods", ".numbers"}, Kind: Document,
		Why: "browsers cannot show spreadsheet files, which also carry the names of their authors and hidden sheets", Fix: "save it as PDF, or export the table as CSV, then add that"},
	{Name: "web page", Exts: []string{".html", ".htm", ".xhtml", ".xht", ".js", ".mjs"}, Kind: Document,
		Why: "these files can run scripts in the reader's browser", Fix: "export it as PNG or PDF instead"},

	// Plain text: nothing hidden in it, published as it is.
	{Name: "plain text file", Exts: []string{".txt", ".csv", ".tsv", ".md", ".markdown"}, Kind: Text, Action: AsIs, Fix: fixText, plan: planText},
	{Name: "WebVTT captions file", Exts: []string{".vtt"}, Kind: Text, Action: AsIs, Fix: "save the captions again as WebVTT (UTF-8 text starting with WEBVTT)", plan: planText},
}

// accepted lists the formats dll publishes, for the message about a file
// of a format it does not know.
const accepted = "JPEG, PNG, GIF or WebP images; MP4, MOV or WebM video; MP3, M4A, WAV, FLAC or Ogg audio; PDF documents; plain text (.txt, .csv, .tsv, .md) and WebVTT captions (.vtt)"

var byExt = func() map[string]*Format {
	m := map[string]*Format{}
	for _, f := range formats {
		for _, e := range f.Exts {
			if m[e] != nil {
				panic("media: two formats for " + e)
			}
			m[e] = f
		}
	}
	return m
}()

// Lookup returns the format of a file by its name. A name whose extension
// dll does not know gets a refused format of its own: dll publishes no file
// it cannot vouch for.
func Lookup(name string) *Format {
	ext := strings.ToLower(path.Ext(name))
	if f := byExt[ext]; f != nil {
		return f
	}
	what := "files without an extension"
	if len(ext) > 1 {
		what = strings.ToUpper(ext[1:]) + " files"
	}
	return &Format{
		Name: "unknown",
		Why:  fmt.Sprintf("dll does not publish %s: it cannot tell what they hold or remove the names and places they may carry", what),
		Fix:  "publish it as one of " + accepted,
	}
}

// KindOf returns what a file holds, judged by its name.
func KindOf(name string) Kind { return Lookup(name).Kind }

// Formats returns the table, for documentation and tests.
func Formats() []*Format { return formats }

// Error is a file dll will not publish: a refused format, or a file that
// is not what its name says or is damaged. Its message is plain English
// and says what to do.
type Error struct {
	Format  *Format
	Problem string // what is wrong, without the fix
	Err     error  // the fault found in the file, if any
}

func (e *Error) Error() string { return e.Problem + "; " + e.Format.Fix }

func (e *Error) Unwrap() error { return e.Err }

// ErrDamaged is wrapped by the Error of a file that is not the format its
// name says, or is damaged.
var ErrDamaged = errors.New("not a readable file of its kind")

// Refused reports whether dll refuses a file by its name alone, and the
// error to show.
func Refused(name string) error {
	f := Lookup(name)
	if f.Action == Refuse {
		return &Error{Format: f, Problem: f.Why}
	}
	return nil
}

// Check reports whether dll can publish the file: nil when it can clean it
// (or it needs no cleaning), or an *Error that says why not and what to do.
// It reads what cleaning reads and writes nothing, so that a check that
// passes means the build will publish the file.
func Check(name string, r io.ReaderAt, size int64) error {
	_, err := planFor(name, r, size)
	return err
}

// CleanTo writes the file, cleaned, to w, and returns what it removed (such
// as "Exif" or "XMP"; none when there was nothing to remove). Nothing is
// written when the file is refused. A file written exactly as it was is
// reported as having lost nothing, whatever the cleaning looked at.
func CleanTo(w io.Writer, name string, r io.ReaderAt, size int64) ([]string, error) {
	p, err := planFor(name, r, size)
	if err != nil {
		return nil, err
	}
	removed := p.removed
	if len(removed) > 0 && p.unchanged(r, size) {
		removed = nil
	}
	return removed, p.write(w, r)
}

// CleanBytes is CleanTo for a file held in memory.
func CleanBytes(name string, src []byte) ([]byte, []string, error) {
	var b strings.Builder
	b.Grow(len(src))
	removed, err := CleanTo(&b, name, bytesReaderAt(src), int64(len(src)))
	if err != nil {
		return nil, nil, err
	}
	return []byte(b.String()), removed, nil
}

func planFor(name string, r io.ReaderAt, size int64) (*plan, error) {
	f := Lookup(name)
	if f.Action == Refuse {
		return nil, &Error{Format: f, Problem: f.Why}
	}
	p, err := f.plan(&source{r: r, size: size})
	if err != nil {
		var ee *Error
		if errors.As(err, &ee) {
			return nil, err
		}
		return nil, &Error{Format: f, Problem: fmt.Sprintf("this is not a readable %s (%v)", f.Name, err), Err: fmt.Errorf("%w: %w", ErrDamaged, err)}
	}
	return p, nil
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// maxInMemory is the largest file that a format read whole is read into
// memory for; larger ones are refused (web hosts refuse files over 100 MB).
const maxInMemory = 200 << 20

// source is a file being read.
type source struct {
	r    io.ReaderAt
	size int64
	data []byte // the whole file, once read by all
}

// at reads n bytes at off; fewer than n is an error.
func (s *source) at(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off+n > s.size {
		return nil, errors.New("it is cut short")
	}
	if s.data != nil {
		return s.data[off : off+n], nil
	}
	b := make([]byte, n)
	if _, err := s.r.ReadAt(b, off); err != nil && !(errors.Is(err, io.EOF) && n > 0) {
		return nil, fmt.Errorf("it cannot be read: %w", err)
	}
	return b, nil
}

// all reads the whole file.
func (s *source) all() ([]byte, error) {
	if s.data == nil {
		if s.size > maxInMemory {
			return nil, fmt.Errorf("it is %d MB, too large for dll to clean", s.size>>20)
		}
		b, err := s.at(0, s.size)
		if err != nil {
			return nil, err
		}
		s.data = b
	}
	return s.data, nil
}

// plan is how to write a cleaned file: its parts in order, each a range of
// the source or new bytes.
type plan struct {
	parts   []part
	removed []string
}

type part struct {
	off, n int64
	data   []byte // new bytes, when not nil
	zeros  bool   // n zero bytes
}

func (p *plan) copy(off, n int64) {
	if n <= 0 {
		return
	}
	if k := len(p.parts) - 1; k >= 0 && p.parts[k].data == nil && p.parts[k].off+p.parts[k].n == off {
		p.parts[k].n += n
		return
	}
	p.parts = append(p.parts, part{off: off, n: n})
}

func (p *plan) bytes(b []byte) {
	if len(b) > 0 {
		p.parts = append(p.parts, part{data: b})
	}
}

func (p *plan) remove(what string) {
	for _, v := range p.removed {
		if v == what {
			return
		}
	}
	p.removed = append(p.removed, what)
}

// whole is a plan that writes out in full.
func whole(out []byte, removed []string) *plan {
	p := &plan{removed: removed}
	p.parts = []part{{data: out}}
	if out == nil {
		p.parts[0].data = []byte{}
	}
	return p
}

// patched is a plan that copies the source of size size with patches (new
// bytes of the same length at an offset) laid over it, in order.
func patched(size int64, patches []patch, removed []string) *plan {
	p := &plan{removed: removed}
	sortPatches(patches)
	at := int64(0)
	for _, pt := range patches {
		if pt.off >= size {
			break
		}
		if pt.data == nil {
			pt.zeros = min(pt.zeros, size-pt.off)
		} else if int64(len(pt.data)) > size-pt.off {
			pt.data = pt.data[:size-pt.off]
		}
		if pt.off < at {
			// It overlaps one laid already (a box inside a blanked one):
			// lay only what is past it.
			skip := at - pt.off
			if pt.data == nil {
				if pt.zeros <= skip {
					continue
				}
				pt = patch{off: at, zeros: pt.zeros - skip}
			} else {
				if int64(len(pt.data)) <= skip {
					continue
				}
				pt = patch{off: at, data: pt.data[skip:]}
			}
		}
		p.copy(at, pt.off-at)
		if pt.data == nil {
			p.parts = append(p.parts, part{n: pt.zeros, zeros: true})
			at = pt.off + pt.zeros
		} else {
			p.bytes(pt.data)
			at = pt.off + int64(len(pt.data))
		}
	}
	p.copy(at, size-at)
	return p
}

type patch struct {
	off   int64
	data  []byte
	zeros int64 // without data: this many zero bytes
}

func sortPatches(ps []patch) {
	slices.SortStableFunc(ps, func(a, b patch) int { return cmp.Compare(a.off, b.off) })
}

// unchanged reports whether the plan writes the source of size size byte
// for byte: every part copies the source where it stands, or writes the
// bytes that are there already.
func (p *plan) unchanged(r io.ReaderAt, size int64) bool {
	at := int64(0)
	var buf []byte
	same := func(n int64, want func([]byte) bool) bool {
		for n > 0 {
			k := min(n, 32<<10)
			if int64(cap(buf)) < k {
				buf = make([]byte, 32<<10)
			}
			b := buf[:k]
			if m, err := r.ReadAt(b, at); int64(m) < k && err != nil {
				return false
			}
			if !want(b) {
				return false
			}
			at += k
			n -= k
		}
		return true
	}
	for _, pt := range p.parts {
		if at+pt.n+int64(len(pt.data)) > size {
			return false
		}
		switch {
		case pt.zeros:
			if !same(pt.n, func(b []byte) bool { return !slices.ContainsFunc(b, func(c byte) bool { return c != 0 }) }) {
				return false
			}
		case pt.data != nil:
			data := pt.data
			if !same(int64(len(data)), func(b []byte) bool {
				ok := bytes.Equal(b, data[:len(b)])
				data = data[len(b):]
				return ok
			}) {
				return false
			}
		default:
			if pt.off != at {
				return false
			}
			at += pt.n
		}
	}
	return at == size
}

func (p *plan) write(w io.Writer, r io.ReaderAt) error {
	var zeros []byte
	for _, pt := range p.parts {
		if pt.zeros {
			if zeros == nil {
				zeros = make([]byte, 32<<10)
			}
			for n := pt.n; n > 0; {
				k := min(n, int64(len(zeros)))
				if _, err := w.Write(zeros[:k]); err != nil {
					return err
				}
				n -= k
			}
			continue
		}
		if pt.data != nil {
			if _, err := w.Write(pt.data); err != nil {
				return err
			}
			continue
		}
		if _, err := io.Copy(w, io.NewSectionReader(r, pt.off, pt.n)); err != nil {
			return err
		}
	}
	return nil
}

// textLookalikes are formats written in text that hold metadata: a PDF or
// PostScript file saved without compression, an RTF document. Named as
// text, they would be published as they are.
var textLookalikes = []struct{ magic, what string }{
	{"%PDF-", "a PDF document"},
	{"%!PS", "a PostScript document"},
	{"{\\rtf", "an RTF document"},
}

var (
	errNotText = errors.New("it holds bytes that are not text")
	// A file of text in an older encoding, such as Windows' for Western
	// languages, is text: only its accented letters give it away.
	errNotUTF8 = errors.New("its text is not saved as UTF-8: letters such as é or ñ are in an older encoding")
)

// planText accepts plain text as it is: UTF-8 (a byte-order mark allowed)
// without NUL bytes, which no text file holds and every binary file does;
// a photo renamed to .txt is not published as text.
func planText(s *source) (*plan, error) {
	head, err := s.at(0, min(s.size, 64))
	if err != nil {
		return nil, err
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	for _, f := range textLookalikes {
		if bytes.HasPrefix(head, []byte(f.magic)) {
			return nil, fmt.Errorf("it is %s named as text, which would be published with its author and other details", f.what)
		}
	}
	// One buffer, reused: a large table is read through, not into memory.
	buf := make([]byte, 64<<10)
	carry := 0 // bytes of a character cut at the end of the last read
	for off := int64(0); off < s.size; {
		want := min(int64(len(buf)-carry), s.size-off)
		k, err := s.r.ReadAt(buf[carry:carry+int(want)], off)
		if int64(k) < want {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("it cannot be read: %w", err)
		}
		off += want
		b := buf[:carry+int(want)]
		carry = 0
		if off < s.size {
			// A character cut at the end is finished by the next read.
			for k := 1; k <= 3 && k <= len(b); k++ {
				if c := b[len(b)-k]; c >= 0xC0 {
					if !utf8.FullRune(b[len(b)-k:]) {
						carry = k
					}
					break
				} else if c < 0x80 {
					break
				}
			}
		}
		if bytes.IndexByte(b[:len(b)-carry], 0) >= 0 {
			return nil, errNotText
		}
		if !utf8.Valid(b[:len(b)-carry]) {
			return nil, errNotUTF8
		}
		copy(buf, b[len(b)-carry:])
	}
	if carry > 0 {
		return nil, errNotUTF8
	}
	p := &plan{}
	p.copy(0, s.size)
	if s.size == 0 {
		p.parts = []part{{data: []byte{}}}
	}
	return p, nil
}
