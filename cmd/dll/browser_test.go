//go:build browser

package main_test

// The end-to-end browser tests: build the example portfolio with the real
// binary, open every page of the site in headless Chromium three ways (from
// disk, from a server's root and from a server's sub-path) and check each
// page for accessibility (axe-core, light and dark theme), sideways
// scrolling at 320 px, images and media that load, links that resolve, and
// requests that never leave the machine.
//
// They take minutes, so they run only when asked for, with the build tag
// browser: go test -tags browser ./cmd/dll (.ci/run always runs them).
// They need Debian's chromium (sudo apt-get install chromium) and npm,
// which installs the pinned axe-core into testdata/browser/node_modules
// the first time; asked for without them, they fail and say what to
// install.
//
// With -screenshots it also saves the README's screenshots to
// examples/screenshots; go test -tags browser ./cmd/dll -run
// 'TestBrowser$/screenshots' -screenshots only saves them.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.Bool("screenshots", false, "browser test: save screenshots of the example site to examples/screenshots")

const (
	// browserStartTimeout bounds the start of Chromium.
	browserStartTimeout = 30 * time.Second
	// pageTimeout bounds everything the test does with one page.
	pageTimeout = 30 * time.Second
	// siteTimeout bounds one way of opening the site, all pages: about
	// 20 s for the example's 84 pages on an idle machine.
	siteTimeout = 10 * time.Minute
	// narrowWidth is the narrowest phone screen a page must fit without
	// sideways scrolling (WCAG 1.4.10 Reflow).
	narrowWidth = 320
)

// axeTags are the rule sets axe-core runs: WCAG 2.0, 2.1 and 2.2, A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// browserDir holds package.json and package-lock.json, which pin axe-core.
const browserDir = "testdata/browser"

// TestBrowser builds the example portfolio and checks every page of the
// site in a real browser, opened from disk, from a server's root and from a
// server's sub-path.
func TestBrowser(t *testing.T) {
	chrome := findChromium(t)
	axe := loadAxe(t)

	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	stdout, stderr, code := runDLL(t, root, "build", "examples/portfolio", "-o", out)
	if code != 0 {
		t.Fatalf("dll build examples/portfolio -o %s: exit %d\nstdout:\n%s\nstderr:\n%s", out, code, stdout, stderr)
	}
	pages := htmlPages(t, out)
	for _, want := range []string{"index.html", "experiences/glider-design-challenge/index.html"} {
		if !slices.Contains(pages, want) {
			t.Fatalf("the built site has no %s; its pages: %s", want, strings.Join(pages, ", "))
		}
	}
	t.Logf("%d pages", len(pages))

	browser := startBrowser(t, chrome)
	for _, mode := range []string{"file", "root", "subpath"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			s := openSite(t, mode, out)
			report := checkSite(t, browser, s, pages, axe)
			for _, p := range pages {
				if msgs := report[p]; len(msgs) > 0 {
					t.Errorf("%s (%s):\n\t%s", p, s.url(p), strings.Join(msgs, "\n\t"))
				}
			}
		})
	}
	if *screenshots {
		t.Run("screenshots", func(t *testing.T) {
			t.Parallel()
			takeScreenshots(t, browser, out, filepath.Join(root, "examples", "screenshots"))
		})
	}
}

