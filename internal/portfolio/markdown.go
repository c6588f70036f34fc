package portfolio

import (
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Markdown returns the Markdown reader every part of dll uses: CommonMark
// with GitHub's tables, strikethrough, autolinks and task lists. Raw HTML is
// never rendered (goldmark's safe mode is left on).
func Markdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(markdownExtensions...))
}

// markdownExtensions are what Markdown reads beyond CommonMark. A build for
// tests may add to them (see markdown_fault.go).
var markdownExtensions = []goldmark.Extender{extension.GFM}

// LinkKind is what a Markdown link or image destination points at.
type LinkKind int

const (
	LinkEmpty    LinkKind = iota // nothing
	LinkFragment                 // a place on the same page
	LinkExternal                 // another site, by http, https, mailto or tel
	LinkUnsafe                   // any other scheme, such as javascript: or data:
	LinkLocal                    // a file of the portfolio
)

// ClassifyLink sorts a link destination. Browsers ignore whitespace and control
// characters inside a scheme and decode character references first, so the
// scheme is read the same way; anything but http, https, mailto and tel is
// unsafe. For a local link it returns the path, decoded, without a fragment.
func ClassifyLink(dest string) (LinkKind, string) {
	raw := strings.TrimSpace(dest)
	if raw == "" {
		return LinkEmpty, ""
	}
	if strings.HasPrefix(raw, "#") {
		return LinkFragment, ""
	}
	var norm string
	if plainLink(raw) {
		norm = strings.ToLower(raw) // nothing to decode or drop: only the case to read
	} else {
		norm = strings.Map(func(r rune) rune {
			if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
				return -1
			}
			return unicode.ToLower(r)
		}, html.UnescapeString(raw))
		if dec, err := url.PathUnescape(norm); err == nil {
			norm = dec
		}
	}
	if i := strings.IndexAny(norm, ":/?#"); i > 0 && norm[i] == ':' {
		switch norm[:i] {
		case "http", "https", "mailto", "tel":
			return LinkExternal, ""
		}
		return LinkUnsafe, ""
	}
	if strings.HasPrefix(norm, "//") {
		return LinkExternal, ""
	}
	p := raw
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if p == "" {
		return LinkFragment, ""
	}
	return LinkLocal, p
}

// plainLink reports whether a link destination is printable ASCII with no
// space, & or %, as most links are: nothing in it for a browser to decode
// or drop, so that ClassifyLink reads it without looking each letter up in
// Unicode's tables.
func plainLink(raw string) bool {
	for i := range len(raw) {
		if c := raw[i]; c <= ' ' || c >= 0x7f || c == '&' || c == '%' {
			return false
		}
	}
	return true
}

// IsPlaceholder reports whether s is text still to write: TODO..., TBD,
// ..., … or Lorem ipsum..., in any case.
//
// TODO counts as a word of its own only: "Todos los estudiantes" and
// "Todoist" are not placeholders. Written other than TODO or ToDo, it is a
// placeholder only before a colon or on its own, since todo is a word of
// Spanish, Portuguese and other languages ("Todo el grupo leyó", "todo o
// grupo").
func IsPlaceholder(s string) bool {
	t := strings.TrimSpace(s)
	if todoStart(t) {
		return true
	}
	if len(t) > 12 {
		t = t[:12] // the words below start a placeholder; no need to read on
	}
	if !isASCII(t) {
		// Some letters, such as the dotless ı, are upper-cased to ASCII.
		t = strings.ToUpper(t)
		return t == "TBD" || t == "..." || t == "…" || strings.HasPrefix(t, "LOREM IPSUM")
	}
	// The same test without making an upper-case copy of every text.
	return strings.EqualFold(t, "TBD") || t == "..." || hasPrefixFold(t, "LOREM IPSUM")
}

// todoStart reports whether the text t, trimmed, starts with the marker
// TODO (see IsPlaceholder).
func todoStart(t string) bool {
	if !hasPrefixFold(t, "TODO") {
		return false
	}
	word, rest := t[:4], t[4:]
	next, _ := utf8.DecodeRuneInString(rest)
	switch {
	case rest != "" && (unicode.IsLetter(next) || unicode.IsDigit(next) || unicode.Is(unicode.Mn, next)):
		return false // Todos, Todoist, todo1
	case word == "TODO" || word == "ToDo":
		return true
	default:
		return strings.TrimLeftFunc(rest, unicode.IsSpace) == "" || strings.HasPrefix(strings.TrimLeftFunc(rest, unicode.IsSpace), ":")
	}
}

// hasPrefixFold reports whether the ASCII text s starts with prefix, in any case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
