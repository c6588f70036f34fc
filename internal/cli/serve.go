package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/serve"
	"dll/internal/site"
)

// DefaultPort is where dll serve listens unless told otherwise.
const DefaultPort = 4400

// How long the portfolio must be quiet after a change before the preview
// is rebuilt, so that an editor's save or a burst of saves makes one
// rebuild; and the longest a rebuild waits while changes keep coming.
const (
	saveQuiet   = 20 * time.Millisecond
	saveLongest = 400 * time.Millisecond
)

// ServeOptions are the settings of dll serve.
type ServeOptions struct {
	Env  Env
	Dir  string
	Port int
	Bind string
	Open bool
}

// NewCmdServe returns dll serve. runF replaces the work in tests.
func NewCmdServe(env Env, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "serve [folder]",
		Short: "Preview the site while you write",
		Long: `Build the site, drafts included and marked as drafts, and show it at an address
on this computer, such as http://127.0.0.1:4400/. Every time you save a file
the preview is rebuilt and open pages reload by themselves.

If a save leaves an error, the preview keeps showing the last good build, with
the problems in a box at the bottom of every page, until you fix them.

The preview is only for you: by default no other computer can open it. It
lives in a temporary folder that is removed when you stop with Ctrl-C. Use
'dll build' to make the site you publish.`,
		Example: `  dll serve
  dll serve path/to/portfolio --port 8080
  dll serve --port 0          # any free port
  dll serve --open            # and open it in your browser`,
		Args: maxArgs(1, "the portfolio folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Port < 0 || opts.Port > 65535 {
				return usageErrorf("--port %d is not a port number; give one from 1 to 65535, or 0 for any free port", opts.Port)
			}
			if runF != nil {
				return runF(opts)
			}
			return serveRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Port, "port", DefaultPort, "the port to listen on; 0 picks a free one")
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// Not a number: say so in words, not in strconv's.
		var bad interface{ GetValue() string }
		if errors.As(err, &bad) && strings.Contains(err.Error(), `"--port"`) {
			return usageErrorf("--port %s is not a port number; give one from 1 to 65535, or 0 for any free port", bad.GetValue())
		}
		return usageErrorf("%s\nRun '%s --help' for how to use it.", err, c.CommandPath())
	})
	cmd.Flags().BoolVar(&opts.Open, "open", false, "open the preview in your browser once it is ready")
	cmd.Flags().StringVar(&opts.Bind, "bind", "127.0.0.1", "the address to listen on; anything but 127.0.0.1 or localhost shows the preview to other computers")
	_ = cmd.RegisterFlagCompletionFunc("bind", fixedCompletion("127.0.0.1\tthis computer only (the default)", "localhost\tthis computer only", "0.0.0.0\tevery computer on your network: they see your drafts too"))
	_ = cmd.RegisterFlagCompletionFunc("port", fixedCompletion(strconv.Itoa(DefaultPort)+"\tthe default", "0\tany free port"))
	cmd.ValidArgsFunction = firstArgDir
	return cmd
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, opts.Dir)
	if err != nil {
		return err
	}
	wd, _ := env.Getwd()
	ln, hosts, err := listen(opts)
	if err != nil {
		return err
	}
	defer ln.Close()
	tmp, err := os.MkdirTemp("", "dll-serve-")
	if err != nil {
		why := err
		var pe *fs.PathError
		if errors.As(err, &pe) {
			why = pe.Err
		}
		return fmt.Errorf("cannot make the preview's temporary folder in %s (%v); set TMPDIR to a folder you can write to, for example TMPDIR=$HOME/tmp dll serve, or free some disk space", os.TempDir(), why)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "site")

	// Watch from before the first build, which takes seconds for a big
	// portfolio: a save made meanwhile is rebuilt once it is done.
	w, err := serve.Watch(root, saveQuiet, saveLongest)
	if err != nil {
		return fmt.Errorf("cannot watch %s for changes: %w", root, err)
	}
	defer w.Close()
	h := serve.NewHandler(out, hosts)
	defer h.Close()
	pv := serve.NewPreview(portfolio.DirFS(root), out, site.Options{Drafts: true, ImageCache: imageCache(env)})
	pv.Today = env.Now
	if err := firstBuild(ctx, env, wd, root, pv, h, out); err != nil {
		return err
	}

	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	follow, stopFollowing := context.WithCancel(ctx)
	defer stopFollowing()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(env.Err, "dll: the preview stopped serving: %s\n", err)
			stopFollowing()
		}
	}()
	url := previewURL(ln.Addr().(*net.TCPAddr))
	fmt.Fprintf(env.Out, "Previewing at %s (drafts included). Save a file to see it change; press Ctrl-C to stop.\n", url)
	if opts.Open && openInBrowser(env, url, url) {
		fmt.Fprintf(env.Out, "Opened %s in your browser.\n", url)
	}
	serve.Follow(follow, w, pv, h, env.Now, func(r serve.Rebuilt) { logRebuild(env, wd, root, r) })

	h.Close()
	stop, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	srv.Shutdown(stop)
	cancel()
	w.Close()
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("stopped, but the preview's folder %s could not be removed: %w", tmp, err)
	}
	fmt.Fprintln(env.Out, "Stopped the preview and removed its temporary folder.")
	return nil
}

