package badges

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"

	"gorm.io/gorm"
)

// run renders the job from the start: a PDF per chunk (at most ChunkSize
// badges and about ChunkBytes of photos), each stored in the database with
// the job's progress in one transaction that holds the lease, then, in one
// transaction, the badges marked printed and the job done. A job redone
// after a crash starts over, dropping what the crashed attempt stored, so
// its file holds exactly the badges marked.
func (p *Printer) run(ctx context.Context, j PrintJob) error {
	var f PrintFilter
	if err := json.Unmarshal([]byte(j.Filter), &f); err != nil {
		return fmt.Errorf("print job %s: filter: %w", j.ID, err)
	}
	ids, err := p.s.store.findPrintOrder(ctx, j.EventID, f)
	if err != nil {
		return err
	}
	err = p.s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := p.s.store.In(tx)
		if err := p.progress(ctx, st, j, map[string]any{"total": len(ids), "done": 0}); err != nil {
			return err
		}
		return st.deleteFile(ctx, j.ID)
	})
	if err != nil {
		return err
	}
	out := &parts{p: p, job: j, layout: Layout(j.Layout),
		opts: RenderOptions{CreationDate: j.CreatedAt, Title: "Badges"}}
	for start := 0; start < len(ids); start += fetchSize {
		rows, err := p.s.store.findCardRows(ctx, ids[start:min(start+fetchSize, len(ids))])
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
			if err := out.flush(ctx); err != nil {
				return err
			}
		}
	}
	if err := out.flush(ctx); err != nil {
		return err
	}
	return p.finish(ctx, j, ids, out.files)
}

// fetchSize is how many badges (photos included) a print job reads from the
// database at a time.
const fetchSize = 25

// parts writes a print job's badges into numbered PDFs stored in the
// database, one Document at a time.
type parts struct {
	p      *Printer
	job    PrintJob
	layout Layout
	opts   RenderOptions
	doc    *Document // the PDF being drawn; nil before the first card and after a flush
	first  int       // the position in the job of doc's first card, from 0
	next   int       // the position of the next card
	files  []filePart
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

// flush stores the current PDF, if it has a card, with the job's progress,
// and starts afresh. It fails, storing nothing, once another worker holds
// the job.
func (ps *parts) flush(ctx context.Context) error {
	if ps.doc == nil || ps.doc.Len() == 0 {
		return nil
	}
	part := filePart{JobID: ps.job.ID, Part: len(ps.files), Name: fmt.Sprintf("badges-%04d-%04d.pdf", ps.first+1, ps.next)}
	err := ps.p.s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := ps.p.s.store.In(tx)
		if err := ps.p.progress(ctx, st, ps.job, map[string]any{"done": ps.next}); err != nil {
			return err
		}
		w := st.newChunkWriter(ctx, &part)
		if _, err := ps.doc.WriteTo(w); err != nil {
			return err
		}
		return w.Close()
	})
	if err != nil {
		return err
	}
	ps.doc = nil
	ps.files = append(ps.files, part)
	// The document just written leaves tens of MB of garbage. Collect it
	// now: else the collector, paced by the heap the document had grown
	// to, lets the next document grow the heap to twice that first.
	runtime.GC()
	return nil
}

func (p *Printer) finish(ctx context.Context, j PrintJob, ids []string, files []filePart) error {
	var name, typ string
	var size int64
	switch len(files) {
	case 0:
		return fmt.Errorf("no badge matches the selection any more")
	case 1:
		name, typ, size = j.ID+".pdf", "application/pdf", files[0].Size
	default:
		var err error
		name, typ = j.ID+".zip", "application/zip"
		if size, err = zipSize(files); err != nil {
			return err
		}
	}
	now := p.now()
	return p.s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := p.s.store.In(tx)
		c, err := st.takeCounters(ctx, j.EventID, false)
		if err != nil {
			return err
		}
		if err := st.markPrinted(ctx, ids, now, c.Seq); err != nil {
			return err
		}
		return p.progress(ctx, st, j, map[string]any{"status": JobDone, "done": len(ids), "file_name": name,
			"file_type": typ, "file_size": size, "finished_at": now})
	})
}
