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
func BenchmarkBuild1k(b *testing.B) { benchBuild(b, 1000) }

// BenchmarkBuild10k is the same at 10,000 entries.
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10_000) }

func benchBuild(b *testing.B, n int) {
	dir := b.TempDir()
	if err := sample.Write(dir, n); err != nil {
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
		if sum.Entries != n {
			b.Fatalf("built %d entries", sum.Entries)
		}
	}
}