// listen opens the port of the preview, and returns the host names that
// requests to it may give. It warns when the preview is open to other
// computers.
func listen(opts *ServeOptions) (net.Listener, []string, error) {
	if h, p, err := net.SplitHostPort(opts.Bind); err == nil {
		return nil, nil, usageErrorf("--bind takes an address without a port; use --bind %s --port %s", h, p)
	}
	opts.Bind = strings.TrimSuffix(strings.TrimPrefix(opts.Bind, "["), "]") // [::1] as in a web address
	hosts, public, err := servedHosts(opts.Bind)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return nil, nil, listenError(opts, err)
	}
	if public {
		fmt.Fprintf(opts.Env.Err, "dll: warning: --bind %s makes the preview open to other computers on your network: your drafts, your partners' names and your learners' work become visible to anyone who can reach this computer. Use it only on a network you trust, and stop it when you are done.\n", opts.Bind)
	}
	return ln, hosts, nil
}

// firstBuild builds the preview into out, or, when the portfolio has
// errors, a page that says so until it builds.
func firstBuild(ctx context.Context, env Env, wd, root string, pv *serve.Preview, h *serve.Handler, out string) error {
	start := env.Now()
	res, err := pv.Build(ctx)
	if err != nil {
		return fmt.Errorf("the preview could not be built: %w", err)
	}
	printProblems(env, wd, root, res.Problems, nil)
	if res.Update != nil {
		fmt.Fprintf(env.Out, "Built %s in %s.%s\n", diag.Plural(len(res.Update.Pages), "page"), duration(env.Now().Sub(start)), held(wd, root, res))
		h.SetProblems(serve.Lines(res.Errors()))
		return nil
	}
	if err := serve.Placeholder(out); err != nil {
		return err
	}
	h.SetProblems(serve.Lines(res.Errors()))
	fmt.Fprintln(env.Out, "The site is not built yet: fix the errors above and save; the preview shows it as soon as it builds.")
	return nil
}

// logRebuild prints a line on a rebuild, after its problems.
func logRebuild(env Env, wd, root string, r serve.Rebuilt) {
	if r.Result == nil {
		fmt.Fprintf(env.Err, "dll: warning: %s\n", r.Err)
		return
	}
	when := env.Now().Format("15:04:05")
	what := describeChange(r.Changed)
	res := r.Result
	switch {
	case r.Err != nil:
		fmt.Fprintf(env.Out, "%s %s: could not rebuild: %s\n", when, what, r.Err)
	case res.Update == nil, len(res.Update.Pages) == 0 && len(res.Kept) > 0:
		printProblems(env, wd, root, res.Problems, r.Changed)
		errs := res.Errors()
		fix := "them"
		if len(errs) == 1 {
			fix = "it"
		}
		shown := "the last good build"
		if res.Update != nil {
			shown = "the entry as it was"
		}
		fmt.Fprintf(env.Out, "%s %s: not rebuilt, because of %s; the preview shows %s until you fix %s.\n", when, what, diag.Plural(len(errs), "error"), shown, fix)
	default:
		printProblems(env, wd, root, res.Problems, r.Changed)
		how := ""
		if res.Update.Full {
			how = " (the whole site)"
		}
		if len(res.Update.Pages) == 0 {
			fmt.Fprintf(env.Out, "%s %s: no page changed.%s\n", when, what, held(wd, root, res))
			return
		}
		fmt.Fprintf(env.Out, "%s %s: rebuilt %s%s in %s.%s\n", when, what, diag.Plural(len(res.Update.Pages), "page"), how, duration(r.Took), held(wd, root, res))
	}
}

