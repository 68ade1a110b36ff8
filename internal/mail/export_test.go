package mail

import "time"

// SetNow sets the worker's clock.
func (w *Worker) SetNow(now func() time.Time) { w.now = now }
