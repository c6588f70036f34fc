package main_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the stdout and stderr sections of each scenario")

// dllBin is the dll binary, built once for the whole test process.
var dllBin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "dll-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dllBin = filepath.Join(dir, "dll")
	// Built before any test runs, in the environment go test was given,
	// so that it uses the build and module caches; without version
	// control stamping, which would run git on the checkout. With
	// -trimpath, as TestVersionFromGit builds a copy of the sources, so
	// that the two builds share the compiled packages.
	build := exec.Command("go", "build", "-buildvcs=false", "-trimpath", "-o", dllBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building dll:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runDLL runs the built binary in dir and returns its output and exit code.
func runDLL(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runBin(t, dllBin, dir, args...)
}

// runBin runs the binary bin in dir and returns its output and exit code.
func runBin(t *testing.T, bin, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("running dll: %v", err)
	}
	return out.String(), errb.String(), code
}

// TestScenarios runs testdata/*.txtar against the real binary. The comment
// holds the command and the expected exit status:
//
//	cd some/folder        (optional: where to run, inside the scenario)
//	exec dll validate --strict
//	exit 1
//
// The stdout and stderr sections are the exact expected output; every other
// file is written into a fresh folder first.
func TestScenarios(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no scenarios found")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := txtar.Parse(src)
			dir := t.TempDir()
			for _, f := range a.Files {
				if f.Name == "stdout" || f.Name == "stderr" {
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args, wantCode, cwd := parseScript(t, string(a.Comment))
			stdout, stderr, code := runDLL(t, filepath.Join(dir, cwd), args...)
			if *update {
				archiveSet(a, "stdout", []byte(stdout))
				archiveSet(a, "stderr", []byte(stderr))
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if code != wantCode {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, wantCode, stdout, stderr)
			}
			for name, got := range map[string]string{"stdout": stdout, "stderr": stderr} {
				want, _ := archiveGet(a, name)
				if got != string(want) {
					t.Errorf("%s:\ngot:\n%s\nwant:\n%s", name, got, want)
				}
			}
		})
	}
}

func parseScript(t *testing.T, comment string) (args []string, code int, cwd string) {
	t.Helper()
	code = -1
	for _, line := range strings.Split(comment, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "exec" && f[1] == "dll":
			args = f[2:]
		case len(f) == 2 && f[0] == "exit":
			code, _ = strconv.Atoi(f[1])
		case len(f) == 2 && f[0] == "cd":
			cwd = filepath.FromSlash(f[1])
		}
	}
	if args == nil || code < 0 {
		t.Fatalf("the scenario needs an 'exec dll ...' line and an 'exit N' line")
	}
	return args, code, cwd
}

// TestExamplePortfolio: the bundled example validates with no errors and no
// warnings, and prints only its one-line summary.
func TestExamplePortfolio(t *testing.T) {
	root, _ := filepath.Abs("../..")
	stdout, stderr, code := runDLL(t, root, "validate", "--strict", "examples/portfolio")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	summary := regexp.MustCompile(`^Checked (\d+) entries \(1 draft and 1 private, not published\): no problems found\.\n$`)
	m := summary.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("want only the one-line summary, got:\n%s", stdout)
	}
	if n, _ := strconv.Atoi(m[1]); n < 10 {
		t.Errorf("the example has %d entries; it needs at least 8 published plus a draft and a private one", n)
	}
}

// archiveGet returns the data of the named file of the archive.
func archiveGet(a *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// archiveSet replaces the named file's data, adding the file if it is
// missing.
func archiveSet(a *txtar.Archive, name string, data []byte) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: data})
}
