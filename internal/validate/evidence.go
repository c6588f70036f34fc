package validate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"dll/internal/media"
	"dll/internal/portfolio"
)

const (
	largeFile = 25 << 20  // warn: slow to load
	hugeFile  = 100 << 20 // error: most hosts refuse it
)

func (x *entryCtx) evidence() {
	sharingOnly := len(x.e.Evidence) > 0
	for i, ev := range x.e.Evidence {
		p := fmt.Sprintf("evidence[%d]", i)
		if t, ok := x.kinds.Term(ev.Kind); !ok || !t.Sharing {
			sharingOnly = false
		}
		switch {
		case ev.File == "" && ev.URL == "":
			if x.unset(p+".file") && x.unset(p+".url") {
				x.errorf(p, "evidence-source", "give the evidence as a file (in the entry's folder) or a url")
			}
		case ev.File != "" && ev.URL != "":
			x.errorf(p+".url", "evidence-source", "give file or url, not both; make two evidence items if you have both")
		case ev.URL != "":
			x.checkURL(p+".url", ev.URL)
		default:
			x.evidenceFile(p, ev)
		}
		x.evidenceTitle(p+".title", ev)
		if t, ok := x.consts.Term(ev.Consent); ok && t.Withhold && x.toPublish {
			x.errorf(p+".consent", "consent", "consent is %s, so this evidence cannot be published; record consent once you have it, or remove the item (a draft or a private entry may keep it)", ev.Consent)
		}
	}
	if sharingOnly && x.e.Status == "completed" {
		x.errorf("evidence", "sharing-only", "the only evidence is announcements and resources, which show that something was shared, not what changed; add evidence of learning such as student work, assessment data, feedback or a partner statement")
	}
}

// isWebURL reports whether u matches ^https?://[^\s/$.?#][^\s]*$, where
// \s is an ASCII space, tab or line break; it is checked without a regexp
// because every url of every entry goes through it.
func isWebURL(u string) bool {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(u, "http://")
	}
	return ok && rest != "" && !strings.ContainsRune("/$.?#", rune(rest[0])) && !strings.ContainsAny(rest, " \t\n\f\r")
}

func (x *entryCtx) checkURL(p, u string) {
	if !isWebURL(u) {
		x.errorf(p, "url", "expected a web address starting with https://, found %s", portfolio.Quote(u))
	}
}

func (x *entryCtx) evidenceFile(p string, ev portfolio.Evidence) {
	if full, info, err := x.p.Resolve(x.e.Src.Dir, ev.File); err != nil {
		x.errorf(p+".file", "evidence-file", "%s", err)
		if err := media.Refused(ev.File); err != nil && media.Lookup(ev.File).Name != "unknown" {
			x.errorf(p+".file", "file-type", "%s", err) // a format refused by name: say so now
		}
	} else if msg := foreignFile(x.p, x.e, full); msg != "" {
		x.errorf(p+".file", "evidence-file", "%s", msg)
	} else {
		mb := float64(info.Size()) / (1 << 20)
		switch {
		case info.Size() > hugeFile:
			x.errorf(p+".file", "file-size", "the file is %.0f MB; web hosts refuse files over 100 MB, so make it smaller or link to it with url", mb)
		case info.Size() > largeFile:
			x.warnf(p+".file", "file-size", "the file is %.0f MB, slow to load on a phone; consider a smaller version", mb)
		}
		if rule, msg := publishProblem(x.p.FS, full, info); msg != "" {
			x.errorf(p+".file", rule, "%s", msg)
		}
	}
	switch portfolio.MediaOf(ev.File) {
	case portfolio.Image:
		x.altText(p+".alt", ev.Alt, ev.File)
	case portfolio.Video, portfolio.Audio:
		x.captions(p, ev)
	}
}

// publishProblem says why dll build would not publish the file full (a
// format it refuses, or a file it cannot read or clean), with the fix, and
// the rule that names the problem; "" when it would. It asks the same
// media.Check that the build's cleaning runs, so that what validate passes
// the build publishes.
func publishProblem(fsys fs.FS, full string, info fs.FileInfo) (rule, msg string) {
	if err := media.Refused(full); err != nil {
		return "file-type", err.Error()
	}
	if portfolio.MediaOf(full) == portfolio.Image && webVersionTooLong(path.Base(full)) {
		return "file-name", "the file's name is too long for the web versions of this picture, which add their width to it (photo.w1600.jpg) and which a disk cannot hold; give the file a name of a few words"
	}
	if info == nil || !info.Mode().IsRegular() {
		return "", ""
	}
	f, err := fsys.Open(full)
	if err != nil {
		return "file-content", fmt.Sprintf("dll cannot read this file (%v); check that it is not locked or still downloading", errors.Unwrap(err))
	}
	defer f.Close()
	var r io.ReaderAt
	if ra, ok := f.(io.ReaderAt); ok {
		r = ra
	} else {
		data, err := io.ReadAll(f)
		if err != nil {
			return "file-content", fmt.Sprintf("dll cannot read this file (%v); check that it is not locked or still downloading", err)
		}
		r = bytes.NewReader(data)
	}
	if err := media.Check(full, r, info.Size()); err != nil {
		return "file-content", err.Error()
	}
	return "", ""
}