// TestBrowserChecks runs the checks of TestBrowser on a hand-made site,
// testdata/browser/fixture: its good pages pass, and each problem of
// broken.html is found.
func TestBrowserChecks(t *testing.T) {
	chrome := findChromium(t)
	axe := loadAxe(t)
	dir, err := filepath.Abs(filepath.Join(browserDir, "fixture"))
	if err != nil {
		t.Fatal(err)
	}
	pages := htmlPages(t, dir)
	browser := startBrowser(t, chrome)

	// Each problem of broken.html, as a part of its message, and those
	// that depend on how the site is opened.
	want := []string{
		"axe, light theme: image-alt (critical)",
		"axe, dark theme: color-contrast (serious)",
		".dark-only-dim",
		"scrolls sideways at 320 px",
		"div.wide",
		`image did not load: assets/missing.png`,
		`<img src="https://example.org/remote.png">: loads from another host`,
		"request leaves the machine: https://example.org/remote.png",
		`<a href="missing.html">: `,
		`<video src="clip.webm">: `,
		`<a href="#nowhere">: no element with id "nowhere" on this page`,
		`<a href="entries/one/index.html#nope">: no element with id "nope" on entries/one/index.html`,
		"JavaScript error: Uncaught Error: boom",
	}
	byMode := map[string][]string{
		"file":    {`<a href="entries/one/">: entries/one/ is a folder, not a file`, `<a href="/index.html">: leaves the site`},
		"root":    {},
		"subpath": {`<a href="/index.html">: leaves the site`},
	}
	for _, mode := range []string{"file", "root", "subpath"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			s := openSite(t, mode, dir)
			report := checkSite(t, browser, s, pages, axe)
			for _, p := range pages {
				if p != "broken.html" && len(report[p]) > 0 {
					t.Errorf("%s: want no problems, got:\n\t%s", p, strings.Join(report[p], "\n\t"))
				}
			}
			got := strings.Join(report["broken.html"], "\n")
			t.Logf("broken.html:\n%s", got)
			for _, w := range append(want, byMode[mode]...) {
				if !strings.Contains(got, w) {
					t.Errorf("broken.html: no problem says %q; the problems:\n%s", w, got)
				}
			}
			if mode == "root" && strings.Contains(got, `<a href="entries/one/">`) {
				t.Errorf("broken.html: a server shows entries/one/ as its index.html, but the check says:\n%s", got)
			}
		})
	}
}

// missingBrowserTool ends a test that needs a tool the machine lacks. It
// fails, never skips: the browser tests run only when asked for, and a
// run that asked for them and checked nothing must not pass.
func missingBrowserTool(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Fatalf(format, args...)
}

// findChromium returns the path of Chromium or Chrome.
func findChromium(t testing.TB) string {
	t.Helper()
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missingBrowserTool(t, "the browser test needs Chromium; install it with: sudo apt-get install chromium")
	return ""
}

// loadAxe returns the source of axe-core, installing the pinned version
// with npm ci when testdata/browser/node_modules lacks it.
func loadAxe(t *testing.T) string {
	t.Helper()
	file := filepath.Join(browserDir, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		npm, err := exec.LookPath("npm")
		if err != nil {
			missingBrowserTool(t, "the browser test needs npm to install axe-core (or run: npm ci --prefix cmd/dll/%s)", browserDir)
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
		cmd.Dir = browserDir
		if out, err := cmd.CombinedOutput(); err != nil {
			missingBrowserTool(t, "npm ci in cmd/dll/%s: %v\n%s", browserDir, err, out)
		}
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// htmlPages lists the .html files under dir, as slash-separated paths
// relative to it, sorted.
func htmlPages(t *testing.T, dir string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".html") {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("no .html pages in %s", dir)
	}
	slices.Sort(pages)
	return pages
}

// startBrowser starts a headless Chromium for the whole test and returns a
// context of its first tab. Every other tab is a child of it.
func startBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	profile, err := os.MkdirTemp("", "dll-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(profile),
		// Chromium's own temporary files go with the profile, removed
		// at the end, not into the system's temporary folder.
		chromedp.Env("TMPDIR="+profile),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("mute-audio", true),
		// Resolve no host name but the loopback ones, as a second guard
		// behind the request interception of each tab.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
		chromedp.CombinedOutput(io.Discard),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	})

	// The first Run starts the browser and ties it to ctx, so it must not
	// have a timeout of its own: give up on it from outside instead.
	timer := time.AfterFunc(browserStartTimeout, cancel)
	err = chromedp.Do(ctx)
	if !timer.Stop() {
		t.Fatalf("Chromium (%s) did not start within %s", exe, browserStartTimeout)
	}
	if err != nil {
		t.Fatalf("starting Chromium (%s): %v", exe, err)
	}
	return ctx
}

