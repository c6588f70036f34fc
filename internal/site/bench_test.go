package site

import (
	"path/filepath"
	"testing"

	"dll/internal/sample"
)

// BenchmarkBuild1k does what dll build does for a generated portfolio of
// 1,000 realistic folder entries (internal/sample.Realistic): read every
// entry for the index, check the rules that span entries, then read each
// again, check it and make its page, and the list pages, swapping the new
// site in each time.
func BenchmarkBuild1k(b *testing.B) { benchBuild(b, 1000) }

// BenchmarkBuild10k is the same at 10,000 entries.
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10_000) }

func benchBuild(b *testing.B, n int) {
	dir := b.TempDir()
	if err := sample.WriteRealistic(dir, n); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		sum, diags, err := streamBuild(b, dir, out, Options{})
		if err != nil || diags.HasErrors() {
			b.Fatalf("%v\n%s", err, problems(diags[:min(len(diags), 5)]))
		}
		if sum.Entries != n {
			b.Fatalf("built %d entries", sum.Entries)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/entry")
}
