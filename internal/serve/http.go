// Package serve previews a portfolio's site while its author writes: it
// serves the built site folder on a local address, tells open pages to
// reload when the site is rebuilt, and shows what stopped a rebuild in an
// overlay on every page while the last good build stays in place.
//
// The server answers only for the host names it was given (a web page on
// another site cannot reach it through DNS rebinding), and serves only the
// built output: never a source file, a dotfile, or anything outside the
// folder, however the path is spelt or wherever a symbolic link points.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"html"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed live.js
var liveJS []byte

const (
	livePath   = "_dll/live.js"
	eventsPath = "_dll/events"

	// pingEvery keeps idle event streams from being cut by proxies and
	// lets a handler notice a client that went away.
	pingEvery = 15 * time.Second
	// writeWait bounds one write to an event stream, so a client that stops
	// reading cannot hold its handler (and Server.Shutdown) forever.
	writeWait = 10 * time.Second
	// maxInject is the largest HTML page read into memory to add the
	// script; a bigger one is served as it is.
	maxInject = 32 << 20
	// swapWait is about the longest a request waits for the site folder
	// while a full build swaps in a new one.
	swapWait = 64 * time.Millisecond
	// maxDecode is how many rounds of percent-decoding a path gets; a path
	// still encoded after that is refused.
	maxDecode = 4
)

// The overlay's words and inline styles. live.js builds the same element
// with the same strings (a test holds them together), so that an event can
// replace the overlay the server put in the page.
const (
	overlayTitle = "dll could not show every change"
	overlayIntro = "What these problems are in is shown as it was last built (an entry never built yet is left out). Fix them and save:"

	overlayStyle = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;overflow:auto;" +
		"box-sizing:border-box;margin:0;padding:12px 16px;background:#fffbe6;color:#1a1a1a;" +
		"border-top:4px solid #b3261e;box-shadow:0 -2px 12px rgba(0,0,0,.35);" +
		"font:15px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left"
	overlayTitleStyle = "margin:0 0 4px;padding:0;font-size:18px;font-weight:bold;color:#8c1d18;background:none"
	overlayIntroStyle = "margin:0 0 8px;padding:0;color:#1a1a1a;background:none"
	overlayLinesStyle = "margin:0;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere;" +
		"font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#1a1a1a;background:#ffffff;border:1px solid #c9c2a6"
)

// scriptTag goes into every served HTML page, just before </body>. It
// names the build the page was read from, gen (see Handler.Reload), so
// that a page read just before a rebuild, whose event stream opens only
// after it, still learns that it is out of date.
func scriptTag(gen uint64) string {
	return `<script src="/_dll/live.js" data-gen="` + strconv.FormatUint(gen, 10) + `"></script>`
}

// defaultHosts are the names a Handler answers for when given none.
var defaultHosts = []string{"localhost", "127.0.0.1", "::1"}

// Handler serves a built site folder for the preview, and tells open pages when to reload.
type Handler struct {
	dir   string
	hosts []string      // lower case, without brackets
	ping  time.Duration // tests shorten it

	mu       sync.Mutex
	gen      uint64   // how many times Reload was called
	problems []string // shown in the overlay while not empty
	probVer  uint64   // changes with every change of problems
	clients  map[chan struct{}]struct{}
	closed   bool
	done     chan struct{} // closed by Close
}

// NewHandler serves the site in dir (an absolute path; the folder may be replaced by rename between requests,
// so open files by path per request, e.g. with os.OpenInRoot(dir, name), never keep a handle to the folder).
// hosts are the host names or IP addresses (no ports) that requests may name in their Host header, e.g.
// []string{"localhost", "127.0.0.1", "::1"}; compare case-insensitively, ignore the port, accept "[::1]:8080" style.
// With no hosts, those three are used. The first IP address among hosts (else the first host) is the one
// a refused request is told to open instead.
func NewHandler(dir string, hosts []string) *Handler {
	if len(hosts) == 0 {
		hosts = defaultHosts
	}
	h := &Handler{
		dir:     dir,
		ping:    pingEvery,
		clients: map[chan struct{}]struct{}{},
		done:    make(chan struct{}),
	}
	for _, s := range hosts {
		s = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "["), "]"))
		if s != "" && !slices.Contains(h.hosts, s) {
			h.hosts = append(h.hosts, s)
		}
	}
	return h
}

