package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"dll/internal/sample"
	"dll/internal/serve"
	"dll/internal/site"
)

// These tests run the real dll serve on loopback, edit the portfolio as
// an editor does, and watch what an open page receives.

// served is a running dll serve.
type served struct {
	cmd  *exec.Cmd
	url  string
	tmp  string // its TMPDIR, where the preview's folder goes
	mu   sync.Mutex
	out  strings.Builder // stdout and stderr so far
	done chan error
}

func (s *served) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// said reports whether dll serve has printed text, waiting a little for
// it: the log line of a rebuild comes through the pipe at about the time
// the open pages hear of the rebuild, not surely before.
func (s *served) said(text string) bool {
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if strings.Contains(s.output(), text) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// startServe starts dll serve in dir and waits for its address.
func startServe(t *testing.T, dir string, args ...string) *served {
	t.Helper()
	return startServeEnv(t, dir, nil, args...)
}

// startServeEnv is startServe with env (KEY=value) added to dll's
// environment.
func startServeEnv(t *testing.T, dir string, env []string, args ...string) *served {
	t.Helper()
	bin := dllBinary(t)
	s := &served{tmp: t.TempDir(), done: make(chan error, 1)}
	s.cmd = exec.Command(bin, append([]string{"serve"}, args...)...)
	s.cmd.Dir = dir
	s.cmd.Env = append(testEnvWith("TMPDIR="+s.tmp), env...)
	pr, pw := io.Pipe()
	s.cmd.Stdout, s.cmd.Stderr = pw, pw
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.out.WriteString(line + "\n")
			s.mu.Unlock()
			if m := regexp.MustCompile(`^Previewing at (http://\S+/) `).FindStringSubmatch(line); m != nil {
				urls <- m[1]
			}
		}
	}()
	go func() {
		err := s.cmd.Wait()
		pw.Close()
		s.done <- err
	}()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.done
	})
	select {
	case s.url = <-urls:
	case err := <-s.done:
		t.Fatalf("dll serve stopped: %v\n%s", err, s.output())
	case <-time.After(30 * time.Second):
		t.Fatalf("dll serve did not say where it serves:\n%s", s.output())
	}
	return s
}

// stop sends Ctrl-C and waits for dll serve to end.
func (s *served) stop(t *testing.T) error {
	t.Helper()
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("dll serve did not stop on Ctrl-C:\n%s", s.output())
	}
	return nil
}

// eventStream is an open page's connection to the preview's events.
type eventStream struct {
	r    *bufio.Reader
	body io.Closer
}

func openEvents(t *testing.T, url string) *eventStream {
	t.Helper()
	resp, err := http.Get(url + "_dll/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events come as %q", ct)
	}
	es := &eventStream{r: bufio.NewReader(resp.Body), body: resp.Body}
	if line, err := es.r.ReadString('\n'); err != nil || !strings.HasPrefix(line, ":") {
		t.Fatalf("the event stream did not open: %q %v", line, err)
	}
	return es
}

// next returns the next event's name and data.
func (es *eventStream) next(t *testing.T) (string, string) {
	t.Helper()
	type event struct{ name, data, err string }
	got := make(chan event, 1)
	go func() {
		var ev event
		for {
			line, err := es.r.ReadString('\n')
			if err != nil {
				got <- event{err: err.Error()}
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				got <- ev
				return
			}
		}
	}()
	select {
	case ev := <-got:
		if ev.err != "" {
			t.Fatalf("reading events: %s", ev.err)
		}
		return ev.name, ev.data
	case <-time.After(20 * time.Second):
		t.Fatal("no event came")
	}
	return "", ""
}

