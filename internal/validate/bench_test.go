package validate_test

import (
	"context"
	"os"
	"testing"

	"dll/internal/portfolio"
	"dll/internal/sample"
	"dll/internal/validate"
)

// BenchmarkValidate10k reads and checks a generated portfolio of 10,000
// realistic folder entries from real files, one at a time, keeping of each
// only its index, as dll validate does.
func BenchmarkValidate10k(b *testing.B) {
	dir := b.TempDir()
	if err := sample.WriteRealistic(dir, 10_000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for b.Loop() {
		p, diags, err := portfolio.Open(context.Background(), fsys)
		if err != nil {
			b.Fatal(err)
		}
		diags, err = validate.Stream(context.Background(), p, diags)
		if err != nil || len(p.Entries) != 10_000 || diags.HasErrors() {
			b.Fatalf("%v: %d entries, problems:\n%v", err, len(p.Entries), diags[:min(len(diags), 5)])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*10_000), "µs/entry")
}

// TestSampleIsClean: the generated entries are valid, with no warning, so
// the benchmarks measure the normal path.
func TestSampleIsClean(t *testing.T) {
	for _, write := range []func(string, int) error{sample.Write, sample.WriteRealistic} {
		dir := t.TempDir()
		if err := write(dir, 120); err != nil {
			t.Fatal(err)
		}
		p, diags := portfolio.Load(os.DirFS(dir))
		if diags = validate.Check(p, diags); len(diags) != 0 {
			t.Fatalf("generated portfolio has problems:\n%v", diags)
		}
	}
}