// Reload tells every open page to reload (the site changed), and clears the problems.
func (h *Handler) Reload() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gen++
	if len(h.problems) > 0 {
		h.problems = nil
		h.probVer++
	}
	h.wakeLocked()
}

// SetProblems shows lines (diagnostics like "experiences/a.md:3:8: title: ...") in an overlay on every page
// (the site itself is left as it was: the last good build); nil or empty hides the overlay.
func (h *Handler) SetProblems(lines []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if slices.Equal(h.problems, lines) {
		return
	}
	if len(lines) == 0 {
		h.problems = nil
	} else {
		h.problems = slices.Clone(lines)
	}
	h.probVer++
	h.wakeLocked()
}

// Close ends every open event stream, so that http.Server.Shutdown returns promptly.
// Event streams asked for afterwards are refused.
func (h *Handler) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// wakeLocked tells every event stream that something changed. Each stream
// has a channel with room for one signal and reads the current state when
// woken, so a send never blocks (a stuck client cannot hold up Reload) and
// no change is lost: signals that find the channel full merge into the
// one waiting there.
func (h *Handler) wakeLocked() {
	for c := range h.clients {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// ServeHTTP answers one request: a file of the site, live.js, or the
// event stream. Every answer forbids caching, so a reload shows the new build.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	// Only the preview's own pages may load its files: a page elsewhere
	// could otherwise show learners' photos in itself, or tell from an
	// image's load or error which entries, drafts included, exist.
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")

	if !h.hostAllowed(r.Host) {
		plain(w, r, http.StatusForbidden, h.refusal(r)+"\n")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		plain(w, r, http.StatusMethodNotAllowed, "dll serve only answers GET and HEAD requests\n")
		return
	}
	name, wantDir, ok := cleanPath(r.URL.Path)
	if !ok {
		h.notFound(w, r)
		return
	}
	switch {
	case name == livePath:
		hd.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(liveJS))
		return
	case name == eventsPath:
		h.events(w, r)
		return
	case name == "_dll" || strings.HasPrefix(name, "_dll/"):
		h.notFound(w, r)
		return
	}
	h.serveFile(w, r, name, wantDir)
}

// serveFile serves name (a cleaned slash-separated path, "" for the top)
// from the site folder.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string, wantDir bool) {
	// Open the folder afresh for every request: a full build swaps in a
	// new folder by rename, and a kept handle would go on showing the old
	// one. os.Root also refuses any symbolic link that leads out of it.
	root, err := h.openSite()
	if err != nil {
		plain(w, r, http.StatusNotFound, "not found (the site has not been built yet)\n")
		return
	}
	defer func() { root.Close() }()
	if h.serveIn(w, r, root, name, wantDir) {
		return
	}
	// Not found, perhaps because the folder opened was swapped out and
	// is being removed: look again in the one swapped in.
	if h.swappedOut(root) {
		if again, err := h.openSite(); err == nil {
			root.Close()
			root = again
			if h.serveIn(w, r, root, name, wantDir) {
				return
			}
		}
	}
	h.notFoundIn(w, r, root)
}

// serveIn serves name from root, or a redirect to its folder form; it
// reports false, having written nothing, when root has no such page.
func (h *Handler) serveIn(w http.ResponseWriter, r *http.Request, root *os.Root, name string, wantDir bool) bool {
	open := name
	if open == "" {
		open = "."
	}
	fi, err := root.Stat(open)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		if !wantDir {
			loc := &url.URL{Path: "/" + name + "/", RawQuery: r.URL.RawQuery}
			http.Redirect(w, r, loc.String(), http.StatusFound)
			return true
		}
		open = path.Join(name, "index.html")
	} else if wantDir {
		return false
	}
	return h.serveFrom(w, r, root, open, http.StatusOK)
}

