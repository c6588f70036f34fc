package privacy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

func roster(names ...string) []portfolio.RosterName {
	var out []portfolio.RosterName
	for i, n := range names {
		out = append(out, portfolio.RosterName{Name: n, Pos: diag.Pos{File: "private/roster.txt", Line: i + 1, Col: 1}})
	}
	return out
}

// offsets lists each hit as offset@line-of-the-roster.
func offsets(hits []Hit) string {
	s := ""
	for _, h := range hits {
		s += fmt.Sprintf("%d@%d ", h.Offset, h.Listed.Line)
	}
	return s
}

func TestInText(t *testing.T) {
	n := New(roster("Kaylee Brennan-Soto", "Mateo García", "Lopez, Ana", "Tom O'Neil", "Mary Ann Smith", "田中 太郎", "Zoë"))
	cases := []struct {
		text, want string
	}{
		{"Kaylee Brennan-Soto read", "0@1 "},
		{"kaylee\nBrennan-Soto", "0@1 "},           // wrapped
		{"KAYLEE   BRENNAN SOTO", "0@1 "},          // case, spaces for the hyphen
		{"Kaylee&nbsp;Brennan&#8209;Soto", "0@1 "}, // references
		{"Kaylee\u00a0Brennan\u2011Soto", "0@1 "},  // the characters themselves
		{"Brennan-Soto, Kaylee", "0@1 "},           // surname first
		{"Kaylee Brennan-Soto's plan", "0@1 "},     // possessive
		{"Mateo Garcia", "0@2 "},                   // no accent
		{"Mateo Garci\u0301a", "0@2 "},             // decomposed
		{"MATEO GARCÍA", "0@2 "},                   // upper case with accent
		{"Ｍａｔｅｏ Ｇａｒｃｉａ", "0@2 "},                   // full width
		{"Ma\u200bteo Gar\u00adcia", "0@2 "},       // zero-width space, soft hyphen
		{"Ana Lopez and Lopez, Ana", "0@3 14@3 "},  // listed surname first
		{"tom o’neil", "0@4 "},                     // typographic apostrophe
		{"Tom ONeil", "0@4 "},                      // apostrophe left out
		{"Smith, Mary Ann", "0@5 "},                // three words, surname first
		{"Mary Ann Smith's", "0@5 "},               //
		{"昨日、田中太郎さんが", "9@6 "},                     // no spaces between words
		{"Zoe", "0@7 "},                            // one-word name
		{"Anastasia Lopezia", ""},                  // parts of words
		{"Kaylee Brennan", ""},                     // not the whole name
		{"Mateo Garciaz", ""},                      //
		{"Zoetrope", ""},                           //
		{"", ""},                                   //
		{"Kaylee Brennan-Soto Kaylee Brennan-Soto", "0@1 20@1 "},
		{"#KayleeBrennanSoto", "1@1 "}, // run together, as a hashtag
		{"KayleeBrennan-Soto and Kaylee BrennanSoto", "0@1 23@1 "},
		{"mateo.garcia@school.org", "0@2 "}, // an address
		{"LopezAna's", "0@3 "},              //
		{"Kaylee%20Brennan-Soto", "0@1 "},   // percent-encoded, as in a web address
		{"https://example.org/Mateo%20Garc%C3%ADa", "20@2 "},
		{"Mateo%C3Garcia %zz Mateo%", ""},         // not an encoded character
		{"AnaㅤLopez and Anaㅤ Lopez", "0@3 16@3 "}, // Hangul fillers show as nothing
		{"Anastasia Lopezia AnaLopezia MateoGarciaz", ""},
	}
	for _, c := range cases {
		if got := offsets(n.InText(c.text)); got != c.want {
			t.Errorf("InText(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestInPath(t *testing.T) {
	n := New(roster("Mateo García"))
	for p, want := range map[string]string{
		"experiences/mateo-garcia-interview/index.md": "12@1 ",
		"experiences/x/Mateo_Garcia.jpg":              "14@1 ",
		"experiences/x/mateo%20garc%C3%ADa.jpg":       "14@1 ",
		"experiences/x/mateogarcia.jpg":               "14@1 ",
		"experiences/x/MateoGarcia2024.jpg":           "14@1 ",
		"experiences/x/mateogarcia2024.jpg":           "14@1 ",
		"experiences/x/MateoGarciaz.jpg":              "",
	} {
		if got := offsets(n.InPath(p)); got != want {
			t.Errorf("InPath(%q) = %q, want %q", p, got, want)
		}
	}
	// A possessive made a web address, as dll new experience and dll
	// rename write a title: the apostrophe is gone, the s stays.
	n = New(roster("Kaylee Brennan-Soto", "Zoë"))
	for p, want := range map[string]string{
		"experiences/kaylee-brennan-sotos-gliders/": "12@1 ",
		"experiences/kaylee-brennan-soto-s-gliders": "12@1 ",
		"experiences/kayleebrennansotos-gliders":    "12@1 ",
		"experiences/zoes-story.md":                 "12@2 ",
		"experiences/zoetrope.md":                   "",
		"experiences/kaylee-brennan-sotoss.md":      "",
	} {
		if got := offsets(n.InPath(p)); got != want {
			t.Errorf("InPath(%q) = %q, want %q", p, got, want)
		}
	}
	// In text a word is not a possessive without its apostrophe.
	if got := offsets(n.InText("Zoes")); got != "" {
		t.Errorf("InText(Zoes) = %q, want nothing", got)
	}
}

func TestInMarkdown(t *testing.T) {
	n := New(roster("Kaylee Brennan-Soto", "Ana Lopez"))
	cases := []struct {
		md, want string
	}{
		{"We read with Kaylee\nBrennan-Soto today.", "13@1 "},
		{"*Kaylee* **Brennan**-Soto", "1@1 "},
		{"Kay<span>lee</span> Brennan-Soto", "0@1 "}, // the page leaves the raw HTML out, showing the name
		{"[notes](https://example.org/kaylee-brennan-soto)", "28@1 "},
		{"![Kaylee Brennan-Soto at the table](table.jpg)", "2@1 "},
		{"![a table](kaylee-brennan-soto.jpg)", ""}, // a file: its name is read as a path by the caller
		{"`Ana Lopez`", "1@2 "},
		{"    Ana Lopez\n", "4@2 "},
		{"| a | b |\n|---|---|\n| Ana | Lopez |", "22@2 "},
		{"## Reading with Ana\n\nLopez Elementary joined us.", ""}, // a heading and a paragraph are read apart
		{"- Ana\n- Lopez", ""},
		{"<!-- Ana Lopez -->", ""},
		{"Ana\\\nLopez", "0@2 "},
		{"Ana&nbsp;Lopez", "0@2 "},
		{"<https://example.org/ana-lopez>", "21@2 "},
		{"Ana Lo\\pez", ""},
		{"[site](https://example.org/Ana%20Lopez)", "27@2 "},
		{"`https://example.org/ana%20lopez`", "21@2 "},
		{"Thanks, #AnaLopez!", "9@2 "},
		{"[Ana](https://example.org/ \"her page\") Lopez read.", "1@2 "}, // the address is not between the words
		{"![Kaylee](photo.jpg) Brennan-Soto", "2@1 "},
		{"[Ana Lopez](https://example.org/kaylee-brennan-soto)", "1@2 32@1 "},
	}
	md := portfolio.Markdown()
	for _, c := range cases {
		src := []byte(c.md)
		doc := md.Parser().Parse(text.NewReader(src))
		if got := offsets(n.InMarkdown(doc, src)); got != c.want {
			t.Errorf("InMarkdown(%q) = %q, want %q", c.md, got, c.want)
		}
	}
}

func TestInPage(t *testing.T) {
	n := New(roster("Ana Lopez", "Maria"))
	cases := []struct {
		page, want string
	}{
		{`<p>Ana <em>Lopez</em></p>`, "3@1 "},
		{`<p>Ana</p><p>Lopez</p>`, ""}, // two texts: a heading and the paragraph after it are read apart
		{`<h1>Reading with Ana</h1><p>Lopez Elementary</p>`, ""},
		{`<tr><td>Lopez</td><td>Ana</td></tr>`, "8@1 "}, // a gradebook's row
		{`<p>Ana<br>Lopez</p>`, "3@1 "},
		{`<p>Ana <a href="https://example.org/">Lopez</a></p>`, "3@1 "}, // the address is not between the words
		{`<p><a href="../a/index.html">Ana</a> Lopez</p>`, "29@1 "},
		{`<img alt="Ana" title="Lopez">`, ""},
		{`<p>Ana <!-- x --> Lopez <!-- Ana Lopez --></p>`, "3@1 29@1 "},
		{`<img alt="Ana Lopez reading" src="x.jpg">`, "10@1 "},
		{`<a href="../ana-lopez/index.html">x</a>`, "12@1 "},
		{`<meta content=Ana&#32;Lopez>`, "14@1 "},
		{`<p>Ma<em>ria</em></p>`, "3@2 "},
		{`<!-- Ana Lopez -->`, "5@1 "},
		{`{"title":"Ana Lopez"}`, "10@1 "},
		{`<title>Anatomy</title>`, ""},
		{`a < b, Ana Lopez`, "7@1 "},
	}
	for _, c := range cases {
		if got := offsets(n.InPage([]byte(c.page))); got != c.want {
			t.Errorf("InPage(%q) = %q, want %q", c.page, got, c.want)
		}
	}
}

func TestInJSON(t *testing.T) {
	n := New(roster("Ana Lopez"))
	for doc, want := range map[string]string{
		`{"tags":["Ana","Lopez"],"title":"Reading with Ana"}`: "", // two strings, read apart
		`{"partner":"Ana Lopez"}`:                             "12@1 ",
		`{"note":"Ana\u00a0Lopez"}`:                           "9@1 ",
		`{"note":"Ana&nbsp;Lopez"}`:                           "9@1 ",
		`not JSON: Ana Lopez`:                                 "10@1 ",
	} {
		if got := offsets(n.InJSON([]byte(doc))); got != want {
			t.Errorf("InJSON(%s) = %q, want %q", doc, got, want)
		}
	}
}

func TestEmpty(t *testing.T) {
	var n *Names
	if !n.Empty() || n.InText("Ana Lopez") != nil {
		t.Fatal("a nil Names finds something")
	}
	if !New(nil).Empty() || !New(roster("  ", "!!")).Empty() {
		t.Fatal("no names, yet not empty")
	}
}

func BenchmarkInPage(b *testing.B) {
	var names []string
	for i := range 500 {
		names = append(names, fmt.Sprintf("Learner%d Surname%d", i, i))
	}
	n := New(roster(names...))
	page := []byte(strings.Repeat(`<p>The class read <em>twelve</em> books and Ms. K&nbsp;said: “José’s group wrote about <a href="../x/index.html">the river</a>.”</p>`+"\n", 1000))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		n.InPage(page)
	}
}

// TestRunTogether finds names whose words a file name, a hashtag or an
// address runs together, in any capitals, and names listed that way.
func TestRunTogether(t *testing.T) {
	n := New(roster("Ana Lopez", "DeShawn McDonald"))
	for text, want := range map[string]string{
		"AnaLopezInterview.jpg":   "0@1 ",
		"analopez-2024.jpg":       "0@1 ",
		"IMG_AnaLopez_01.jpg":     "4@1 ",
		"ANALOPEZ":                "0@1 ",
		"Deshawn Mcdonald":        "0@2 ",
		"De Shawn Mc Donald":      "0@2 ",
		"#DeShawnMcDonald":        "1@2 ",
		"McDonald, DeShawn":       "0@2 ",
		"Ana Lopezz, AnaLopezia":  "",
		"Banana Lopez, SanaLopez": "",
		"the DeShawn show":        "",
	} {
		if got := offsets(n.InText(text)); got != want {
			t.Errorf("InText(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestInCaptions finds names in a captions file as it is written and as
// the site's transcript shows it: cues run together, without timings,
// ids or styling.
func TestInCaptions(t *testing.T) {
	n := New(roster("Ana Lopez", "Tom"))
	cases := []struct{ vtt, want string }{
		{"WEBVTT\n\n1\n00:00.000 --> 00:02.000\nThanks, Ana\n\n2\n00:02.000 --> 00:04.000\nLopez.\n", "42@1 "},
		{"WEBVTT\r\n\r\n00:00.000 --> 00:02.000\r\nThanks, Ana\r\n\r\n00:02.000 --> 00:04.000\r\nLopez.\r\n", "43@1 "},
		{"WEBVTT\n\n00:00.000 --> 00:02.000\n<b>An</b>a Lopez spoke.\n", "35@1 "},
		{"WEBVTT\n\nana-lopez\n00:00.000 --> 00:02.000\nHello.\n", "8@1 "},         // a cue id is in the file
		{"WEBVTT\n\n00:00.000 --> 00:02.000\n<v Tom>Hello.\n", "35@2 "},            // a speaker
		{"WEBVTT\n\nNOTE Ana Lopez\n\n00:00.000 --> 00:02.000\nHello.\n", "13@1 "}, // a note is in the file
		{"WEBVTT\n\nNOTE Ana\n\n00:00.000 --> 00:02.000\nLopez said hello.\n", ""}, // but not shown with the cues
		{"WEBVTT\n\n00:00.000 --> 00:02.000\nAna\n\n00:02.000 --> 00:04.000\nLopezia spoke.\n", ""},
	}
	for _, c := range cases {
		if got := offsets(n.InCaptions([]byte(c.vtt))); got != c.want {
			t.Errorf("InCaptions(%q) = %q, want %q", c.vtt, got, c.want)
		}
	}
}

// TestInMarkdownFile finds names in a Markdown file both as it is written
// and as a page that quotes it shows it.
func TestInMarkdownFile(t *testing.T) {
	n := New(roster("Ana Lopez"))
	for md, want := range map[string]string{
		"Thanks to [Ana](https://example.org/) Lopez.": "11@1 ",
		"Thanks to An<!-- x -->a Lopez.":               "10@1 ",
		"Thanks to Ana Lopez.":                         "10@1 ",
		"<!-- Ana Lopez -->":                           "5@1 ", // the file itself is published
	} {
		if got := offsets(n.InMarkdownFile([]byte(md))); got != want {
			t.Errorf("InMarkdownFile(%q) = %q, want %q", md, got, want)
		}
	}
}

// JSONWriter finds what InJSON finds, however the document is cut into
// pieces, and refuses a document that is not JSON.
func TestJSONWriter(t *testing.T) {
	n := New(roster("Ana Lopez", "Mateo García"))
	docs := []string{
		`{"tags":["Ana","Lopez"],"title":"Reading with Ana"}`,
		`{"partner":"Ana Lopez","entries":[{"note":"Mateo\u00a0Garc\u00eda wrote"},{"title":"Ana&nbsp;Lopez"}]}`,
		`{"a":"` + strings.Repeat("x", 5000) + `","b":["Lopez, Ana", 3, true, null]}`,
		`[]`,
	}
	listed := func(hits []Hit) string {
		s := ""
		for _, h := range hits {
			s += fmt.Sprintf("@%d ", h.Listed.Line)
		}
		return s
	}
	for i, doc := range docs {
		want := listed(n.InJSON([]byte(doc)))
		if (i == 1 || i == 2) != (want != "") {
			t.Fatalf("InJSON(%.40q) = %q: the test expects a name in the second and third documents only", doc, want)
		}
		for _, size := range []int{1, 2, 7, 64, len(doc)} {
			w := n.JSONWriter()
			for i := 0; i < len(doc); i += size {
				if _, err := w.Write([]byte(doc[i:min(i+size, len(doc))])); err != nil {
					t.Fatalf("writing %.30q in pieces of %d: %v", doc, size, err)
				}
			}
			hits, err := w.Close()
			if err != nil || listed(hits) != want {
				t.Errorf("JSONWriter(%.40q) in pieces of %d = %q, %v; want %q", doc, size, listed(hits), err, want)
			}
		}
	}
	w := n.JSONWriter()
	w.Write([]byte(`{"title": Ana Lopez}`))
	if _, err := w.Close(); err == nil {
		t.Error("a document that is not JSON is said to name no one")
	}
}
