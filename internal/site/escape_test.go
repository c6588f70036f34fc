package site

import (
	"html/template"
	"strings"
	"testing"
)

// FuzzEscapeAsHTMLTemplate holds htmlWriter to html/template: any string,
// written in text, in an attribute, at the start of an address, in its
// path and after its #, comes out as html/template writes it there.
func FuzzEscapeAsHTMLTemplate(f *testing.F) {
	for _, s := range []string{
		"", "plain words", `<b>"Tom" & 'Jerry' + 1</b>`, "nul\x00byte", "bad \xff\xfe utf-8", "ümlaut ünïcödé 日本",
		"javascript:alert(1)", "JavaScript:x", "data:text/html,x", "http://example.org/a b?c=d&e=f#g", "HTTPS://x", "mailto:a@b.c",
		"/x:y", "a/b:c", "%41%zz%4", "%", "%%41", "100% sure", "a+b=c;d,e!f*g'h(i)j", "[x]@{y}|z^`~\\", "tab\tnew\nline\r",
		"4.1 Collaborate", "#already", "?q", "\u2028\u2029", "\uFFFD",
	} {
		f.Add(s)
	}
	tpl := template.Must(template.New("t").Parse(
		`<p title="{{.}}">{{.}}</p><a href="{{.}}">x</a><a href="x/{{.}}/y">x</a><a href="x#{{.}}">x</a>`))
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		if err := tpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		w := &htmlWriter{}
		w.s(`<p title="`)
		w.text(s)
		w.s(`">`)
		w.text(s)
		w.s(`</p><a href="`)
		w.url(s)
		w.s(`">x</a><a href="x/`)
		w.urlPart(s)
		w.s(`/y">x</a><a href="x#`)
		w.urlFrag(s)
		w.s(`">x</a>`)
		if got := string(w.buf); got != want.String() {
			t.Errorf("%q:\nhtml/template: %s\nhtmlWriter:    %s", s, want.String(), got)
		}
	})
}

// A template.URL dll made is normalized, not refused, as html/template
// does with it, and a value that may be HTML is written as it is.
func TestEscapeTrustedURLAndHTML(t *testing.T) {
	tpl := template.Must(template.New("t").Parse(`<track src="{{.U}}">{{.H}}{{.S}}`))
	for _, u := range []template.URL{"data:text/vtt;base64,V0VCVlRU+/=", "data:x y%zz"} {
		var want strings.Builder
		data := struct {
			U    template.URL
			H, S any
		}{u, template.HTML("<b>x</b>"), "<b>x</b>"}
		if err := tpl.Execute(&want, data); err != nil {
			t.Fatal(err)
		}
		w := &htmlWriter{}
		w.s(`<track src="`)
		w.trustedURL(u)
		w.s(`">`)
		w.value(data.H)
		w.value(data.S)
		if got := string(w.buf); got != want.String() {
			t.Errorf("html/template: %s\nhtmlWriter:    %s", want.String(), got)
		}
	}
}
