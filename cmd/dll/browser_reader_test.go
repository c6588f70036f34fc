//go:build browser

package main_test

// The site as its readers get it: every page valid HTML (the Nu Html
// Checker), the 404 page served the way GitHub Pages serves it, and a
// phone photo that costs a phone little.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// buildExample builds a copy of the example portfolio, with more settings
// added to its dll.yaml, and returns the site's folder.
func buildExample(t *testing.T, settings string, edit func(dir string)) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "examples", "portfolio"))); err != nil {
		t.Fatal(err)
	}
	if settings != "" {
		f, err := os.OpenFile(filepath.Join(dir, "dll.yaml"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(settings)
		f.Close()
	}
	if edit != nil {
		edit(dir)
	}
	out := filepath.Join(t.TempDir(), "site")
	stdout, stderr, code := runDLL(t, dir, "build", "-o", out)
	if code != 0 {
		t.Fatalf("dll build: exit %d\n%s%s", code, stdout, stderr)
	}
	return out
}

// TestHTMLChecker runs the Nu Html Checker (vnu.jar, pinned in
// testdata/browser/package-lock.json) over every page of the example site:
// any error fails.
func TestHTMLChecker(t *testing.T) {
	for _, tc := range []struct{ name, settings string }{
		{"example", ""},
		{"base-url", "base_url: https://example.org/portfolio/\nsite:\n  show_gaps: true\n  show_revisions: true\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkHTML(t, buildExample(t, tc.settings, nil))
		})
	}
}

// checkHTML runs the Nu Html Checker over every page of the site in out:
// any error fails.
func checkHTML(t *testing.T, out string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		missingBrowserTool(t, "the HTML check needs Java; install it with: sudo apt-get install default-jre-headless")
	}
	loadAxe(t) // npm ci installs vnu-jar with axe-core
	jar, _ := filepath.Abs(filepath.Join(browserDir, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"))
	if _, err := os.Stat(jar); err != nil {
		missingBrowserTool(t, "the HTML check needs vnu-jar: run npm ci --prefix cmd/dll/%s", browserDir)
	}
	pages := htmlPages(t, out)
	args := []string{"-jar", jar, "--format", "json", "--errors-only"}
	for _, p := range pages {
		args = append(args, filepath.Join(out, filepath.FromSlash(p)))
	}
	cmd := exec.Command(java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int
		}
	}
	// vnu writes its JSON report to standard error.
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("vnu: %v (%v)\n%s%s", err, runErr, stdout.String(), stderr.String())
	}
	n := 0
	for _, m := range report.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		n++
		t.Errorf("%s:%d: %s\n\t%s", strings.TrimPrefix(m.URL, "file:"+out+"/"), m.LastLine, m.Message, m.Extract)
	}
	t.Logf("checked %d pages: %d errors", len(pages), n)
}

// ghPages serves dir under prefix as GitHub Pages does: a folder's
// address shows its index.html, and any address with nothing answers 404
// with the site's 404.html.
func ghPages(t *testing.T, dir, prefix string) string {
	t.Helper()
	files := staticFiles(dir)
	mux := http.NewServeMux()
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, strings.TrimSuffix(prefix, "/"))
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+rest)))
		if fi, err := os.Stat(name); ok && err == nil && (!fi.IsDir() || fileExists(filepath.Join(name, "index.html"))) {
			http.StripPrefix(strings.TrimSuffix(prefix, "/"), files).ServeHTTP(w, r)
			return
		}
		page, err := os.ReadFile(filepath.Join(dir, "404.html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(page)
	}))
	srv := httptest.NewUnstartedServer(mux)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// TestGitHubPages404 opens a missing nested address of the site served as
