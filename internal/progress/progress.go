// Package progress carries word of how far a long piece of work has got,
// from the packages that do it to the command that shows it. The work
// reports through its context; without a listener in the context,
// reporting costs a nil check.
package progress

import (
	"context"
	"sync/atomic"
)

// Report is how far one stage of the work has got.
type Report struct {
	Stage       string // what is being done, for people: "Checking entries"
	Unit        string // what is counted: "entries", "pages", or "bytes"
	Done, Total int64
}

// Func receives reports, from any goroutine, possibly at the same time.
type Func func(Report)

type key struct{}

// NewContext returns ctx with f to receive the reports of work done under
// it.
func NewContext(ctx context.Context, f Func) context.Context {
	return context.WithValue(ctx, key{}, f)
}

// Counter counts the steps of one stage. A nil Counter counts nothing.
type Counter struct {
	f     Func
	stage string
	unit  string
	total int64
	done  atomic.Int64
}

// Start begins a stage of total steps, counted in unit; it returns nil
// when nobody listens.
func Start(ctx context.Context, stage, unit string, total int64) *Counter {
	f, _ := ctx.Value(key{}).(Func)
	if f == nil {
		return nil
	}
	c := &Counter{f: f, stage: stage, unit: unit, total: total}
	f(Report{Stage: stage, Unit: unit, Total: total})
	return c
}

// Add counts n more steps done.
func (c *Counter) Add(n int64) {
	if c == nil {
		return
	}
	done := c.done.Add(n)
	c.f(Report{Stage: c.stage, Unit: c.unit, Done: done, Total: c.total})
}
