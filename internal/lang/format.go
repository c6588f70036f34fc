package lang

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/number"
)

// T returns the message key as text, with the values named in args
// (pairs of a name and a value: "count", 3, "name", "Ana") filled in.
// A number named count chooses the message's plural form. Numbers are
// written as the language writes them.
func (c *Catalog) T(key string, args ...any) string { return c.format(key, false, args) }

// HTML returns the message key as HTML: its text escaped, values of type
// template.HTML put in as they are, others escaped.
func (c *Catalog) HTML(key string, args ...any) template.HTML {
	return template.HTML(c.format(key, true, args)) //nolint:gosec // escaped here
}

func (c *Catalog) format(key string, html bool, args []any) string {
	m := c.msgs[key]
	if m == nil {
		// A message dll's English catalogue lacks: a test of the
		// templates finds it; the page shows the key.
		return escapeIf(html, key)
	}
	form := plural.Other
	if n, ok := arg(args, "count"); ok {
		if i, ok := toInt(n); ok {
			form = c.pluralForm(i)
		}
	}
	t, ok := m.forms[form]
	if !ok {
		t = m.forms[plural.Other]
	}
	var b strings.Builder
	for _, p := range t {
		if p.arg == "" {
			b.WriteString(escapeIf(html, p.lit))
			continue
		}
		v, ok := arg(args, p.arg)
		if !ok {
			b.WriteString(escapeIf(html, "{"+p.arg+"}"))
			continue
		}
		b.WriteString(c.value(v, html))
	}
	return b.String()
}

// pluralForm is the CLDR plural form of the whole number n in the
// catalogue's language.
func (c *Catalog) pluralForm(n int) plural.Form {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(c.tag, n, 0, 0, 0, 0)
}

func arg(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if s, ok := args[i].(string); ok && s == name {
			return args[i+1], true
		}
	}
	return nil, false
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	}
	return 0, false
}

func (c *Catalog) value(v any, html bool) string {
	switch v := v.(type) {
	case template.HTML:
		return string(v)
	case string:
		return escapeIf(html, v)
	case nil:
		return ""
	case fmt.Stringer:
		return escapeIf(html, v.String())
	}
	if n, ok := toInt(v); ok {
		return escapeIf(html, c.Number(n))
	}
	return escapeIf(html, fmt.Sprint(v))
}

// htmlEscaper escapes text for HTML as html/template does, so that a page
// reads the same whether a value went through a message or not.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// EscapeHTML escapes text for HTML as html/template does.
func EscapeHTML(s string) string {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		return s
	}
	return htmlEscaper.Replace(s)
}

func escapeIf(html bool, s string) string {
	if html {
		return EscapeHTML(s)
	}
	return s
}