// openSite opens the site folder. A full build swaps in its new folder
// with two renames, between which there is none for a moment: a request
// that comes then waits for the new one rather than failing.
func (h *Handler) openSite() (*os.Root, error) {
	for wait := time.Millisecond; ; wait *= 2 {
		root, err := os.OpenRoot(h.dir)
		if err == nil || !errors.Is(err, fs.ErrNotExist) || wait > swapWait {
			return root, err
		}
		time.Sleep(wait)
	}
}

// swappedOut reports whether root is no longer the site folder: a full
// build put another in its place since root was opened.
func (h *Handler) swappedOut(root *os.Root) bool {
	opened, err := root.Stat(".")
	if err != nil {
		return true
	}
	now, err := os.Stat(h.dir)
	return err != nil || !os.SameFile(opened, now)
}

// serveFrom writes the regular file name of root with the given status
// (http.StatusOK lets Range and HEAD requests work), adding the preview's
// script to HTML. It reports false, having written nothing, if there is no
// such regular file.
func (h *Handler) serveFrom(w http.ResponseWriter, r *http.Request, root *os.Root, name string, status int) bool {
	// What the page will say of the build and its problems, taken before
	// the file is read: a page read from a newer build than its tag says
	// only reloads once more, whereas one read from an older build than
	// its tag says would never reload.
	st := h.state()
	// Stat first so that a FIFO or device never gets opened (that could
	// block), then check the opened file again in case it was swapped.
	if fi, err := root.Stat(name); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}

	ext := strings.ToLower(path.Ext(name))
	w.Header().Set("Content-Type", contentType(ext))
	if (ext == ".html" || ext == ".htm") && fi.Size() <= maxInject {
		page, err := io.ReadAll(io.LimitReader(f, maxInject+1))
		if err != nil {
			return false
		}
		if len(page) <= maxInject {
			body := inject(page, st)
			if status != http.StatusOK {
				write(w, r, status, body)
				return true
			}
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
			return true
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return false
		}
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			io.Copy(w, f)
		}
		return true
	}
	http.ServeContent(w, r, "", fi.ModTime(), f)
	return true
}

// notFound answers 404 with the site's own 404.html when it has one.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	root, err := h.openSite()
	if err != nil {
		plain(w, r, http.StatusNotFound, "not found\n")
		return
	}
	defer root.Close()
	h.notFoundIn(w, r, root)
}

func (h *Handler) notFoundIn(w http.ResponseWriter, r *http.Request, root *os.Root) {
	if !h.serveFrom(w, r, root, "404.html", http.StatusNotFound) {
		plain(w, r, http.StatusNotFound, "not found\n")
	}
}

// pageState is what a served page is told: the build it was read from,
// and the problems shown.
type pageState struct {
	gen      uint64
	problems []string
}

func (h *Handler) state() pageState {
	h.mu.Lock()
	defer h.mu.Unlock()
	return pageState{gen: h.gen, problems: h.problems}
}

// inject returns page with the problems overlay (if any) and the script
// just before its last </body>, or at its end if it has none. The page on
// disk stays as it is.
func inject(page []byte, st pageState) []byte {
	add := scriptTag(st.gen)
	if len(st.problems) > 0 {
		add = overlayHTML(st.problems) + add
	}
	at := lastIndexFold(page, "</body>")
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(add))
	out = append(out, page[:at]...)
	out = append(out, add...)
	return append(out, page[at:]...)
}

