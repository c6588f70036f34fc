package portfolio

import "testing"

// TestParseDateMessages: a date written another way than YYYY-MM-DD is
// refused, with the date to write when it can be only one, and both when
// it can be either.
func TestParseDateMessages(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"03/14/2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"14/03/2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"11/20/2025", "write dates as YYYY-MM-DD; for November 20, 2025, write 2025-11-20"},
		{"2025/03/14", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"2025.3.4", "write dates as YYYY-MM-DD; for March 4, 2025, write 2025-03-04"},
		{"04/05/2025", `write dates as YYYY-MM-DD; "04/05/2025" could be April 5, 2025 (2025-04-05) or May 4, 2025 (2025-05-04): write the one you mean`},
		{"05/05/2025", "write dates as YYYY-MM-DD; for May 5, 2025, write 2025-05-05"},
		{"3/14/25", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"14.03.2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"03-14-2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"13/14/2025", `"13/14/2025" is not a date on the calendar; write dates as YYYY-MM-DD, like 2025-03-14`},
		{"02/30/2025", `"02/30/2025" is not a date on the calendar; write dates as YYYY-MM-DD, like 2025-03-14`},
		{"March 14, 2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"14 March 2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"Fri, 14 Mar 2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"14-Mar-2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"March 14th, 2025", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"Sept 3 2025", "write dates as YYYY-MM-DD; for September 3, 2025, write 2025-09-03"},
		{"February 30, 2025", `"February 30, 2025" is not a date on the calendar; write dates as YYYY-MM-DD, like 2025-03-14`},
		{"20250314", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"2025", "a date needs its month and day too; write dates as YYYY-MM-DD, like 2025-03-14"},
		{"2025-03", "a date needs its day too; write dates as YYYY-MM-DD, like 2025-03-01 for the first of the month"},
		{"March 2025", "a date needs its day too; write dates as YYYY-MM-DD, like 2025-03-01 for the first of the month"},
		{"spring", `expected a date written YYYY-MM-DD, like 2025-03-14, found "spring"`},
		{"2025/14/03", "write dates as YYYY-MM-DD; for March 14, 2025, write 2025-03-14"},
		{"2025-14-03", "there is no month 14; the month comes second, as in 2025-03-14 (YYYY-MM-DD); for March 14, 2025, write 2025-03-14"},
		{"2025-13-13", "there is no month 13; the month comes second, as in 2025-03-14 (YYYY-MM-DD)"},
		{"2025-3-4", "write the month and day with two digits: 2025-03-04, not 2025-3-4"},
		{"2025-01-13T09:00:00Z", `expected a date only, like 2025-01-13, found "2025-01-13T09:00:00Z"`},
	} {
		if _, got := ParseDate(c.in); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
	if d, msg := ParseDate("2025-03-14"); msg != "" || d.Format("2006-01-02") != "2025-03-14" {
		t.Errorf("2025-03-14: %v %q", d, msg)
	}
}
