package badges

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/httpx"
)

// Print job statuses.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// JobStatuses are the print job statuses, in the order a job goes through
// them.
var JobStatuses = []string{JobQueued, JobRunning, JobDone, JobFailed}

// PrintJob is a batch of badges rendered in the background.
type PrintJob struct {
	ID          string      `json:"id" gorm:"primaryKey"`
	EventID     string      `json:"event_id"`
	Filter      string      `json:"-"`
	Selection   PrintFilter `json:"filter" gorm:"-"`
	Layout      string      `json:"layout"`
	Status      string      `json:"status"`
	Done        int         `json:"done"`
	Total       int         `json:"total"`
	FileName    string      `json:"-"`
	FileType    string      `json:"file_type"`
	FileSize    int64       `json:"file_size"`
	FileURL     *string     `json:"file_url" gorm:"-"`
	Error       string      `json:"error"`
	LockedUntil *time.Time  `json:"-"`
	LeaseToken  string      `json:"-"`
	CreatedBy   string      `json:"-"`
	CreatedAt   time.Time   `json:"created_at"`
	StartedAt   *time.Time  `json:"started_at"`
	FinishedAt  *time.Time  `json:"finished_at"`
}

// TableName is the print jobs table.
func (PrintJob) TableName() string { return "print_jobs" }

func (j *PrintJob) present() {
	_ = json.Unmarshal([]byte(j.Filter), &j.Selection)
	if j.Status == JobDone && j.FileName != "" {
		u := "/api/v1/badge-prints/" + j.ID + "/file"
		j.FileURL = &u
	}
}

// PrintInput asks for a print job.
type PrintInput struct {
	DelegationID  *string `json:"delegation_id"`
	CategoryID    *string `json:"category_id"`
	OnlyUnprinted bool    `json:"only_unprinted"`
	Layout        string  `json:"layout"`
}

// Printer runs print jobs: any server's worker claims a queued job (or one
// whose lease has run out, after a crash or restart) and redoes it from the
// start. It reads a few badges at a time and cuts the batch into PDFs of at
// most ChunkSize badges or ChunkBytes of photos, so that memory stays
// bounded: the PDF library holds a whole document, photos included, until
// it is written. The PDFs are stored in the database, so that every server
// serves the file.
type Printer struct {
	s *Service
	// ChunkSize is the most badges per PDF; a job with more gives a ZIP of
	// PDFs.
	ChunkSize int
	// ChunkBytes ends a PDF once its photos reach this size: with photos
	// as registration stores them (about 150 KB each), about 75 badges a
	// PDF. A document holds about 4.5 times its photos at its peak (fpdf
	// copies each photo and doubles its output buffer), and the collector
	// may let the heap reach twice that: about 110 MB.
	ChunkBytes int64
	// Lease is how long a claimed job stays with its worker without news.
	// The worker renews it every third of it while the job runs, so a job
	// whose worker died is taken over at most Lease after the crash.
	Lease time.Duration
	// Keep is how long a finished job's file is kept.
	Keep time.Duration
	// Poll is how often an idle worker looks for work.
	Poll time.Duration
	Log  *slog.Logger
	wake chan struct{}
	now  func() time.Time
	// expired is when this worker last removed the files past Keep.
	expired time.Time
}

// The defaults of a Printer.
const (
	DefaultPrintLease = 15 * time.Second
	DefaultPrintKeep  = 7 * 24 * time.Hour
)

func newPrinter(s *Service) *Printer {
	return &Printer{s: s, ChunkSize: 500, ChunkBytes: 12 << 20, Lease: DefaultPrintLease, Keep: DefaultPrintKeep,
		Poll: 5 * time.Second, Log: slog.Default(), wake: make(chan struct{}, 1),
		now: clock.Of(s.DB)}
}