// openTab opens a new tab of the browser, closed at the end of the test.
func openTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	// As for the browser, the first Run ties the tab to its context.
	timer := time.AfterFunc(browserStartTimeout, cancel)
	err := chromedp.Do(tab)
	if !timer.Stop() {
		t.Fatalf("the browser did not open a tab within %s", browserStartTimeout)
	}
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

// site is one way of opening the built site.
type site struct {
	mode string   // file, root or subpath
	base *url.URL // the URL of the site's folder, ending in "/"
}

// url returns the URL of the page at the slash-separated path rel.
func (s *site) url(rel string) string {
	return s.base.ResolveReference(&url.URL{Path: rel}).String()
}

// rel returns the path of u relative to the site's folder, and whether u
// is inside the site.
func (s *site) rel(u *url.URL) (string, bool) {
	if u.Scheme != s.base.Scheme || u.Host != s.base.Host || !strings.HasPrefix(u.Path, s.base.Path) {
		return "", false
	}
	return strings.TrimPrefix(u.Path, s.base.Path), true
}

// openSite opens dir as the mode says: file:// URLs, or a local server
// that serves it at its root or under /portfolio/.
func openSite(t *testing.T, mode, dir string) *site {
	t.Helper()
	var base string
	switch mode {
	case "file":
		base = (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
	case "root", "subpath":
		prefix := "/"
		if mode == "subpath" {
			prefix = "/portfolio/"
		}
		mux := http.NewServeMux()
		mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), staticFiles(dir)))
		srv := httptest.NewUnstartedServer(mux)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv.Listener = l
		srv.Start()
		t.Cleanup(srv.Close)
		base = srv.URL + prefix
	default:
		t.Fatalf("unknown mode %q", mode)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return &site{mode: mode, base: u}
}

// staticFiles serves the files of dir as a static host does: a folder's
// URL ending in "/" shows its index.html, and nothing is listed. Unlike
// http.FileServer it does not redirect .../index.html to .../.
func staticFiles(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		name := filepath.Join(dir, filepath.FromSlash(path.Clean(p)))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			if !strings.HasSuffix(p, "/") {
				http.Redirect(w, r, path.Base(p)+"/", http.StatusMovedPermanently)
				return
			}
			name = filepath.Join(name, "index.html")
			fi, err = os.Stat(name)
		}
		if err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		f, err := os.Open(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		http.ServeContent(w, r, name, fi.ModTime(), f)
	})
}

// checkSite opens each page of s in a new tab and returns the problems
// found, by page.
func checkSite(t *testing.T, browser context.Context, s *site, pages []string, axe string) map[string][]string {
	t.Helper()
	tab := openTab(t, browser)
	watch := watchNetwork(t, tab)

	ctx, cancelSite := context.WithTimeout(tab, siteTimeout)
	defer cancelSite()
	c := &checker{site: s, axe: axe, net: watch, ids: map[string]map[string]bool{}, resolved: map[string]string{},
		client: &http.Client{
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}}
	report := map[string][]string{}
	var fragments []fragmentLink
	start := time.Now()
	defer func() {
		t.Logf("%s: checked %d pages in %s", s.mode, len(pages), time.Since(start).Round(time.Millisecond))
	}()
	for _, p := range pages {
		pctx, cancel := context.WithTimeout(ctx, pageTimeout)
		msgs, frags, err := c.checkPage(pctx, p)
		cancel()
		if err != nil {
			msgs = append(msgs, err.Error())
		}
		report[p] = msgs
		fragments = append(fragments, frags...)
		if ctx.Err() != nil {
			t.Fatalf("checking the site took longer than %s; stopped at %s", siteTimeout, p)
		}
	}
	// Fragments of links to other pages, now that every page's ids are known.
	for _, f := range fragments {
		ids, ok := c.ids[f.target]
		if !ok {
			continue // not a page of the site, or a page that did not load
		}
		if !ids[f.id] && !strings.EqualFold(f.id, "top") {
			report[f.page] = append(report[f.page], fmt.Sprintf("%s: no element with id %q on %s", f.link, f.id, f.target))
		}
	}
	return report
}

