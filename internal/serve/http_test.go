package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const secret = "TOP SECRET: outside the site"

// Pages of the test site.
const (
	indexPage  = "<!doctype html>\n<html><body>\n<h1>Home</h1>\n</body>\n</html>\n"
	aboutPage  = "<html><BODY><p>About</p><!-- </body> in a comment --></Body>\n</html>"
	bodyless   = "<p>a fragment"
	notFound   = "<html><body><p>Lost</p></body></html>"
	stylesheet = "body{color:red}/* </body> */"
	video      = "0123456789abcdef"
)

// newSite makes a built site in a temporary folder, with a file called
// secret beside it (in its parent) that must never be served.
func newSite(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	files := map[string]string{
		"index.html":        indexPage,
		"about/index.html":  aboutPage,
		"nobody.html":       bodyless,
		"404.html":          notFound,
		"style.css":         stylesheet,
		"video.mp4":         video,
		"notes.txt":         "plain notes </body>",
		"100%.html":         "<body>percent</body>",
		"entry.md":          "---\ntitle: source\n---\n",
		"data.yaml":         "a: 1\n",
		"data.yml":          "a: 1\n",
		"entry.markdown":    "# source\n",
		".dll-site":         "marker\n",
		".env":              "TOKEN=x\n",
		".git/config":       "[core]\n",
		"about/.draft.html": "<body>draft</body>",
		"empty/.keep":       "",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(parent, "secret"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// symlinks adds links inside the site: one to a file inside it, and two
// that lead out of it.
func symlinks(t *testing.T, dir string) {
	t.Helper()
	for link, target := range map[string]string{
		"alias.css":   "style.css",
		"escape-file": filepath.Join("..", "secret"),
		"escape-dir":  "..",
		"escape-abs":  filepath.Join(filepath.Dir(dir), "secret"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
}

// start serves dir with a Handler on a real listener.
func start(t *testing.T, dir string) (*Handler, *httptest.Server) {
	t.Helper()
	h := NewHandler(dir, []string{"localhost", "127.0.0.1", "::1"})
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		h.Close()
		srv.Close()
	})
	return h, srv
}

type response struct {
	status int
	header http.Header
	body   string
}

// do sends one request through Go's client, which does not follow
// redirects here. host, when not empty, replaces the Host header.
func do(t *testing.T, srv *httptest.Server, method, path, host string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	c := &http.Client{
		Timeout:       patience,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

func get(t *testing.T, srv *httptest.Server, path string) response {
	t.Helper()
	return do(t, srv, http.MethodGet, path, "")
}

// raw sends request exactly as written over a plain connection, so that
// no client cleans its path first.
func raw(t *testing.T, srv *httptest.Server, request string) response {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(patience))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	method, _, _ := strings.Cut(request, " ")
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%q: reading body: %v", request, err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

func rawGet(t *testing.T, srv *httptest.Server, target string) response {
	t.Helper()
	return raw(t, srv, "GET "+target+" HTTP/1.1\r\nHost: "+srv.Listener.Addr().String()+"\r\nConnection: close\r\n\r\n")
}

// injected is page as served while no problems are shown.
func injected(page, before string) string {
	i := strings.LastIndex(page, before)
	if i < 0 {
		return page + scriptTag(0)
	}
	return page[:i] + scriptTag(0) + page[i:]
}

func TestServesTheSite(t *testing.T) {
	dir := newSite(t)
	symlinks(t, dir)
	_, srv := start(t, dir)
	const html = "text/html; charset=utf-8"
	notFoundPage := injected(notFound, "</body>")
	tests := []struct {
		path, status, ctype, body, location string
	}{
		{path: "/", status: "200", ctype: html, body: injected(indexPage, "</body>")},
		{path: "/index.html", status: "200", ctype: html, body: injected(indexPage, "</body>")},
		{path: "/?q=1", status: "200", ctype: html, body: injected(indexPage, "</body>")},
		// The last </body>, in any case, not the one in the comment.
		{path: "/about/", status: "200", ctype: html, body: injected(aboutPage, "</Body>")},
		{path: "/about/index.html", status: "200", ctype: html, body: injected(aboutPage, "</Body>")},
		{path: "/nobody.html", status: "200", ctype: html, body: bodyless + scriptTag(0)},
		{path: "/100%25.html", status: "200", ctype: html, body: "<body>percent" + scriptTag(0) + "</body>"},
		{path: "/style.css", status: "200", ctype: "text/css; charset=utf-8", body: stylesheet},
		{path: "/alias.css", status: "200", ctype: "text/css; charset=utf-8", body: stylesheet},
		{path: "/video.mp4", status: "200", ctype: "video/mp4", body: video},
		{path: "/notes.txt", status: "200", ctype: "text/plain; charset=utf-8", body: "plain notes </body>"},
		{path: "/_dll/live.js", status: "200", ctype: "text/javascript; charset=utf-8", body: string(liveJS)},
		{path: "/about", status: "302", location: "/about/"},
		{path: "/about?x=1&y=2", status: "302", location: "/about/?x=1&y=2"},
		{path: "/empty", status: "302", location: "/empty/"},
		// Missing: the site's own 404 page, with the script.
		{path: "/missing.html", status: "404", ctype: html, body: notFoundPage},
		{path: "/empty/", status: "404", ctype: html, body: notFoundPage},
		{path: "/style.css/", status: "404", ctype: html, body: notFoundPage},
		{path: "/_dll/", status: "404", ctype: html, body: notFoundPage},
		{path: "/_dll/nothing", status: "404", ctype: html, body: notFoundPage},
		// Sources, dotfiles and links out of the site.
		{path: "/entry.md", status: "404", ctype: html, body: notFoundPage},
		{path: "/ENTRY.MD", status: "404", ctype: html, body: notFoundPage},
		{path: "/entry.markdown", status: "404", ctype: html, body: notFoundPage},
		{path: "/data.yaml", status: "404", ctype: html, body: notFoundPage},
		{path: "/data.yml", status: "404", ctype: html, body: notFoundPage},
		{path: "/data.yml.", status: "404", ctype: html, body: notFoundPage},
		{path: "/.dll-site", status: "404", ctype: html, body: notFoundPage},
		{path: "/.env", status: "404", ctype: html, body: notFoundPage},
		{path: "/.git/config", status: "404", ctype: html, body: notFoundPage},
		{path: "/.git/", status: "404", ctype: html, body: notFoundPage},
		{path: "/about/.draft.html", status: "404", ctype: html, body: notFoundPage},
		{path: "/escape-file", status: "404", ctype: html, body: notFoundPage},
		{path: "/escape-abs", status: "404", ctype: html, body: notFoundPage},
		{path: "/escape-dir/secret", status: "404", ctype: html, body: notFoundPage},
		{path: "/escape-dir/", status: "404", ctype: html, body: notFoundPage},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, srv, tt.path)
			if got := strconv.Itoa(r.status); got != tt.status {
				t.Fatalf("status %s, want %s; body %q", got, tt.status, r.body)
			}
			if tt.location != "" {
				if got := r.header.Get("Location"); got != tt.location {
					t.Errorf("Location %q, want %q", got, tt.location)
				}
				return
			}
			if got := r.header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if r.body != tt.body {
				t.Errorf("body\n%q\nwant\n%q", r.body, tt.body)
			}
		})
	}
}

func TestNotFoundWithout404Page(t *testing.T) {
	dir := newSite(t)
	if err := os.Remove(filepath.Join(dir, "404.html")); err != nil {
		t.Fatal(err)
	}
	_, srv := start(t, dir)
	for _, p := range []string{"/missing.html", "/entry.md", "/.env"} {
		r := get(t, srv, p)
		if r.status != http.StatusNotFound || r.body != "not found\n" || r.header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("GET %s: %d %q %q, want 404 \"not found\\n\" as plain text", p, r.status, r.header.Get("Content-Type"), r.body)
		}
	}
}

func TestNoSiteYet(t *testing.T) {
	_, srv := start(t, filepath.Join(t.TempDir(), "not-built"))
	r := get(t, srv, "/")
	if r.status != http.StatusNotFound || !strings.HasPrefix(r.body, "not found") {
		t.Errorf("GET / before a build: %d %q, want 404 not found", r.status, r.body)
	}
}

// Go's client sends paths as given, but browsers and tools differ: these
// go over a plain connection, exactly as written.
func TestRawRequestsStayInsideTheSite(t *testing.T) {
	dir := newSite(t)
	symlinks(t, dir)
	if err := os.MkdirAll(filepath.Join(dir, "experiences"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, srv := start(t, dir)
	targets := []string{
		"/../secret",
		"/../../etc/passwd",
		"/../../../../../../etc/passwd",
		"/%2e%2e/secret",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/%2E%2E/secret",
		"/.%2e/secret",
		"/%2e%2e%2fsecret",
		"/..%2fsecret",
		"/..%5csecret",
		"/..%5c..%5cetc/passwd",
		`/..\secret`,
		`/..\..\etc\passwd`,
		"/%252e%252e/secret",
		"/%252e%252e/x",
		"/%25252e%25252e/secret",
		"/%2525252e%2525252e/secret", // still encoded after every round
		"/%252e%252e%252fsecret",
		"/experiences/..%2f..%2f..%2fsecret",
		"/experiences/..%252f..%252fsecret",
		"/experiences/../../secret",
		"//../secret",
		"/./secret",
		"/escape-file",
		"/escape-abs",
		"/escape-dir/secret",
		"/escape-dir/site/index.html",
		"/%2eenv",
		"/%252egit/config",
		"/entry%2emd",
		"/entry.md%00.html",
		"/index.html%00",
		"/%00",
		"/data.yaml%20",
		"/data.yaml::$DATA",
		"http://" + srv.Listener.Addr().String() + "/../secret",
	}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			r := rawGet(t, srv, target)
			if r.status != http.StatusNotFound {
				t.Errorf("status %d, want 404; body %q", r.status, r.body)
			}
			if strings.Contains(r.body, secret) || strings.Contains(r.body, "root:") || strings.Contains(r.body, "[core]") {
				t.Errorf("served something from outside the site or a dotfile: %q", r.body)
			}
			if r.body != injected(notFound, "</body>") {
				t.Errorf("body %q, want the site's 404 page", r.body)
			}
		})
	}
	// The same connection path does serve the site, so the 404s above
	// are not an accident of how the requests were sent.
	if r := rawGet(t, srv, "/"); r.status != http.StatusOK || r.body != injected(indexPage, "</body>") {
		t.Errorf("raw GET /: %d %q", r.status, r.body)
	}
	if r := rawGet(t, srv, "/experiences/../index.html"); r.status != http.StatusNotFound {
		t.Errorf("raw GET with .. inside the site: %d, want 404 (no .. at all)", r.status)
	}
}

