//go:build !unix

package site

import (
	"fmt"
	"io"
	"os"
)

// createFile makes the new file full, to write a page of the site in.
func createFile(full string) (io.WriteCloser, error) {
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("writing the site: %w", err)
	}
	return &fileCloser{f}, nil
}

// fileCloser reports a failed write (a full disk) at Write or at Close.
type fileCloser struct{ f *os.File }

func (c *fileCloser) Write(p []byte) (int, error) {
	n, err := c.f.Write(p)
	if err != nil {
		err = fmt.Errorf("writing the site: %w", err)
	}
	return n, err
}

func (c *fileCloser) Close() error {
	if err := c.f.Close(); err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	return nil
}
