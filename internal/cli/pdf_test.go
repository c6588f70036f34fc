package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPDFWithoutBrowser: without a browser dll pdf stops at once, with
// exit status 1, says how to install one and that printing the site from
// a browser works too, and writes nothing.
func TestPDFWithoutBrowser(t *testing.T) {
	dir := copyExample(t)
	e := newTestEnv(t, dir)
	e.Getenv = func(k string) string {
		if k == "DLL_BROWSER" {
			return "/nowhere/chrome"
		}
		return ""
	}
	if code := e.run(t, "pdf"); code != ExitProblem {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitProblem, e.out, e.err)
	}
	msg := e.err.String()
	for _, want := range []string{"dll: DLL_BROWSER names /nowhere/chrome", "found none", "Chromium", "Google Chrome", "Microsoft Edge", "dll build", "print them"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %q:\n%s", want, msg)
		}
	}
	if e.out.Len() > 0 {
		t.Errorf("it checked the portfolio first:\n%s", e.out)
	}
	if pdfs, _ := filepath.Glob(filepath.Join(dir, "*.pdf")); len(pdfs) > 0 {
		t.Errorf("it wrote %v", pdfs)
	}
}

// TestPDFUsageErrors: a wrong option, an output that is not dll's to
// replace, or a snapshot that is not there is a usage error (exit 2) that
// says what to do, and the file named is left as it was.
func TestPDFUsageErrors(t *testing.T) {
	dir := copyExample(t)
	mine := filepath.Join(dir, "mine.pdf")
	writeFile(t, mine, "%PDF-1.4 my own file\n")
	browser := func(k string) string {
		if k == "DLL_BROWSER" {
			return "/bin/sh" // found, and never started: each case stops before printing
		}
		return ""
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"pdf", "--paper", "legal"}, `dll: --paper takes letter or a4, not "legal"`},
		{[]string{"pdf", "-o", "mine.pdf"}, "dll: mine.pdf already exists and dll did not make it, so dll will not replace it; choose another name with -o, or move the file away"},
		{[]string{"pdf", "-o", "experiences"}, "dll: experiences is a folder; give a file name for the PDF, like -o experiences/evidence-pack.pdf"},
		{[]string{"pdf", "-o", "no/such/folder/x.pdf"}, "dll: cannot write no/such/folder/x.pdf: there is no folder no/such/folder"},
		{[]string{"pdf", "--framework", "aasll"}, `dll: "aasll" is not a framework this portfolio aligns to; did you mean "aasl"?`},
		{[]string{"pdf", "--entry", "grade6-reading-access"}, `dll: "grade6-reading-access" is private, and a pack holds only what the site publishes`},
		{[]string{"pdf", "--snapshot", "2026 appraisal"}, "dll: the portfolio is not in a git repository, so it has no snapshots"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			e := newTestEnv(t, dir)
			e.Getenv = browser
			if code := e.run(t, tt.args...); code != ExitUsage {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitUsage, e.out, e.err)
			}
			// The last line: git's warning that the folder is not a
			// repository may come first.
			lines := strings.Split(strings.TrimSpace(e.err.String()), "\n")
			if got := lines[len(lines)-1]; got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if len(lines) > 1 && !strings.Contains(lines[0], "not in a git repository") {
				t.Errorf("more than one message:\n%s", e.err)
			}
		})
	}
	if got := readFile(t, mine); got != "%PDF-1.4 my own file\n" {
		t.Errorf("mine.pdf changed: %q", got)
	}
}

// TestPDFSnapshotUnknown: a snapshot name that matches none lists those
// there are.
func TestPDFSnapshotUnknown(t *testing.T) {
	needGit(t)
	dir := copyExample(t)
	gitT(t, dir, nil, "init", "-q")
	gitT(t, dir, nil, "add", "-A")
	gitT(t, dir, nil, "commit", "-q", "-m", "Start")
	e := newTestEnv(t, dir)
	if code := e.run(t, "snapshot", "Job application"); code != ExitOK {
		t.Fatalf("dll snapshot: exit %d\n%s", code, e.err)
	}
	e = newTestEnv(t, dir)
	e.Getenv = func(k string) string { return map[string]string{"DLL_BROWSER": "/bin/sh"}[k] }
	if code := e.run(t, "pdf", "--snapshot", "2026 appraisal"); code != ExitUsage {
		t.Fatalf("exit %d, want %d\n%s", code, ExitUsage, e.err)
	}
	if got, want := strings.TrimSpace(e.err.String()), `dll: there is no snapshot "2026 appraisal"; the snapshots are: "Job application"`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "tess-marchetti-evidence-pack-2026-appraisal.pdf")); err == nil {
		t.Error("a pack was written")
	}
}
