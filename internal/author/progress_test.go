package author

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dll/internal/progress"
)

// TestCopyReportsBytes: copying a file into an entry reports its progress
// in bytes, up to the whole file, for the terminal to show.
func TestCopyReportsBytes(t *testing.T) {
	src := filepath.Join(t.TempDir(), "reading-log.csv")
	data := strings.Repeat("week,pages\n1,40\n", 20000)
	if err := os.WriteFile(src, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var reports []progress.Report
	ctx := progress.NewContext(context.Background(), func(r progress.Report) {
		mu.Lock()
		reports = append(reports, r)
		mu.Unlock()
	})
	f := &EvidenceFile{Arg: src, Src: src}
	if err := copyEvidence(ctx, f, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if len(reports) < 2 {
		t.Fatalf("%d reports; want the start and at least one step", len(reports))
	}
	last := reports[len(reports)-1]
	want := progress.Report{Stage: "Copying reading-log.csv", Unit: "bytes", Done: int64(len(data)), Total: int64(len(data))}
	if last != want {
		t.Errorf("last report %+v, want %+v", last, want)
	}
}
