package badges

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/clock"
)

func (p *Printer) partDir(j PrintJob) string { return filepath.Join(p.dir, j.ID+".parts") }

// run renders the job from the start: a PDF per chunk (at most ChunkSize
// badges and about ChunkBytes of photos) into a parts directory, then the
// single PDF or a ZIP of them moved into place, then, in one transaction,
// the badges marked printed and the job done. A job redone after a crash
// starts over, so its file holds exactly the badges marked.
func (p *Printer) run(ctx context.Context, j PrintJob) error {
	var f PrintFilter
	if err := json.Unmarshal([]byte(j.Filter), &f); err != nil {
		return fmt.Errorf("print job %s: filter: %w", j.ID, err)
	}
	ids, err := findPrintOrder(ctx, p.s.DB, j.EventID, f)
	if err != nil {
		return err
	}
	if err := p.progress(ctx, p.s.DB, j, map[string]any{"total": len(ids), "done": 0}); err != nil {
		return err
	}
	dir := p.partDir(j)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	out := &parts{dir: dir, layout: Layout(j.Layout),
		opts: RenderOptions{CreationDate: j.CreatedAt, Title: "Badges"}}
	for start := 0; start < len(ids); start += fetchSize {
		rows, err := findCardRows(ctx, p.s.DB, ids[start:min(start+fetchSize, len(ids))])
		if err != nil {
			return err
		}
		for i, c := range cards(rows) {
			if err := out.add(c); err != nil {
				var pe *PhotoError
				if errors.As(err, &pe) {
					return photoConflict(rows[i], pe.Err)
				}
				return err
			}
			if out.doc.Len() < p.ChunkSize && out.doc.PhotoBytes() < p.ChunkBytes {
				continue
			}
			if err := out.flush(); err != nil {
				return err
			}
			if err := p.progress(ctx, p.s.DB, j, map[string]any{"done": out.next}); err != nil {
				return err
			}
		}
	}
	if err := out.flush(); err != nil {
		return err
	}
	return p.finish(ctx, j, ids, out.files)
}

// fetchSize is how many badges (photos included) a print job reads from the
// database at a time.
const fetchSize = 25

// parts writes a print job's badges into numbered PDFs in dir, one Document
// at a time.
type parts struct {
	dir    string
	layout Layout
	opts   RenderOptions
	doc    *Document // the PDF being drawn; nil before the first card and after a flush
	first  int       // the position in the job of doc's first card, from 0
	next   int       // the position of the next card
	files  []string
}

func (ps *parts) add(c Card) error {
	if ps.doc == nil {
		d, err := NewDocument(ps.layout, ps.opts)
		if err != nil {
			return err
		}
		ps.doc, ps.first = d, ps.next
	}
	if err := ps.doc.Add(c); err != nil {
		return err
	}
	ps.next++
	return nil
}

// flush writes the current PDF, if it has a card, and starts afresh.
func (ps *parts) flush() error {
	if ps.doc == nil || ps.doc.Len() == 0 {
		return nil
	}
	name := filepath.Join(ps.dir, fmt.Sprintf("badges-%04d-%04d.pdf", ps.first+1, ps.next))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	_, err = ps.doc.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	ps.doc = nil
	ps.files = append(ps.files, name)
	// The document just written leaves tens of MB of garbage. Collect it
	// now: else the collector, paced by the heap the document had grown
	// to, lets the next document grow the heap to twice that first.
	runtime.GC()
	return nil
}

func (p *Printer) finish(ctx context.Context, j PrintJob, ids, files []string) error {
	var name, typ string
	var err error
	switch len(files) {
	case 0:
		return fmt.Errorf("no badge matches the selection any more")
	case 1:
		name, typ = j.ID+".pdf", "application/pdf"
		err = os.Rename(files[0], filepath.Join(p.dir, name))
	default:
		name, typ = j.ID+".zip", "application/zip"
		err = zipFiles(filepath.Join(p.dir, name), files)
	}
	if err != nil {
		return err
	}
	fi, err := os.Stat(filepath.Join(p.dir, name))
	if err != nil {
		return err
	}
	os.RemoveAll(p.partDir(j))
	now := clock.Of(p.s.DB)()
	return p.s.DB.Transaction(func(tx *gorm.DB) error {
		c, err := takeCounters(ctx, tx, j.EventID, false)
		if err != nil {
			return err
		}
		if err := markPrinted(ctx, tx, ids, now, c.Seq); err != nil {
			return err
		}
		return p.progress(ctx, tx, j, map[string]any{"status": JobDone, "done": len(ids), "file_name": name,
			"file_type": typ, "file_size": fi.Size(), "finished_at": now, "lease_token": ""})
	})
}

// zipFiles writes the files into a ZIP at path, stored uncompressed (PDFs
// are compressed already), through a temporary file renamed into place.
func zipFiles(path string, files []string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".zip-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	zw := zip.NewWriter(tmp)
	for _, f := range files {
		if err := addToZip(zw, f); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func addToZip(zw *zip.Writer, file string) error {
	in, err := os.Open(file)
	if err != nil {
		return err
	}
	defer in.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.Base(file), Method: zip.Store,
		Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, in)
	return err
}
