package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// A dll built with the tag dllfault panics, on purpose, reading Markdown
// that holds faultInReading, rendering Markdown that holds
// faultInRendering, and checking Markdown that holds faultInChecking
// (internal/portfolio/markdown_fault.go). These tests run
// that binary to prove that a fault in dll itself in any Markdown it reads
// (a story, a YAML body:, philosophy.md, the bio) becomes a message naming
// the file and never a Go stack trace, and that dll serve keeps serving.
const (
	faultInReading   = "dll:fault-in-reading"
	faultInRendering = "dll:fault-in-rendering"
	faultInChecking  = "dll:fault-in-checking"
	faultMessage     = "a fault made on purpose by the dllfault build"
)

// faultBin builds the dllfault binary once, beside the ordinary one.
var faultBin = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(filepath.Dir(dllBin), "dll-fault")
	out, err := exec.Command("go", "build", "-tags", "dllfault", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building dll with -tags dllfault: %v\n%s", err, out)
	}
	return bin, nil
})

func mustFaultBin(t *testing.T) string {
	t.Helper()
	bin, err := faultBin()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// faultPortfolio is a copy of the example portfolio, and where the texts
// the tests break start.
type faultPortfolio struct {
	dir string
	// Where each text starts, as dll reports a fault in it.
	entryAt, yamlAt, philosophyAt, bioAt string
}

const (
	mdEntry   = "experiences/grade3-book-tasting.md"
	yamlEntry = "experiences/k2-wonder-wall.yaml"
)

func newFaultPortfolio(t *testing.T) *faultPortfolio {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "portfolio")
	if err := os.CopyFS(dir, os.DirFS("../../examples/portfolio")); err != nil {
		t.Fatal(err)
	}
	fp := &faultPortfolio{dir: dir, philosophyAt: "philosophy.md:1:1"}
	// A story starts at its first line that is not blank.
	fences := 0
	for i, l := range strings.Split(fp.read(t, mdEntry), "\n") {
		if fences == 2 && strings.TrimSpace(l) != "" {
			fp.entryAt = fmt.Sprintf("%s:%d:1", mdEntry, i+1)
			break
		}
		if l == "---" {
			fences++
		}
	}
	for i, l := range strings.Split(fp.read(t, yamlEntry), "\n") {
		if l == "body: |" {
			fp.yamlAt = fmt.Sprintf("%s:%d:3", yamlEntry, i+2)
		}
	}
	for i, l := range strings.Split(fp.read(t, "dll.yaml"), "\n") {
		if strings.TrimSpace(l) == "bio: |" {
			fp.bioAt = fmt.Sprintf("dll.yaml:%d:%d", i+1, strings.Index(l, "|")+1)
		}
	}
	if fp.entryAt == "" || fp.yamlAt == "" || fp.bioAt == "" {
		t.Fatalf("the example portfolio changed shape: %+v", fp)
	}
	return fp
}

