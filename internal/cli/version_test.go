package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestVersionText: what dll --version prints for each way dll is built.
func TestVersionText(t *testing.T) {
	platform := "built with go1.26.8 for " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "-buildmode", Value: "exe"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "8cfbd04baaa2d3131c0e816ddff8e95bd25f6431"
	for _, tc := range []struct {
		name   string
		bi     *debug.BuildInfo
		linked string
		want   string
		short  string
	}{
		{
			name:  "go install dll@v1.4.0 from the module proxy: no commit recorded",
			bi:    &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "dll", Version: "v1.4.0"}},
			want:  "dll v1.4.0\n" + platform,
			short: "v1.4.0",
		},
		{
			name: "go install ./cmd/dll in a clone with an edit not committed",
			bi: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "dll", Version: "v0.0.0-20261207000534-8cfbd04baaa2+dirty"},
				Settings: vcs(rev, "2026-12-07T00:05:34Z", "true")},
			want:  "dll v0.0.0-20261207000534-8cfbd04baaa2+dirty\ncommit " + rev + " of 2026-12-07 00:05:34 UTC, with changes not committed\n" + platform,
			short: "v0.0.0-20261207000534-8cfbd04baaa2+dirty",
		},
		{
			name:  "a build that recorded the commit but no version",
			bi:    &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "dll", Version: "(devel)"}, Settings: vcs(rev, "2026-12-07T00:05:34Z", "false")},
			want:  "dll, a development build (no version recorded)\ncommit " + rev + " of 2026-12-07 00:05:34 UTC\n" + platform,
			short: "devel-8cfbd04baaa2",
		},
		{
			name:  "go build -buildvcs=false",
			bi:    &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "dll", Version: "(devel)"}},
			want:  "dll, a development build (no version recorded)\ncommit unknown: it was built without version control information\n" + platform,
			short: "dev",
		},
		{
			name:   "a version given to the linker wins",
			bi:     &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "dll", Version: "(devel)"}, Settings: vcs(rev, "2026-12-07T00:05:34Z", "false")},
			linked: "v2.0.0",
			want:   "dll v2.0.0\ncommit " + rev + " of 2026-12-07 00:05:34 UTC\n" + platform,
			short:  "v2.0.0",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := parseBuild(tc.bi, tc.linked)
			if got := b.String(); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if got := b.short(); got != tc.short {
				t.Errorf("short: %q, want %q", got, tc.short)
			}
		})
	}
}

// TestVersionCommand: dll --version, dll -v and dll version print the same
// lines, from the binary's own build information.
func TestVersionCommand(t *testing.T) {
	want := readBuild().String()
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}} {
		e := newTestEnv(t, t.TempDir())
		if code := e.run(t, args...); code != 0 {
			t.Fatalf("dll %v: exit %d\n%s", args, code, e.err)
		}
		if got := e.out.String(); got != want {
			t.Errorf("dll %v printed:\n%s\nwant:\n%s", args, got, want)
		}
	}
	e := newTestEnv(t, t.TempDir())
	if code := e.run(t, "version", "extra"); code != ExitUsage {
		t.Errorf("dll version extra: exit %d, want %d", code, ExitUsage)
	}
	if got, want := e.err.String(), "dll: dll version takes no arguments; found: extra\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}
