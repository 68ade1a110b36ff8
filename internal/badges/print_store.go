package badges

import (
	"context"
	"errors"
	"hash/crc32"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
)

// fileChunkSize is the most bytes of a print job's file one stored chunk
// holds: a download or a job holds about one chunk at a time.
const fileChunkSize = 1 << 20

// filePart is one PDF of a print job's file, stored in chunks.
type filePart struct {
	JobID    string `gorm:"primaryKey"`
	Part     int    `gorm:"primaryKey"` // from 0, in the order of the batch
	Name     string // its name inside the ZIP of a job of several PDFs
	Size     int64
	Chunks   int
	Checksum int64 // CRC-32 (IEEE) of the PDF, as a ZIP entry carries it
}

func (filePart) TableName() string { return "print_job_parts" }

type fileChunk struct {
	JobID string `gorm:"primaryKey"`
	Part  int    `gorm:"primaryKey"`
	Seq   int    `gorm:"primaryKey"`
	Data  []byte
}

func (fileChunk) TableName() string { return "print_job_chunks" }

// chunkWriter stores what is written to it as the chunks of one part; Close
// stores the part itself.
type chunkWriter struct {
	ctx  context.Context
	s    *Store
	part *filePart
	buf  []byte
	crc  uint32
}

func (s *Store) newChunkWriter(ctx context.Context, part *filePart) *chunkWriter {
	return &chunkWriter{ctx: ctx, s: s, part: part}
}

func (w *chunkWriter) Write(b []byte) (int, error) {
	n := len(b)
	w.crc = crc32.Update(w.crc, crc32.IEEETable, b)
	w.part.Size += int64(n)
	for len(b) > 0 {
		if len(w.buf) == 0 && len(b) >= fileChunkSize {
			// A whole chunk straight from the caller's buffer, uncopied.
			if err := w.store(b[:fileChunkSize]); err != nil {
				return 0, err
			}
			b = b[fileChunkSize:]
			continue
		}
		k := min(len(b), fileChunkSize-len(w.buf))
		w.buf, b = append(w.buf, b[:k]...), b[k:]
		if len(w.buf) == fileChunkSize {
			if err := w.store(w.buf); err != nil {
				return 0, err
			}
			w.buf = w.buf[:0]
		}
	}
	return n, nil
}

func (w *chunkWriter) store(data []byte) error {
	c := fileChunk{JobID: w.part.JobID, Part: w.part.Part, Seq: w.part.Chunks, Data: data}
	if err := w.s.db.WithContext(w.ctx).Create(&c).Error; err != nil {
		return err
	}
	w.part.Chunks++
	return nil
}

// Close stores the last chunk and the part.
func (w *chunkWriter) Close() error {
	if len(w.buf) > 0 {
		if err := w.store(w.buf); err != nil {
			return err
		}
		w.buf = nil
	}
	w.part.Checksum = int64(w.crc)
	return w.s.db.WithContext(w.ctx).Create(w.part).Error
}

// findFileParts returns the stored parts of the job's file, in order.
func (s *Store) findFileParts(ctx context.Context, jobID string) ([]filePart, error) {
	var parts []filePart
	err := s.db.WithContext(ctx).Where("job_id = ?", jobID).Order("part").Find(&parts).Error
	return parts, err
}

// findFileChunk returns one stored chunk of a part of the job's file. It
// returns Gone when it is no longer stored (the file expired meanwhile).
func (s *Store) findFileChunk(ctx context.Context, jobID string, part, seq int) ([]byte, error) {
	var c fileChunk
	err := s.db.WithContext(ctx).Where("job_id = ? AND part = ? AND seq = ?", jobID, part, seq).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.Gonef("the print job's file is no longer kept; print the batch again")
	}
	return c.Data, err
}

// deleteFile removes whatever is stored of the job's file.
func (s *Store) deleteFile(ctx context.Context, jobID string) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("job_id = ?", jobID).Delete(&fileChunk{}).Error; err != nil {
		return err
	}
	return db.Where("job_id = ?", jobID).Delete(&filePart{}).Error
}

// findExpiredFiles returns up to 100 jobs done before that still have a
// file.
func (s *Store) findExpiredFiles(ctx context.Context, before time.Time) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Model(&PrintJob{}).Where("status = ? AND file_name <> '' AND finished_at < ?", JobDone, before).
		Order("finished_at").Limit(100).Pluck("id", &ids).Error
	return ids, err
}

// deleteFiles removes the files of the jobs ids and marks those jobs as
// having none.
func (s *Store) deleteFiles(ctx context.Context, ids []string) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("job_id IN ?", ids).Delete(&fileChunk{}).Error; err != nil {
		return err
	}
	if err := db.Where("job_id IN ?", ids).Delete(&filePart{}).Error; err != nil {
		return err
	}
	return db.Model(&PrintJob{}).Where("id IN ?", ids).Update("file_name", "").Error
}

// createPrintJob inserts a print job.
func (s *Store) createPrintJob(ctx context.Context, j *PrintJob) error {
	return s.db.WithContext(ctx).Create(j).Error
}

// findPrintJob returns a print job, or NotFound.
func (s *Store) findPrintJob(ctx context.Context, id string) (PrintJob, error) {
	var j PrintJob
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&j).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return j, apperr.NotFoundf("no such print job")
	}
	return j, err
}

// findDueJob returns the id of the oldest job queued or whose lease ended
// before now, and whether there is one.
func (s *Store) findDueJob(ctx context.Context, now time.Time) (string, bool, error) {
	var ids []string
	err := s.db.WithContext(ctx).Model(&PrintJob{}).
		Where("status = ? OR (status = ? AND locked_until < ?)", JobQueued, JobRunning, now).
		Order("created_at").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return "", false, err
	}
	return ids[0], true, nil
}

// claimJob starts the job id under a new lease token until until, if it is
// still due at now, and reports whether it did.
func (s *Store) claimJob(ctx context.Context, id, token string, now, until time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&PrintJob{}).Where("id = ?", id).
		Where("status = ? OR (status = ? AND locked_until < ?)", JobQueued, JobRunning, now).
		Updates(map[string]any{"status": JobRunning, "lease_token": token, "locked_until": until,
			"started_at": now, "done": 0, "error": ""})
	return res.RowsAffected == 1, res.Error
}

// updateLeasedJob changes the job if its lease token is still token, and
// reports whether it was.
func (s *Store) updateLeasedJob(ctx context.Context, id, token string, changes map[string]any) (bool, error) {
	res := s.db.WithContext(ctx).Model(&PrintJob{}).Where("id = ? AND lease_token = ?", id, token).Updates(changes)
	return res.RowsAffected > 0, res.Error
}