// fragmentLink is a link to an element of another page.
type fragmentLink struct {
	page, link string // the page that links and the link, as <a href="...">
	target, id string // the page it links to and the id
}

// checker checks the pages of one site in one tab.
type checker struct {
	site     *site
	axe      string
	net      *netWatch
	client   *http.Client
	ids      map[string]map[string]bool // the ids of each page checked
	resolved map[string]string          // URL → "" when it resolves, or the problem
}

// pageInfo is what collectJS returns.
type pageInfo struct {
	URL   string     `json:"url"`
	Links []pageLink `json:"links"`
	IDs   []string   `json:"ids"`
}

type pageLink struct {
	Tag  string `json:"tag"`
	Attr string `json:"attr"`
	Raw  string `json:"raw"`
	Abs  string `json:"abs"`
}

// collectJS lists every URL of the page in an attribute that a browser
// follows or loads, and every id.
const collectJS = `(() => {
  const links = [];
  const add = (el, attr, raw) => {
    let abs = '';
    try { abs = new URL(raw, document.baseURI).href; } catch (e) {}
    links.push({tag: el.localName, attr, raw, abs});
  };
  const attrs = {href: 'a, area, link', src: 'img, video, audio, track, source, iframe, embed, script, input[type=image]', poster: 'video', data: 'object'};
  for (const [attr, sel] of Object.entries(attrs)) {
    for (const el of document.querySelectorAll(sel)) {
      if (el.hasAttribute(attr)) add(el, attr, el.getAttribute(attr));
    }
  }
  for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
    for (const part of el.getAttribute('srcset').split(',')) {
      const raw = part.trim().split(/\s+/)[0];
      if (raw) add(el, 'srcset', raw);
    }
  }
  const ids = [...document.querySelectorAll('[id]')].map(el => el.id)
    .concat([...document.querySelectorAll('a[name]')].map(el => el.name));
  return {url: location.href, links, ids};
})()`

// imagesJS waits until every image has loaded or failed, lazy ones too,
// and returns the src of each one that did not load.
const imagesJS = `(async () => {
  const imgs = [...document.images];
  for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
    setTimeout(done, 5000);
  })));
  return imgs.filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute('src') || img.currentSrc || '(no src)');
})()`

// finishAnimations ends every CSS transition and animation, so that a
// theme switch or a resize shows its final colors and sizes at once.
const finishAnimations = `document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} });`

// axeRunJS runs axe-core and returns its violations. The %s is the list
// of tags, and the %t says whether axe may fetch the stylesheets again to
// read them (its preload), which a page opened from file:// forbids: the
// fetches would fail.
const axeRunJS = `(async () => {
  ` + finishAnimations + `
  const r = await axe.run({runOnly: {type: 'tag', values: %s}, resultTypes: ['violations'], preload: %t});
  const target = t => t.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)).join(' ');
  return r.violations.map(v => ({
    id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => ({
      target: target(n.target),
      why: [...n.any, ...n.all, ...n.none].map(c => c.message).filter(Boolean).join('; '),
    })),
  }));
})()`

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target string `json:"target"`
		Why    string `json:"why"`
	} `json:"nodes"`
}

