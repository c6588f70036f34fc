package pdf

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Options say how to print a pack.
type Options struct {
	// Paper is "letter" or "a4".
	Paper string
	// Footer is what each page's footer says beside its number: the
	// portfolio's address, or its title.
	Footer string
	// PageOf is how the footer gives each page's number, as HTML in which
	// {page} stands for the page's number and {pages} for their count;
	// "" is Page {page} of {pages}.
	PageOf string
	// Lang and Dir are the language and direction (ltr or rtl) of the
	// footer's words; "" for English, left to right.
	Lang, Dir string
	// Date is the document's date, written as its creation and
	// modification date; zero leaves them out. Never the time of printing,
	// so that the same pack gives the same file.
	Date time.Time
	// Chapters are the ids of the elements that start the chapters, in
	// order: each must land on a page.
	Chapters []string
	// Profile is an empty folder for the browser's profile, removed by
	// the caller afterwards.
	Profile string
	// NoSandbox runs the browser without its sandbox, which Chromium
	// refuses to start as the root user.
	NoSandbox bool
	// StartTimeout bounds the start of the browser; 0 means a minute.
	StartTimeout time.Duration
}

// Result is a printed pack.
type Result struct {
	PDF   []byte
	Pages int
	// ChapterPages is the page each chapter starts on, by its id.
	ChapterPages map[string]int
}

// maxPrintings bounds how often the pack is printed to settle its page
// numbers: the first printing finds where each chapter starts, the second
// prints the contents with those numbers, and a third is needed only when
// the numbers moved a chapter.
const maxPrintings = 4

// Print prints the page file (an absolute path of a pack's page) with
// the browser, fills in the page numbers of its contents (every element
// with data-page-of="id" gets the page where the element with that id
// starts), and returns the finished PDF.
func Print(ctx context.Context, browser, file string, o Options) (*Result, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(o.Profile),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("mute-audio", true),
		// The pack is files on disk: the browser resolves no host name.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.CombinedOutput(io.Discard),
	)
	if o.NoSandbox {
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tab, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	// The first action starts the browser and ties it to tab, so it has no
	// deadline of its own: give up on it from outside instead.
	timeout := o.StartTimeout
	if timeout == 0 {
		timeout = time.Minute
	}
	timer := time.AfterFunc(timeout, cancel)
	err := chromedp.Do(tab)
	if !timer.Stop() {
		return nil, fmt.Errorf("the browser %s did not start within %s", browser, timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("starting the browser %s: %w", browser, err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // C:/... on Windows
	}
	if err := chromedp.Do(tab, chromedp.Navigate(u.String())); err != nil {
		return nil, fmt.Errorf("opening the pack in the browser: %w", err)
	}
	width, height := 8.5, 11.0
	if o.Paper == "a4" {
		width, height = 210/25.4, 297/25.4
	}
	printOpts := []chromedp.PDFOption{
		chromedp.PDFPaper(chromedp.PaperSize{Width: width, Height: height}),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate("<span></span>"),
		chromedp.PDFFooterTemplate(footer(o)),
		func(p *page.PrintToPDFParams) { p.TransferMode = page.PrintToPDFTransferModeReturnAsStream },
	}
	// The first printing only finds the pages: without the structure for
	// screen readers and the outline, which take the browser as long
	// again to make and change no page.
	draft := append(slices.Clip(printOpts), func(p *page.PrintToPDFParams) {
		no := false
		p.GenerateTaggedPDF, p.GenerateDocumentOutline = &no, &no
	})
	final := append(slices.Clip(printOpts), chromedp.PDFOutlineAndTagged())
	var pages map[string]int
	for range maxPrintings {
		opts := final
		if pages == nil {
			opts = draft
		}
		data, err := chromedp.Run(tab, chromedp.PrintToPDF(opts...))
		if err != nil {
			return nil, fmt.Errorf("printing the pack: %w", err)
		}
		found, count, err := chapterPages(data, o.Chapters)
		if err != nil {
			return nil, err
		}
		if pages != nil && maps(found, pages) {
			if err := checkLinks(data, file); err != nil {
				return nil, err
			}
			out, err := Finish(data, o.Date)
			if err != nil {
				return nil, err
			}
			return &Result{PDF: out, Pages: count, ChapterPages: found}, nil
		}
		pages = found
		script, _ := json.Marshal(pages)
		fill := `(function (pages) {
  for (const el of document.querySelectorAll("[data-page-of]")) {
    const n = pages[el.getAttribute("data-page-of")];
    el.textContent = n ? String(n) : "";
  }
  return true;
})(` + string(script) + `)`
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fill)); err != nil {
			return nil, fmt.Errorf("numbering the pages of the contents: %w", err)
		}
	}
	return nil, errors.New("the page numbers of the contents did not settle: each printing moved a chapter to another page; please report this as a bug in dll")
}

