// Package cli wires dll's commands to cobra. Each command is a NewCmdX
// constructor holding its options, and an xRun function that does the work
// through the injected Env, so tests can run any command in-process with
// their own streams, folder and clock.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dll/internal/author"
	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/portfolio"
)

// Env is everything a command may take from the world outside.
type Env struct {
	In       io.Reader
	Out, Err io.Writer
	Getwd    func() (string, error)
	Now      func() time.Time
	Getenv   func(string) string
	// Git runs git: gitinfo.Exec in dll, and in tests git with their own
	// settings, so that they can run side by side.
	Git gitinfo.Runner
	// Interactive is true when In and Out are a terminal, so that a command
	// may ask for what its flags did not give.
	Interactive bool
	// ErrTerminal is true when Err is a terminal, so that a long command
	// may show its progress there.
	ErrTerminal bool
	// OpenBrowser opens a web address or a file in the person's browser
	// (SystemBrowser in dll); nil where there is none.
	OpenBrowser func(target string) error
}

// Exit codes.
const (
	ExitOK      = 0
	ExitProblem = 1 // content errors, or a build that failed
	ExitUsage   = 2 // the command was called wrongly
)

// SilentError ends a command with a code and no further message: what
// needed saying was printed already.
type SilentError struct{ Code int }

func (e *SilentError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

// UsageError is a command called wrongly: a bad flag, argument or folder.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usageErrorf(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// asUsage makes a request the author must change a usage error.
func asUsage(err error) error {
	var r *author.Refusal
	if errors.As(err, &r) {
		return &UsageError{Msg: r.Error()}
	}
	return err
}

// Main runs dll with args (without the program name) and returns the exit
// code. Nothing below it exits the process.
func Main(ctx context.Context, args []string, env Env) (code int) {
	ctx, env, endProgress := withProgress(ctx, env)
	defer endProgress()
	// A fault in dll itself ends the command with a message that says so,
	// never a Go stack trace: the reader of it is a teacher.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Err, "dll: stopped because of a fault in dll itself (%v); please report it, with the command you ran.\n", r)
			code = ExitProblem
		}
	}()
	root := NewCmdRoot(env)
	root.SetArgs(args)
	root.SetIn(env.In)
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	err := root.ExecuteContext(ctx)
	var exit *SilentError
	var usage *UsageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &exit):
		return exit.Code
	case errors.As(err, &usage):
		fmt.Fprintf(env.Err, "dll: %s\n", usage.Msg)
		return ExitUsage
	case strings.HasPrefix(err.Error(), "unknown command"):
		// cobra's own word for a command dll does not have: a usage error.
		fmt.Fprintf(env.Err, "dll: %s\nRun 'dll --help' to see the commands.\n", strings.TrimSpace(err.Error()))
		return ExitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(env.Err, "dll: stopped")
		return ExitProblem
	default:
		fmt.Fprintf(env.Err, "dll: %s\n", err)
		return ExitProblem
	}
}

// NewCmdRoot returns the dll command with all its subcommands.
func NewCmdRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "dll",
		Short: "Keep and publish a digital learning leader's portfolio",
		Long: `dll keeps your portfolio as a folder of entries, one per learning experience
you enhanced, redesigned or built with a partner teacher. It checks every entry
against the portfolio model and publishes a site that shows, with evidence,
what learners and partners now do differently.`,
		Version:       readBuild().short(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// Everything a bug report needs, not only the version's one word.
	root.SetVersionTemplate(strings.ReplaceAll(readBuild().String(), "{{", "{{`{{`}}"))
	root.Flags().BoolP("version", "v", false, "print dll's version, for a bug report")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%s\nRun '%s --help' for how to use it.", err, c.CommandPath())
	})
	root.AddCommand(NewCmdValidate(env, nil), NewCmdStatus(env, nil))
	root.AddCommand(NewCmdBuild(env, nil), NewCmdServe(env, nil), NewCmdPDF(env, nil))
	root.AddCommand(NewCmdInit(env, nil))
	root.AddCommand(NewCmdNew(env))
	root.AddCommand(NewCmdSchema(env, nil))
	root.AddCommand(NewCmdSnapshot(env, nil), NewCmdPublish(env, nil))
	root.AddCommand(NewCmdRename(env, nil), NewCmdStrip(env, nil))
	root.AddCommand(NewCmdVersion(env))
	return root
}

// maxArgs is cobra.MaximumNArgs with a message for people.
func maxArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usageErrorf("%s takes at most %s (%s); found %d: %s", cmd.CommandPath(), diag.Plural(n, "argument"), what, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// findPortfolio returns the portfolio folder: dir when given, which must
// hold a dll.yaml, or else the nearest folder from the current one upward
// that holds one, as git finds its repository.
func findPortfolio(env Env, dir string) (string, error) {
	wd, err := env.Getwd()
	if err != nil {
		return "", fmt.Errorf("cannot tell the current folder: %w", err)
	}
	if dir != "" {
		abs := dir
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(wd, dir)
		}
		info, err := os.Stat(abs)
		if err != nil {
			return "", usageErrorf("there is no folder %s; give the folder of your portfolio (the one with dll.yaml), or leave it out to use the portfolio you are in", dir)
		}
		if info.IsDir() && isPortfolio(abs) {
			return abs, nil
		}
		// A file or folder inside a portfolio: say which portfolio, rather
		// than suggest a dll init that would refuse inside one.
		if root := enclosingPortfolio(filepath.Clean(abs)); root != "" {
			what := "a folder"
			if !info.IsDir() {
				what = "a file"
			}
			return "", usageErrorf("%s is %s inside a portfolio, not the portfolio itself; give the portfolio's folder, %s, or leave the folder out when you are inside the portfolio", dir, what, folderShown(wd, root))
		}
		if !info.IsDir() {
			return "", usageErrorf("%s is a file, not in a portfolio; give the portfolio folder (the one with dll.yaml)", dir)
		}
		return "", usageErrorf("%s has no dll.yaml, so it is not a portfolio folder; run 'dll init %s' to start one there", dir, dir)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, portfolio.SettingsFile)); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", usageErrorf("no dll.yaml in this folder or any folder above it; run 'dll init' to start a portfolio, or give the folder, like: dll validate path/to/portfolio")
		}
	}
}

// folderShown names a folder as a path from the current one, saying what
// "." and ".." are.
func folderShown(wd, dir string) string {
	switch rel := displayPath(wd, "", dir); rel {
	case ".":
		return ". (this folder)"
	case "..":
		return ".. (the folder above this one)"
	default:
		return rel
	}
}

// displayPath turns a path inside the portfolio into one relative to the
// current folder, so that editors and terminals can open it.
func displayPath(wd, root, name string) string {
	full := filepath.Join(root, filepath.FromSlash(name))
	if rel, err := filepath.Rel(wd, full); err == nil && !strings.HasPrefix(rel, ".."+string(filepath.Separator)+"..") {
		return rel
	}
	return full
}
