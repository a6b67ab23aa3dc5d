package backend

// This file keeps the session state that savepoints undo besides data
// and the catalog (PostgreSQL's AtSubAbort_Portals and AtSubAbort_Notify):
// ROLLBACK TO SAVEPOINT closes the cursors declared after the savepoint
// and forgets the LISTEN, UNLISTEN and NOTIFY issued after it. A cursor
// declared before the savepoint keeps its position: cursors are not
// transactional.

// sessionMark is the session's state when a savepoint was set.
type sessionMark struct {
	cursorSeq        uint64
	actions, pending int
}

// markSavepoint records the state for a new savepoint.
func (b *Backend) markSavepoint() {
	b.tx.sessMarks = append(b.tx.sessMarks, sessionMark{
		cursorSeq: b.cursorSeq,
		actions:   len(b.notify.actions),
		pending:   len(b.notify.pending),
	})
}

// releaseSavepoint forgets savepoint i and those after it.
func (b *Backend) releaseSavepoint(i int) {
	if i < len(b.tx.sessMarks) {
		b.tx.sessMarks = b.tx.sessMarks[:i]
	}
}

// rollbackToSavepoint undoes what happened after savepoint i, which
// stays.
func (b *Backend) rollbackToSavepoint(i int) {
	if i >= len(b.tx.sessMarks) {
		return
	}
	m := b.tx.sessMarks[i]
	b.tx.sessMarks = b.tx.sessMarks[:i+1]
	if m.actions <= len(b.notify.actions) {
		b.notify.actions = b.notify.actions[:m.actions]
	}
	if m.pending <= len(b.notify.pending) {
		b.notify.pending = b.notify.pending[:m.pending]
	}
	for name, pt := range b.portals {
		if c := pt.sqlCursor; c != nil && c.seq > m.cursorSeq {
			pt.close()
			delete(b.portals, name)
		}
	}
}