// GitHub Pages serves it, at the root and under a sub-path, with and
// without a base_url: the 404 page is styled and every link on it leads
// to a page of the site.
func TestGitHubPages404(t *testing.T) {
	chrome := findChromium(t)
	browser := startBrowser(t, chrome)
	plain := buildExample(t, "", nil)
	withBase := buildExample(t, "base_url: https://example.org/portfolio/\n", nil)
	for _, tc := range []struct{ name, site, prefix string }{
		{"root", plain, "/"},
		{"subpath", plain, "/portfolio/"},
		{"subpath with base_url", withBase, "/portfolio/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := ghPages(t, tc.site, tc.prefix)
			tab := openTab(t, browser)
			ctx, cancel := context.WithTimeout(tab, pageTimeout)
			defer cancel()
			missing := base + tc.prefix + "experiences/withdrawn-unit/photos/"
			if err := chromedp.Do(ctx, viewport(1280, 900, false), chromedp.Navigate(missing)); err != nil {
				t.Fatal(err)
			}
			// Without a base_url the page's script mends its links once
			// it has found the site's root, and marks the page.
			type state struct {
				Heading string   `json:"heading"`
				Styled  bool     `json:"styled"`
				Links   []string `json:"links"`
				Mended  bool     `json:"mended"`
			}
			var st state
			deadline := time.Now().Add(time.Minute)
			for {
				var err error
				st, err = chromedp.Run(ctx, chromedp.Evaluate[state](`({
  heading: (document.querySelector("h1") || {}).textContent || "",
  styled: getComputedStyle(document.body).fontFamily.includes("system-ui") && getComputedStyle(document.querySelector(".skip")).position === "absolute",
  links: [...document.querySelectorAll("main a[href], header a[href]")].map(a => a.href),
  mended: document.documentElement.hasAttribute("data-root"),
})`))
				if err != nil {
					t.Fatal(err)
				}
				if st.Mended || tc.site == withBase || time.Now().After(deadline) {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if st.Heading != "Page not found" {
				t.Errorf("the page's heading is %q, want the 404 page's", st.Heading)
			}
			if !st.Styled {
				t.Error("the 404 page is not styled at a nested address")
			}
			if len(st.Links) < 5 {
				t.Fatalf("the 404 page has %d links", len(st.Links))
			}
			for _, l := range st.Links {
				if !strings.HasPrefix(l, base+tc.prefix) {
					t.Errorf("link %s leaves the site at %s", l, base+tc.prefix)
					continue
				}
				resp, err := http.Get(l)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("link %s answers %s", l, resp.Status)
				}
			}
		})
	}
}

// phonePhoto is a 4000×3000 JPEG of noise and gradients, as hard to
// compress as a photo.
func phonePhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	seed := uint32(1)
	for y := range 3000 {
		for x := range 4000 {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 27)
			img.SetRGBA(x, y, color.RGBA{uint8(x/16) + n, uint8(y/12) + n, uint8((x+y)/28) + n, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() < 2_000_000 {
		t.Fatalf("the test photo is only %d bytes; a phone's is some megabytes", buf.Len())
	}
	return buf.Bytes()
}

// TestPhonePhotoWeight adds a 4000-px phone photo to an entry and opens
// the entry at 320 px: the images the page downloads, every one of them
// loaded, weigh under 300 KB.
func TestPhonePhotoWeight(t *testing.T) {
	chrome := findChromium(t)
	browser := startBrowser(t, chrome)
	photo := phonePhoto(t)
	out := buildExample(t, "", func(dir string) {
		folder := filepath.Join(dir, "experiences", "glider-design-challenge")
		os.WriteFile(filepath.Join(folder, "launch-line.jpg"), photo, 0o644)
		entry := filepath.Join(folder, "index.md")
		src, _ := os.ReadFile(entry)
		src = bytes.Replace(src, []byte("evidence:\n"), []byte(`evidence:
  - title: "Teams at the launch line"
    kind: photo
    file: launch-line.jpg
    phase: teaching
    consent: anonymized
    alt: "Two teams at the launch line of the gym test lane, gliders in hand, waiting to launch."
`), 1)
		os.WriteFile(entry, src, 0o644)
	})
	base := ghPages(t, out, "/")
	tab := openTab(t, browser)
	var mu sync.Mutex
	images := map[network.RequestID]string{}
	var total float64
	var loaded []string
	chromedp.Listen(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventResponseReceived:
			if ev.Type == network.ResourceTypeImage {
				images[ev.RequestID] = ev.Response.URL
			}
		case *network.EventLoadingFinished:
			if u, ok := images[ev.RequestID]; ok {
				total += ev.EncodedDataLength
				if !strings.HasPrefix(u, "data:") {
					loaded = append(loaded, fmt.Sprintf("%s (%.0f KB)", path.Base(u), ev.EncodedDataLength/1000))
				}
			}
		}
	})
	ctx, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, viewport(narrowWidth, 640, true), chromedp.Navigate(base+"/experiences/glider-design-challenge/index.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](imagesJS, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the last LoadingFinished events
	mu.Lock()
	defer mu.Unlock()
	t.Logf("images at %d px: %.0f KB: %s", narrowWidth, total/1000, strings.Join(loaded, ", "))
	if !strings.Contains(strings.Join(loaded, " "), "launch-line") {
		t.Fatal("the phone photo was not loaded at all")
	}
	if total > 300_000 {
		t.Errorf("a phone downloads %.0f KB of images for the page; want under 300 KB", total/1000)
	}
}