func TestSymlinkOutOfSiteIsNotFollowed(t *testing.T) {
	dir := newSite(t)
	symlinks(t, dir)
	_, srv := start(t, dir)
	// The link inside works, so the refusals are about leaving the site.
	if r := get(t, srv, "/alias.css"); r.status != http.StatusOK || r.body != stylesheet {
		t.Fatalf("link inside the site: %d %q", r.status, r.body)
	}
	for _, p := range []string{"/escape-file", "/escape-abs", "/escape-dir/secret", "/escape-dir/site/index.html"} {
		if r := get(t, srv, p); r.status != http.StatusNotFound || strings.Contains(r.body, secret) {
			t.Errorf("GET %s: %d %q, want 404 without the secret", p, r.status, r.body)
		}
	}
}

func TestMethods(t *testing.T) {
	_, srv := start(t, newSite(t))
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "TRACE"} {
		r := do(t, srv, m, "/index.html", "")
		if r.status != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, r.status)
		}
		if got := r.header.Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s: Allow %q, want \"GET, HEAD\"", m, got)
		}
		if strings.Contains(r.body, "Home") {
			t.Errorf("%s: served the page: %q", m, r.body)
		}
	}
}

func TestHead(t *testing.T) {
	_, srv := start(t, newSite(t))
	for _, p := range []string{"/", "/style.css", "/missing.html"} {
		g := get(t, srv, p)
		h := do(t, srv, http.MethodHead, p, "")
		if h.status != g.status || h.body != "" {
			t.Errorf("HEAD %s: %d with body %q, want %d and no body", p, h.status, h.body, g.status)
		}
		if got, want := h.header.Get("Content-Length"), strconv.Itoa(len(g.body)); got != want {
			t.Errorf("HEAD %s: Content-Length %q, want %q (the GET body's length)", p, got, want)
		}
	}
}