// Create queues a print job for the event's active badges that match in, in
// protocol order. It returns NotFound for an unknown event, Invalid for an
// unknown layout or a delegation or category not of the event, and Conflict
// when no badge matches (no job is created then).
func (p *Printer) Create(ctx context.Context, eventID string, in PrintInput) (PrintJob, error) {
	if _, err := p.s.store.findEvent(ctx, eventID); err != nil {
		return PrintJob{}, err
	}
	f, layout, err := p.check(ctx, eventID, in)
	if err != nil {
		return PrintJob{}, err
	}
	ids, err := p.s.store.findPrintOrder(ctx, eventID, f)
	if err != nil {
		return PrintJob{}, err
	}
	if len(ids) == 0 {
		return PrintJob{}, apperr.Conflictf("no active badge matches this selection; nothing to print").Typed("nothing-to-print")
	}
	filter, _ := json.Marshal(f)
	j := PrintJob{ID: httpx.NewID(), EventID: eventID, Filter: string(filter), Layout: string(layout),
		Status: JobQueued, Total: len(ids), CreatedBy: actor.From(ctx).ID, CreatedAt: p.now()}
	err = p.s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := p.s.store.In(tx).createPrintJob(ctx, &j); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "print_job", EntityID: j.ID,
			EventID: eventID, After: j})
	})
	if err != nil {
		return PrintJob{}, err
	}
	select {
	case p.wake <- struct{}{}:
	default:
	}
	j.present()
	return j, nil
}

func (p *Printer) check(ctx context.Context, eventID string, in PrintInput) (PrintFilter, Layout, error) {
	var v apperr.Validator
	layout, err := ParseLayout(in.Layout)
	if err != nil {
		v.Add("layout", "%v", err)
	}
	for field, id := range map[string]*string{"delegation_id": in.DelegationID, "category_id": in.CategoryID} {
		if id == nil {
			continue
		}
		if !httpx.IsUUID(*id) {
			v.Add(field, "must be a UUID")
			continue
		}
		table := map[string]string{"delegation_id": "delegations", "category_id": "categories"}[field]
		ok, err := p.s.store.belongsToEvent(ctx, table, *id, eventID)
		if err != nil {
			return PrintFilter{}, "", err
		}
		v.Check(ok, field, "no such %s in this event", table[:len(table)-1])
	}
	f := PrintFilter{DelegationID: in.DelegationID, CategoryID: in.CategoryID, OnlyUnprinted: in.OnlyUnprinted}
	return f, layout, v.Err()
}

// Job returns a print job with its progress. It returns NotFound.
func (p *Printer) Job(ctx context.Context, id string) (PrintJob, error) {
	j, err := p.s.store.findPrintJob(ctx, id)
	if err != nil {
		return j, err
	}
	j.present()
	return j, nil
}

// Jobs returns one page of the event's print jobs matching f, newest first,
// with the total. It returns Invalid for an unknown status and NotFound for
// an unknown event.
func (p *Printer) Jobs(ctx context.Context, f PrintJobFilter) ([]PrintJob, int64, error) {
	var v apperr.Validator
	v.Check(f.Status == "" || slices.Contains(JobStatuses, f.Status), "status",
		"must be one of %s", strings.Join(JobStatuses, ", "))
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if _, err := p.s.store.findEvent(ctx, f.EventID); err != nil {
		return nil, 0, err
	}
	jobs, total, err := p.s.store.findPrintJobs(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	for i := range jobs {
		jobs[i].present()
	}
	return jobs, total, nil
}

// Run works on print jobs until ctx ends, and removes the files kept
// longer than Keep.
func (p *Printer) Run(ctx context.Context) {
	t := time.NewTicker(p.Poll)
	defer t.Stop()
	for {
		for {
			ran, err := p.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				p.Log.Error("print job", "error", err)
			}
			if !ran || ctx.Err() != nil {
				break
			}
		}
		if err := p.expire(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("remove old print files", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.wake:
		}
	}
}

// expire removes, at most once an hour, the files of jobs finished more
// than Keep ago.
func (p *Printer) expire(ctx context.Context) error {
	now := p.now()
	if now.Sub(p.expired) < time.Hour {
		return nil
	}
	for {
		ids, err := p.s.store.findExpiredFiles(ctx, now.Add(-p.Keep))
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			p.expired = now
			return nil
		}
		err = p.s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return p.s.store.In(tx).deleteFiles(ctx, ids)
		})
		if err != nil {
			return err
		}
	}
}