// saveAtomically writes a file as many editors do: a temporary file
// renamed over it.
func saveAtomically(t *testing.T, name, text string) {
	t.Helper()
	tmp := name + ".tmp~"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// rawStatus sends a request exactly as written, which Go's client would
// clean, and returns the status code.
func rawStatus(t *testing.T, url, target, host string) int {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServeEditsReloadAndOverlay(t *testing.T) {
	dir := copyExample(t)
	s := startServe(t, dir, "--port", "0")
	entry := filepath.Join(dir, "experiences", "glider-design-challenge", "index.md")
	page := s.url + "experiences/glider-design-challenge/"
	original := readFile(t, entry)

	// The preview shows drafts, marked, and carries the reload script.
	if code, body := get(t, page); code != 200 || !strings.Contains(body, `<script src="/_dll/live.js" data-gen="0"></script>`) {
		t.Fatalf("the entry page: %d, script injected: %v", code, strings.Contains(body, "live.js"))
	}
	if _, body := get(t, s.url+"experiences/index.html"); !strings.Contains(body, "badge-draft") {
		t.Error("the preview does not show drafts")
	}
	events := openEvents(t, s.url)

	// A save: the page is told to reload, and shows the new title.
	saveAtomically(t, entry, strings.Replace(original, "title: \"Glider Design Challenge", "title: \"Paper Glider Design Challenge", 1))
	if name, _ := events.next(t); name != "reload" {
		t.Fatalf("after a save: event %q, want reload", name)
	}
	if _, body := get(t, page); !strings.Contains(body, "<h1>Paper Glider Design Challenge") {
		t.Fatal("the page does not show the new title after the reload event")
	}
	if !s.said("experiences/glider-design-challenge/index.md: rebuilt ") {
		t.Errorf("the log does not say what was rebuilt:\n%s", s.output())
	}

	// A save that breaks the entry: the problems, on every page, and the
	// last good site under them.
	broken := strings.Replace(readFile(t, entry), "status: completed", "status: finished", 1)
	saveAtomically(t, entry, broken)
	name, data := events.next(t)
	if name != "problems" {
		t.Fatalf("after a breaking save: event %q, want problems", name)
	}
	check := dll(t, dir, "validate")
	var want []string
	for _, line := range strings.Split(check.out, "\n") {
		if strings.Contains(line, "finished") {
			want = append(want, line)
		}
	}
	var lines []string
	if err := json.Unmarshal([]byte(data), &lines); err != nil || len(want) != 1 || strings.Join(lines, "\n") != want[0] {
		t.Fatalf("problems event: %s (%v)\nwant what dll validate says: %q", data, err, want)
	}
	for _, url := range []string{s.url, page, s.url + "timeline/"} {
		_, body := get(t, url)
		if !strings.Contains(body, `id="dll-problems"`) || !strings.Contains(body, html.EscapeString(want[0])) {
			t.Errorf("%s does not show the problem in the overlay", url)
		}
	}
	if _, body := get(t, page); !strings.Contains(body, "<h1>Paper Glider Design Challenge") {
		t.Error("the last good build is not shown while the entry is broken")
	}
	if !s.said("not rebuilt, because of 1 error") {
		t.Errorf("the log does not say the site was kept:\n%s", s.output())
	}

	// Fixed: reload, and no overlay.
	saveAtomically(t, entry, strings.Replace(broken, "status: finished", "status: completed", 1))
	if name, _ := events.next(t); name != "reload" {
		t.Fatalf("after the fix: event %q, want reload", name)
	}
	if _, body := get(t, page); strings.Contains(body, "dll-problems") {
		t.Error("the overlay is still there after the fix")
	}

	// Only the built site, to localhost only.
	for _, c := range []struct {
		target, host string
		want         int
	}{
		{"/index.html", "127.0.0.1", 200},
		{"/experiences/glider-design-challenge/index.md", "127.0.0.1", 404},
		{"/../dll.yaml", "127.0.0.1", 404},
		{"/%2e%2e/%2e%2e/etc/passwd", "127.0.0.1", 404},
		{"/experiences/..%2f..%2fdll.yaml", "127.0.0.1", 404},
		{"/..%5c..%5cdll.yaml", "127.0.0.1", 404},
		{"/%252e%252e/dll.yaml", "127.0.0.1", 404},
		{"/.dll-site", "127.0.0.1", 404},
		{"/index.html", "localhost", 200},
		{"/index.html", "evil.example", 403},
		{"/index.html", "127.0.0.1.evil.example", 403},
	} {
		if got := rawStatus(t, s.url, c.target, c.host); got != c.want {
			t.Errorf("GET %s with Host %s: %d, want %d", c.target, c.host, got, c.want)
		}
	}

	// Ctrl-C: a clean stop that removes the preview's folder.
	if err := s.stop(t); err != nil {
		t.Fatalf("dll serve ended with %v on Ctrl-C:\n%s", err, s.output())
	}
	left, _ := os.ReadDir(s.tmp)
	if len(left) != 0 {
		t.Errorf("the preview left %v behind in its temporary folder", left)
	}
	if !s.said("Stopped the preview and removed its temporary folder.") {
		t.Errorf("no word on stopping:\n%s", s.output())
	}
}

func TestServePortInUseAndBind(t *testing.T) {
	dir := copyExample(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	r := dll(t, dir, "serve", "--port", fmt.Sprint(port))
	want := fmt.Sprintf("dll: port %d is already in use, perhaps by another dll serve; stop that one, or choose another port: dll serve --port %d (or --port 0 for any free port)\n", port, port+1)
	if r.code != 1 || r.err != want || r.out != "" {
		t.Errorf("port in use: exit %d\nstdout %q\nstderr %q\nwant stderr %q", r.code, r.out, r.err, want)
	}

	r = dll(t, dir, "serve", "--bind", "my-laptop")
	if r.code != 2 || !strings.Contains(r.err, "--bind my-laptop is not an address of this computer") {
		t.Errorf("a bad --bind: exit %d, %q", r.code, r.err)
	}
	for _, port := range []string{"abc", "80.5", "99999999999999999999"} {
		r = dll(t, dir, "serve", "--port", port)
		if want := "dll: --port " + port + " is not a port number; give one from 1 to 65535, or 0 for any free port\n"; r.code != 2 || r.err != want {
			t.Errorf("--port %s: exit %d, %q, want %q", port, r.code, r.err, want)
		}
	}
	// An address with a port, as in a web address: the port goes to --port.
	r = dll(t, dir, "serve", "--bind", "127.0.0.1:8080")
	if want := "dll: --bind takes an address without a port; use --bind 127.0.0.1 --port 8080\n"; r.code != 2 || r.err != want {
		t.Errorf("--bind with a port: exit %d, %q, want %q", r.code, r.err, want)
	}

	s := startServe(t, dir, "--port", "0", "--bind", "0.0.0.0")
	if !strings.Contains(s.output(), "dll: warning: --bind 0.0.0.0 makes the preview open to other computers on your network") {
		t.Errorf("no warning for a preview open to the network:\n%s", s.output())
	}
	if code, _ := get(t, s.url); code != 200 {
		t.Errorf("the preview on 0.0.0.0 answers %d at %s", code, s.url)
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
}

// TestServeBrokenFromTheStart: a portfolio whose settings have errors
// still gets a preview, a page that says why, with the problems on it,
// until the fix.
func TestServeBrokenFromTheStart(t *testing.T) {
	dir := copyExample(t)
	settings := filepath.Join(dir, "dll.yaml")
	good := readFile(t, settings)
	writeFile(t, settings, good+"colour: blue\n")
	s := startServe(t, dir, "--port", "0")
	if !strings.Contains(s.output(), "The site is not built yet: fix the errors above and save") {
		t.Errorf("no word on the site not being built:\n%s", s.output())
	}
	code, body := get(t, s.url)
	if code != 200 || !strings.Contains(body, "The preview is not built yet") || !strings.Contains(body, `id="dll-problems"`) || !strings.Contains(body, "colour") {
		t.Fatalf("the first page of a broken portfolio: %d\n%s", code, body)
	}
	events := openEvents(t, s.url)
	// A page that opens while there are problems is told of them first.
	if name, data := events.next(t); name != "problems" || !strings.Contains(data, "colour") {
		t.Fatalf("first event: %s %s, want the problems", name, data)
	}
	saveAtomically(t, settings, good)
	if name, _ := events.next(t); name != "reload" {
		t.Fatalf("after the fix: event %q, want reload", name)
	}
	if _, body := get(t, s.url); !strings.Contains(body, "<title>Tess Marchetti: Digital Learning Leadership Portfolio</title>") || strings.Contains(body, "dll-problems") {
		t.Fatalf("the site is not shown after the fix:\n%s", body)
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
}

// TestServeEntryBrokenFromTheStart: an entry with errors from the start
// is left out of the preview, which shows the rest, with the problems on
// every page, until the fix brings the entry in.
func TestServeEntryBrokenFromTheStart(t *testing.T) {
	dir := copyExample(t)
	entry := filepath.Join(dir, "experiences", "glider-design-challenge", "index.md")
	good := readFile(t, entry)
	writeFile(t, entry, strings.Replace(good, "status: completed", "status: finished", 1))
	s := startServe(t, dir, "--port", "0")
	if want := "Left out until its errors are fixed: experiences/glider-design-challenge/index.md.\n"; !strings.Contains(s.output(), want) {
		t.Errorf("no word on the entry left out (%q):\n%s", want, s.output())
	}
	code, body := get(t, s.url)
	if code != 200 || !strings.Contains(body, "<title>Tess Marchetti: Digital Learning Leadership Portfolio</title>") || !strings.Contains(body, `id="dll-problems"`) || !strings.Contains(body, "status: &#34;finished&#34;") {
		t.Fatalf("the home page beside a broken entry: %d\n%s", code, body)
	}
	if strings.Contains(body, `href="experiences/glider-design-challenge/`) {
		t.Errorf("the home page links to the entry left out")
	}
	if code, _ := get(t, s.url+"experiences/glider-design-challenge/"); code != 404 {
		t.Errorf("the entry left out answers %d", code)
	}
	events := openEvents(t, s.url)
	if name, data := events.next(t); name != "problems" || !strings.Contains(data, "finished") {
		t.Fatalf("first event: %s %s, want the problems", name, data)
	}
	saveAtomically(t, entry, good)
	if name, _ := events.next(t); name != "reload" {
		t.Fatalf("after the fix: event %q, want reload", name)
	}
	if code, body := get(t, s.url+"experiences/glider-design-challenge/"); code != 200 || strings.Contains(body, "dll-problems") {
		t.Fatalf("the entry is not shown after the fix: %d\n%s", code, body)
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
}

// An IPv6 address may be given in brackets, as in a web address.
func TestServeBindBracketedIPv6(t *testing.T) {
	if ln, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	} else {
		ln.Close()
	}
	s := startServe(t, copyExample(t), "--port", "0", "--bind", "[::1]")
	if !strings.HasPrefix(s.url, "http://[::1]:") {
		t.Errorf("preview at %s, want http://[::1]:port/", s.url)
	}
	if code, _ := get(t, s.url); code != 200 {
		t.Errorf("the preview on [::1] answers %d", code)
	}
	if strings.Contains(s.output(), "warning") {
		t.Errorf("a warning for the loopback address:\n%s", s.output())
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
}

// With no folder it may write the preview to, dll serve says where it
// tried and what to do, before it listens.
func TestServeTemporaryFolderUnusable(t *testing.T) {
	dir := copyExample(t)
	notAFolder := filepath.Join(t.TempDir(), "file")
	writeFile(t, notAFolder, "")
	cmd := exec.Command(dllBinary(t), "serve", "--port", "0")
	cmd.Dir = dir
	cmd.Env = testEnvWith("TMPDIR=" + notAFolder)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	want := "dll: cannot make the preview's temporary folder in " + notAFolder + " (not a directory); set TMPDIR to a folder you can write to"
	if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 || !strings.HasPrefix(errOut.String(), want) || out.String() != "" {
		t.Errorf("exit %d\nstdout %q\nstderr %q\nwant stderr starting %q", code, out.String(), errOut.String(), want)
	}
}

// A save made while the first build runs (seconds, for a big portfolio)
// is not lost: the preview is rebuilt with it once the first build is
// done.
func TestServeSaveDuringFirstBuild(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, 1500); err != nil {
		t.Fatal(err)
	}
	bin := dllBinary(t)
	tmp := t.TempDir()
	cmd := exec.Command(bin, "serve", "--port", "0")
	cmd.Dir = dir
	cmd.Env = testEnvWith("TMPDIR=" + tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// The site's pages are being made once the folder they go into is
	// there: the entries have been read.
	building := false
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !building; time.Sleep(time.Millisecond) {
		m, _ := filepath.Glob(filepath.Join(tmp, "dll-serve-*", ".site"+site.WorkPrefix+"*"))
		building = len(m) > 0
	}
	if !building {
		t.Fatal("the first build did not start")
	}
	entry := filepath.Join(dir, "experiences", "experience-00700", "index.md")
	writeFile(t, entry, strings.Replace(readFile(t, entry), `title: "Experience 700`, `title: "Saved while building`, 1))

	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := regexp.MustCompile(`^Previewing at (http://\S+/) `).FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	var url string
	select {
	case url = <-urls:
	case <-time.After(60 * time.Second):
		t.Fatal("dll serve did not say where it serves")
	}
	page := url + "experiences/experience-00700/"
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, body := get(t, page); strings.Contains(body, "Saved while building") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a save made during the first build never showed")
		}
	}
}

// --bind localhost listens on one address, 127.0.0.1; the address shown is
// that one, not localhost, which a browser may take to ::1, where another
// program can have the same port.
func TestServeBindLocalhostShowsTheAddress(t *testing.T) {
	other, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	defer other.Close()
	port := other.Addr().(*net.TCPAddr).Port
	s := startServe(t, copyExample(t), "--port", fmt.Sprint(port), "--bind", "localhost")
	if want := fmt.Sprintf("http://127.0.0.1:%d/", port); s.url != want {
		t.Errorf("preview at %s, want %s", s.url, want)
	}
	if code, _ := get(t, s.url); code != 200 {
		t.Errorf("the preview answers %d at %s", code, s.url)
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
}

func TestDescribeChange(t *testing.T) {
	for _, tt := range []struct {
		changed []string
		want    string
	}{
		{[]string{"dll.yaml"}, "dll.yaml"},
		{[]string{"a.md", "b.md", "c.md"}, "a.md and 2 other files"},
		// The system lost track of what changed: not a file named ".".
		{[]string{serve.Everything}, "many files"},
	} {
		if got := describeChange(tt.changed); got != tt.want {
			t.Errorf("describeChange(%q) = %q, want %q", tt.changed, got, tt.want)
		}
	}
}

// TestRebuildLogWords: a save that changes no page says so, not "rebuilt
// 0 pages".
func TestRebuildLogWords(t *testing.T) {
	for _, tc := range []struct {
		pages []string
		want  string
	}{
		{nil, "09:30:00 experiences/a.md: no page changed.\n"},
		{[]string{"experiences/a/index.html"}, "09:30:00 experiences/a.md: rebuilt 1 page in 12 ms.\n"},
	} {
		e := newTestEnv(t, t.TempDir())
		logRebuild(e.Env, "/p", "/p", serve.Rebuilt{
			Changed: []string{"experiences/a.md"},
			Result:  &serve.Result{Update: &site.Update{Pages: tc.pages}},
			Took:    12 * time.Millisecond,
		})
		if got := e.out.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// TestServeOpen: dll serve --open opens the preview's address in the
// browser once the preview answers there.
func TestServeOpen(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake browser is a shell script")
	}
	dir := copyExample(t)
	log := filepath.Join(t.TempDir(), "opened")
	browser := filepath.Join(t.TempDir(), "fake-browser")
	writeFile(t, browser, "#!/bin/sh\nprintf '%s\\n' \"$@\" > "+log+".tmp && mv "+log+".tmp "+log+"\n")
	if err := os.Chmod(browser, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startServeEnv(t, dir, []string{"BROWSER=" + browser}, "--port", "0", "--open")
	if !s.said("Opened " + s.url + " in your browser.\n") {
		t.Fatalf("dll serve did not say it opened the browser:\n%s", s.output())
	}
	if got := readFile(t, log); got != s.url+"\n" {
		t.Errorf("the browser was given %q, want %q", got, s.url)
	}
	resp, err := http.Get(s.url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the address opened answers %s", resp.Status)
	}
}