// held says which entries the preview shows as they were, or leaves out
// (never shown yet), until their errors are fixed, as sentences to follow
// a line of the log; "" for none.
func held(wd, root string, res *serve.Result) string {
	var b strings.Builder
	for _, x := range []struct {
		files []string
		what  string
	}{{res.Kept, "Kept as it was until its errors are fixed"}, {res.LeftOut, "Left out until its errors are fixed"}} {
		if len(x.files) == 0 {
			continue
		}
		names := make([]string, len(x.files))
		for i, f := range x.files {
			names[i] = displayPath(wd, root, f)
		}
		fmt.Fprintf(&b, " %s: %s.", x.what, diag.FirstOf(names, 3))
	}
	return b.String()
}

// servedHosts returns the host names that requests to a server bound to
// bind may give, and whether bind opens it to other computers.
func servedHosts(bind string) ([]string, bool, error) {
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	if bind == "localhost" {
		return hosts, false, nil
	}
	ip := net.ParseIP(bind)
	if ip == nil {
		return nil, false, usageErrorf("--bind %s is not an address of this computer; give an IP address such as 127.0.0.1 (the default), or leave --bind out", bind)
	}
	if ip.IsLoopback() {
		return append(hosts, ip.String()), false, nil
	}
	if !ip.IsUnspecified() {
		return append(hosts, ip.String()), true, nil
	}
	// Every address of this computer: the one others will use is not known.
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, false, fmt.Errorf("cannot list this computer's addresses: %w", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			hosts = append(hosts, n.IP.String())
		}
	}
	return hosts, true, nil
}

func listenError(opts *ServeOptions, err error) error {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("port %d is already in use, perhaps by another dll serve; stop that one, or choose another port: dll serve --port %d (or --port 0 for any free port)", opts.Port, opts.Port+1)
	case errors.Is(err, syscall.EACCES):
		return fmt.Errorf("this computer does not allow dll to use port %d; choose a port above 1023, like the default: dll serve --port %d", opts.Port, DefaultPort)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return usageErrorf("--bind %s is not an address of this computer; leave --bind out to use 127.0.0.1", opts.Bind)
	}
	return fmt.Errorf("cannot listen on %s port %d: %w", opts.Bind, opts.Port, err)
}

// previewURL is the address to open the preview at: the one listened on,
// never a name. localhost may lead a browser to ::1 while dll listens on
// 127.0.0.1, and so to another program that has the port there.
func previewURL(addr *net.TCPAddr) string {
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"
}

// printProblems prints the errors, and the warnings about the files
// changed (all of them when changed is nil), with paths an editor can open.
func printProblems(env Env, wd, root string, problems diag.List, changed []string) {
	var shown diag.List
	todos := 0
	for _, d := range problems {
		switch {
		case d.Severity == diag.Todo && changed == nil:
			// At the start, the pages of unfinished entries list what
			// is left: the terminal only counts it.
			todos++
		case d.Severity == diag.Error || changed == nil || slices.Contains(changed, d.File):
			d.File = displayPath(wd, root, d.File)
			shown = append(shown, d)
		}
	}
	shown.Print(env.Out)
	if todos > 0 {
		fmt.Fprintf(env.Out, "%s to finish in entries not published yet: each one's page in the preview lists them.\n", diag.Plural(todos, "thing"))
	}
}

// describeChange names what changed, for a line of the log.
func describeChange(changed []string) string {
	if slices.Contains(changed, serve.Everything) {
		return "many files"
	}
	switch len(changed) {
	case 0:
		return "changes"
	case 1:
		return changed[0]
	}
	return fmt.Sprintf("%s and %s", changed[0], diag.Plural(len(changed)-1, "other file"))
}

func duration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