func TestHeaders(t *testing.T) {
	dir := newSite(t)
	h, srv := start(t, dir)
	h.SetProblems([]string{"a.md:1:1: title: missing"})
	check := func(what string, r response) {
		t.Helper()
		if got := r.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", what, got)
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", what, got)
		}
		if got := r.header.Get("Cross-Origin-Resource-Policy"); got != "same-origin" {
			t.Errorf("%s: Cross-Origin-Resource-Policy %q, want same-origin", what, got)
		}
	}
	for _, p := range []string{"/", "/style.css", "/video.mp4", "/about", "/missing", "/entry.md", "/_dll/live.js"} {
		check("GET "+p, get(t, srv, p))
	}
	check("POST", do(t, srv, "POST", "/", ""))
	check("foreign host", do(t, srv, "GET", "/", "evil.example"))
	check("HEAD events", do(t, srv, "HEAD", "/_dll/events", ""))
	check("range", do(t, srv, "GET", "/video.mp4", "", "Range", "bytes=1-2"))
}

func TestRange(t *testing.T) {
	_, srv := start(t, newSite(t))
	r := do(t, srv, http.MethodGet, "/video.mp4", "", "Range", "bytes=2-5")
	if r.status != http.StatusPartialContent || r.body != video[2:6] {
		t.Fatalf("range: %d %q, want 206 %q", r.status, r.body, video[2:6])
	}
	if got, want := r.header.Get("Content-Range"), fmt.Sprintf("bytes 2-5/%d", len(video)); got != want {
		t.Errorf("Content-Range %q, want %q", got, want)
	}
	if got := r.header.Get("Content-Type"); got != "video/mp4" {
		t.Errorf("Content-Type %q, want video/mp4", got)
	}
	if r := do(t, srv, http.MethodGet, "/video.mp4", "", "Range", "bytes=100-"); r.status != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("range past the end: %d, want 416", r.status)
	}
}

