package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Version is dll's version when the build sets it (go build -ldflags
// "-X dll/internal/cli.Version=v1.2.0"); otherwise it comes from the build
// information Go writes into every binary (see version).
var Version = ""

// build is what a bug report needs to know about a dll binary.
type build struct {
	Version  string    // v1.2.0, a pseudo-version, or "" when Go recorded none
	Revision string    // the commit it was built from, when Go recorded it
	Time     time.Time // the commit's time
	Modified bool      // built from a copy with changes not committed
	Go       string    // the Go release that built it
}

// readBuild reads the build information of the running binary.
func readBuild() build {
	bi, _ := debug.ReadBuildInfo()
	return parseBuild(bi, Version)
}

// parseBuild reads what Go recorded when it built dll (nil when nothing),
// with the version given to the linker, if any, taking precedence.
func parseBuild(bi *debug.BuildInfo, linked string) build {
	var b build
	if bi != nil {
		b.Go = bi.GoVersion
		if v := bi.Main.Version; v != "(devel)" {
			b.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.time":
				b.Time, _ = time.Parse(time.RFC3339, s.Value)
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if linked != "" {
		b.Version = linked
	}
	if b.Go == "" {
		b.Go = runtime.Version()
	}
	return b
}

// short is the version in one word, for the commit dll publish makes.
func (b build) short() string {
	switch {
	case b.Version != "":
		return b.Version
	case b.Revision != "":
		s := "devel-" + shortRevision(b.Revision)
		if b.Modified {
			s += "-dirty"
		}
		return s
	}
	return "dev"
}

// String is what dll --version prints: the version, the commit it was
// built from, and the Go release and system, each on a line of its own,
// as a bug report wants them.
func (b build) String() string {
	var s strings.Builder
	switch {
	case b.Version != "":
		fmt.Fprintf(&s, "dll %s\n", b.Version)
	default:
		s.WriteString("dll, a development build (no version recorded)\n")
	}
	switch {
	case b.Revision != "":
		fmt.Fprintf(&s, "commit %s", b.Revision)
		if !b.Time.IsZero() {
			fmt.Fprintf(&s, " of %s", b.Time.UTC().Format("2006-01-02 15:04:05 UTC"))
		}
		if b.Modified {
			s.WriteString(", with changes not committed")
		}
		s.WriteString("\n")
	case b.Version == "":
		s.WriteString("commit unknown: it was built without version control information\n")
	}
	fmt.Fprintf(&s, "built with %s for %s/%s\n", b.Go, runtime.GOOS, runtime.GOARCH)
	return s.String()
}

func shortRevision(r string) string {
	if len(r) > 12 {
		return r[:12]
	}
	return r
}

// NewCmdVersion returns dll version, which prints what dll --version does.
func NewCmdVersion(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Say which dll this is, for a bug report",
		Long: `Print dll's version, the commit it was built from and the Go release that
built it. Copy these lines into a bug report. 'dll --version' prints the same.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("dll version takes no arguments; found: %s", strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprint(env.Out, readBuild())
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}
}
