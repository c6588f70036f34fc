package privacy

import (
	"encoding/json"
	"io"
)

// JSONWriter finds the names in a JSON document written to it in pieces,
// as InJSON does (each string on its own), while holding no more of the
// document than the token being read: for a document too large to hold
// whole, such as the portfolio.json of a portfolio of many thousand
// entries. Each string is read in a goroutine of its own as the pieces
// come, and Close waits for it.
//
// A hit's Offset is where the token's separator (the : or , before the
// string) starts, rather than the string itself: the document is not kept
// to find it.
type JSONWriter struct {
	pw   *io.PipeWriter
	done chan struct{}
	hits []Hit
	err  error
}

// JSONWriter starts reading a JSON document for the names of n.
func (n *Names) JSONWriter() *JSONWriter {
	pr, pw := io.Pipe()
	w := &JSONWriter{pw: pw, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		m := n.matcher()
		dec := json.NewDecoder(pr)
		for {
			at := int(dec.InputOffset())
			tok, err := dec.Token()
			if err == io.EOF {
				w.hits = m.done()
				return
			}
			if err != nil {
				w.err = err
				pr.CloseWithError(err) // the writer learns at once
				return
			}
			if s, ok := tok.(string); ok {
				m.alone([]byte(s), at)
			}
		}
	}()
	return w
}

// Write reads the next piece of the document. It fails once the document
// is found not to be JSON.
func (w *JSONWriter) Write(p []byte) (int, error) { return w.pw.Write(p) }

// Close ends the document and returns the names found in it, or an error
// when it is not JSON: such a document cannot be said to name no one.
func (w *JSONWriter) Close() ([]Hit, error) {
	w.pw.Close()
	<-w.done
	return w.hits, w.err
}