var genericAlt = map[string]bool{
	"image": true, "img": true, "photo": true, "picture": true, "pic": true, "screenshot": true,
	"graphic": true, "figure": true, "alt": true, "alt text": true, "untitled": true, "placeholder": true,
}

// altProblem says what is wrong with an image's alt text, or "" when it is
// a real description.
func altProblem(alt, file string) string {
	a := strings.TrimSpace(alt)
	switch {
	case a == "":
		return "describe what the image shows, for readers who cannot see it"
	case genericAlt[strings.ToLower(strings.Trim(a, ".!"))]:
		return fmt.Sprintf("%s does not say what the image shows; describe it in a sentence", portfolio.Quote(a))
	case portfolio.IsFileName(a) || strings.EqualFold(a, path.Base(file)) || strings.EqualFold(a, strings.TrimSuffix(path.Base(file), path.Ext(file))):
		return fmt.Sprintf("%s is a file name, not a description; say what the image shows", portfolio.Quote(a))
	case utf8.RuneCountInString(a) < 5:
		return fmt.Sprintf("%s is too short to describe the image; say what it shows", portfolio.Quote(a))
	}
	return ""
}

// evidenceTitle checks that an evidence title says what the evidence is,
// not what a camera or a download named its file: readers see the title.
func (x *entryCtx) evidenceTitle(p string, ev portfolio.Evidence) {
	if t := strings.TrimSpace(ev.Title); portfolio.IsFileName(t) {
		x.errorf(p, "evidence-title", "%s is a file name, not a title; say what the evidence is, like \"Test flights, week 2\"", portfolio.Quote(t))
	}
}

func (x *entryCtx) altText(p, alt, file string) {
	if msg := altProblem(alt, file); msg != "" {
		if x.unset(p) {
			msg = "missing; " + msg
		}
		x.errorf(p, "alt-text", "%s", msg)
	}
}

func (x *entryCtx) captions(p string, ev portfolio.Evidence) {
	what := "video"
	if portfolio.MediaOf(ev.File) == portfolio.Audio {
		what = "audio"
	}
	switch c := strings.TrimSpace(ev.Captions); {
	case c == "" && x.unset(p+".captions"):
		x.errorf(p+".captions", "captions", "missing; a %s needs captions: give a WebVTT (.vtt) file, or none if it has no speech", what)
	case c == "none":
	case strings.ToLower(path.Ext(c)) != ".vtt":
		x.errorf(p+".captions", "captions", "expected a WebVTT captions file ending in .vtt, or none; found %s", portfolio.Quote(c))
	default:
		full, info, err := x.p.Resolve(x.e.Src.Dir, c)
		if err != nil {
			x.errorf(p+".captions", "captions", "%s", err)
			return
		}
		if msg := foreignFile(x.p, x.e, full); msg != "" {
			x.errorf(p+".captions", "captions", "%s", msg)
			return
		}
		if head := fileHead(x.p.FS, full); !isWebVTT(head) {
			if enc := portfolio.SavedAsWideText(head); enc != "" {
				x.errorf(p+".captions", "captions", "%s is saved as %s text, which browsers do not show as captions; save it again with the encoding UTF-8 (in most editors: Save As, then choose UTF-8)", portfolio.Quote(c), enc)
				return
			}
			x.errorf(p+".captions", "captions", "%s is not a WebVTT file: its first line must be WEBVTT", portfolio.Quote(c))
			return
		}
		// The text dll build publishes (a NUL byte, or bytes that are not
		// UTF-8, and it refuses the file).
		if _, msg := publishProblem(x.p.FS, full, info); msg != "" {
			x.errorf(p+".captions", "captions", "%s", msg)
		}
	}
}

// fileHead returns the first bytes of the file name, or nil when it
// cannot be read.
func fileHead(fsys fs.FS, name string) []byte {
	f, err := fsys.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil
	}
	return head[:n]
}

// isWebVTT reports whether head, the start of a file, starts as a WebVTT
// file does.
func isWebVTT(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("WEBVTT")) && (len(head) == 6 || head[6] == ' ' || head[6] == '\t' || head[6] == '\n' || head[6] == '\r')
}

// webVersionTooLong reports whether the name of a picture's widest web
// version (stem.w9999.webp) would pass the 255 bytes a disk holds in a
// file name, where dll build would fail to write it.
func webVersionTooLong(base string) bool {
	ext := path.Ext(base)
	return len(base)-len(ext)+len(".w9999")+max(len(ext), len(".webp")) > 255
}