// overflowJS measures sideways scrolling and lists the elements that stick
// out of the viewport or whose content spills out of them.
const overflowJS = `(() => {
  ` + finishAnimations + `
  const de = document.documentElement;
  const vw = de.clientWidth;
  const meta = document.querySelector('meta[name="viewport"]');
  const res = {scrollWidth: de.scrollWidth, clientWidth: vw,
    viewport: !!meta && /width\s*=\s*device-width/.test(meta.content || ''), wide: []};
  if (de.scrollWidth <= vw) return res;
  const name = el => {
    let s = el.localName;
    if (el.id) return s + '#' + el.id;
    for (const c of el.classList) s += '.' + c;
    return s;
  };
  // The element and its ancestors up to the nearest one with an id or a
  // class, and at most 6 of them.
  const where = el => {
    const parts = [name(el)];
    for (let e = el.parentElement; e && e !== document.body && e !== de && parts.length < 6; e = e.parentElement) {
      parts.unshift(name(e));
      if (e.id || e.classList.length) break;
    }
    return parts.join(' > ');
  };
  // Whether an ancestor's overflow clips the element, so that it cannot
  // widen the page. An absolutely positioned element escapes every
  // ancestor below its containing block; a fixed one never widens it.
  const clipped = el => {
    let pos = getComputedStyle(el).position;
    for (let p = el.parentElement; p && p !== document.body && p !== de; p = p.parentElement) {
      if (pos === 'fixed') return true;
      const cs = getComputedStyle(p);
      if (pos === 'absolute' && cs.position === 'static' && cs.transform === 'none') continue;
      if (cs.overflowX !== 'visible') return true;
      pos = cs.position;
    }
    return pos === 'fixed';
  };
  const wide = new Map();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const sticksOut = r.width > 0 && r.right > vw + 0.5;
    const spills = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible';
    if (!(sticksOut || spills) || clipped(el)) continue;
    const key = where(el) + (spills ? ' spills' : '');
    const w = wide.get(key) || {el: where(el), count: 0, right: 0, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, spills};
    w.count++;
    w.right = Math.max(w.right, Math.round(r.right));
    wide.set(key, w);
  }
  res.wide = [...wide.values()];
  return res;
})()`

type overflowInfo struct {
	ScrollWidth int  `json:"scrollWidth"`
	ClientWidth int  `json:"clientWidth"`
	Viewport    bool `json:"viewport"`
	Wide        []struct {
		El          string `json:"el"`
		Count       int    `json:"count"`
		Right       int    `json:"right"`
		ScrollWidth int    `json:"scrollWidth"`
		ClientWidth int    `json:"clientWidth"`
		Spills      bool   `json:"spills"`
	} `json:"wide"`
}