// plain writes a whole number that needs no separator in the language's
// digits, without going through a number formatter.
func (c *Catalog) plain(n int) string {
	if n < 0 {
		return c.printer.Sprint(number.Decimal(n, number.NoSeparator()))
	}
	if c.digits[0] == "0" {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, d := range strconv.Itoa(n) {
		b.WriteString(c.digits[d-'0'])
	}
	return b.String()
}

// Number writes a whole number as the language does: 1,234 in English,
// 1234 and 12.345 in Spanish, ١٬٢٣٤ in Arabic.
func (c *Catalog) Number(n int) string {
	limit := 1000
	for range c.field["numbers.min_grouping"].num - 1 {
		limit *= 10
	}
	if n < limit && n > -limit {
		return c.plain(n)
	}
	return c.printer.Sprint(number.Decimal(n))
}

// Year writes a year, with the language's digits and no separator.
func (c *Catalog) Year(y int) string { return c.plain(y) }

// Percent writes a whole percentage: 86% in English, 86 % in French.
func (c *Catalog) Percent(n int) string {
	if n < 0 || n > 100 {
		return c.printer.Sprint(number.Percent(float64(n) / 100))
	}
	c.percentOnce.Do(func() {
		for i := range c.percents {
			c.percents[i] = c.printer.Sprint(number.Percent(float64(i) / 100))
		}
	})
	return c.percents[n]
}

// Decimal writes a number with one digit after the decimal separator.
func (c *Catalog) Decimal(x float64) string {
	return c.printer.Sprint(number.Decimal(x, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
}

// Size says how big a file is, as a download link does: 340 KB, 1.2 MB.
func (c *Catalog) Size(n int64) string {
	switch {
	case n < 1000:
		return c.T("size.bytes", "count", int(n))
	case n < 1000*1000:
		return c.T("size.kb", "n", c.Number(int((n+500)/1000)))
	case n < 1000*1000*1000:
		return c.T("size.mb", "n", c.Decimal(float64(n)/1e6))
	}
	return c.T("size.gb", "n", c.Decimal(float64(n)/1e9))
}

// Date writes a day as the language does: 3 February 2025, 3 de febrero
// de 2025, 1er mars 2025.
func (c *Catalog) Date(t time.Time) string {
	day := c.Year(t.Day())
	if first := c.field["dates.first_day"].text; t.Day() == 1 && first != "" {
		day = first
	}
	return fill(c.dayPattern, "day", day, "month", c.monthName(t.Month(), false), "year", c.Year(t.Year()))
}

// Month writes a month of a year: February 2025, febrero de 2025.
func (c *Catalog) Month(t time.Time) string {
	return fill(c.monthPattern, "month", c.monthName(t.Month(), true), "year", c.Year(t.Year()))
}

func (c *Catalog) monthName(m time.Month, alone bool) string {
	if alone {
		if l := c.field["dates.months_alone"].list; len(l) == 12 {
			return l[m-1]
		}
	}
	if l := c.field["dates.months"].list; len(l) == 12 {
		return l[m-1]
	}
	return m.String()
}

// fill puts values into a pattern of a catalogue's settings.
func fill(pattern text, args ...string) string {
	var b strings.Builder
	for _, p := range pattern {
		if p.arg == "" {
			b.WriteString(p.lit)
			continue
		}
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == p.arg {
				b.WriteString(args[i+1])
			}
		}
	}
	return b.String()
}

// Comma is what separates the items of a list: ", ", or "، " in Arabic.
func (c *Catalog) Comma() string { return c.field["lists.comma"].text }

// Commas joins the items that are not empty with the language's comma.
func (c *Catalog) Commas(items ...string) string {
	var out []string
	for _, it := range items {
		if strings.TrimSpace(it) != "" {
			out = append(out, it)
		}
	}
	return strings.Join(out, c.Comma())
}

// And joins items as the language lists them: a, b and c.
func (c *Catalog) And(items []string) string {
	var b strings.Builder
	for i, it := range items {
		b.WriteString(c.Sep(i, len(items), it))
		b.WriteString(it)
	}
	return b.String()
}

// Sep is what comes before item i of a list of n joined with "and": ""
// before the first, a comma, or the language's "and" before the last
// (" y ", or " e " before a Spanish word that starts with the sound i).
func (c *Catalog) Sep(i, n int, next string) string {
	switch {
	case i <= 0:
		return ""
	case i < n-1:
		if p := c.field["lists.and_start"].text; p != "" {
			return between(p)
		}
		return c.Comma()
	}
	sep := between(c.field["lists.and"].text)
	if base, _ := c.tag.Base(); base.String() == "es" && strings.Contains(sep, " y ") && startsWithI(next) {
		// Spanish writes "e" for "y" before the sound i (Física e
		// Historia), as CLDR's list formatting does.
		sep = strings.Replace(sep, " y ", " e ", 1)
	}
	return sep
}

// between is the text of a list pattern between its two items: " and "
// for "{a} and {b}".
func between(pattern string) string {
	t := parseText(pattern)
	var b strings.Builder
	in := false
	for _, p := range t {
		switch {
		case p.arg == "a":
			in = true
		case p.arg == "b":
			return b.String()
		case in && p.arg == "":
			b.WriteString(p.lit)
		}
	}
	return b.String()
}

// startsWithI reports whether a Spanish word starts with the sound i: i,
// í, hi, hí, but not hia, hie, hio, hiu (hielo, hiato), which start with
// the sound y.
func startsWithI(s string) bool {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	r := []rune(strings.ToLower(s))
	if len(r) > 0 && r[0] == 'h' {
		r = r[1:]
		if len(r) > 1 && strings.ContainsRune("aeiouáéó", r[1]) && (r[0] == 'i' || r[0] == 'í') {
			return false
		}
	}
	return len(r) > 0 && (r[0] == 'i' || r[0] == 'í')
}