// overlayHTML renders the problems overlay, every line escaped: the
// diagnostics quote what the author wrote, which may hold markup.
func overlayHTML(lines []string) string {
	var b strings.Builder
	// The overlay is in English whatever the language of the site, and
	// says so, so that a screen reader reads it as English (and left to
	// right on a site in Arabic or Hebrew).
	b.WriteString(`<div id="dll-problems" role="alert" lang="en" dir="ltr" style="` + overlayStyle + `">`)
	b.WriteString(`<h2 style="` + overlayTitleStyle + `">` + html.EscapeString(overlayTitle) + `</h2>`)
	b.WriteString(`<p style="` + overlayIntroStyle + `">` + html.EscapeString(overlayIntro) + `</p>`)
	b.WriteString(`<pre style="` + overlayLinesStyle + `">`)
	b.WriteString(html.EscapeString(strings.Join(lines, "\n")))
	b.WriteString(`</pre></div>`)
	return b.String()
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case; needle must be
// lower case ASCII. (bytes.ToLower could change the length of non-ASCII
// text and so the index.)
func lastIndexFold(s []byte, needle string) int {
	for i := len(s) - len(needle); i >= 0; i-- {
		match := true
		for j := 0; j < len(needle); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// events streams Server-Sent Events to one open page until it goes away
// or Close is called.
func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	wake := make(chan struct{}, 1)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		plain(w, r, http.StatusServiceUnavailable, "dll serve is stopping\n")
		return
	}
	// Start from the current state: a page that connects has just been
	// loaded, so it needs no reload, only the problems if there are any;
	// unless it says it was read from an earlier build (its gen), when it
	// is told to reload at once.
	gen, ver := h.gen, h.probVer
	shown := len(h.problems) > 0
	stale := false
	if g, err := strconv.ParseUint(r.URL.Query().Get("gen"), 10, 64); err == nil && g != gen {
		gen, stale = g, true
	}
	h.clients[wake] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, wake)
		h.mu.Unlock()
	}()

	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	send := func(s string) bool {
		rc.SetWriteDeadline(time.Now().Add(writeWait)) // not every writer has deadlines; then none applies
		if _, err := io.WriteString(w, s); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// Flush the header at once, so the page knows it is connected.
	if !send(": connected\n\n") {
		return
	}
	if shown {
		ver-- // differs from the current version: the loop sends the problems
	}
	if shown || stale {
		select {
		case wake <- struct{}{}:
		default: // a change since the stream was added woke it already
		}
	}

	ping := time.NewTicker(h.ping)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case <-ping.C:
			if !send(": ping\n\n") {
				return
			}
		case <-wake:
			h.mu.Lock()
			nowGen, nowVer, problems := h.gen, h.probVer, h.problems
			h.mu.Unlock()
			var out strings.Builder
			if nowGen != gen {
				out.WriteString("event: reload\ndata: " + strconv.FormatUint(nowGen, 10) + "\n\n")
				gen = nowGen
				if len(problems) == 0 {
					ver = nowVer // the reload clears the overlay anyway
				}
			}
			if nowVer != ver {
				out.WriteString(problemsEvent(problems))
				ver = nowVer
			}
			if out.Len() > 0 && !send(out.String()) {
				return
			}
		}
	}
}

// problemsEvent is the event that shows lines in the overlay (or hides it
// when there are none). JSON keeps the data on one line.
func problemsEvent(lines []string) string {
	if lines == nil {
		lines = []string{}
	}
	data, err := json.Marshal(lines)
	if err != nil { // cannot happen for strings; invalid UTF-8 becomes U+FFFD
		data = []byte("[]")
	}
	return "event: problems\ndata: " + string(data) + "\n\n"
}

// hostAllowed reports whether the Host header names one of h.hosts. A
// page on another site that points its own name at 127.0.0.1 (DNS
// rebinding) sends its own name here, and is refused.
func (h *Handler) hostAllowed(hostport string) bool {
	host, ok := splitHost(hostport)
	if !ok || host == "" {
		return false
	}
	for _, s := range h.hosts {
		if strings.EqualFold(host, s) {
			return true
		}
	}
	return false
}

// splitHost returns the host part of a Host header: "localhost:8080",
// "127.0.0.1", "[::1]:8080" and "[::1]" give "localhost", "127.0.0.1",
// "::1" and "::1". It reports false for a malformed value.
func splitHost(s string) (string, bool) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", false
		}
		if rest := s[end+1:]; rest != "" && (rest[0] != ':' || !validPort(rest[1:])) {
			return "", false
		}
		return s[1:end], true
	}
	switch strings.Count(s, ":") {
	case 0:
		return s, true
	case 1:
		host, port, _ := strings.Cut(s, ":")
		return host, validPort(port)
	default: // a bare IPv6 address; no port can be told apart
		return s, true
	}
}

