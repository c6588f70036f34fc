package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// These tests build the real dll binary and run it as a person would, with
// real git, real processes and a real terminal.

// dllBinary returns the dll binary that TestMain built.
func dllBinary(t *testing.T) string {
	t.Helper()
	if binPath == "" {
		t.Skip("builds the binary; skipped with -short")
	}
	return binPath
}

type result struct {
	code     int
	out, err string
}

// dll runs the binary in dir, with stdin that never delivers anything and
// a time limit, so that waiting for input fails the test.
func dll(t *testing.T, dir string, args ...string) result {
	t.Helper()
	bin := dllBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = testEnviron
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	defer pr.Close()
	cmd.Stdin = pr
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("dll %s did not finish: it waits for input it will never get", strings.Join(args, " "))
	}
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

// TestEndToEnd: dll init, dll new experience, dll validate; then the author
// writes the TODO lines and the entry validates.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	needGit(t)
	wd := t.TempDir()
	r := dll(t, wd, "init", "my portfolio", "--name", "R. Alvarez", "--role", "teacher-librarian", "--organization", "Lincoln Elementary")
	if r.code != 0 {
		t.Fatalf("init: exit %d\n%s%s", r.code, r.out, r.err)
	}
	root := filepath.Join(wd, "my portfolio")
	if log := gitT(t, root, nil, "log", "--oneline"); strings.Count(log, "\n") != 1 {
		t.Fatalf("git log:\n%s", log)
	}

	r = dll(t, root, "new", "experience", "Book tasting", "--type", "literacy", "--mode", "enhance")
	if r.code != 0 || !strings.HasPrefix(r.out, "Created experiences/book-tasting/index.md. Open it and fill in the TODO lines; then run dll validate.\n") {
		t.Fatalf("new: exit %d\n%s%s", r.code, r.out, r.err)
	}
	// A fresh entry is planned: what is left to write is reported, and
	// stops nothing.
	r = dll(t, root, "validate")
	if r.code != 0 {
		t.Fatalf("validate of a fresh entry: exit %d, want 0\n%s", r.code, r.out)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
		// The portfolio's own warnings (one partner, phases not yet shown)
		// may point into the entry.
		if strings.HasPrefix(line, "experiences/") && !strings.Contains(line, ": before publishing: still to write") && !strings.Contains(line, ": warning: ") {
			t.Errorf("not about prose to write: %s", line)
		}
	}
	if !strings.Contains(r.out, "experiences/book-tasting/index.md:6:10: summary: before publishing: still to write") {
		t.Errorf("validate output:\n%s", r.out)
	}

	// The author writes every TODO of the front matter...
	file := filepath.Join(root, "experiences", "book-tasting", "index.md")
	src := readFile(t, file)
	todo := regexp.MustCompile(`"TODO[^"]*"`)
	n := 0
	src = todo.ReplaceAllStringFunc(src, func(string) string {
		n++
		return "Students now choose books by sampling several genres and explain their choice to a partner"
	})
	// ... and every TODO paragraph of the story.
	story := regexp.MustCompile(`(?m)^TODO.*$`)
	src = story.ReplaceAllStringFunc(src, func(string) string {
		n++
		return "We planned, taught and assessed the tasting together, and students chose more widely."
	})
	if n == 0 {
		t.Fatal("no TODO to replace")
	}
	writeFile(t, file, src)
	r = dll(t, root, "validate")
	if r.code != 0 {
		t.Fatalf("validate after writing: exit %d\n%s", r.code, r.out)
	}

	// Evidence, with its location data removed, and its alt text to write.
	writeFile(t, filepath.Join(wd, "tasting.jpg"), string(photoWithGPS(t)))
	r = dll(t, filepath.Join(root, "experiences"), "new", "evidence", "book-tasting", filepath.Join(wd, "tasting.jpg"), "--phase", "teaching", "--consent", "obtained")
	if r.code != 0 || !strings.Contains(r.out, "without its location, camera and author data (Exif)") {
		t.Fatalf("new evidence: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = dll(t, root, "validate")
	if r.code != 0 || !strings.Contains(r.out, `evidence[0].alt: before publishing: still to write: replace "TODO: describe what the image shows" with your own words`) {
		t.Errorf("validate after evidence: exit %d\n%s", r.code, r.out)
	}

	// Once the entry is to be published, what is left to write stops it.
	if !strings.Contains(readFile(t, file), "status: planned\n") {
		t.Fatalf("no status: planned in\n%s", readFile(t, file))
	}
	writeFile(t, file, strings.Replace(readFile(t, file), "status: planned\n", "status: in-progress\n", 1))
	r = dll(t, root, "validate")
	if r.code != 1 || !strings.Contains(r.out, `evidence[0].alt: still to write: replace "TODO: describe what the image shows" with your own words`) {
		t.Errorf("validate of an entry in progress: exit %d\n%s", r.code, r.out)
	}
}

// TestConcurrentProcesses starts several dll new experience processes at
// once with one title: all succeed, each with its own entry.
func TestConcurrentProcesses(t *testing.T) {
	root := minimalPortfolio(t)
	bin := dllBinary(t)
	const n = 6
	cmds := make([]*exec.Cmd, n)
	outs := make([]bytes.Buffer, n)
	for i := range cmds {
		cmds[i] = exec.Command(bin, "new", "experience", "Maker week", "--type", "design-thinking", "--mode", "build")
		cmds[i].Dir = root
		cmds[i].Env = testEnviron
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("run %d: %v\n%s", i, err, outs[i].String())
			continue
		}
		first, _, _ := strings.Cut(outs[i].String(), ". Open it")
		if seen[first] {
			t.Errorf("two runs say %q", first)
		}
		seen[first] = true
	}
	items, _ := os.ReadDir(filepath.Join(root, "experiences"))
	if len(items) != n {
		t.Errorf("%d entries, want %d", len(items), n)
	}
	for _, it := range items {
		if src := readFile(t, filepath.Join(root, "experiences", it.Name(), "index.md")); !strings.Contains(src, "title: Maker week\n") {
			t.Errorf("%s is not a whole entry", it.Name())
		}
	}
}

