package demo

import (
	"context"
	"runtime"
	"sync"

	"accreditation/internal/registration"
)

// photographer draws the members' portraits ahead, on every CPU, while the
// loader creates the delegations and nominates their members, then uploads
// them through the focal points' links, several at a time: drawing a
// portrait and registration's check and re-encoding of it are most of the
// demo's work. Uploads wait for flush, so that no other write contends with
// them (SQLite makes a waiting writer sleep and retry, and one that keeps
// losing the lock to a busy writer can wait for seconds); an upload asked
// for now, or after flush, runs in the caller. upload, flush and stop are
// called from one goroutine.
type photographer struct {
	reg     *registration.Service
	drawn   map[string]*drawing // by member key
	cancel  chan struct{}
	drawing sync.WaitGroup
	queued  []photoJob
	flushed bool

	mu  sync.Mutex
	err error // the first upload's error
	n   int   // photos uploaded
}

type drawing struct {
	done chan struct{}
	jpeg []byte
}

type photoJob struct {
	ctx  context.Context
	link registration.Link
	m    *member
}

// newPhotographer starts drawing the portraits of the members of plan, in
// the order of the parties.
func newPhotographer(reg *registration.Service, plan map[string][]*member, order []party) *photographer {
	p := &photographer{reg: reg, drawn: map[string]*drawing{}, cancel: make(chan struct{})}
	jobs := make(chan *member)
	var queue []*member
	for _, pt := range order {
		for _, m := range plan[pt.code] {
			if m.photo {
				queue = append(queue, m)
				p.drawn[m.key] = &drawing{done: make(chan struct{})}
			}
		}
	}
	go func() {
		defer close(jobs)
		for _, m := range queue {
			select {
			case jobs <- m:
			case <-p.cancel:
				return
			}
		}
	}()
	for range runtime.GOMAXPROCS(0) {
		p.drawing.Add(1)
		go func() {
			defer p.drawing.Done()
			for m := range jobs {
				d := p.drawn[m.key]
				d.jpeg = draw(m)
				close(d.done)
			}
		}()
	}
	return p
}

func draw(m *member) []byte {
	c := cultures[m.culture]
	return newLook(m.key, m.female, c.skinFrom, c.skinTo, c.scarf, c.beard).Portrait()
}

// portrait is m's portrait, drawn ahead or now.
func (p *photographer) portrait(m *member) []byte {
	if d, ok := p.drawn[m.key]; ok {
		<-d.done
		return d.jpeg
	}
	return draw(m)
}

// upload gives m, just nominated through link, their portrait: at flush,
// unless now or flushed already, and then it returns the upload's error.
func (p *photographer) upload(ctx context.Context, link registration.Link, m *member, now bool) error {
	j := photoJob{ctx, link, m}
	if !now && !p.flushed {
		p.queued = append(p.queued, j)
		return nil
	}
	err := p.take(j)
	p.done(err)
	return err
}

// take uploads a portrait as the member's focal point does.
func (p *photographer) take(j photoJob) error {
	_, err := p.reg.SetPhoto(j.ctx, j.link, j.m.id, p.portrait(j.m))
	return err
}

func (p *photographer) done(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil && p.err == nil {
		p.err = err
	}
	if err == nil {
		p.n++
	}
}

func (p *photographer) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// flush uploads the queued portraits, one at a time per CPU, and returns the
// first error.
func (p *photographer) flush() error {
	p.flushed = true
	jobs := make(chan photoJob)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if p.failed() == nil {
					p.done(p.take(j))
				}
			}
		}()
	}
	for _, j := range p.queued {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	p.queued = nil
	return p.failed()
}

// stop ends the drawing of portraits no longer needed.
func (p *photographer) stop() {
	close(p.cancel)
	p.drawing.Wait()
}

// count is how many photos were uploaded.
func (p *photographer) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}
