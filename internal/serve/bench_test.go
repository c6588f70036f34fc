package serve

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dll/internal/sample"
	"dll/internal/site"
)

// preview is dll serve's whole loop on a portfolio folder: the preview, the
// watcher, and the server with one page listening for events.
type preview struct {
	root, out string
	pv        *Preview
	h         *Handler
	srv       *httptest.Server
	events    *bufio.Reader
	stop      func()
}

func startPreview(tb testing.TB, root string) *preview {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), "site")
	pv := NewPreview(os.DirFS(root), out, site.Options{Drafts: true})
	res, err := pv.Build(context.Background())
	if err != nil || res.Update == nil {
		tb.Fatalf("first build: %v %v", err, res.Problems)
	}
	h := NewHandler(out, []string{"127.0.0.1"})
	srv := httptest.NewServer(h)
	w, err := Watch(root, 20*time.Millisecond, 400*time.Millisecond)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		Follow(ctx, w, pv, h, time.Now, func(Rebuilt) {})
		close(done)
	}()
	resp, err := http.Get(srv.URL + "/_dll/events")
	if err != nil {
		tb.Fatal(err)
	}
	p := &preview{root: root, out: out, pv: pv, h: h, srv: srv, events: bufio.NewReader(resp.Body)}
	// The stream opens with a comment once the page is listening.
	if line, err := p.events.ReadString('\n'); err != nil || !strings.HasPrefix(line, ":") {
		tb.Fatalf("the event stream did not open: %q %v", line, err)
	}
	p.stop = func() {
		cancel()
		<-done
		w.Close()
		h.Close()
		resp.Body.Close()
		srv.Close()
	}
	tb.Cleanup(p.stop)
	return p
}

// waitEvent reads events until one named name, and returns its data.
func (p *preview) waitEvent(tb testing.TB, name string) string {
	tb.Helper()
	got := make(chan string, 1)
	go func() {
		event := ""
		for {
			line, err := p.events.ReadString('\n')
			if err != nil {
				got <- "error: " + err.Error()
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == name:
				got <- strings.TrimPrefix(line, "data: ")
				return
			}
		}
	}()
	select {
	case data := <-got:
		if strings.HasPrefix(data, "error: ") {
			tb.Fatalf("waiting for %s: %s", name, data)
		}
		return data
	case <-time.After(15 * time.Second):
		tb.Fatalf("no %s event came", name)
	}
	return ""
}

// BenchmarkSaveToReload1k is the time from saving one entry of a 1,000
// entry portfolio to the reload event reaching an open page, through the
// file watcher, the rebuild and the event stream.
func BenchmarkSaveToReload1k(b *testing.B) {
	root := b.TempDir()
	if err := sample.Write(root, 1000); err != nil {
		b.Fatal(err)
	}
	p := startPreview(b, root)
	entry := filepath.Join(root, "experiences", "experience-00500", "index.md")
	text, err := os.ReadFile(entry)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		edited := strings.Replace(string(text), "Experience 500", fmt.Sprintf("Experience 500 (take %d)", i), 1)
		if err := os.WriteFile(entry, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		p.waitEvent(b, "reload")
	}
}