func TestHostCheck(t *testing.T) {
	_, srv := start(t, newSite(t))
	port := strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	refusal := "dll serve only answers requests for localhost or the address it was started on; open http://127.0.0.1:" + port + "/ instead\n"
	tests := []struct {
		host string
		ok   bool
	}{
		{"localhost", true},
		{"localhost:" + port, true},
		{"LOCALHOST", true},
		{"LocalHost:" + port, true},
		{"127.0.0.1", true},
		{"127.0.0.1:" + port, true},
		{"[::1]", true},
		{"[::1]:" + port, true},
		{"evil.example", false},
		{"evil.example:8080", false},
		{"evil.example:" + port, false},
		{"127.0.0.1.evil.example", false},
		{"localhost.evil.example:" + port, false},
		{"127.0.0.2:" + port, false},
		{"[::2]:" + port, false},
		{"[::1]x", false},
		{"localhost:abc", false},
		{"0.0.0.0:" + port, false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, "/", tt.host)
			if tt.ok {
				if r.status != http.StatusOK || r.body != injected(indexPage, "</body>") {
					t.Errorf("status %d body %q, want the home page", r.status, r.body)
				}
				return
			}
			if r.status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.status)
			}
			if r.body != refusal {
				t.Errorf("body %q, want %q", r.body, refusal)
			}
			if got := r.header.Get("Content-Type"); got != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q, want plain text", got)
			}
		})
	}
	// Refused before anything else: a foreign host learns nothing of the
	// methods or the events.
	if r := do(t, srv, "POST", "/", "evil.example"); r.status != http.StatusForbidden {
		t.Errorf("POST from a foreign host: %d, want 403", r.status)
	}
	if r := do(t, srv, "GET", "/_dll/events", "evil.example"); r.status != http.StatusForbidden {
		t.Errorf("events for a foreign host: %d, want 403", r.status)
	}
	// No Host at all (HTTP/1.0), and an empty one.
	for _, req := range []string{
		"GET / HTTP/1.0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n",
	} {
		if r := raw(t, srv, req); r.status != http.StatusForbidden || r.body != refusal {
			t.Errorf("%q: %d %q, want 403 %q", req, r.status, r.body, refusal)
		}
	}
}

// A request refused on a server open to the network is told the address
// it reached, which works from the computer it came from; 127.0.0.1 would
// name that computer itself.
func TestRefusalNamesTheAddressReached(t *testing.T) {
	h := NewHandler(newSite(t), []string{"localhost", "127.0.0.1", "::1", "192.0.2.2", "fd00::2"})
	for _, tt := range []struct{ local, want string }{
		{"192.0.2.2:4400", "open http://192.0.2.2:4400/ instead"},
		{"[fd00::2]:4400", "open http://[fd00::2]:4400/ instead"},
		{"127.0.0.1:4400", "open http://127.0.0.1:4400/ instead"},
		{"[::1]:4400", "open http://[::1]:4400/ instead"},
	} {
		local, err := net.ResolveTCPAddr("tcp", tt.local)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = "teachers-laptop.local:4400"
		req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, local))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("came in on %s: %d %q, want 403 with %q", tt.local, rec.Code, rec.Body.String(), tt.want)
		}
	}
}

func TestSplitHost(t *testing.T) {
	tests := []struct {
		in, host string
		ok       bool
	}{
		{"localhost", "localhost", true},
		{"localhost:8080", "localhost", true},
		{"[::1]:8080", "::1", true},
		{"[::1]", "::1", true},
		{"::1", "::1", true},
		{"", "", true},
		{"[::1", "", false},
		{"[::1]8080", "", false},
		{"[::1]:80a", "", false},
		{"host:123456", "host", false},
	}
	for _, tt := range tests {
		host, ok := splitHost(tt.in)
		if ok != tt.ok || ok && host != tt.host {
			t.Errorf("splitHost(%q) = %q, %v; want %q, %v", tt.in, host, ok, tt.host, tt.ok)
		}
	}
}

func TestNewHandlerHosts(t *testing.T) {
	h := NewHandler(t.TempDir(), []string{" [::1] ", "Preview.Local", "preview.local"})
	if want := []string{"::1", "preview.local"}; !slices.Equal(h.hosts, want) {
		t.Errorf("hosts %q, want %q", h.hosts, want)
	}
	if !h.hostAllowed("PREVIEW.local:9") || !h.hostAllowed("[::1]:9") || h.hostAllowed("localhost") {
		t.Error("hosts given are not the ones answered for")
	}
	d := NewHandler(t.TempDir(), nil)
	if !d.hostAllowed("localhost:1") || !d.hostAllowed("127.0.0.1") || !d.hostAllowed("[::1]") || d.hostAllowed("example.com") {
		t.Error("no hosts does not mean the loopback names")
	}
}