// validPort reports whether p is empty or up to five digits.
func validPort(p string) bool {
	if len(p) > 5 {
		return false
	}
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// refusal is the message for a request naming a foreign host: it says
// which address to open instead, with the port the request came in on.
func (h *Handler) refusal(r *http.Request) string {
	// The address the request came in on, when it is one of those
	// answered: for a server open to the network, another computer's
	// address of this one, not 127.0.0.1, which names that computer.
	host, port := "", ""
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if ip, p, err := net.SplitHostPort(a.String()); err == nil {
			port = p
			if parsed := net.ParseIP(ip); parsed != nil && slices.Contains(h.hosts, strings.ToLower(parsed.String())) {
				host = parsed.String()
			}
		}
	}
	if host == "" {
		host = h.hosts[0]
		for _, s := range h.hosts {
			if net.ParseIP(s) != nil {
				host = s
				break
			}
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port == "" {
		if _, p, err := net.SplitHostPort(r.Host); err == nil && p != "" && validPort(p) {
			port = p
		}
	}
	if port != "" {
		host += ":" + port
	}
	return "dll serve only answers requests for localhost or the address it was started on; open http://" + host + "/ instead"
}

// cleanPath turns a request's (once decoded) URL path into a path inside
// the site folder, reporting whether it ends in a slash (names a folder).
// It refuses, with ok false, any path that in any of a few rounds of
// decoding, with backslashes read as slashes, has a segment that is "."
// or "..", starts with a dot (dotfiles such as .git, .env, .dll-site),
// holds a control character or a colon (Windows streams and drives), or
// ends in the extension of a source file.
func cleanPath(p string) (name string, dir bool, ok bool) {
	if p == "" {
		p = "/"
	}
	if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, `\`) {
		return "", false, false
	}
	forms := []string{p}
	cur := p
	for range maxDecode {
		if !strings.Contains(cur, "%") {
			break
		}
		next, err := url.PathUnescape(cur)
		if err != nil || next == cur {
			break // a literal % in a name
		}
		forms = append(forms, next)
		cur = next
	}
	if next, err := url.PathUnescape(cur); err == nil && next != cur {
		return "", false, false // still encoded after every round: no page is named like that
	}
	var segs []string
	for i, f := range forms {
		f = strings.ReplaceAll(f, `\`, "/")
		parts := strings.Split(f, "/")
		for _, s := range parts {
			if s != "" && !safeSegment(s) {
				return "", false, false
			}
		}
		if i == 0 {
			for _, s := range parts {
				if s != "" {
					segs = append(segs, s)
				}
			}
			dir = strings.HasSuffix(f, "/")
		}
	}
	return strings.Join(segs, "/"), dir, true
}

func safeSegment(s string) bool {
	if strings.HasPrefix(s, ".") {
		return false // ".", "..", and every dotfile
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == ':' {
			return false
		}
	}
	// Windows ignores trailing dots and spaces: "a.md." opens "a.md".
	switch strings.ToLower(path.Ext(strings.TrimRight(s, ". "))) {
	case ".md", ".markdown", ".yaml", ".yml":
		return false
	}
	return true
}

// webTypes fixes the types of the files a site holds, so that they do not
// depend on the machine's /etc/mime.types.
var webTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "text/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/vnd.microsoft.icon",
	".mp4":   "video/mp4",
	".m4v":   "video/mp4",
	".webm":  "video/webm",
	".ogv":   "video/ogg",
	".mov":   "video/quicktime",
	".mp3":   "audio/mpeg",
	".m4a":   "audio/mp4",
	".ogg":   "audio/ogg",
	".wav":   "audio/wav",
	".vtt":   "text/vtt; charset=utf-8",
	".pdf":   "application/pdf",
	".woff":  "font/woff",
	".woff2": "font/woff2",
}

func contentType(ext string) string {
	if t, ok := webTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// plain answers with a short text message.
func plain(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	write(w, r, status, []byte(msg))
}

func write(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
