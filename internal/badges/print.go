package badges

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
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
	if j.Status == JobDone {
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
// it is written.
type Printer struct {
	s   *Service
	dir string
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
	Lease time.Duration
	// Poll is how often an idle worker looks for work.
	Poll time.Duration
	Log  *slog.Logger
	wake chan struct{}
}

func newPrinter(s *Service, dataDir string) *Printer {
	return &Printer{s: s, dir: filepath.Join(dataDir, "prints"), ChunkSize: 500, ChunkBytes: 12 << 20, Lease: 2 * time.Minute,
		Poll: 5 * time.Second, Log: slog.Default(), wake: make(chan struct{}, 1)}
}

// Create queues a print job for the event's active badges that match in, in
// protocol order. It returns NotFound for an unknown event, Invalid for an
// unknown layout or a delegation or category not of the event, and Conflict
// when no badge matches (no job is created then).
func (p *Printer) Create(ctx context.Context, eventID string, in PrintInput) (PrintJob, error) {
	if _, err := findEvent(ctx, p.s.DB, eventID); err != nil {
		return PrintJob{}, err
	}
	f, layout, err := p.check(ctx, eventID, in)
	if err != nil {
		return PrintJob{}, err
	}
	ids, err := findPrintOrder(ctx, p.s.DB, eventID, f)
	if err != nil {
		return PrintJob{}, err
	}
	if len(ids) == 0 {
		return PrintJob{}, apperr.Conflictf("no active badge matches this selection; nothing to print").Typed("nothing-to-print")
	}
	filter, _ := json.Marshal(f)
	j := PrintJob{ID: httpx.NewID(), EventID: eventID, Filter: string(filter), Layout: string(layout),
		Status: JobQueued, Total: len(ids), CreatedBy: actor.From(ctx).ID, CreatedAt: clock.Of(p.s.DB)()}
	err = p.s.DB.Transaction(func(tx *gorm.DB) error {
		if err := tx.WithContext(ctx).Create(&j).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Action: "create", Entity: "print_job", EntityID: j.ID,
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
		ok, err := belongsToEvent(ctx, p.s.DB, table, *id, eventID)
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
	var j PrintJob
	err := p.s.DB.WithContext(ctx).Where("id = ?", id).Take(&j).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return j, apperr.NotFoundf("no such print job")
	}
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
	if _, err := findEvent(ctx, p.s.DB, f.EventID); err != nil {
		return nil, 0, err
	}
	jobs, total, err := findPrintJobs(ctx, p.s.DB, f)
	if err != nil {
		return nil, 0, err
	}
	for i := range jobs {
		jobs[i].present()
	}
	return jobs, total, nil
}

// File returns the path of a finished job's file and the name to give it.
// It returns NotFound, and Conflict (with the status) when the job is not
// done.
func (p *Printer) File(ctx context.Context, id string) (path, name string, err error) {
	j, err := p.Job(ctx, id)
	if err != nil {
		return "", "", err
	}
	if j.Status != JobDone {
		return "", "", apperr.Conflictf("the print job is %s; its file is ready when it is done", j.Status).
			With("current_status", j.Status)
	}
	path = filepath.Join(p.dir, j.FileName)
	if _, err := os.Stat(path); err != nil {
		return "", "", apperr.Gonef("the print job's file is no longer on this server; print the batch again")
	}
	return path, "badges-" + j.ID[:8] + filepath.Ext(j.FileName), nil
}

// Run works on print jobs until ctx ends.
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.wake:
		}
	}
}

// RunOnce claims one job that is queued or whose lease ran out, and runs it
// to the end. It reports whether it found a job; the error is the job's
// failure, which is also recorded on the job.
func (p *Printer) RunOnce(ctx context.Context) (bool, error) {
	j, ok, err := p.claim(ctx)
	if err != nil || !ok {
		return false, err
	}
	if err := p.run(ctx, j); err != nil {
		if ctx.Err() != nil {
			return true, err // stopped: another worker redoes it when the lease ends
		}
		p.fail(j, err)
		return true, err
	}
	return true, nil
}

func (p *Printer) claim(ctx context.Context) (PrintJob, bool, error) {
	db := p.s.DB.WithContext(ctx)
	for range 5 {
		now := clock.Of(db)()
		var ids []string
		due := db.Where("status = ? OR (status = ? AND locked_until < ?)", JobQueued, JobRunning, now)
		if err := due.Model(&PrintJob{}).Order("created_at").Limit(1).Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
			return PrintJob{}, false, err
		}
		token := httpx.NewID()
		res := db.Model(&PrintJob{}).Where("id = ?", ids[0]).
			Where("status = ? OR (status = ? AND locked_until < ?)", JobQueued, JobRunning, now).
			Updates(map[string]any{"status": JobRunning, "lease_token": token, "locked_until": now.Add(p.Lease),
				"started_at": now, "done": 0, "error": ""})
		if res.Error != nil {
			return PrintJob{}, false, res.Error
		}
		if res.RowsAffected == 1 {
			j, err := p.Job(ctx, ids[0])
			return j, err == nil, err
		}
	}
	return PrintJob{}, false, nil
}

// progress renews the lease and records progress; it fails once another
// worker holds the job.
func (p *Printer) progress(ctx context.Context, tx *gorm.DB, j PrintJob, changes map[string]any) error {
	changes["locked_until"] = clock.Of(tx)().Add(p.Lease)
	res := tx.WithContext(ctx).Model(&PrintJob{}).Where("id = ? AND lease_token = ?", j.ID, j.LeaseToken).Updates(changes)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("print job %s: lease lost to another worker", j.ID)
	}
	return nil
}

func (p *Printer) fail(j PrintJob, cause error) {
	detail := "the batch could not be printed"
	var ae *apperr.Error
	if errors.As(cause, &ae) && ae.Kind != apperr.Internal {
		detail = ae.Detail
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	now := clock.Of(p.s.DB)()
	err := p.progress(ctx, p.s.DB, j, map[string]any{"status": JobFailed, "error": detail, "finished_at": now})
	if err != nil {
		p.Log.Error("record print job failure", "job", j.ID, "error", err)
	}
	os.RemoveAll(p.partDir(j))
}
