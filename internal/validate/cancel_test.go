package validate_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"dll/internal/portfolio"
	"dll/internal/sample"
	"dll/internal/validate"
)

// TestCheckContextStops: a load or check whose context is done returns
// its error and no problems, so that a stopped run never reads as a clean
// one; with a live context it reports as Check does.
func TestCheckContextStops(t *testing.T) {
	fsys := fstest.MapFS{"dll.yaml": {Data: []byte(sample.Settings)}}
	for i := range 50 {
		fsys["experiences/e"+string(rune('a'+i%26))+string(rune('a'+i/26))+".md"] = &fstest.MapFile{Data: []byte(sample.Entry(i))}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := portfolio.LoadContext(ctx, fsys); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadContext with a cancelled context: %v", err)
	}
	p, loadDiags, err := portfolio.LoadContext(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := validate.CheckContext(ctx, p, loadDiags); !errors.Is(err, context.Canceled) || d != nil {
		t.Errorf("CheckContext with a cancelled context: %v, %d problems", err, len(d))
	}
	d, err := validate.CheckContext(context.Background(), p, loadDiags)
	if err != nil || len(d) != len(validate.Check(p, loadDiags)) {
		t.Errorf("CheckContext: %v, %d problems; Check: %d", err, len(d), len(validate.Check(p, loadDiags)))
	}
}
