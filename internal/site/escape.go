package site

import (
	"html/template"
	"strings"
)

// htmlWriter writes a page in Go the way html/template would write it from
// a template: the literal text as it is, and each value escaped as
// html/template escapes a value in the same place (see entryhtml.go). The
// escaping follows Go's html/template (html.go and url.go) byte for byte.
type htmlWriter struct {
	buf []byte
	tpl *templates
	lw  langWords // the site's language, as the templates' functions write it
}

// htmlWriter returns a writer of HTML in the site's words, appending to
// buf.
func (b *builder) htmlWriter(buf []byte) *htmlWriter {
	return &htmlWriter{buf: buf, tpl: b.tpl, lw: langWords{b.tpl.cat}}
}

// s writes literal text of the page.
func (w *htmlWriter) s(lit string) { w.buf = append(w.buf, lit...) }

// html writes HTML as it is, as html/template writes a template.HTML value.
func (w *htmlWriter) html(h template.HTML) { w.buf = append(w.buf, h...) }

// text writes a string in text or in a quoted attribute: both escape the
// same characters (html/template's htmlEscaper and attrEscaper).
func (w *htmlWriter) text(v string) {
	start := 0
	for i := 0; i < len(v); i++ {
		var repl string
		switch v[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.buf = append(w.buf, v[start:i]...)
		w.buf = append(w.buf, repl...)
		start = i + 1
	}
	w.buf = append(w.buf, v[start:]...)
}

// value writes a string escaped, or HTML as it is: a value that may be
// either, as html/template's htmlEscaper writes it.
func (w *htmlWriter) value(v any) {
	switch v := v.(type) {
	case template.HTML:
		w.html(v)
	case string:
		w.text(v)
	default:
		w.text(htmlOf(v))
	}
}

// msg writes a message with no value to fill in, as loadTemplates writes
// it into the template's text (see spliceMessages).
func (w *htmlWriter) msg(key string) { w.s(w.tpl.spliced(key)) }

// t writes a message with its values (the templates' t).
func (w *htmlWriter) t(key string, args ...any) { w.html(w.tpl.cat.HTML(key, args...)) }

// url writes a string that starts an address in an attribute (href, src):
// an address with a scheme other than http, https or mailto is refused,
// as html/template refuses it (urlFilter, urlNormalizer, attrEscaper).
func (w *htmlWriter) url(v string) {
	if !isSafeURL(v) {
		v = "#ZgotmplZ"
	}
	w.urlPart(v)
}

// trustedURL writes an address dll made (a template.URL), which
// html/template does not filter.
func (w *htmlWriter) trustedURL(v template.URL) { w.urlPart(string(v)) }

// urlPart writes a string in the path of an address, after its start
// (urlNormalizer, attrEscaper).
func (w *htmlWriter) urlPart(v string) { w.text(processURL(v, true)) }

// urlFrag writes a string after the # or ? of an address (urlEscaper,
// attrEscaper).
func (w *htmlWriter) urlFrag(v string) { w.text(processURL(v, false)) }

// isSafeURL is true if s is a relative address or has the scheme http,
// https or mailto.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// processURL normalizes (norm) or escapes s for an address, as
// html/template's processURLOnto does: bytes outside the unreserved
// characters (and, when normalizing, the reserved ones and escapes
// already made) are written as %xx.
func processURL(s string, norm bool) string {
	var b []byte
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[written:i]...)
		b = append(b, '%', hexDigit[c>>4], hexDigit[c&15])
		written = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[written:]...))
}

const hexDigit = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
