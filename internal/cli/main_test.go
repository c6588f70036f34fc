package cli

import (
	"strings"
	"testing"
)

// TestFaultIsAMessage: a fault in dll itself, anywhere a command runs, ends
// the command with exit status 1 and one line that says so, never a Go
// stack trace.
func TestFaultIsAMessage(t *testing.T) {
	for _, cmd := range []string{"validate", "build", "serve"} {
		t.Run(cmd, func(t *testing.T) {
			e := newTestEnv(t, t.TempDir())
			e.Getwd = func() (string, error) { panic("a fault made by the test") }
			code := e.run(t, cmd)
			if code != ExitProblem {
				t.Errorf("exit %d; want %d", code, ExitProblem)
			}
			want := "dll: stopped because of a fault in dll itself (a fault made by the test); please report it, with the command you ran.\n"
			if got := e.err.String(); got != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
			}
			if strings.Contains(e.out.String()+e.err.String(), "goroutine") {
				t.Error("a stack trace was printed")
			}
		})
	}
}