func TestPageOnDiskUnchanged(t *testing.T) {
	dir := newSite(t)
	h, srv := start(t, dir)
	p := filepath.Join(dir, "index.html")
	before, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	h.SetProblems([]string{"a.md:1:1: title: missing"})
	for range 3 {
		if r := get(t, srv, "/"); !strings.Contains(r.body, scriptTag(0)) {
			t.Fatalf("no script in %q", r.body)
		}
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != indexPage {
		t.Errorf("index.html on disk changed to %q", data)
	}
	after, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Errorf("index.html on disk touched: %v %d, was %v %d", after.ModTime(), after.Size(), before.ModTime(), before.Size())
	}
}

func TestLastIndexFold(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"</body>", 0},
		{"a</BODY>b</Body>c", 9},
		{"İİ</body>", 4}, // bytes.ToLower would make this longer
		{"</bod", -1},
		{"", -1},
	}
	for _, tt := range tests {
		if got := lastIndexFold([]byte(tt.in), "</body>"); got != tt.want {
			t.Errorf("lastIndexFold(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestOverlay(t *testing.T) {
	dir := newSite(t)
	h, srv := start(t, dir)
	lines := []string{
		`experiences/a.md:3:8: title: expected text, found "<script>alert(1)</script>"`,
		`experiences/b.md:1:1: tags[0]: found "a & b's \"x\""`,
	}
	h.SetProblems(lines)
	overlay := `<div id="dll-problems" role="alert" lang="en" dir="ltr" style="` + overlayStyle + `">` +
		`<h2 style="` + overlayTitleStyle + `">dll could not show every change</h2>` +
		`<p style="` + overlayIntroStyle + `">What these problems are in is shown as it was last built (an entry never built yet is left out). Fix them and save:</p>` +
		`<pre style="` + overlayLinesStyle + `">` +
		`experiences/a.md:3:8: title: expected text, found &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;` + "\n" +
		`experiences/b.md:1:1: tags[0]: found &#34;a &amp; b&#39;s \&#34;x\&#34;&#34;` +
		`</pre></div>`

	r := get(t, srv, "/")
	if want := strings.Replace(indexPage, "</body>", overlay+scriptTag(0)+"</body>", 1); r.body != want {
		t.Fatalf("page with problems:\n%s\nwant\n%s", r.body, want)
	}
	if strings.Contains(r.body, "<script>alert") {
		t.Error("a problem line's markup reached the page unescaped")
	}
	// Every HTML page, the 404 page too; never other files.
	if r := get(t, srv, "/about/"); !strings.Contains(r.body, overlay+scriptTag(0)+"</Body>") {
		t.Errorf("about page without the overlay: %q", r.body)
	}
	if r := get(t, srv, "/missing"); r.status != http.StatusNotFound || !strings.Contains(r.body, overlay+scriptTag(0)+"</body>") {
		t.Errorf("404 page without the overlay: %d %q", r.status, r.body)
	}
	if r := get(t, srv, "/style.css"); r.body != stylesheet {
		t.Errorf("stylesheet changed: %q", r.body)
	}

	h.SetProblems(nil)
	if r := get(t, srv, "/"); r.body != injected(indexPage, "</body>") {
		t.Errorf("after SetProblems(nil): %q", r.body)
	}
	h.SetProblems(lines)
	h.Reload()
	if r := get(t, srv, "/"); r.body != strings.Replace(indexPage, "</body>", scriptTag(1)+"</body>", 1) {
		t.Errorf("after Reload: %q, want no overlay, and the build's number in the script", r.body)
	}
	h.SetProblems(lines)
	h.SetProblems([]string{})
	if r := get(t, srv, "/"); strings.Contains(r.body, "dll-problems") {
		t.Errorf("after SetProblems([]): %q", r.body)
	}
}

func TestSetProblemsCopies(t *testing.T) {
	h, srv := start(t, newSite(t))
	lines := []string{"a.md:1:1: title: first"}
	h.SetProblems(lines)
	lines[0] = "changed by the caller"
	if r := get(t, srv, "/"); !strings.Contains(r.body, "a.md:1:1: title: first") {
		t.Errorf("overlay does not show the lines as given: %q", r.body)
	}
}

// live.js must build the overlay the server renders, and never parse text
// as HTML.
func TestLiveJS(t *testing.T) {
	js := string(liveJS)
	for _, s := range []string{overlayTitle, overlayIntro, overlayTitleStyle, overlayIntroStyle} {
		if !strings.Contains(js, `"`+s+`"`) {
			t.Errorf("live.js lacks %q", s)
		}
	}
	// The long styles are split over lines in live.js: join its string
	// pieces back up.
	joined := strings.NewReplacer("\" +\n    \"", "").Replace(js)
	for _, s := range []string{overlayStyle, overlayLinesStyle} {
		if !strings.Contains(joined, `"`+s+`"`) {
			t.Errorf("live.js lacks the style %q", s)
		}
	}
	for _, s := range []string{`"dll-problems"`, `"role", "alert"`, `"lang", "en"`, `"dir", "ltr"`, `"/_dll/events"`, `"reload"`, `"problems"`, "textContent", "location.reload()"} {
		if !strings.Contains(js, s) {
			t.Errorf("live.js lacks %s", s)
		}
	}
	for _, s := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "http://", "https://"} {
		if strings.Contains(js, s) {
			t.Errorf("live.js uses %s", s)
		}
	}
}

func TestSiteReplacedByRename(t *testing.T) {
	dir := newSite(t)
	_, srv := start(t, dir)
	if r := get(t, srv, "/"); r.body != injected(indexPage, "</body>") {
		t.Fatalf("first build: %q", r.body)
	}
	next := dir + ".new"
	if err := os.MkdirAll(next, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(next, "index.html"), []byte("<body>second</body>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, dir); err != nil {
		t.Fatal(err)
	}
	if r := get(t, srv, "/"); r.body != "<body>second"+scriptTag(0)+"</body>" {
		t.Errorf("after the folder was replaced: %q", r.body)
	}
}

// A full build swaps in its new folder with two renames: a request that
// comes between them, when there is no folder, waits for the new one
// instead of answering 404 (a page or its stylesheet missing at random).
func TestRequestDuringSwap(t *testing.T) {
	dir := newSite(t)
	_, srv := start(t, dir)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	done := make(chan response, 1)
	go func() { done <- get(t, srv, "/style.css") }()
	time.Sleep(10 * time.Millisecond)
	if err := os.Rename(dir+".old", dir); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.status != http.StatusOK || r.body != stylesheet {
		t.Errorf("a request while the folder was swapped: %d %q, want the stylesheet", r.status, r.body)
	}
}

func TestCleanPath(t *testing.T) {
	tests := []struct {
		in   string
		name string
		dir  bool
		ok   bool
	}{
		{"/", "", true, true},
		{"", "", true, true},
		{"/a/b.html", "a/b.html", false, true},
		{"/a/", "a", true, true},
		{"//a//b/", "a/b", true, true},
		{`/a\b`, "a/b", false, true},
		{"/100%.html", "100%.html", false, true},
		{"/%zz", "%zz", false, true},
		{"/a%20b.html", "a%20b.html", false, true}, // a file named so, asked for as /a%2520b.html
		{"/a.mdx", "a.mdx", false, true},
		{"/readme", "readme", false, true},
		{"a", "", false, false},
		{"/..", "", false, false},
		{"/a/../b", "", false, false},
		{"/a/./b", "", false, false},
		{`/a\..\b`, "", false, false},
		{"/%2e%2e/x", "", false, false},
		{"/%252e%252e/x", "", false, false},
		{"/%25252e%25252e/x", "", false, false},
		{"/%2525252e%2525252e/x", "", false, false},
		{"/..%5cx", "", false, false},
		{"/a%2f..%2fb", "", false, false},
		{"/.git/config", "", false, false},
		{"/x/.env", "", false, false},
		{"/a\x00b", "", false, false},
		{"/a%00b", "", false, false},
		{"/a\nb", "", false, false},
		{"/c:/x", "", false, false},
		{"/a.md", "", false, false},
		{"/a.MarkDown", "", false, false},
		{"/a.yaml", "", false, false},
		{"/a.YML", "", false, false},
		{"/a.md.", "", false, false},
		{"/a.md ", "", false, false},
		{"/a%252emd", "", false, false},
		{"/notes.md/index.html", "", false, false},
	}
	for _, tt := range tests {
		name, dir, ok := cleanPath(tt.in)
		if ok != tt.ok || ok && (name != tt.name || dir != tt.dir) {
			t.Errorf("cleanPath(%q) = %q, %v, %v; want %q, %v, %v", tt.in, name, dir, ok, tt.name, tt.dir, tt.ok)
		}
	}
}

func FuzzCleanPath(f *testing.F) {
	for _, s := range []string{"/", "/a/b.html", "/%2e%2e/x", "/%252e%252e/x", `/..\x`, "/.env", "/a.md", "/a%00", "/100%.html"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		name, _, ok := cleanPath(p)
		if !ok {
			return
		}
		if strings.HasPrefix(name, "/") || strings.Contains(name, "//") || strings.Contains(name, `\`) {
			t.Fatalf("cleanPath(%q) = %q: not a clean relative path", p, name)
		}
		for _, s := range strings.Split(name, "/") {
			if name != "" && !safeSegment(s) {
				t.Fatalf("cleanPath(%q) = %q: unsafe segment %q", p, name, s)
			}
		}
	})
}

// An event read from a stream; comment is set for a ": comment" line.
type sseEvent struct {
	name, data, comment string
}

// openEvents connects to the event stream and returns its events as they
// come; the channel is closed when the stream ends.
func openEvents(t *testing.T, srv *httptest.Server) <-chan sseEvent {
	t.Helper()
	return openEventsAt(t, srv, "/_dll/events")
}

// openEventsAt is openEvents with the path and query of the stream.
func openEventsAt(t *testing.T, srv *httptest.Server, target string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("events: status %d", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/event-stream" {
		t.Errorf("events: Content-Type %q, want text/event-stream", got)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("events: Cache-Control %q, want no-store", got)
	}
	ch := make(chan sseEvent, 100)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev != (sseEvent{}) {
					ch <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
				ch <- sseEvent{comment: strings.TrimSpace(line[1:])}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[len("data: "):]
			default:
				ch <- sseEvent{name: "bad line", data: line}
			}
		}
	}()
	return ch
}

// next returns the next event that is not a comment.
func next(t *testing.T, ch <-chan sseEvent) sseEvent {
	t.Helper()
	timeout := time.After(patience)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("event stream ended")
			}
			if ev.comment == "" {
				return ev
			}
		case <-timeout:
			t.Fatalf("no event within %v", patience)
		}
	}
}

func want(t *testing.T, got sseEvent, name, data string) {
	t.Helper()
	if got.name != name || got.data != data {
		t.Errorf("event %q data %q, want %q data %q", got.name, got.data, name, data)
	}
}

func TestEventsReload(t *testing.T) {
	h, srv := start(t, newSite(t))
	a := openEvents(t, srv)
	b := openEvents(t, srv)
	h.Reload()
	want(t, next(t, a), "reload", "1")
	want(t, next(t, b), "reload", "1")
	h.Reload()
	want(t, next(t, a), "reload", "2")
	want(t, next(t, b), "reload", "2")
}

func TestEventsProblems(t *testing.T) {
	h, srv := start(t, newSite(t))
	ch := openEvents(t, srv)
	lines := []string{`a.md:3:8: title: found "<script>alert(1)</script>"`, "b.md:1:1: date: \"2024-02-30\" is not a day\nsecond line"}
	h.SetProblems(lines)
	ev := next(t, ch)
	if ev.name != "problems" {
		t.Fatalf("event %q, want problems", ev.name)
	}
	var got []string
	if err := json.Unmarshal([]byte(ev.data), &got); err != nil {
		t.Fatalf("problems data %q: %v", ev.data, err)
	}
	if !slices.Equal(got, lines) {
		t.Errorf("problems %q, want %q", got, lines)
	}
	h.SetProblems(nil)
	want(t, next(t, ch), "problems", "[]")
	h.SetProblems([]string{"c.md:1:1: x: y"})
	want(t, next(t, ch), "problems", `["c.md:1:1: x: y"]`)
	// Reload clears the problems: the page reloads without them.
	h.Reload()
	want(t, next(t, ch), "reload", "1")
	h.SetProblems([]string{"d.md:1:1: x: y"})
	want(t, next(t, ch), "problems", `["d.md:1:1: x: y"]`)
}

func TestEventsNewClientGetsCurrentProblems(t *testing.T) {
	h, srv := start(t, newSite(t))
	h.SetProblems([]string{"a.md:1:1: title: missing"})
	want(t, next(t, openEvents(t, srv)), "problems", `["a.md:1:1: title: missing"]`)

	// After a reload there are none to send: the first event is the next
	// reload, with no reload for the one before it connected.
	h.Reload()
	ch := openEvents(t, srv)
	h.Reload()
	want(t, next(t, ch), "reload", "2")
}

// A page says which build it was read from: one read just before a
// rebuild, whose stream opens after it, is told to reload at once.
func TestEventsPageFromEarlierBuild(t *testing.T) {
	h, srv := start(t, newSite(t))
	h.Reload()
	h.Reload()
	if r := get(t, srv, "/"); !strings.Contains(r.body, `<script src="/_dll/live.js" data-gen="2"></script>`) {
		t.Fatalf("the page does not name its build: %q", r.body)
	}
	want(t, next(t, openEventsAt(t, srv, "/_dll/events?gen=1")), "reload", "2")

	current := openEventsAt(t, srv, "/_dll/events?gen=2")
	junk := openEventsAt(t, srv, "/_dll/events?gen=x")
	h.Reload()
	want(t, next(t, current), "reload", "3")
	want(t, next(t, junk), "reload", "3")

	// Out of date and with problems: both.
	h.SetProblems([]string{"a.md:1:1: title: missing"})
	old := openEventsAt(t, srv, "/_dll/events?gen=2")
	want(t, next(t, old), "reload", "3")
	want(t, next(t, old), "problems", `["a.md:1:1: title: missing"]`)
}

// A stream that opens while problems are shown, as they change, still
// hears of every later change (its first signal once blocked the stream
// for good when a change came just as it opened).
func TestEventsOpenWhileProblemsChange(t *testing.T) {
	h, srv := start(t, newSite(t))
	h.SetProblems([]string{"a.md:1:1: x: 0"})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			h.SetProblems([]string{fmt.Sprintf("a.md:1:1: x: %d", i)})
		}
	})
	var streams []<-chan sseEvent
	for range 50 {
		streams = append(streams, openEvents(t, srv))
	}
	close(stop)
	wg.Wait()
	h.Reload()
	for i, ch := range streams {
		timeout := time.After(patience)
	wait:
		for {
			select {
			case ev, ok := <-ch:
				if !ok {
					t.Fatalf("stream %d ended", i)
				}
				if ev.name == "reload" {
					break wait
				}
			case <-timeout:
				t.Fatalf("stream %d never heard of the reload", i)
			}
		}
	}
}

func TestEventsPing(t *testing.T) {
	dir := newSite(t)
	h := NewHandler(dir, nil)
	h.ping = 10 * time.Millisecond
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	ch := openEvents(t, srv)
	timeout := time.After(patience)
	pings := 0
	for pings < 2 {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("stream ended")
			}
			if ev.comment == "ping" {
				pings++
			}
		case <-timeout:
			t.Fatalf("%d pings in %v, want 2", pings, patience)
		}
	}
}

func TestCloseEndsStreams(t *testing.T) {
	h := NewHandler(newSite(t), nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close) // after the streams' own cleanups, which end them
	streams := []<-chan sseEvent{openEvents(t, srv), openEvents(t, srv)}
	h.Close()
	for i, ch := range streams {
		timeout := time.After(patience)
	drain:
		for {
			select {
			case _, ok := <-ch:
				if !ok {
					break drain
				}
			case <-timeout:
				t.Fatalf("stream %d still open %v after Close", i, patience)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if r := get(t, srv, "/_dll/events"); r.status != http.StatusServiceUnavailable {
		t.Errorf("events after Close: %d, want 503", r.status)
	}
	h.Close() // twice is fine
	h.Reload()
	if err := srv.Config.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown after Close: %v", err)
	}
}

// Shutdown returns promptly after Close even while a stream is open.
func TestShutdownWithOpenStream(t *testing.T) {
	h := NewHandler(newSite(t), nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close) // after the streams' own cleanups, which end them
	openEvents(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	h.Close()
	if err := srv.Config.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

// A page that stops reading its stream cannot hold up Reload, and a page
// that reads still gets the latest state.
func TestStuckClientDoesNotBlock(t *testing.T) {
	h, srv := start(t, newSite(t))
	stuck, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	fmt.Fprintf(stuck, "GET /_dll/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
	// Wait until the stuck client is registered.
	deadline := time.Now().Add(patience)
	for {
		h.mu.Lock()
		n := len(h.clients)
		h.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("stuck client never connected")
		}
		time.Sleep(time.Millisecond)
	}
	ch := openEvents(t, srv)

	const n = 2000
	long := strings.Repeat("x", 4000)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			h.SetProblems([]string{strconv.Itoa(i) + long})
			h.Reload()
		}
	}()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatal("Reload blocked behind a client that does not read")
	}
	timeout := time.After(patience)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("stream ended")
			}
			if ev.name == "reload" && ev.data == strconv.Itoa(n) {
				return
			}
		case <-timeout:
			t.Fatalf("the reading client never got reload %d", n)
		}
	}
}

// Run with -race: requests, streams, reloads and problems all at once.
func TestConcurrent(t *testing.T) {
	h, srv := start(t, newSite(t))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 20 {
				h.SetProblems([]string{fmt.Sprintf("a.md:%d:%d: x: y", i, j)})
				h.Reload()
			}
		})
		wg.Go(func() {
			for range 10 {
				r := get(t, srv, "/")
				if r.status != http.StatusOK || !strings.Contains(r.body, `<script src="/_dll/live.js" data-gen="`) {
					t.Errorf("GET /: %d %q", r.status, r.body)
				}
			}
		})
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/_dll/events", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
}

// The server answers odd requests without panicking (a panic in a handler
// would show up as a dropped connection).
func TestOddRequests(t *testing.T) {
	_, srv := start(t, newSite(t))
	addr := srv.Listener.Addr().String()
	for _, req := range []string{
		"GET * HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n",
		"GET http://" + addr + " HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n",
		"GET /" + strings.Repeat("%25", 2000) + " HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n",
		"GET /" + strings.Repeat("a/", 3000) + " HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n",
		"GET /\xff\xfe.html HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n",
		"HEAD /_dll/events HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: [\r\nConnection: close\r\n\r\n",
	} {
		r := raw(t, srv, req)
		if r.status >= 500 {
			t.Errorf("%.60q: status %d", req, r.status)
		}
	}
	if r := rawGet(t, srv, "/"); r.status != http.StatusOK {
		t.Errorf("after odd requests: %d", r.status)
	}
}
