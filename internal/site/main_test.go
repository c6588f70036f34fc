package site

import (
	"flag"
	"os"
	"testing"
)

// TestMain has every experience page and list piece the tests make made
// both from the templates and in Go, and compared (see checkInGo), and
// every entry's object of portfolio.json written both by encoding/json
// and by hand (see checkJSON); benchmarks time them as dll makes them,
// in Go alone.
func TestMain(m *testing.M) {
	flag.Parse()
	checkInGo = flag.Lookup("test.bench").Value.String() == ""
	if checkInGo {
		checkJSON = checkJSONAsEncodingJSON
	}
	os.Exit(m.Run())
}
