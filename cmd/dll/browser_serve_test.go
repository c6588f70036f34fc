//go:build browser

package main_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserLivePreview runs dll serve on a copy of the example and opens
// an entry in Chromium: a save reloads the page through the injected
// script; a save that breaks the entry shows the problems in an overlay
// without a reload, which axe-core finds accessible in both themes and
// which renders the author's text as text; the fix takes it away.
func TestBrowserLivePreview(t *testing.T) {
	chrome := findChromium(t)
	axe := loadAxe(t)
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS("../../examples/portfolio")); err != nil {
		t.Fatal(err)
	}
	base := startPreview(t, dir)
	entry := filepath.Join(dir, "experiences", "glider-design-challenge", "index.md")
	original, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}

	tab := openTab(t, startBrowser(t, chrome))
	ctx, cancel := context.WithTimeout(tab, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"experiences/glider-design-challenge/")); err != nil {
		t.Fatal(err)
	}
	// While the page reloads, there may be no document to ask: the
	// questions then answer "" or false, and are asked again.
	heading := func() string {
		h, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('h1') || {textContent: ''}).textContent`))
		return h
	}
	mark := func() {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.sameLoad = true`)); err != nil {
			t.Fatal(err)
		}
	}
	sameLoad := func() bool {
		same, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameLoad === true`))
		return same
	}
	// until saves text (again every 2 s, in case the page had not yet
	// started listening) until ok holds.
	until := func(what, text string, ok func() bool) {
		t.Helper()
		for try := 0; try < 30; try++ {
			if err := os.WriteFile(entry, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if ok() {
					return
				}
			}
		}
		t.Fatalf("%s: the page did not change", what)
	}

	mark()
	retitled := strings.Replace(string(original), `title: "Glider Design Challenge`, `title: "Paper Glider Design Challenge`, 1)
	until("a save", retitled, func() bool { return strings.HasPrefix(heading(), "Paper Glider") })
	if sameLoad() {
		t.Fatal("the new title shows without a reload")
	}

	mark()
	broken := strings.Replace(retitled, "status: completed", "status: <b>finished</b>", 1)
	overlay := func() string {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('dll-problems') || {textContent: ''}).textContent`))
		return text
	}
	until("a breaking save", broken, func() bool { return strings.Contains(overlay(), `status: "<b>finished</b>"`) })
	if !sameLoad() {
		t.Error("the page reloaded to show the problems; the script should show them in place")
	}
	if bold, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#dll-problems b').length`)); bold != 0 {
		t.Error("the author's text in a problem became HTML in the overlay")
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe+"\n;undefined")); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		if err := chromedp.Do(ctx, colorScheme(scheme)); err != nil {
			t.Fatal(err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](fmt.Sprintf(axeRunJS, mustJSON(axeTags), true), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Errorf("the page with the overlay, %s theme: axe %s (%s): %s", scheme, v.ID, v.Impact, mustJSON(v.Nodes))
		}
	}

	until("the fix", retitled, func() bool { return overlay() == "" && strings.HasPrefix(heading(), "Paper Glider") })
}

// startPreview starts dll serve on dir with any free port and returns the
// preview's address; the server is stopped with Ctrl-C at the end.
func startPreview(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command(dllBin, "serve", "--port", "0")
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("dll serve did not stop on Ctrl-C")
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := regexp.MustCompile(`^Previewing at (http://\S+/) `).FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("dll serve did not say where it serves")
	}
	return ""
}

// TestBrowserLivePreviewManyTabs opens more pages of the preview than a
// browser keeps connections to one server (six): every page still loads,
// and a save reloads them all.
func TestBrowserLivePreviewManyTabs(t *testing.T) {
	chrome := findChromium(t)
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS("../../examples/portfolio")); err != nil {
		t.Fatal(err)
	}
	base := startPreview(t, dir)
	browser := startBrowser(t, chrome)
	const tabs = 9
	var ctxs []context.Context
	// No deadline here is a promise of the product: each is generous so a
	// busy machine (nine tabs, a rebuild) cannot fail the test, and each
	// wait runs on its own clock, not on one started when the tab opened.
	for i := range tabs {
		ctx := openTab(t, browser)
		load, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(load, chromedp.Navigate(base)); err != nil {
			t.Fatalf("tab %d of %d did not load: %v", i+1, tabs, err)
		}
		if _, err := chromedp.Run(load, chromedp.Evaluate[chromedp.Void](`window.sameLoad = true`)); err != nil {
			t.Fatal(err)
		}
		ctxs = append(ctxs, ctx)
	}
	settings := filepath.Join(dir, "dll.yaml")
	text, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, []byte(strings.Replace(string(text), "Tess Marchetti: ", "Tess M.: ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for i, ctx := range ctxs {
		reloaded := false
		for ; time.Now().Before(deadline) && !reloaded; time.Sleep(50 * time.Millisecond) {
			ask, cancel := context.WithTimeout(ctx, 10*time.Second)
			same, err := chromedp.Run(ask, chromedp.Evaluate[bool](`window.sameLoad === true`))
			cancel()
			reloaded = err == nil && !same
		}
		if !reloaded {
			t.Errorf("tab %d of %d did not reload after a save", i+1, tabs)
		}
	}
}

