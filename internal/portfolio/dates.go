package portfolio

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Dates are written one way only, YYYY-MM-DD, which no reader can take for
// another date. A date written another way is refused, and the message
// offers the date to write: the one date it can be (03/14/2025 can only be
// March 14), or both when it can be either (04/05/2025).

var (
	numericDate = regexp.MustCompile(`^(\d{1,4})([/.\-])(\d{1,2})([/.\-])(\d{1,4})$`)
	yearMonth   = regexp.MustCompile(`^(\d{4})[/.\-](\d{1,2})$`)
)

// otherDate explains s, which is not written YYYY-MM-DD.
func otherDate(s string) string {
	const how = "write dates as YYYY-MM-DD"
	t := strings.TrimSpace(s)
	var readings []time.Time
	known := false
	switch {
	case numericDate.MatchString(t):
		readings, known = numericReadings(numericDate.FindStringSubmatch(t))
	case len(t) == 8 && digits(t):
		y, _ := strconv.Atoi(t[:4])
		m, _ := strconv.Atoi(t[4:6])
		d, _ := strconv.Atoi(t[6:])
		readings, known = validDates(reading{y, m, d}), true
	case len(t) == 4 && digits(t):
		return fmt.Sprintf("a date needs its month and day too; %s, like %s-03-14", how, t)
	case yearMonth.MatchString(t):
		m := yearMonth.FindStringSubmatch(t)
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			return fmt.Sprintf("a date needs its day too; %s, like %s-%02d-01 for the first of the month", how, m[1], mo)
		}
	default:
		readings, known = namedReadings(t)
		if w := strings.Fields(strings.ToLower(t)); !known && len(w) == 2 && monthNames[w[0]] > 0 && len(w[1]) == 4 && digits(w[1]) {
			return fmt.Sprintf("a date needs its day too; %s, like %s-%02d-01 for the first of the month", how, w[1], monthNames[w[0]])
		}
	}
	switch {
	case !known:
		return fmt.Sprintf("expected a date written YYYY-MM-DD, like 2025-03-14, found %s", Quote(s))
	case len(readings) == 0:
		return fmt.Sprintf("%s is not a date on the calendar; %s, like 2025-03-14", Quote(s), how)
	case len(readings) == 1:
		return fmt.Sprintf("%s; for %s, write %s", how, spoken(readings[0]), readings[0].Format(time.DateOnly))
	}
	return fmt.Sprintf("%s; %s could be %s (%s) or %s (%s): write the one you mean", how, Quote(s),
		spoken(readings[0]), readings[0].Format(time.DateOnly), spoken(readings[1]), readings[1].Format(time.DateOnly))
}

// spoken writes a date as people say it: March 14, 2025.
func spoken(t time.Time) string { return t.Format("January 2, 2006") }

type reading struct{ y, m, d int }

// validDates returns the readings that are dates on the calendar, each once.
func validDates(rs ...reading) []time.Time {
	var out []time.Time
	for _, r := range rs {
		if r.y < 1900 || r.y > 2200 || r.m < 1 || r.m > 12 || r.d < 1 {
			continue
		}
		t := time.Date(r.y, time.Month(r.m), r.d, 0, 0, 0, 0, time.UTC)
		if t.Day() != r.d || len(out) > 0 && out[0].Equal(t) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// numericReadings reads a date of three numbers: the year first
// (2025/03/14, always year, month, day) or last (03/14/2025 or 14/03/2025,
// month and day either way round; a year of two digits is 20xx).
func numericReadings(m []string) ([]time.Time, bool) {
	a, b, c := m[1], m[3], m[5]
	if m[2] != m[4] {
		return nil, false // 03/14-2025
	}
	ai, _ := strconv.Atoi(a)
	bi, _ := strconv.Atoi(b)
	ci, _ := strconv.Atoi(c)
	switch {
	case len(a) == 4 && len(c) <= 2:
		if r := validDates(reading{ai, bi, ci}); len(r) > 0 {
			return r, true
		}
		return validDates(reading{ai, ci, bi}), true // 2025/14/03
	case len(a) <= 2 && (len(c) == 4 || len(c) == 2):
		if len(c) == 2 {
			ci += 2000
		}
		return validDates(reading{ci, ai, bi}, reading{ci, bi, ai}), true
	}
	return nil, false
}

var monthNames = map[string]int{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		monthNames[name] = int(m)
		monthNames[name[:3]] = int(m)
	}
	monthNames["sept"] = 9
}

// namedReadings reads a date with the month's name: March 14, 2025, 14
// March 2025, Fri 14 Mar 2025, 14-Mar-2025, March 14th 2025.
func namedReadings(s string) ([]time.Time, bool) {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.'
	})
	month, day, year := 0, 0, 0
	for _, w := range words {
		if m, ok := monthNames[w]; ok && month == 0 {
			month = m
			continue
		}
		if isWeekday(w) || w == "of" || w == "the" {
			continue
		}
		n := strings.TrimRight(w, "stndrh")
		if n != w && !slices.Contains([]string{"st", "nd", "rd", "th"}, w[len(n):]) {
			return nil, false
		}
		if !digits(n) {
			return nil, false
		}
		v, _ := strconv.Atoi(n)
		switch {
		case len(n) == 4 && n == w && year == 0:
			year = v
		case len(n) <= 2 && day == 0:
			day = v
		default:
			return nil, false
		}
	}
	if month == 0 || day == 0 || year == 0 {
		return nil, false
	}
	return validDates(reading{year, month, day}), true
}

func isWeekday(w string) bool {
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if w == name || w == name[:3] {
			return true
		}
	}
	return false
}
