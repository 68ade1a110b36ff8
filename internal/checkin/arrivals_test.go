package checkin_test

import (
	"context"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
)

// TestArrivalsAgreeWithAttendance compares the dashboard's light count with
// the full attendance report on the demo conference, on each of its days
// and on a day without scans.
func TestArrivalsAgreeWithAttendance(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	if err := env.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	var ev string
	env.DB.Raw(`SELECT id FROM events LIMIT 1`).Scan(&ev)
	svc := env.App.Services.Checkin
	baku := time.FixedZone("Asia/Baku", 4*3600)
	arrivedSome := false
	for _, day := range []string{"2013-03-18", "2013-03-19", "2013-03-25"} {
		at, _ := time.ParseInLocation(time.DateOnly, day, baku)
		svc.SetClock(func() time.Time { return at.Add(23 * time.Hour) })
		arr, err := svc.Arrivals(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		att, err := svc.Attendance(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, d := range att.Days {
			if d.Date == day {
				want = d.Arrived
			}
		}
		if arr.Today != day || arr.ArrivedToday != want {
			t.Errorf("%s: arrivals say %s %d, attendance %d", day, arr.Today, arr.ArrivedToday, want)
		}
		arrivedSome = arrivedSome || want > 0
		for _, d := range att.Delegations {
			if arr.ByDelegation[d.DelegationID] != d.Arrived {
				t.Errorf("delegation %s: %d arrived, attendance says %d", d.Name, arr.ByDelegation[d.DelegationID], d.Arrived)
			}
		}
		for _, c := range att.Categories {
			if arr.ByCategory[c.CategoryID] != c.Arrived {
				t.Errorf("category %s: %d arrived, attendance says %d", c.Code, arr.ByCategory[c.CategoryID], c.Arrived)
			}
		}
	}
	if !arrivedSome {
		t.Error("the demo let nobody in on its days: the comparison proves nothing")
	}
	if _, err := svc.Arrivals(ctx, "00000000-0000-4000-8000-000000000000"); err == nil {
		t.Error("arrivals of an unknown event: no error")
	}
}