// Without a terminal, no command waits for input, however long it would.
func TestNoTerminalNeverBlocks(t *testing.T) {
	root := minimalPortfolio(t)
	for _, args := range [][]string{
		{"init", "new"},
		{"new", "experience"},
		{"new", "experience", "Title", "--type", "inquiry"},
		{"new", "evidence", "x", "dll.yaml"},
	} {
		start := time.Now()
		r := dll(t, root, args...)
		if r.code != ExitUsage {
			t.Errorf("dll %s: exit %d, want %d\n%s", strings.Join(args, " "), r.code, ExitUsage, r.err)
		}
		if d := time.Since(start); d > 60*time.Second {
			t.Errorf("dll %s took %v", strings.Join(args, " "), d)
		}
	}
}

// With stdin and stdout both /dev/null, as in a script or a scheduled job,
// dll init with its flags makes the portfolio. /dev/null is a character
// device, so dll may take it for a terminal; then the one question left
// (the title) finds the input ended and takes its default, as Enter would.
func TestInitWithDevNull(t *testing.T) {
	wd := t.TempDir()
	in, err := os.Open(os.DevNull)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer in.Close()
	out, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, dllBinary(t), "init", "p", "--name", "A. Leader", "--role", "trainer", "--organization", "Acme")
	cmd.Dir = wd
	cmd.Env = testEnvWith("PATH=") // no git: this is about the terminal
	var errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("dll init with /dev/null: %v\n%s", err, errb.String())
	}
	if got := readFile(t, filepath.Join(wd, "p", "dll.yaml")); !strings.Contains(got, `title: "Digital learning portfolio: A. Leader"`) {
		t.Errorf("dll.yaml:\n%s", got)
	}
}

// terminal is a dll process on a pseudo-terminal.
type terminal struct {
	t   *testing.T
	f   *os.File
	mu  sync.Mutex
	buf bytes.Buffer
}

