package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"dll/internal/portfolio"
	"dll/internal/sample"
	"dll/internal/validate"
)

// BenchmarkBuild1k does what dll build does for a generated portfolio of
// 1,000 folder entries: load, check, render every page and copy the
// evidence, swapping the new site in each time.
func BenchmarkBuild1k(b *testing.B) {
	dir := b.TempDir()
	if err := sample.Write(dir, benchN); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "public")
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, diags := portfolio.Load(fsys)
		if diags = validate.Check(p, diags); diags.HasErrors() {
			b.Fatalf("problems:\n%v", diags[:min(len(diags), 5)])
		}
		sum, err := Build(context.Background(), p, out, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Entries != benchN {
			b.Fatalf("built %d entries", sum.Entries)
		}
	}
}

const benchN = 10000
