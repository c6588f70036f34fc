//go:build browser

package main_test

// Printing: the summary page fits on one or two sheets, and no caption of
// a picture, a recording, a document or a partner's statement is split
// from what it labels by a page break. Chromium prints each page to PDF;
// pdftotext (poppler-utils) reads each sheet's text back.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"
)

// paper sizes in inches, as Chromium's print dialog offers them.
var papers = []struct {
	name          string
	width, height float64
}{
	{"A4", 8.27, 11.69},
	{"Letter", 8.5, 11},
}

// captionsJS returns the text of every caption on the page as print shows
// it, with the page set to print media: print-only addresses included, and
// the addresses that CSS adds after links (content: attr(...)), which
// innerText leaves out.
const captionsJS = `(() => {
  const pseudo = (el, which) => {
    const c = getComputedStyle(el, which).content;
    if (!c || c === "none" || c === "normal") return "";
    let out = "";
    for (const m of c.matchAll(/"((?:[^"\\]|\\.)*)"|attr\(([^)]+)\)/g)) {
      out += m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (el.getAttribute(m[2].trim()) || "");
    }
    return out;
  };
  const text = n => {
    if (n.nodeType === Node.TEXT_NODE) return n.data;
    if (n.nodeType !== Node.ELEMENT_NODE || getComputedStyle(n).display === "none") return "";
    return pseudo(n, "::before") + [...n.childNodes].map(text).join("") + pseudo(n, "::after");
  };
  return [...document.querySelectorAll(".evidence figcaption, .lead-picture figcaption, .testimony figcaption")].map(text);
})()`

func TestBrowserPrint(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		missingBrowserTool(t, "the print test needs pdftotext; install it with: sudo apt-get install poppler-utils")
	}
	chrome := findChromium(t)
	out := buildExample(t, "", nil)
	browser := startBrowser(t, chrome)

	var entries []string
	for _, p := range htmlPages(t, out) {
		if strings.HasPrefix(p, "experiences/") && strings.Count(p, "/") == 2 && p != "experiences/index.html" {
			entries = append(entries, p)
		}
	}
	if len(entries) < 5 {
		t.Fatalf("the example site has only %d experience pages: %v", len(entries), entries)
	}

	t.Run("summary", func(t *testing.T) {
		for _, paper := range papers {
			sheets, _ := printPage(t, browser, pdftotext, filepath.Join(out, "summary", "index.html"), paper.width, paper.height)
			if len(sheets) > 2 {
				t.Errorf("the summary page prints on %d %s sheets; it should fit on one or two", len(sheets), paper.name)
			}
			all := strings.Join(sheets, "\n")
			if strings.Contains(all, "()") {
				t.Errorf("the summary page prints an empty address \"()\" on %s:\n%s", paper.name, all)
			}
		}
	})

	t.Run("captions", func(t *testing.T) {
		checked := 0
		for _, p := range entries {
			for _, paper := range papers {
				sheets, captions := printPage(t, browser, pdftotext, filepath.Join(out, filepath.FromSlash(p)), paper.width, paper.height)
				for _, c := range captions {
					if msg := splitCaption(sheets, c); msg != "" {
						t.Errorf("%s on %s: %s", p, paper.name, msg)
					}
					checked++
				}
			}
		}
		if checked == 0 {
			t.Fatal("no caption was checked on the example's experience pages")
		}
		t.Logf("%d captions checked", checked)
	})
}

// printPage prints the page at file on paper of the size given, in
// inches, and returns the text of each sheet and the captions of the page.
func printPage(t *testing.T, browser context.Context, pdftotext, file string, width, height float64) (sheets, captions []string) {
	t.Helper()
	tab := openTab(t, browser)
	ctx, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var pdf []byte
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: width, PaperHeight: height})
		if err != nil {
			return err
		}
		pdf = r.Data
		return nil
	}))
	if err != nil {
		t.Fatalf("%s: printing: %v", file, err)
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	captions, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](captionsJS))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	name := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(name, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(pdftotext, "-enc", "UTF-8", name, "-")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", name, err, stderr.String())
	}
	// pdftotext ends each sheet with a form feed.
	sheets = strings.Split(strings.TrimSuffix(stdout.String(), "\f"), "\f")
	return sheets, captions
}

// splitCaption says how a caption is split between sheets, or "" when its
// start and its end are on one sheet. Text is compared without spaces and
// line breaks, which printing moves, and without the addresses print adds
// after links (CSS content, which innerText leaves out), by its first and
// last words.
func splitCaption(sheets []string, caption string) string {
	c := []rune(squeeze(caption))
	if len(c) == 0 {
		return ""
	}
	n := min(len(c), 24)
	head, tail := string(c[:n]), string(c[len(c)-n:])
	first, last := -1, -1
	for i, s := range sheets {
		s = squeeze(s)
		if first < 0 && strings.Contains(s, head) {
			first = i
		}
		if strings.Contains(s, head) && strings.Contains(s, tail) {
			return ""
		}
		if strings.Contains(s, tail) {
			last = i
		}
	}
	if first < 0 || last < 0 {
		return fmt.Sprintf("the caption %q is not in the printed text", strings.Join(strings.Fields(caption), " "))
	}
	return fmt.Sprintf("the caption %q starts on sheet %d and ends on sheet %d", strings.Join(strings.Fields(caption), " "), first+1, last+1)
}

// squeeze drops spaces and normalizes the text as a PDF's text comes back
// (ligatures, compatibility forms).
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00ad' {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}
