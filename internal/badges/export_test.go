package badges

import (
	"context"
	"time"
)

// SetNow sets the printer's clock.
func (p *Printer) SetNow(now func() time.Time) { p.now = now }

// Expire removes the files kept longer than Keep, as Run does once an hour.
func (p *Printer) Expire(ctx context.Context) error {
	p.expired = time.Time{}
	return p.expire(ctx)
}

// Claim claims a job as RunOnce does, without running it.
func (p *Printer) Claim(ctx context.Context) (PrintJob, bool, error) { return p.claim(ctx) }

// Hold renews a claimed job's lease as RunOnce does while the job runs.
func (p *Printer) Hold(ctx context.Context, j PrintJob) (context.Context, func()) {
	return p.hold(ctx, j)
}
