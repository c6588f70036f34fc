package validate_test

import (
	"os"
	"testing"

	"dll/internal/portfolio"
	"dll/internal/sample"
	"dll/internal/validate"
)

// BenchmarkValidate10k loads and checks a generated portfolio of 10,000
// folder entries from real files, as dll validate does.
func BenchmarkValidate10k(b *testing.B) {
	dir := b.TempDir()
	if err := sample.Write(dir, 10_000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for b.Loop() {
		p, diags := portfolio.Load(fsys)
		diags = validate.Check(p, diags)
		if len(p.Entries) != 10_000 || diags.HasErrors() {
			b.Fatalf("%d entries, problems:\n%v", len(p.Entries), diags[:min(len(diags), 5)])
		}
	}
}

// TestSampleIsClean: the generated entries are valid, so the benchmark
// measures the normal path.
func TestSampleIsClean(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, 12); err != nil {
		t.Fatal(err)
	}
	p, diags := portfolio.Load(os.DirFS(dir))
	if diags = validate.Check(p, diags); len(diags) != 0 {
		t.Fatalf("generated portfolio has problems:\n%v", diags)
	}
}
