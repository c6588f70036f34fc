package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// TestFindBrowser: the browser named by DLL_BROWSER wins; else the first
// of the places browsers install themselves on each system; else the
// PATH; with none, the error says how to install one and that printing
// the site from a browser works too.
func TestFindBrowser(t *testing.T) {
	env := func(goos string, vars map[string]string, programs ...string) BrowserEnv {
		return BrowserEnv{
			GOOS:   goos,
			Getenv: func(k string) string { return vars[k] },
			IsExec: func(p string) bool {
				for _, x := range programs {
					if x == p {
						return true
					}
				}
				return false
			},
		}
	}
	for _, tt := range []struct {
		name string
		env  BrowserEnv
		want string // the program, or a part of the error
		err  bool
	}{
		{"debian chromium", env("linux", nil, "/usr/bin/chromium", "/usr/bin/google-chrome"), "/usr/bin/chromium", false},
		{"chrome from google", env("linux", nil, "/usr/bin/google-chrome-stable"), "/usr/bin/google-chrome-stable", false},
		{"edge on linux", env("linux", nil, "/opt/microsoft/msedge/msedge"), "/opt/microsoft/msedge/msedge", false},
		{"on the PATH", env("linux", map[string]string{"PATH": "relative:/home/a/bin:/opt/x"}, "/opt/x/chromium-browser"), "/opt/x/chromium-browser", false},
		{"a relative PATH entry is not searched", env("linux", map[string]string{"PATH": "bin"}, "bin/chromium"), "sudo apt-get install chromium", true},
		{"DLL_BROWSER by path", env("linux", map[string]string{BrowserVar: "/srv/chrome/chrome"}, "/srv/chrome/chrome", "/usr/bin/chromium"), "/srv/chrome/chrome", false},
		{"DLL_BROWSER by name", env("linux", map[string]string{BrowserVar: "brave-browser", "PATH": "/usr/local/bin"}, "/usr/local/bin/brave-browser", "/usr/bin/chromium"), "/usr/local/bin/brave-browser", false},
		{"DLL_BROWSER wrong", env("linux", map[string]string{BrowserVar: "/nowhere/chrome"}, "/usr/bin/chromium"), "DLL_BROWSER names /nowhere/chrome, which is not a program dll can run", true},
		{"none on linux", env("linux", map[string]string{"PATH": "/usr/bin"}), "sudo apt-get install chromium", true},
		{"mac chrome", env("darwin", map[string]string{"HOME": "/Users/a"}, "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"), "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", false},
		{"mac edge in home", env("darwin", map[string]string{"HOME": "/Users/a"}, "/Users/a/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"), "/Users/a/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge", false},
		{"none on a mac", env("darwin", map[string]string{"HOME": "/Users/a"}), "Install Google Chrome", true},
		{"windows edge", env("windows", map[string]string{"ProgramFiles(x86)": `C:\Program Files (x86)`}, `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`), `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, false},
		{"windows chrome for one user", env("windows", map[string]string{"LocalAppData": `C:\Users\a\AppData\Local\`}, `C:\Users\a\AppData\Local\Google\Chrome\Application\chrome.exe`), `C:\Users\a\AppData\Local\Google\Chrome\Application\chrome.exe`, false},
		{"none on windows", env("windows", nil), "Microsoft Edge comes with Windows", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindBrowser(tt.env)
			if tt.err {
				if !errors.Is(err, ErrNoBrowser) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %q, %v; want an error with %q", got, err, tt.want)
				}
				if !strings.Contains(err.Error(), "dll build") || !strings.Contains(err.Error(), "print") {
					t.Errorf("the error does not say that printing the site from a browser works too: %v", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// browserPDF is a PDF as the browser writes one: a page, an outline and
// named destinations, and its document information with the browser's
// creator and the time of printing, the title in UTF-16 with a bracket
// escaped. Its cross-reference table gives each object's offset.
func browserPDF(t *testing.T, title string) []byte {
	t.Helper()
	objs := []string{
		"<</Type /Catalog\n/Pages 2 0 R\n/Dests 5 0 R>>",
		"<</Type /Pages\n/Kids [3 0 R]\n/Count 1>>",
		"<</Type /Page\n/Parent 2 0 R\n/MediaBox [0 0 612 792]>>",
		"<</Title " + title + "\n/Creator (Mozilla/5.0 \\(X11; Linux x86_64\\) AppleWebKit/537.36 \\(KHTML, like Gecko\\) HeadlessChrome/156.0.0.0 Safari/537.36)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261207000735+00'00')\n/ModDate (D:20261207000735+00'00')>>",
		"<</chapter-1 [3 0 R /XYZ 48 700 0]>>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 1 0 R\n/Info 4 0 R>>\nstartxref\n%d\n%%%%EOF", len(objs)+1, xref)
	return b.Bytes()
}

// TestFinish: the document information keeps the title and producer, says
// dll made it, and carries the portfolio's date, not the time of
// printing, or none; the file keeps its length, so every offset of its
// cross-reference table still finds its object, as an independent reader
// (pdfcpu) confirms.
func TestFinish(t *testing.T) {
	for _, title := range []string{"(Evidence pack: Tess \\(T.\\) Marchetti)", "<FEFF004A006F007300E9>"} {
		src := browserPDF(t, title)
		for _, date := range []time.Time{time.Date(2026, 3, 14, 9, 26, 53, 0, time.FixedZone("EST", -5*3600)), {}} {
			out, err := Finish(src, date)
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != len(src) {
				t.Fatalf("Finish changed the length from %d to %d", len(src), len(out))
			}
			if bytes.Contains(out, []byte("Mozilla")) || bytes.Contains(out, []byte("Linux")) || bytes.Contains(out, []byte("20261207")) {
				t.Errorf("the browser's creator or time of printing stayed:\n%s", out)
			}
			if !MadeByDLL(out) || MadeByDLL(src) {
				t.Errorf("MadeByDLL: finished %v, printed %v", MadeByDLL(out), MadeByDLL(src))
			}
			ctx, err := pdfcpu.Read(bytes.NewReader(out), model.NewDefaultConfiguration())
			if err != nil {
				t.Fatalf("pdfcpu cannot read the finished file: %v", err)
			}
			info, err := ctx.DereferenceDict(*ctx.Info)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"Title": title, "Producer": "(Skia/PDF m156)", "Creator": "(dll)"}
			if !date.IsZero() {
				want["CreationDate"] = "(D:20260314142653+00'00')"
				want["ModDate"] = want["CreationDate"]
			}
			got := map[string]string{}
			for k, v := range info {
				switch v := v.(type) {
				case types.StringLiteral:
					got[k] = "(" + v.Value() + ")"
				case types.HexLiteral:
					got[k] = "<" + v.Value() + ">"
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("document information:\ngot  %v\nwant %v", got, want)
			}
			if pages, _, err := chapterPages(out, []string{"chapter-1"}); err != nil || pages["chapter-1"] != 1 {
				t.Errorf("chapter-1 is on page %v (%v), want 1", pages, err)
			}
		}
	}
}

// TestChapterPagesMissing: a chapter the printed file has no place for is
// an error, not page 0.
func TestChapterPagesMissing(t *testing.T) {
	_, _, err := chapterPages(browserPDF(t, "(T)"), []string{"chapter-1", "chapter-2"})
	if err == nil || !strings.Contains(err.Error(), `"chapter-2"`) {
		t.Errorf("got %v, want an error naming chapter-2", err)
	}
}

// TestCheckLinks: a printed pack that links to a file of this computer,
// or names the folder it was printed from, is refused.
func TestCheckLinks(t *testing.T) {
	page := "/tmp/dll-pdf-123/pack/pack.html"
	for src, ok := range map[string]bool{
		"<</URI (https://example.org/x)>>":                   true,
		"<</URI (file:///tmp/dll-pdf-123/pack/rubric.pdf)>>": false,
		"(/tmp/dll-pdf-123/pack/photo.jpg)":                  false,
	} {
		if err := checkLinks([]byte(src), page); (err == nil) != ok {
			t.Errorf("%s: got %v, want ok %v", src, err, ok)
		}
	}
}

// TestFooter: each page's footer gives its number in the words it is
// given, with the browser's page number and count in their places, in the
// pack's language and direction; without words, in English.
func TestFooter(t *testing.T) {
	const num, total = `<span class="pageNumber"></span>`, `<span class="totalPages"></span>`
	for _, tt := range []struct {
		o    Options
		want []string
	}{
		{Options{Footer: "Tess & co"}, []string{`<div style=`, `>Tess &amp; co</span>`, `>Page ` + num + ` of ` + total + `</span></div>`}},
		{Options{Footer: "x", PageOf: "Página {page} de {pages}", Lang: "es", Dir: "ltr"}, []string{`<div lang="es" style=`, `>Página ` + num + ` de ` + total + `</span></div>`}},
		{Options{Footer: "x", PageOf: "الصفحة {page} من {pages}", Lang: "ar", Dir: "rtl"}, []string{`<div lang="ar" dir="rtl" style=`, `>الصفحة ` + num + ` من ` + total + `</span></div>`}},
		{Options{Footer: "x", PageOf: "{pages}/{page}"}, []string{`>` + total + `/` + num + `</span></div>`}},
	} {
		got := footer(tt.o)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("footer(%+v) = %s\nwant it to hold %s", tt.o, got, w)
			}
		}
	}
}