// checkPage loads one page and checks it. It returns the problems found,
// the links to elements of other pages, and an error when the page could
// not be checked at all.
func (c *checker) checkPage(ctx context.Context, rel string) (msgs []string, frags []fragmentLink, err error) {
	pageURL := c.site.url(rel)
	c.net.reset()
	if err := chromedp.Do(ctx,
		viewport(1280, 900, false),
		colorScheme("light"),
		chromedp.Navigate(pageURL),
	); err != nil {
		return nil, nil, fmt.Errorf("loading the page: %w", err)
	}

	info, err := chromedp.Run(ctx, chromedp.Evaluate[pageInfo](collectJS))
	if err != nil {
		return nil, nil, fmt.Errorf("reading the links: %w", err)
	}
	ids := map[string]bool{}
	for _, id := range info.IDs {
		ids[id] = true
	}
	c.ids[rel] = ids

	// (iii) images that load, and links that resolve.
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](imagesJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, nil, fmt.Errorf("waiting for the images: %w", err)
	}
	for _, src := range broken {
		msgs = append(msgs, "image did not load: "+src)
	}
	reported := map[string]bool{} // URLs found broken, without fragment
	here, _ := url.Parse(info.URL)
	for _, l := range info.Links {
		msg, frag := c.checkLink(ctx, rel, here, l, ids)
		if msg != "" {
			msgs = append(msgs, msg)
			if u, err := url.Parse(l.Abs); err == nil {
				u.Fragment = ""
				reported[u.String()] = true
			}
		}
		if frag != nil {
			frags = append(frags, *frag)
		}
	}

	// (i) axe-core, in the light and the dark theme.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](c.axe+"\n;undefined")); err != nil {
		return msgs, frags, fmt.Errorf("loading axe-core: %w", err)
	}
	seen := map[string]bool{} // rule id and target found in the light theme
	for _, scheme := range []string{"light", "dark"} {
		if err := chromedp.Do(ctx, colorScheme(scheme)); err != nil {
			return msgs, frags, err
		}
		js := fmt.Sprintf(axeRunJS, mustJSON(axeTags), c.site.mode != "file")
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](js, chromedp.EvalAwaitPromise))
		if err != nil {
			return msgs, frags, fmt.Errorf("axe-core, %s theme: %w", scheme, err)
		}
		for _, v := range violations {
			var nodes []string
			for _, n := range v.Nodes {
				key := v.ID + " " + n.Target
				if seen[key] {
					continue // the same in both themes: reported once
				}
				seen[key] = true
				s := n.Target
				if n.Why != "" {
					s += " (" + shorten(n.Why, 300) + ")"
				}
				nodes = append(nodes, s)
			}
			if len(nodes) == 0 {
				continue
			}
			if len(nodes) > 10 {
				nodes = append(nodes[:10], fmt.Sprintf("... and %d more", len(nodes)-10))
			}
			msgs = append(msgs, fmt.Sprintf("axe, %s theme: %s (%s) %s:\n\t\t%s", scheme, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n\t\t")))
		}
	}

	// (ii) no sideways scrolling at 320 px.
	if err := chromedp.Do(ctx, colorScheme("light"), viewport(narrowWidth, 640, false)); err != nil {
		return msgs, frags, err
	}
	ov, err := chromedp.Run(ctx, chromedp.Evaluate[overflowInfo](overflowJS))
	if err != nil {
		return msgs, frags, fmt.Errorf("measuring the width: %w", err)
	}
	if !ov.Viewport {
		msgs = append(msgs, `no <meta name="viewport" content="width=device-width, initial-scale=1">: phones show the page zoomed out`)
	}
	if ov.ScrollWidth > ov.ClientWidth {
		var wide []string
		for i, w := range ov.Wide {
			if i == 12 {
				wide = append(wide, fmt.Sprintf("... and %d more", len(ov.Wide)-i))
				break
			}
			var m string
			if w.Spills {
				m = fmt.Sprintf("%s: content %d px wide in a box of %d px", w.El, w.ScrollWidth, w.ClientWidth)
			} else {
				m = fmt.Sprintf("%s: right edge at x=%d", w.El, w.Right)
			}
			if w.Count > 1 {
				m += fmt.Sprintf(" (%d such elements)", w.Count)
			}
			wide = append(wide, m)
		}
		if len(wide) == 0 {
			wide = append(wide, "(no element sticks out: look for long words, pre blocks and pseudo-elements)")
		}
		msgs = append(msgs, fmt.Sprintf("scrolls sideways at %d px: the page is %d px wide; too wide:\n\t\t%s",
			ov.ClientWidth, ov.ScrollWidth, strings.Join(wide, "\n\t\t")))
	}

	// (iv) requests: none leaves the machine, none fails. JavaScript errors.
	msgs = append(msgs, c.net.problems(reported)...)
	return msgs, frags, nil
}