// RunOnce claims one job that is queued or whose lease ran out, and runs it
// to the end, renewing its lease meanwhile. It reports whether it found a
// job; the error is the job's failure, which is also recorded on the job.
func (p *Printer) RunOnce(ctx context.Context) (bool, error) {
	j, ok, err := p.claim(ctx)
	if err != nil || !ok {
		return false, err
	}
	held, release := p.hold(ctx, j)
	err = p.run(held, j)
	release()
	if err != nil {
		if ctx.Err() != nil {
			return true, err // stopped: another worker redoes it when the lease ends
		}
		p.fail(j, err)
		return true, err
	}
	return true, nil
}

func (p *Printer) claim(ctx context.Context) (PrintJob, bool, error) {
	for range 5 {
		now := p.now()
		id, ok, err := p.s.store.findDueJob(ctx, now)
		if err != nil || !ok {
			return PrintJob{}, false, err
		}
		claimed, err := p.s.store.claimJob(ctx, id, httpx.NewID(), now, now.Add(p.Lease))
		if err != nil {
			return PrintJob{}, false, err
		}
		if claimed {
			j, err := p.Job(ctx, id)
			return j, err == nil, err
		}
	}
	return PrintJob{}, false, nil
}

// hold renews the job's lease every third of Lease until release is
// called, so that a long chunk never loses it while its worker lives; the
// context it returns ends if the lease is lost all the same (the database
// was out of reach longer than the lease, and another worker took the job).
// When ctx ends, as it does for a crash, the renewals stop with it.
func (p *Printer) hold(ctx context.Context, j PrintJob) (held context.Context, release func()) {
	held, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(max(p.Lease/3, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-held.Done():
				return
			case <-t.C:
			}
			err := p.progress(held, p.s.store, j, map[string]any{})
			if errors.Is(err, errLeaseLost) {
				p.Log.Error("print job taken over by another worker", "job", j.ID)
				cancel()
				return
			}
			if err != nil && held.Err() == nil {
				p.Log.Warn("renew print job lease", "job", j.ID, "error", err)
			}
		}
	}()
	return held, func() { cancel(); <-done }
}

// errLeaseLost is progress's error once another worker holds the job.
var errLeaseLost = errors.New("lease lost to another worker")

// progress renews the lease and records progress; it fails with
// errLeaseLost once another worker holds the job.
func (p *Printer) progress(ctx context.Context, st *Store, j PrintJob, changes map[string]any) error {
	changes["locked_until"] = p.now().Add(p.Lease)
	held, err := st.updateLeasedJob(ctx, j.ID, j.LeaseToken, changes)
	if err != nil {
		return err
	}
	if !held {
		return fmt.Errorf("print job %s: %w", j.ID, errLeaseLost)
	}
	return nil
}

// fail records the job's failure and drops what it stored of its file, if
// this worker still holds it.
func (p *Printer) fail(j PrintJob, cause error) {
	detail := "the batch could not be printed"
	var ae *apperr.Error
	if errors.As(cause, &ae) && ae.Kind != apperr.Internal {
		detail = ae.Detail
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := p.s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := p.s.store.In(tx)
		err := p.progress(ctx, st, j, map[string]any{"status": JobFailed, "error": detail, "finished_at": p.now()})
		if err != nil {
			return err
		}
		return st.deleteFile(ctx, j.ID)
	})
	if err != nil {
		p.Log.Error("record print job failure", "job", j.ID, "error", err)
	}
}
