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

// chunkWriter stores what is written to it, inside tx, as the chunks of one
// part; Close stores the part itself.
type chunkWriter struct {
	ctx  context.Context
	tx   *gorm.DB
	part *filePart
	buf  []byte
	crc  uint32
}

func newChunkWriter(ctx context.Context, tx *gorm.DB, part *filePart) *chunkWriter {
	return &chunkWriter{ctx: ctx, tx: tx, part: part}
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
	if err := w.tx.WithContext(w.ctx).Create(&c).Error; err != nil {
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
	return w.tx.WithContext(w.ctx).Create(w.part).Error
}

// findFileParts returns the stored parts of the job's file, in order.
func findFileParts(ctx context.Context, db *gorm.DB, jobID string) ([]filePart, error) {
	var parts []filePart
	err := db.WithContext(ctx).Where("job_id = ?", jobID).Order("part").Find(&parts).Error
	return parts, err
}

// findFileChunk returns one stored chunk of a part of the job's file. It
// returns Gone when it is no longer stored (the file expired meanwhile).
func findFileChunk(ctx context.Context, db *gorm.DB, jobID string, part, seq int) ([]byte, error) {
	var c fileChunk
	err := db.WithContext(ctx).Where("job_id = ? AND part = ? AND seq = ?", jobID, part, seq).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.Gonef("the print job's file is no longer kept; print the batch again")
	}
	return c.Data, err
}

// deleteFile removes whatever is stored of the job's file.
func deleteFile(ctx context.Context, tx *gorm.DB, jobID string) error {
	db := tx.WithContext(ctx)
	if err := db.Where("job_id = ?", jobID).Delete(&fileChunk{}).Error; err != nil {
		return err
	}
	return db.Where("job_id = ?", jobID).Delete(&filePart{}).Error
}

// expireFiles removes the files of the jobs done before, and marks those
// jobs as having no file. It returns how many jobs lost their file.
func expireFiles(ctx context.Context, db *gorm.DB, before time.Time) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []string
		err := tx.Model(&PrintJob{}).Where("status = ? AND file_name <> '' AND finished_at < ?", JobDone, before).
			Order("finished_at").Limit(100).Pluck("id", &ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		if err := tx.Where("job_id IN ?", ids).Delete(&fileChunk{}).Error; err != nil {
			return err
		}
		if err := tx.Where("job_id IN ?", ids).Delete(&filePart{}).Error; err != nil {
			return err
		}
		res := tx.Model(&PrintJob{}).Where("id IN ?", ids).Update("file_name", "")
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}
