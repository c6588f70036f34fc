package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"dll/internal/progress"
	"dll/internal/site"
)

// How a long command shows its progress on a terminal: nothing for the
// first half second of a stage of the work, so that quick work (a small
// portfolio, a rebuild of the preview) prints only its results; then one
// line on standard error, redrawn at most ten times a second, and erased
// before anything else is printed and when the command ends.
const (
	progressDelay = 500 * time.Millisecond
	progressEvery = 100 * time.Millisecond
	// progressWidth keeps the line within the narrowest usual terminal, so
	// that it never wraps (a wrapped line cannot be redrawn in place).
	progressWidth = 79
)

// withProgress sets up the progress line when standard error is a
// terminal that can redraw a line, and returns the context that carries
// it, env with its output going through it, and the function that erases
// it at the end. Otherwise, as in a pipe, a file or CI, it changes
// nothing.
func withProgress(ctx context.Context, env Env) (context.Context, Env, func()) {
	if !env.ErrTerminal || env.Getenv("TERM") == "dumb" {
		return ctx, env, func() {}
	}
	p := &progressLine{w: env.Err, now: env.Now}
	env.Out = &clearFirst{p: p, w: env.Out}
	env.Err = &clearFirst{p: p, w: env.Err}
	return progress.NewContext(ctx, p.report), env, p.end
}

// progressLine is the line that shows how far the work has got.
type progressLine struct {
	mu          sync.Mutex
	w           io.Writer
	now         func() time.Time
	stage       string    // the stage reported last
	start, last time.Time // when it started, and when the line was drawn
	drawn       bool
	ended       bool // the command is done: draw no more
}

func (p *progressLine) report(r progress.Report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	if r.Stage != p.stage || r.Done == 0 {
		p.stage, p.start = r.Stage, t
	}
	if p.ended || t.Sub(p.start) < progressDelay || p.drawn && t.Sub(p.last) < progressEvery {
		return
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", progressText(r))
	p.drawn, p.last = true, t
}

// clear erases the line; the caller holds mu.
func (p *progressLine) clear() {
	if p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

func (p *progressLine) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.ended = true
}

// progressText is the line for a report: "Checking entries: 4210 of
// 10000", or in bytes "Copying clip.mp4: 120.5 MB of 800.0 MB".
func progressText(r progress.Report) string {
	count := func(n int64) string { return fmt.Sprint(n) }
	if r.Unit == "bytes" {
		count = site.ByteSize
	}
	s := fmt.Sprintf("%s: %s of %s", r.Stage, count(r.Done), count(r.Total))
	if r.Total > 0 {
		s += fmt.Sprintf(" (%d%%)", r.Done*100/r.Total)
	}
	if utf8.RuneCountInString(s) > progressWidth {
		runes := []rune(s)
		s = string(runes[:progressWidth-1]) + "…"
	}
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?' // a file name with a line break must not break the line
		}
		return r
	}, s)
}

// clearFirst erases the progress line before anything else is written to
// the terminal, so that output never follows it on the same line.
type clearFirst struct {
	p *progressLine
	w io.Writer
}

func (c *clearFirst) Write(b []byte) (int, error) {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	c.p.clear()
	return c.w.Write(b)
}
