package main_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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
		for try := 0; try < 10; try++ {
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
