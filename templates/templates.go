// Package templates holds the files dll writes: the archetype of an entry
// for each experience type (archetypes/<type>.md, filled by dll new
// experience), the starting files of a portfolio (init/, written by dll
// init), the published site's theme (site/: html/template pages and the
// style sheet, used by dll build), and the words of the site in each
// language dll speaks (languages/<tag>.yaml). They are embedded in the
// binary. A
// portfolio may override one with a file of the same name in its own
// templates/ folder.
package templates

import "embed"

// FS holds archetypes/, init/, site/ and languages/.
//
//go:embed archetypes init site languages
var FS embed.FS
