package badges_test

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/httpx"
	"accreditation/internal/registration"
)

// printList is the body of GET /events/{event_id}/badge-prints.
type printList struct {
	Items []badges.PrintJob `json:"items"`
	Total int64             `json:"total"`
	Next  *string           `json:"next"`
}

func (f *fixture) listPrints(t *testing.T, eventID, query string) printList {
	t.Helper()
	res := f.env.Do("GET", "/api/v1/events/"+eventID+"/badge-prints"+query, "secretariat", nil)
	if res.Status != 200 {
		t.Fatalf("list %s: %d %s", query, res.Status, res.Body)
	}
	var l printList
	res.JSON(t, &l)
	return l
}

func jobIDs(jobs []badges.PrintJob) []string {
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.ID)
	}
	return ids
}

// TestListPrintJobs lists an event's print jobs newest first, a page at a
// time, by status, and none of another event's.
func TestListPrintJobs(t *testing.T) {
	f := newFixture(t)
	f.approve(t, f.addParticipant(t, person{name: fixtures.Names()[0], role: registration.Head, photo: testPhoto(t, 20)}))
	var created []string // oldest first
	for range 3 {
		res := f.env.Do("POST", "/api/v1/events/"+f.eventID+"/badge-prints", "secretariat", map[string]any{"layout": "a6"})
		if res.Status != 202 {
			t.Fatalf("create: %d %s", res.Status, res.Body)
		}
		created = append(created, res.Map(t)["id"].(string))
	}
	other, _ := f.addEvent(t, "Another conference")
	f.exec(t, `INSERT INTO print_jobs (id, event_id, layout, status, created_at) VALUES (?, ?, 'a6', 'queued', ?)`,
		httpx.NewID(), other, f.env.Now().Add(time.Hour))

	newest := slices.Clone(created)
	slices.Reverse(newest)
	all := f.listPrints(t, f.eventID, "")
	if got := jobIDs(all.Items); !slices.Equal(got, newest) || all.Total != 3 || all.Next != nil {
		t.Fatalf("list: %v total %d next %v, want %v total 3 and no next page", got, all.Total, all.Next, newest)
	}
	first := f.listPrints(t, f.eventID, "?limit=2")
	if got := jobIDs(first.Items); !slices.Equal(got, newest[:2]) || first.Total != 3 || first.Next == nil {
		t.Fatalf("first page: %v total %d next %v, want %v total 3 and a next page", got, first.Total, first.Next, newest[:2])
	}
	second := f.listPrints(t, f.eventID, "?limit=2&cursor="+url.QueryEscape(*first.Next))
	if got := jobIDs(second.Items); !slices.Equal(got, newest[2:]) || second.Next != nil {
		t.Fatalf("second page: %v next %v, want %v and no next page", got, second.Next, newest[2:])
	}

	// The worker takes the oldest queued job first.
	if ran, err := f.svc.Prints.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("run: %v %v", ran, err)
	}
	done := f.listPrints(t, f.eventID, "?status=done")
	if got := jobIDs(done.Items); !slices.Equal(got, created[:1]) || done.Total != 1 || done.Items[0].FileURL == nil {
		t.Fatalf("done: %v total %d, want only %s with its file", got, done.Total, created[0])
	}
	queued := f.listPrints(t, f.eventID, "?status=queued")
	if got := jobIDs(queued.Items); !slices.Equal(got, newest[:2]) || queued.Total != 2 || queued.Items[0].FileURL != nil {
		t.Fatalf("queued: %v total %d, want %v without a file", got, queued.Total, newest[:2])
	}
	if l := f.listPrints(t, other, ""); l.Total != 1 || l.Items[0].EventID != other {
		t.Fatalf("other event: %+v, want its one job", l)
	}
}

// TestListPrintJobsRefuses: bad ids, filters and pages, unknown events, and
// roles that may not see print jobs.
func TestListPrintJobsRefuses(t *testing.T) {
	f := newFixture(t)
	list := "/api/v1/events/" + f.eventID + "/badge-prints"
	f.env.SeedDevice()
	f.env.Run(t, []apptest.Scenario{
		{Name: "admin", Role: "admin", Path: list, Status: 200},
		{Name: "secretariat", Role: "secretariat", Path: list, Status: 200},
		{Name: "door", Role: "door", Path: list, Status: 403},
		{Name: "scanner device", Role: "device", Path: list, Status: 403},
		{Name: "no token", Role: "", Path: list, Status: 401},
		{Name: "non-UUID event", Role: "admin", Path: "/api/v1/events/not-a-uuid/badge-prints", Status: 400},
		{Name: "unknown event", Role: "admin", Path: "/api/v1/events/00000000-0000-4000-8000-000000000000/badge-prints", Status: 404},
		{Name: "unknown status", Role: "admin", Path: list + "?status=printed", Status: 400},
		{Name: "limit too large", Role: "admin", Path: list + "?limit=501", Status: 400},
		{Name: "limit zero", Role: "admin", Path: list + "?limit=0", Status: 400},
		{Name: "cursor not made here", Role: "admin", Path: list + "?cursor=bm90LWEtY3Vyc29y", Status: 400},
	})
	if l := f.listPrints(t, f.eventID, ""); len(l.Items) != 0 || l.Total != 0 || l.Next != nil {
		t.Errorf("event without jobs: %+v, want an empty list", l)
	}
}
