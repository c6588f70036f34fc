package progress

import (
	"context"
	"sync"
	"testing"
)

// TestCounter: without a listener, counting costs nothing and reports
// nothing; with one, each step is reported with the count so far, from
// any goroutine.
func TestCounter(t *testing.T) {
	c := Start(context.Background(), "Reading entries", "entries", 3)
	if c != nil {
		t.Fatal("a counter without a listener")
	}
	c.Add(1) // a nil counter counts nothing, and does not fail

	var mu sync.Mutex
	var got []Report
	ctx := NewContext(context.Background(), func(r Report) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	})
	c = Start(ctx, "Checking entries", "entries", 100)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 25 {
				c.Add(1)
			}
		})
	}
	wg.Wait()
	if len(got) != 101 || got[0] != (Report{Stage: "Checking entries", Unit: "entries", Total: 100}) {
		t.Fatalf("%d reports, the first %+v", len(got), got[0])
	}
	highest := int64(0)
	for _, r := range got {
		highest = max(highest, r.Done)
	}
	if highest != 100 {
		t.Errorf("the count reached %d, want 100", highest)
	}
}
