// Command dll keeps and publishes a digital learning leader's portfolio.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"dll/internal/cli"
	"dll/internal/gitinfo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		Getwd: os.Getwd, Now: time.Now, Getenv: os.Getenv,
		Git:         gitinfo.Exec(os.Environ()),
		Interactive: cli.IsTerminal(os.Stdin) && cli.IsTerminal(os.Stdout),
		ErrTerminal: cli.IsTerminal(os.Stderr),
		OpenBrowser: cli.SystemBrowser(os.Getenv),
	})
	stop()
	os.Exit(code)
}