// checkLink checks one URL of the page at rel (here is its URL). It
// returns the problem, if any, and the link when it points to an element
// of another page, for checking once every page is known.
func (c *checker) checkLink(ctx context.Context, rel string, here *url.URL, l pageLink, ids map[string]bool) (string, *fragmentLink) {
	what := fmt.Sprintf("<%s %s=%q>", l.Tag, l.Attr, l.Raw)
	u, err := url.Parse(l.Abs)
	if l.Abs == "" || err != nil {
		return what + ": not a valid URL", nil
	}
	loads := l.Attr != "href" // the browser fetches it with the page
	switch u.Scheme {
	case "mailto", "tel", "sms", "data", "blob", "about":
		return "", nil
	case "javascript":
		return what + ": a javascript: link", nil
	case "http", "https", "file":
	default:
		if loads {
			return what + ": loads from an unknown scheme", nil
		}
		return "", nil
	}
	if u.Scheme != "file" && u.Hostname() != "127.0.0.1" {
		if loads {
			return what + ": loads from another host", nil
		}
		return "", nil // a link to another site: allowed, never requested
	}
	target, inside := c.site.rel(u)
	if !inside {
		return fmt.Sprintf("%s: leaves the site (%s)", what, u), nil
	}
	if target == "" || strings.HasSuffix(target, "/") {
		if c.site.mode == "file" {
			return fmt.Sprintf("%s: %s is a folder, not a file", what, displayPath(target)), nil
		}
		target += "index.html"
	}

	// A fragment: the element must exist on the page it points to.
	var frag *fragmentLink
	if u.Fragment != "" {
		same := *u
		same.Fragment = ""
		doc := *here
		doc.Fragment = ""
		if same.String() == doc.String() {
			if !ids[u.Fragment] && !strings.EqualFold(u.Fragment, "top") {
				return fmt.Sprintf("%s: no element with id %q on this page", what, u.Fragment), nil
			}
			return "", nil
		}
		if strings.HasSuffix(target, ".html") {
			frag = &fragmentLink{page: rel, link: what, target: target, id: u.Fragment}
		}
	}

	if problem := c.resolve(ctx, u, target); problem != "" {
		return what + ": " + problem, nil
	}
	return "", frag
}

// shorten cuts s to at most n bytes, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// displayPath shows a folder path of the site, "." for its root.
func displayPath(p string) string {
	if p == "" {
		return "./"
	}
	return p
}

// resolve checks that the URL of the file rel of the site exists: on disk
// for file://, by a GET that answers 200 for http://. It remembers the
// answers.
func (c *checker) resolve(ctx context.Context, u *url.URL, rel string) string {
	v := *u
	v.Fragment = ""
	key := v.String()
	if problem, ok := c.resolved[key]; ok {
		return problem
	}
	problem := ""
	if v.Scheme == "file" {
		switch fi, err := os.Stat(filepath.FromSlash(v.Path)); {
		case err != nil:
			problem = fmt.Sprintf("%s does not exist", rel)
		case fi.IsDir():
			problem = fmt.Sprintf("%s is a folder, not a file", rel)
		}
	} else {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, key, nil)
		if err != nil {
			return err.Error()
		}
		resp, err := c.client.Do(req)
		if err != nil {
			problem = fmt.Sprintf("GET %s: %v", rel, err)
		} else {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				problem = fmt.Sprintf("GET %s answers %s", rel, resp.Status)
			}
		}
	}
	c.resolved[key] = problem
	return problem
}

// viewport sets the size of the tab's viewport.
func viewport(width, height int64, mobile bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: height, DeviceScaleFactor: 1, Mobile: mobile,
		})
		return err
	})
}

// colorScheme emulates prefers-color-scheme: light or dark.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// netWatch records the requests of a tab and blocks each one that would
// leave the machine.
type netWatch struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	offsite  []string
	failed   []string
	jsErrors []string
}

// watchNetwork starts watching the requests and the JavaScript errors of
// the tab.
func watchNetwork(t *testing.T, tab context.Context) *netWatch {
	t.Helper()
	w := &netWatch{urls: map[network.RequestID]string{}}
	err := chromedp.Listen(tab, func(ev any) {
		switch ev := ev.(type) {
		case *fetch.EventRequestPaused:
			go answer(tab, ev) // no command may run in here
		case *network.EventRequestWillBeSent:
			w.mu.Lock()
			w.urls[ev.RequestID] = ev.Request.URL
			if !local(ev.Request.URL) {
				w.offsite = append(w.offsite, ev.Request.URL)
			}
			w.mu.Unlock()
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && !browserOwn(ev.Response.URL) {
				w.mu.Lock()
				w.failed = append(w.failed, fmt.Sprintf("%s answered %d %s", ev.Response.URL, ev.Response.Status, ev.Response.StatusText))
				w.mu.Unlock()
			}
		case *network.EventLoadingFailed:
			w.mu.Lock()
			u := w.urls[ev.RequestID]
			if !ev.Canceled && local(u) && !browserOwn(u) {
				why := ev.ErrorText
				if ev.BlockedReason != "" {
					why += " blocked: " + string(ev.BlockedReason)
				}
				if ev.CorsErrorStatus != nil {
					why += " CORS: " + string(ev.CorsErrorStatus.CorsError)
				}
				if ev.Type != "" {
					why += " (" + string(ev.Type) + ")"
				}
				if ev.Type == network.ResourceTypeTextTrack && strings.HasPrefix(u, "file:") {
					why += ": Chromium loads no <track> from file://, where each file is an origin of its own, so the captions do not show (a data: URL would)"
				}
				w.failed = append(w.failed, fmt.Sprintf("%s failed: %s", u, strings.TrimSpace(why)))
			}
			w.mu.Unlock()
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + strings.SplitN(d.Exception.Description, "\n", 2)[0]
			}
			w.mu.Lock()
			w.jsErrors = append(w.jsErrors, msg)
			w.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "http*"}}}); err != nil {
		t.Fatal(err)
	}
	return w
}

