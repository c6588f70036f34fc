package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"dll/internal/portfolio"
)

// errNoAnswer is returned when the input ends (Ctrl-D, or stdin that is
// empty) before a question that needs an answer is answered.
var errNoAnswer = errors.New("no answer: the input ended")

// prompter asks the person at the terminal for what a command's flags did
// not give. Only commands running with Env.Interactive make one.
type prompter struct {
	in  *bufio.Reader
	out io.Writer
}

func newPrompter(env Env) *prompter {
	return &prompter{in: bufio.NewReader(env.In), out: env.Out}
}

func (p *prompter) readLine() (string, error) {
	line, err := p.in.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		if errors.Is(err, io.EOF) {
			// End the prompt's line, so that what follows starts on its own.
			fmt.Fprintln(p.out)
			return "", errNoAnswer
		}
		return "", err
	}
	return strings.TrimSpace(line), nil
}

// text asks a question. An empty answer takes def; when def is empty, an
// answer is needed (unless optional).
func (p *prompter) text(question, def string, optional bool) (string, error) {
	for {
		if def != "" {
			fmt.Fprintf(p.out, "%s [%s]: ", question, def)
		} else {
			fmt.Fprintf(p.out, "%s: ", question)
		}
		ans, err := p.readLine()
		if errors.Is(err, errNoAnswer) && (def != "" || optional) {
			// The input ended where an empty answer would do: take it,
			// as if Enter had been pressed.
			return def, nil
		}
		if err != nil {
			return "", err
		}
		switch {
		case ans != "":
			return ans, nil
		case def != "" || optional:
			return def, nil
		}
		fmt.Fprintln(p.out, "  Please type an answer.")
	}
}

// choose asks for one value of a vocabulary, showing them numbered; the
// answer may be the number or the value itself.
func (p *prompter) choose(question string, voc *portfolio.Vocab, def string) (string, error) {
	fmt.Fprintln(p.out, label(question))
	for i, t := range voc.Values {
		line := fmt.Sprintf("  %2d. %s", i+1, t.ID)
		if t.Description != "" {
			line += ": " + t.Description
		} else if t.Label != "" && !strings.EqualFold(t.Label, strings.ReplaceAll(t.ID, "-", " ")) {
			line += ": " + t.Label
		}
		fmt.Fprintln(p.out, line)
	}
	ids := voc.IDs()
	for {
		if def != "" {
			fmt.Fprintf(p.out, "Type a number or a name [%s]: ", def)
		} else {
			fmt.Fprint(p.out, "Type a number or a name: ")
		}
		ans, err := p.readLine()
		if errors.Is(err, errNoAnswer) && def != "" {
			return def, nil
		}
		if err != nil {
			return "", err
		}
		if ans == "" && def != "" {
			return def, nil
		}
		if n, err := strconv.Atoi(ans); err == nil && n >= 1 && n <= len(ids) {
			return ids[n-1], nil
		}
		if _, ok := voc.Term(ans); ok {
			return ans, nil
		}
		if hint := nearest(ans, ids); hint != "" {
			fmt.Fprintf(p.out, "  %q is not %s %s; did you mean %s?\n", ans, voc.Article(), voc.Name, hint)
		} else if ans != "" {
			fmt.Fprintf(p.out, "  %q is not %s %s; type a number from 1 to %d.\n", ans, voc.Article(), voc.Name, len(ids))
		}
	}
}

// label ends a question that introduces a list: with a colon, unless it
// ends in a question mark already.
func label(question string) string {
	if strings.HasSuffix(question, "?") {
		return question
	}
	return question + ":"
}

// noAnswer is the usage error for a question left unanswered because the
// input ended (Ctrl-D): nothing was written, and a flag can give the
// answer instead. what names the answer: a flag ("--role") or words ("the
// title"); voc, when not nil, lists the choices of the flag.
func noAnswer(cmd, what string, voc *portfolio.Vocab, example string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s stopped: the input ended before %s was given, so nothing was written.", cmd, what)
	if voc != nil {
		fmt.Fprintf(&b, "\n  %s: %s", what, strings.Join(voc.IDs(), ", "))
	}
	if example != "" {
		fmt.Fprintf(&b, "\nGive the answers on the command line instead, for example: %s", example)
	}
	return usageErrorf("%s", b.String())
}

// checkChoice refuses a flag value outside its vocabulary, with the nearest
// value and the list of valid ones.
func checkChoice(flag string, voc *portfolio.Vocab, val string) error {
	if _, ok := voc.Term(val); ok {
		return nil
	}
	msg := fmt.Sprintf("--%s %s: %q is not %s %s", flag, val, val, voc.Article(), voc.Name)
	if hint := nearest(val, voc.IDs()); hint != "" {
		msg += fmt.Sprintf("; did you mean %s?", hint)
	}
	return usageErrorf("%s\nChoose one of: %s", msg, strings.Join(voc.IDs(), ", "))
}

// missingChoices is the usage error for required choices not given without
// a terminal to ask them on.
func missingChoices(cmd string, missing []string, vocs map[string]*portfolio.Vocab, example string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s needs %s (there is no terminal to ask on)", cmd, joinFlags(missing))
	for _, f := range missing {
		if v := vocs[f]; v != nil {
			fmt.Fprintf(&b, "\n  --%s: %s", f, strings.Join(v.IDs(), ", "))
		}
	}
	if example != "" {
		fmt.Fprintf(&b, "\nFor example: %s", example)
	}
	return usageErrorf("%s", b.String())
}

func joinFlags(names []string) string {
	flags := make([]string, len(names))
	for i, f := range names {
		flags[i] = "--" + f
	}
	switch len(flags) {
	case 0:
		return ""
	case 1:
		return flags[0]
	}
	return strings.Join(flags[:len(flags)-1], ", ") + " and " + flags[len(flags)-1]
}

// nearest is the value a mistyped answer probably meant: the nearest by
// spelling, or else the one value that contains the answer ("librarian"
// for teacher-librarian).
func nearest(s string, ids []string) string {
	if hint := portfolio.Suggest(s, ids); hint != "" {
		return hint
	}
	s = strings.ToLower(strings.TrimSpace(s))
	found := ""
	for _, id := range ids {
		if len(s) >= 3 && strings.Contains(id, s) {
			if found != "" {
				return ""
			}
			found = id
		}
	}
	return found
}
