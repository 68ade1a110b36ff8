package badges

import (
	"archive/zip"
	"context"
	"io"
	"log/slog"
	"path/filepath"

	"accreditation/internal/apperr"
)

// PrintFile is a finished print job's file, kept in the database so that
// every server serves it, and read from there one chunk at a time as it is
// sent: one PDF as it is, or several as a ZIP of them.
type PrintFile struct {
	Name  string // the name to give the download
	Type  string // application/pdf or application/zip
	Size  int64  // the bytes Stream writes
	store *Store
	log   *slog.Logger
	job   string
	parts []filePart
}

// File returns a finished job's file. It returns NotFound, Conflict (with
// the status) when the job is not done, and Gone when its file is no longer
// kept (see Printer.Keep).
func (p *Printer) File(ctx context.Context, id string) (PrintFile, error) {
	j, err := p.Job(ctx, id)
	if err != nil {
		return PrintFile{}, err
	}
	if j.Status != JobDone {
		return PrintFile{}, apperr.Conflictf("the print job is %s; its file is ready when it is done", j.Status).
			With("current_status", j.Status)
	}
	parts, err := p.s.store.findFileParts(ctx, j.ID)
	if err != nil {
		return PrintFile{}, err
	}
	if j.FileName == "" || len(parts) == 0 {
		return PrintFile{}, apperr.Gonef("the print job's file is no longer kept; print the batch again")
	}
	f := PrintFile{Name: "badges-" + j.ID[:8] + filepath.Ext(j.FileName), Type: j.FileType, Size: j.FileSize,
		store: p.s.store, log: p.Log, job: j.ID, parts: parts}
	return f, nil
}

// Stream writes the file to w. Once it has written anything, an error can
// only cut the file short. It returns Gone when the file expired meanwhile.
func (f PrintFile) Stream(ctx context.Context, w io.Writer) error {
	if f.Type != "application/zip" {
		return f.copyPart(ctx, w, f.parts[0])
	}
	return writeZip(w, f.parts, func(w io.Writer, part filePart) error { return f.copyPart(ctx, w, part) })
}

func (f PrintFile) copyPart(ctx context.Context, w io.Writer, part filePart) error {
	for seq := range part.Chunks {
		data, err := f.store.findFileChunk(ctx, f.job, part.Part, seq)
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

// writeZip writes the parts into a ZIP, stored uncompressed (PDFs are
// compressed already), each part's bytes written by body.
func writeZip(w io.Writer, parts []filePart, body func(io.Writer, filePart) error) error {
	zw := zip.NewWriter(w)
	for _, part := range parts {
		// 1 January 2000 in MS-DOS time, so that a batch's ZIP is the same
		// bytes every time it is sent.
		h := &zip.FileHeader{Name: part.Name, Method: zip.Store, CRC32: uint32(part.Checksum),
			CompressedSize64: uint64(part.Size), UncompressedSize64: uint64(part.Size)}
		//lint:ignore SA1019 CreateRaw writes the MS-DOS fields and ignores Modified
		h.ModifiedDate = 20<<9 | 1<<5 | 1
		fw, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if err := body(fw, part); err != nil {
			return err
		}
	}
	return zw.Close()
}

// zipSize is the size of the ZIP that writeZip makes of parts.
func zipSize(parts []filePart) (int64, error) {
	var n counter
	err := writeZip(&n, parts, func(w io.Writer, part filePart) error {
		_, err := io.CopyN(w, zeros{}, part.Size)
		return err
	})
	return int64(n), err
}

type counter int64

func (c *counter) Write(b []byte) (int, error) { *c += counter(len(b)); return len(b), nil }

type zeros struct{}

func (zeros) Read(b []byte) (int, error) { clear(b); return len(b), nil }
