package badges

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gorm.io/gorm"
)

func (p *Printer) partDir(j PrintJob) string { return filepath.Join(p.dir, j.ID+".parts") }

// run renders the job from the start: a PDF per chunk into a parts
// directory, then the single PDF or a ZIP of them moved into place, then, in
// one transaction, the badges marked printed and the job done. A job redone
// after a crash starts over, so its file holds exactly the badges marked.
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
	parts := p.partDir(j)
	if err := os.RemoveAll(parts); err != nil {
		return err
	}
	if err := os.MkdirAll(parts, 0o750); err != nil {
		return err
	}
	opts := RenderOptions{CreationDate: j.CreatedAt, Title: "Badges"}
	var files []string
	for start := 0; start < len(ids); start += p.ChunkSize {
		chunk := ids[start:min(start+p.ChunkSize, len(ids))]
		pdf, _, err := renderBadges(ctx, p.s.DB, chunk, Layout(j.Layout), opts)
		if err != nil {
			return err
		}
		name := filepath.Join(parts, fmt.Sprintf("badges-%04d-%04d.pdf", start+1, start+len(chunk)))
		if err := os.WriteFile(name, pdf, 0o640); err != nil {
			return err
		}
		files = append(files, name)
		if err := p.progress(ctx, p.s.DB, j, map[string]any{"done": start + len(chunk)}); err != nil {
			return err
		}
	}
	return p.finish(ctx, j, ids, files)
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
	now := time.Now().UTC()
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