// answer lets a paused request go on when it stays on this machine, and
// fails it otherwise.
func answer(tab context.Context, ev *fetch.EventRequestPaused) {
	if local(ev.Request.URL) {
		chromedp.Call(tab, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
	} else {
		chromedp.Call(tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
	}
}

// local reports whether a request for the URL stays on this machine.
func local(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "file", "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		return u.Hostname() == "127.0.0.1"
	}
	return false
}

// browserOwn reports whether the browser asks for the URL by itself, not
// because of the page: /favicon.ico at the root of a server, which
// Chromium tries once for a page with no <link rel="icon">. A missing
// icon that a page links to is found with the page's other links.
func browserOwn(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme != "file" && u.Path == "/favicon.ico"
}

// reset forgets what the previous page did.
func (w *netWatch) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	clear(w.urls)
	w.offsite, w.failed, w.jsErrors = nil, nil, nil
}

// problems returns what went wrong since the last reset, leaving out the
// failures of URLs already reported (without their fragment).
func (w *netWatch) problems(reported map[string]bool) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var msgs []string
	for _, u := range w.offsite {
		msgs = append(msgs, "request leaves the machine: "+u+" (blocked)")
	}
	for _, f := range w.failed {
		u := strings.Fields(f)[0]
		if reported[u] {
			continue
		}
		msgs = append(msgs, "request "+f)
	}
	for _, e := range w.jsErrors {
		msgs = append(msgs, "JavaScript error: "+e)
	}
	return msgs
}

// takeScreenshots saves the README's screenshots of the site in dir to
// the folder to: the home page and an entry page at 1280x900, and both at
// a phone's 390 px.
func takeScreenshots(t *testing.T, browser context.Context, dir, to string) {
	tab := openTab(t, browser)
	ctx, cancelTimeout := context.WithTimeout(tab, time.Minute)
	defer cancelTimeout()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &site{mode: "file", base: &url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}}
	shots := []struct {
		file, page    string
		width, height int64
		mobile        bool
	}{
		{"home.png", "index.html", 1280, 900, false},
		{"entry.png", "experiences/glider-design-challenge/index.html", 1280, 900, false},
		{"home-mobile.png", "index.html", 390, 844, true},
		{"entry-mobile.png", "experiences/glider-design-challenge/index.html", 390, 844, true},
	}
	for _, shot := range shots {
		if err := chromedp.Do(ctx,
			viewport(shot.width, shot.height, shot.mobile),
			colorScheme("light"),
			chromedp.Navigate(s.url(shot.page)),
			chromedp.Evaluate[chromedp.Void](finishAnimations),
		); err != nil {
			t.Fatalf("%s: %v", shot.page, err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("%s: %v", shot.page, err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Fatalf("%s: the screenshot is not a PNG", shot.page)
		}
		file := filepath.Join(to, shot.file)
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("saved %s (%s, %dx%d)", file, shot.page, shot.width, shot.height)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
