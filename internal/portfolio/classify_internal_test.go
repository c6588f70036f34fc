package portfolio

import (
	"html"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// TestClassifyLinkAsBefore holds ClassifyLink, which reads most links
// without copies (see plainLink), to the reading it had before for every
// link: destinations made of schemes in any case, slashes, queries,
// fragments, character references, escapes, spaces and invisible
// characters.
func TestClassifyLinkAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	parts := []string{"http", "HTTPS", "Mailto", "tel", "javascript", "JaVaScRiPt", "data", "ftp", ":", "/", "//", "?", "#", "..", ".",
		"a", "Z", "x-y", "_", "&", "&colon;", "&#58;", "%", "%3A", "%2f", "%zz", " ", "\t", "\u200b", "\u00ad", "é", "K", "\x7f", "~", "+", "=", "index.md", "photo.jpg"}
	for range 200000 {
		var b strings.Builder
		for range r.IntN(7) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		dest := b.String()
		kind, p := ClassifyLink(dest)
		wantKind, wantP := classifyLinkAsBefore(dest)
		if kind != wantKind || p != wantP {
			t.Fatalf("ClassifyLink(%q) = %v, %q; want %v, %q", dest, kind, p, wantKind, wantP)
		}
	}
}

// classifyLinkAsBefore is ClassifyLink before plainLink.
func classifyLinkAsBefore(dest string) (LinkKind, string) {
	raw := strings.TrimSpace(dest)
	if raw == "" {
		return LinkEmpty, ""
	}
	if strings.HasPrefix(raw, "#") {
		return LinkFragment, ""
	}
	norm := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return unicode.ToLower(r)
	}, html.UnescapeString(raw))
	if dec, err := url.PathUnescape(norm); err == nil {
		norm = dec
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
