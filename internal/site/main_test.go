package site

import (
	"flag"
	"os"
	"testing"
)

// TestMain has every experience page the tests make made both from
// entry.html and in Go, and compared (see checkEntryInGo); benchmarks
// time the pages as dll makes them, in Go alone.
func TestMain(m *testing.M) {
	flag.Parse()
	checkEntryInGo = flag.Lookup("test.bench").Value.String() == ""
	os.Exit(m.Run())
}
