package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"dll/internal/sample"
)

// readBytes returns how many bytes process pid has read so far, from
// /proc/pid/io (Linux).
func readBytes(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/io")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "rchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// TestValidateStopsOnSignal: Ctrl-C (SIGINT) or SIGTERM while dll validate
// reads a large portfolio stops it with exit status 1 and "dll: stopped",
// never with a summary that says nothing was wrong. The signal is sent
// once dll has read one of the portfolio's 20 megabytes, so that it arrives
// in the middle of the work, however fast the machine.
func TestValidateStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a portfolio of 5,000 entries")
	}
	if _, ok := readBytes(os.Getpid()); !ok {
		t.Skip("needs /proc/PID/io to tell when dll is reading")
	}
	dir := t.TempDir()
	if err := sample.Write(dir, 5000); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(dllBin, "validate", dir)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			sent := false
			for !sent {
				select {
				case err := <-done:
					t.Fatalf("dll validate ended before it had read a megabyte (%v); stdout:\n%s", err, out.String())
				case <-time.After(time.Millisecond):
				}
				if n, ok := readBytes(cmd.Process.Pid); ok && n > 1<<20 {
					if err := cmd.Process.Signal(sig); err != nil {
						t.Fatal(err)
					}
					sent = true
				}
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(time.Minute): // a bound for the test, not a promise
				cmd.Process.Kill()
				t.Fatalf("dll validate went on for a minute after %v; stdout:\n%s", sig, out.String())
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Errorf("after %v: %v, want exit status 1", sig, err)
			}
			if out.String() != "" || errb.String() != "dll: stopped\n" {
				t.Errorf("after %v:\nstdout:\n%s\nstderr:\n%s\nwant only \"dll: stopped\" on stderr", sig, out.String(), errb.String())
			}
		})
	}
}
