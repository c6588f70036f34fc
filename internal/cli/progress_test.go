package cli

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"dll/internal/progress"
	"dll/internal/sample"
)

// steppingClock is a clock that moves on by step each time it is read, so
// that every report comes long enough after the one before to be drawn.
func steppingClock(step time.Duration) func() time.Time {
	var mu sync.Mutex
	t := testNow
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(step)
		return t
	}
}

// TestProgressOnTerminal: with standard error on a terminal, a long
// command shows how far it has got on one line there, redrawn in place and
// erased at the end; what it prints on standard output is what it prints
// without a terminal, byte for byte.
func TestProgressOnTerminal(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, 20); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir() + "/site"
	plain := newTestEnv(t, dir)
	if code := plain.run(t, "build", "-o", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, plain.out, plain.err)
	}

	e := newTestEnv(t, dir)
	e.ErrTerminal = true
	e.Now = steppingClock(time.Second)
	if code := e.run(t, "build", "-o", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	// Outside git the build warns once on standard error; the progress
	// line is erased before it, and may go on after it.
	warning := regexp.QuoteMeta(strings.TrimSuffix(plain.err.String(), "\n"))
	line := `\r(Reading entries|Checking entries and making their pages): \d+ of 20 \(\d+%\)\x1b\[K`
	re := regexp.MustCompile(`^(` + line + `)+\r\x1b\[K` + warning + `\n((` + line + `)+\r\x1b\[K)?$`)
	if !re.MatchString(e.err.String()) {
		t.Errorf("standard error is not progress lines, each redrawn and erased:\n%q", e.err.String())
	}
	for _, stage := range []string{"\rReading entries: 20 of 20 (100%)", "\rChecking entries and making their pages: 20 of 20 (100%)"} {
		if !strings.Contains(e.err.String(), stage) {
			t.Errorf("no %q in the progress shown:\n%q", stage, e.err.String())
		}
	}
	if got, want := e.out.String(), plain.out.String(); got != want {
		t.Errorf("standard output differs with a terminal:\n%s\nwithout:\n%s", got, want)
	}
}

// TestNoProgressWithoutTerminal: in a pipe, a file, CI, or a terminal
// that cannot redraw a line (TERM=dumb), nothing is added to the output.
func TestNoProgressWithoutTerminal(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, 5); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		terminal bool
		term     string
	}{
		{"not a terminal", false, "xterm-256color"},
		{"TERM=dumb", true, "dumb"},
	} {
		e := newTestEnv(t, dir)
		e.ErrTerminal = tc.terminal
		e.Getenv = func(k string) string {
			if k == "TERM" {
				return tc.term
			}
			return ""
		}
		e.Now = steppingClock(time.Second)
		if code := e.run(t, "validate"); code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", tc.name, code, e.out, e.err)
		}
		if e.err.Len() > 0 {
			t.Errorf("%s: standard error has %q", tc.name, e.err)
		}
	}
}

// TestProgressLine: nothing in the first half second of a stage; then at
// most ten lines a second; anything written in between erases the line
// first, and the end erases it for good. A stage that starts anew waits
// its half second again.
func TestProgressLine(t *testing.T) {
	now := testNow
	var term, stdout bytes.Buffer
	p := &progressLine{w: &term, now: func() time.Time { return now }}
	out := &clearFirst{p: p, w: &stdout}
	quick := progress.Report{Stage: "Reading entries", Unit: "entries", Total: 10}
	p.report(quick)
	now = now.Add(450 * time.Millisecond)
	quick.Done = 10
	p.report(quick)
	r := progress.Report{Stage: "Checking entries", Unit: "entries", Done: 0, Total: 10}

	p.report(r)
	r.Done = 1
	now = now.Add(400 * time.Millisecond)
	p.report(r)
	if term.Len() > 0 {
		t.Fatalf("drawn before half a second: %q", term.String())
	}
	now = now.Add(100 * time.Millisecond)
	r.Done = 2
	p.report(r)
	now = now.Add(50 * time.Millisecond)
	r.Done = 3
	p.report(r) // too soon after the last
	now = now.Add(50 * time.Millisecond)
	r.Done = 4
	p.report(r)
	out.Write([]byte("a problem\n"))
	out.Write([]byte("another\n"))
	p.end()
	p.report(r)
	want := "\rChecking entries: 2 of 10 (20%)\x1b[K\rChecking entries: 4 of 10 (40%)\x1b[K\r\x1b[K"
	if term.String() != want || stdout.String() != "a problem\nanother\n" {
		t.Errorf("terminal %q, want %q; stdout %q", term.String(), want, stdout.String())
	}
}

// TestProgressText: counts and bytes read plainly, and a long name or one
// with a line break never makes the line wrap or break.
func TestProgressText(t *testing.T) {
	for _, tc := range []struct {
		r    progress.Report
		want string
	}{
		{progress.Report{Stage: "Reading entries", Unit: "entries", Done: 4210, Total: 10000}, "Reading entries: 4210 of 10000 (42%)"},
		{progress.Report{Stage: "Copying clip.mp4", Unit: "bytes", Done: 120_500_000, Total: 800_000_000}, "Copying clip.mp4: 120.5 MB of 800.0 MB (15%)"},
		{progress.Report{Stage: "Copying a\nb.mp4", Unit: "bytes", Done: 0, Total: 0}, "Copying a?b.mp4: 0 bytes of 0 bytes"},
		{progress.Report{Stage: "Copying " + strings.Repeat("é", 100) + ".mp4", Unit: "bytes", Done: 1, Total: 2}, "Copying " + strings.Repeat("é", 70) + "…"},
	} {
		if got := progressText(tc.r); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