// maps reports whether two maps of pages are the same.
func maps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// footer is the browser's footer template: the text, then the page's
// number of all. The browser draws it in the bottom margin, with no style
// of the page's own.
func footer(o Options) string {
	pageOf := cmp.Or(o.PageOf, "Page {page} of {pages}")
	pageOf = strings.NewReplacer("{pages}", `<span class="totalPages"></span>`, "{page}", `<span class="pageNumber"></span>`).Replace(pageOf)
	attrs := ""
	if o.Lang != "" {
		attrs += ` lang="` + html.EscapeString(o.Lang) + `"`
	}
	if o.Dir == "rtl" {
		attrs += ` dir="rtl"`
	}
	return `<div` + attrs + ` style="box-sizing: border-box; width: 100%; padding: 0 17mm; display: flex; justify-content: space-between; gap: 8mm; ` +
		`font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif; font-size: 8pt; color: #3d434a;">` +
		`<span style="overflow: hidden; text-overflow: ellipsis; white-space: nowrap;">` + html.EscapeString(o.Footer) + `</span>` +
		`<span style="white-space: nowrap;">` + pageOf + `</span></div>`
}

// chapterPages reads, from a printed pack, the page where each chapter
// starts: the browser makes a named destination of every element that a
// link of the page points to, and the contents link to every chapter.
func chapterPages(data []byte, chapters []string) (map[string]int, int, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := pdfcpu.Read(bytes.NewReader(data), conf)
	if err != nil {
		return nil, 0, fmt.Errorf("reading the printed pack: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, 0, fmt.Errorf("reading the printed pack: %w", err)
	}
	dests := map[string]types.Object{}
	if root, err := ctx.Catalog(); err == nil {
		if d, err := ctx.DereferenceDict(root["Dests"]); err == nil {
			for k, v := range d {
				dests[k] = v
			}
		}
	}
	out := map[string]int{}
	for _, id := range chapters {
		o, ok := dests[id]
		if !ok {
			return nil, 0, fmt.Errorf("the printed pack has no place for the chapter %q; please report this as a bug in dll", id)
		}
		n, err := destPage(ctx, o)
		if err != nil {
			return nil, 0, fmt.Errorf("reading where the chapter %q starts: %w", id, err)
		}
		out[id] = n
	}
	return out, ctx.PageCount, nil
}

// destPage is the page a destination points to: an array whose first
// element is the page, or a dictionary with such an array as D.
func destPage(ctx *model.Context, o types.Object) (int, error) {
	o, err := ctx.Dereference(o)
	if err != nil {
		return 0, err
	}
	if d, ok := o.(types.Dict); ok {
		if o, err = ctx.Dereference(d["D"]); err != nil {
			return 0, err
		}
	}
	a, ok := o.(types.Array)
	if !ok || len(a) == 0 {
		return 0, errors.New("not a destination")
	}
	ref, ok := a[0].(types.IndirectRef)
	if !ok {
		return 0, errors.New("a destination without a page")
	}
	n, err := ctx.PageNumber(ref.ObjectNumber.Value())
	if err != nil || n == 0 {
		return 0, errors.New("a destination to no page")
	}
	return n, nil
}

// checkLinks refuses a PDF that links to a file of this computer, or
// names the folder the pack was printed from: a reader has neither.
func checkLinks(data []byte, file string) error {
	dir := filepath.ToSlash(filepath.Dir(file))
	for _, bad := range []string{"file:", dir} {
		if bad != "" && bad != "." && bytes.Contains(data, []byte(bad)) {
			return errors.New("the printed pack would link to a file of this computer; please report this as a bug in dll")
		}
	}
	return nil
}
