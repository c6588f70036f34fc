// Package templates holds the files dll writes for an author to fill in:
// the archetype of an entry for each experience type (archetypes/<type>.md,
// filled by dll new experience) and the starting files of a portfolio
// (init/, written by dll init). They are Go text/template files, embedded in
// the binary. A portfolio may override one with a file of the same name in
// its own templates/ folder.
package templates

import "embed"

// FS holds archetypes/ and init/.
//
//go:embed archetypes init
var FS embed.FS