// TestBrowserLivePreviewWithoutSharedWorker is the live preview in a
// browser with no shared workers (Chrome on Android): each page keeps its
// own event stream, and still reloads on a save and shows the problems of
// a breaking one.
func TestBrowserLivePreviewWithoutSharedWorker(t *testing.T) {
	chrome := findChromium(t)
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS("../../examples/portfolio")); err != nil {
		t.Fatal(err)
	}
	base := startPreview(t, dir)
	tab := openTab(t, startBrowser(t, chrome))
	ctx, cancel := context.WithTimeout(tab, time.Minute)
	defer cancel()
	noWorker := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: "delete window.SharedWorker;"})
		return err
	})
	if err := chromedp.Do(ctx, noWorker); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`"SharedWorker" in window`)); has {
		t.Fatal("the page still has SharedWorker")
	}
	settings := filepath.Join(dir, "dll.yaml")
	text, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	eventually := func(what, js string) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
		}
		t.Fatalf("%s: the page did not change", what)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.sameLoad = true`)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, []byte(strings.Replace(string(text), "Tess Marchetti: ", "Tess M.: ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually("a save", `window.sameLoad !== true && document.title.includes("Tess M.:")`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.sameLoad = true`)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, []byte(strings.Replace(string(text), "language: en", "language: [en", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually("a breaking save", `window.sameLoad === true && !!document.getElementById("dll-problems") && document.getElementById("dll-problems").textContent.includes("dll.yaml")`)
	// The overlay is English on a site in any language.
	if lang, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("dll-problems").lang`)); lang != "en" {
		t.Errorf("the overlay's language is %q, want en", lang)
	}
}

// TestBrowserLivePreviewOtherOrigin: a page of another site cannot load
// the preview's files, so it can neither show learners' photos nor tell
// from an image's load or error which entries exist; the preview's own
// pages load them all.
func TestBrowserLivePreviewOtherOrigin(t *testing.T) {
	chrome := findChromium(t)
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS("../../examples/portfolio")); err != nil {
		t.Fatal(err)
	}
	base := startPreview(t, dir)
	photo := base + "experiences/glider-design-challenge/glider-test.jpg"
	if code, _ := httpGet(t, photo); code != http.StatusOK {
		t.Fatalf("the photo is not in the preview: %d", code)
	}
	probe := `<!DOCTYPE html><html lang="en"><head><title>elsewhere</title></head><body><script>
window.result = new Promise(function (done) {
  var i = new Image();
  i.onload = function () { done("loaded"); };
  i.onerror = function () { done("error"); };
  i.src = ` + mustJSON(photo) + `;
});
</script></body></html>`
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, probe)
	}))
	defer other.Close()

	tab := openTab(t, startBrowser(t, chrome))
	ctx, cancel := context.WithTimeout(tab, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(other.URL)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.result`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if got != "error" {
		t.Errorf("a page of another site loaded a photo of the preview (%s)", got)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"experiences/glider-design-challenge/")); err != nil {
		t.Fatal(err)
	}
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[int](`new Promise(function (done) {
  var imgs = Array.prototype.slice.call(document.images);
  imgs.forEach(function (i) { i.loading = "eager"; });
  Promise.all(imgs.map(function (i) { return i.decode().then(function () { return 0; }, function () { return 1; }); }))
    .then(function (r) { done(imgs.length === 0 ? -1 : r.reduce(function (a, b) { return a + b; }, 0)); });
})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if broken != 0 {
		t.Errorf("the preview's own page: %d images did not load (-1: none on the page)", broken)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