func startTerminal(t *testing.T, dir string, args ...string) (*terminal, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(dllBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = testEnviron
	f, err := pty.Start(cmd)
	if err != nil {
		missingTool(t, "no pseudo-terminal here: %v", err)
	}
	term := &terminal{t: t, f: f}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := f.Read(b)
			term.mu.Lock()
			term.buf.Write(b[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { f.Close() })
	return term, cmd
}

// answer waits for the prompt text, then types the answer.
func (term *terminal) answer(prompt, answer string) {
	term.t.Helper()
	term.waitFor(prompt)
	if _, err := io.WriteString(term.f, answer+"\r"); err != nil {
		term.t.Fatal(err)
	}
}

// waitFor waits for the prompt text, and forgets the output up to it.
func (term *terminal) waitFor(prompt string) {
	term.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		term.mu.Lock()
		got := term.buf.String()
		term.mu.Unlock()
		if i := strings.Index(got, prompt); i >= 0 {
			term.mu.Lock()
			term.buf.Next(len(got[:i]) + len(prompt))
			term.mu.Unlock()
			break
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("no prompt %q; the terminal shows:\n%s", prompt, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTerminalInitAndNew(t *testing.T) {
	needGit(t)
	wd := t.TempDir()
	term, cmd := startTerminal(t, wd, "init", "p")
	term.answer("Your name, as the site shows it: ", "M. Okafor")
	term.answer("Type a number or a name: ", "coach")
	term.answer("Type a number or a name: ", "2")
	term.answer("Your school, district, university or company: ", "Riverside Middle School")
	term.answer("The title of your portfolio [Digital learning portfolio: M. Okafor]: ", "")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("dll init on a terminal: %v\n%s", err, term.buf.String())
	}
	settings := readFile(t, filepath.Join(wd, "p", "dll.yaml"))
	for _, want := range []string{"name: M. Okafor\n", "role: instructional-coach\n", "organization: Riverside Middle School\n", `title: "Digital learning portfolio: M. Okafor"`} {
		if !strings.Contains(settings, want) {
			t.Errorf("dll.yaml lacks %q:\n%s", want, settings)
		}
	}

	term, cmd = startTerminal(t, filepath.Join(wd, "p"), "new", "experience", "--single")
	term.answer("Title of the learning experience: ", "Ask a scientist")
	term.answer("Type a number or a name: ", "inquiry")
	term.answer("Type a number or a name: ", "3")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("dll new experience on a terminal: %v\n%s", err, term.buf.String())
	}
	src := readFile(t, filepath.Join(wd, "p", "experiences", "ask-a-scientist.md"))
	if !strings.Contains(src, "\ntype: inquiry\n") || !strings.Contains(src, "\nmode: build\n") || !strings.Contains(src, "\nmy_role: instructional-coach\n") {
		t.Errorf("entry:\n%s", src)
	}
}

// Ctrl-D at a question on a real terminal stops dll with a usage error on
// a line of its own, and nothing written.
func TestTerminalCtrlD(t *testing.T) {
	root := minimalPortfolio(t)
	term, cmd := startTerminal(t, root, "new", "experience")
	term.answer("Title of the learning experience: ", "Ask a scientist")
	term.waitFor("Type a number or a name: ")
	if _, err := io.WriteString(term.f, "\x04"); err != nil { // Ctrl-D, and no Enter
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitUsage {
		t.Fatalf("exit: %v, want %d\n%s", err, ExitUsage, term.buf.String())
	}
	// Let the reader catch up with the last output.
	deadline := time.Now().Add(10 * time.Second)
	want := "dll: dll new experience stopped: the input ended before --type was given, so nothing was written."
	for {
		term.mu.Lock()
		got := strings.ReplaceAll(term.buf.String(), "\r", "")
		term.mu.Unlock()
		if strings.Contains(got, want) {
			// The prompt's line was ended before the message (the buffer
			// starts just after the prompt).
			if !strings.HasPrefix(got, "\n"+want) {
				t.Errorf("the message does not start on a line of its own: %q", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal lacks %q:\n%s", want, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if items, _ := os.ReadDir(filepath.Join(root, "experiences")); len(items) != 0 {
		t.Errorf("a stopped run wrote %v", items)
	}
}
