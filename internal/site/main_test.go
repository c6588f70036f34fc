package site

import (
	"flag"
	"os"
	"testing"
)

// TestMain has every experience page and list piece the tests make made
// both from the templates and in Go, and compared (see checkInGo);
// benchmarks time them as dll makes them, in Go alone.
func TestMain(m *testing.M) {
	flag.Parse()
	checkInGo = flag.Lookup("test.bench").Value.String() == ""
	os.Exit(m.Run())
}
