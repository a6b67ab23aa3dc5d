package backend

import "strconv"

// WorkMem returns work_mem in bytes (exec.MemoryEnv): sorts and hash
// tables beyond it spill to temporary files.
func (b *Backend) WorkMem() int64 {
	v, _ := b.sess.Get("work_mem")
	kb, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 4 << 20
	}
	return kb << 10
}

// HashMemMultiplier returns hash_mem_multiplier (exec.MemoryEnv).
func (b *Backend) HashMemMultiplier() float64 {
	v, _ := b.sess.Get("hash_mem_multiplier")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 2
	}
	return f
}

// TempDir returns the directory for the executor's temporary files
// (exec.MemoryEnv): the system's; the files are unlinked as soon as they
// are created.
func (b *Backend) TempDir() string { return "" }
