package imaging

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// MemCache keeps versions in memory, for one run.
type MemCache struct {
	mu   sync.Mutex
	data map[string][]byte
}

// NewMemCache returns an empty MemCache.
func NewMemCache() *MemCache { return &MemCache{data: map[string][]byte{}} }

func (c *MemCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.data[key]
	return d, ok
}

func (c *MemCache) Put(key string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[key] = data
	return nil
}

// DirCache keeps versions as files in a folder, from one run to the next.
// Keys name their files; a file is written whole, through a temporary file
// renamed into place, so a cache never holds half a picture.
type DirCache struct{ Dir string }

func (c DirCache) path(key string) string {
	return filepath.Join(c.Dir, key[:2], key)
}

func (c DirCache) Get(key string) ([]byte, bool) {
	if len(key) < 3 {
		return nil, false
	}
	data, err := os.ReadFile(c.path(key))
	return data, err == nil && len(data) > 0
}

func (c DirCache) Put(key string, data []byte) error {
	if len(key) < 3 {
		return fmt.Errorf("bad cache key %q", key)
	}
	name := c.path(key)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".new-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