func (fp *faultPortfolio) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fp.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (fp *faultPortfolio) write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(fp.dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// breakText puts marker into the text of name: the story of an entry, the
// body: of a YAML entry, philosophy.md or the bio in dll.yaml.
func (fp *faultPortfolio) breakText(t *testing.T, name, marker string) {
	t.Helper()
	src := fp.read(t, name)
	switch name {
	case yamlEntry:
		src = strings.Replace(src, "body: |\n  ", "body: |\n  "+marker+" ", 1)
	case "dll.yaml":
		src = strings.Replace(src, "bio: |\n    ", "bio: |\n    "+marker+" ", 1)
	default:
		src += "\n" + marker + "\n"
	}
	if !strings.Contains(src, marker) {
		t.Fatalf("could not put the fault into %s", name)
	}
	fp.write(t, name, src)
}

func noStackTrace(t *testing.T, output string) {
	t.Helper()
	if strings.Contains(output, "goroutine ") || strings.Contains(output, "panic:") || strings.Contains(output, ".go:") {
		t.Errorf("dll printed a Go stack trace:\n%s", output)
	}
}

// snapshot returns every file under dir with its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A fault in reading the Markdown of an entry's story, a YAML entry's
// body: or philosophy.md is an error at the start of that text, in dll
// validate and dll build alike; every other file is still checked, and the
// build leaves the last site as it was.
func TestFaultInReadingMarkdown(t *testing.T) {
	bin := mustFaultBin(t)
	fp := newFaultPortfolio(t)
	site := filepath.Join(t.TempDir(), "site")
	if out, errs, code := runBin(t, bin, fp.dir, "build", "-o", site); code != 0 {
		t.Fatalf("the example did not build with the dllfault binary: exit %d\n%s%s", code, out, errs)
	}
	before := snapshot(t, site)
	for _, name := range []string{mdEntry, yamlEntry, "philosophy.md"} {
		fp.breakText(t, name, faultInReading)
	}
	problem := ": body: dll could not read this text because of a fault in dll itself (" + faultMessage + "); please report it\n"
	problems := fp.entryAt + problem + fp.yamlAt + problem + fp.philosophyAt + problem

	stdout, stderr, code := runBin(t, bin, fp.dir, "validate")
	want := problems + "Checked 12 entries (1 draft and 1 private, not published): 3 errors. Fix the errors to build the site.\n"
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("dll validate: exit %d, want 1\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, stdout, want, stderr)
	}

	stdout, stderr, code = runBin(t, bin, fp.dir, "build", "-o", site)
	want = problems + "Nothing was built: fix the 3 errors above, then build again. The site from the last build is unchanged.\n"
	if code != 1 || stdout != want {
		t.Errorf("dll build: exit %d, want 1\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, stdout, want, stderr)
	}
	noStackTrace(t, stderr)
	if !sameFiles(snapshot(t, site), before) {
		t.Error("the failed build changed the last site")
	}
}

// A fault in a rule that reads Markdown after it was parsed (here, the
// search for private names) stops the check of that entry or page only: it
// is an error at the file, and the rest of the portfolio is still checked.
func TestFaultInCheckingMarkdown(t *testing.T) {
	bin := mustFaultBin(t)
	fp := newFaultPortfolio(t)
	for _, name := range []string{mdEntry, yamlEntry, "philosophy.md"} {
		fp.breakText(t, name, faultInChecking)
	}
	fault := " because of a fault in dll itself (" + faultMessage + "); please report it\n"
	want := mdEntry + ":1:1: dll could not check this entry" + fault +
		yamlEntry + ":1:1: dll could not check this entry" + fault +
		"philosophy.md:1:1: dll could not check this page" + fault +
		"Checked 12 entries (1 draft and 1 private, not published): 3 errors. Fix the errors to build the site.\n"
	stdout, stderr, code := runBin(t, bin, fp.dir, "validate")
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("dll validate: exit %d, want 1\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, stdout, want, stderr)
	}
}

// A fault in rendering the Markdown of a story, philosophy.md or the bio
// (which dll validate does not read as Markdown) stops dll build with an
// error naming the file, and leaves the last site as it was.
func TestFaultInRenderingMarkdown(t *testing.T) {
	bin := mustFaultBin(t)
	for _, tc := range []struct {
		name  string
		at    func(*faultPortfolio) string
		field string
	}{
		{mdEntry, func(fp *faultPortfolio) string { return fp.entryAt }, "body"},
		{yamlEntry, func(fp *faultPortfolio) string { return fp.yamlAt }, "body"},
		{"philosophy.md", func(fp *faultPortfolio) string { return fp.philosophyAt }, "body"},
		{"dll.yaml", func(fp *faultPortfolio) string { return fp.bioAt }, "leader.bio"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fp := newFaultPortfolio(t)
			site := filepath.Join(t.TempDir(), "site")
			if out, errs, code := runBin(t, bin, fp.dir, "build", "-o", site); code != 0 {
				t.Fatalf("the example did not build with the dllfault binary: exit %d\n%s%s", code, out, errs)
			}
			before := snapshot(t, site)
			fp.breakText(t, tc.name, faultInRendering)
			if stdout, stderr, code := runBin(t, bin, fp.dir, "validate"); code != 0 {
				t.Fatalf("dll validate: exit %d, want 0\n%s%s", code, stdout, stderr)
			}
			stdout, stderr, code := runBin(t, bin, fp.dir, "build", "-o", site)
			want := "dll: " + tc.at(fp) + ": " + tc.field + ": dll could not make this text into a page because of a fault in dll itself (" + faultMessage + "); please report it\nNothing was built; the site from the last build is unchanged\n"
			if code != 1 || !strings.HasSuffix(stderr, want) {
				t.Errorf("dll build: exit %d, want 1\nstderr:\n%s\nwant it to end:\n%s\nstdout:\n%s", code, stderr, want, stdout)
			}
			noStackTrace(t, stdout+stderr)
			if !sameFiles(snapshot(t, site), before) {
				t.Error("the failed build changed the last site")
			}
		})
	}
}

// dll serve survives a save that makes dll fail to read or render
// Markdown: it says so, keeps serving the last good build, and rebuilds
// once the text is fixed.
func TestFaultInMarkdownServe(t *testing.T) {
	bin := mustFaultBin(t)
	fp := newFaultPortfolio(t)
	cmd := exec.Command(bin, "serve", "--port", "0")
	cmd.Dir = fp.dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			cmd.Process.Kill()
			<-exited
		}
	})
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		io.Copy(io.Discard, out)
		close(lines)
	}()
	// next returns the next line of the log that matches re.
	next := func(what string, re *regexp.Regexp) []string {
		t.Helper()
		timeout := time.After(60 * time.Second)
		var seen []string
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("%s: dll serve stopped; its log:\n%s\nstderr:\n%s", what, strings.Join(seen, "\n"), stderr.String())
				}
				if m := re.FindStringSubmatch(l); m != nil {
					return m
				}
				seen = append(seen, l)
			case <-timeout:
				t.Fatalf("%s: no line matching %s; the log:\n%s", what, re, strings.Join(seen, "\n"))
			}
		}
	}
	base := next("start", regexp.MustCompile(`^Previewing at (http://\S+/) `))[1]
	// page returns the entry's page as the preview serves it, and the
	// problems it shows over it. The site's pages have no scripts of their
	// own: from the first one on is what the preview adds.
	page := func() (string, string) {
		t.Helper()
		resp, err := http.Get(base + "experiences/grade3-book-tasting/")
		if err != nil {
			t.Fatalf("the preview stopped serving: %v", err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the preview answered %s", resp.Status)
		}
		text, added, _ := strings.Cut(string(b), "<script")
		text, overlay, _ := strings.Cut(text, `<div id="dll-problems"`)
		if added == "" {
			t.Fatal("the preview added no script to the page")
		}
		return text, html.UnescapeString(overlay)
	}
	good, _ := page()
	original := fp.read(t, mdEntry)
	when := `^\d\d:\d\d:\d\d `

	fp.breakText(t, mdEntry, faultInReading)
	problem := fp.entryAt + ": body: dll could not read this text because of a fault in dll itself (" + faultMessage + "); please report it"
	next("a save dll cannot read", regexp.MustCompile(`^`+regexp.QuoteMeta(problem)+`$`))
	// The entry's page stays as it was, and every page shows why.
	next("a save dll cannot read", regexp.MustCompile(when+regexp.QuoteMeta(mdEntry+": not rebuilt, because of 1 error; the preview shows the entry as it was until you fix it.")))
	if text, overlay := page(); text != good || !strings.Contains(overlay, problem) {
		t.Errorf("after a save dll could not read, the entry's page changed or does not show the problem; it shows:\n%s", overlay)
	}

	fp.write(t, mdEntry, original)
	next("the fix", regexp.MustCompile(when+regexp.QuoteMeta(mdEntry+": rebuilt ")))
	good, _ = page()

	fp.breakText(t, mdEntry, faultInRendering)
	problem = fp.entryAt + ": body: dll could not make this text into a page because of a fault in dll itself (" + faultMessage + "); please report it"
	next("a save dll cannot render", regexp.MustCompile(when+regexp.QuoteMeta(mdEntry+": could not rebuild: "+problem)+`$`))
	if text, overlay := page(); text != good || !strings.Contains(overlay, problem) {
		t.Errorf("after a save dll could not render, the preview changed or does not show the problem; it shows:\n%s", overlay)
	}

	fp.write(t, mdEntry, original)
	next("the fix", regexp.MustCompile(when+regexp.QuoteMeta(mdEntry+": rebuilt ")))
	if _, overlay := page(); overlay != "" {
		t.Errorf("the fixed preview still shows problems:\n%s", overlay)
	}

	cmd.Process.Signal(os.Interrupt)
	stopped = true
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("dll serve ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Error("dll serve did not stop on Ctrl-C")
	}
	noStackTrace(t, stderr.String())
}
