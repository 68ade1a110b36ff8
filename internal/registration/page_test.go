package registration_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/database"
	"accreditation/internal/testkit"
)

// browser starts headless Chromium, or skips (fails in CI) when it is missing.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := testkit.NeedTool(t, "chromium", "chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun, chromedp.WindowSize(800, 1000))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

func TestRSVPPageInABrowser(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Quota: 4, Language: "en"})
	srv := httptest.NewServer(f.App.Echo)
	defer srv.Close()
	ctx := browser(t)
	photo := filepath.Join(t.TempDir(), "head.jpg")
	must(t, os.WriteFile(photo, photoJPEG(t, 400, 500), 0o600))

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	// load runs an action that loads a page (a form post and its redirect).
	load := func(a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, a); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	text := func(id string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("read #%s: %v", id, err)
		}
		return v
	}
	do(chromedp.Navigate(srv.URL + "/rsvp/" + l.Token))
	do(chromedp.Click(chromedp.ID("answer-accept")))
	load(chromedp.Click(chromedp.ID("send-answer")))
	status := text("status")
	// Submitting without a name shows the error next to the field.
	load(chromedp.Click(chromedp.ID("nominate")))
	do(chromedp.WaitVisible(chromedp.ID("e-given_names")))
	if d, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("f-given_names"), "aria-describedby")); d.Value != "e-given_names" {
		t.Errorf("the error is not tied to its field: %q", d.Value)
	}
	do(chromedp.SendKeys(chromedp.ID("f-honorific"), "H.E. Mr"),
		chromedp.SendKeys(chromedp.ID("f-given_names"), "Abdulaziz Othman"),
		chromedp.SendKeys(chromedp.ID("f-family_name"), "Altwaijri"),
		chromedp.SendKeys(chromedp.ID("f-native_name"), "عبد العزيز بن عثمان التويجري"),
		chromedp.SetValue(chromedp.ID("f-role"), "head"))
	load(chromedp.Click(chromedp.ID("nominate")))
	do(chromedp.SetUploadFiles(chromedp.CSS("input[type=file]"), []string{photo}))
	load(chromedp.Submit(chromedp.CSS("input[type=file]")))
	members, quota := text("members"), text("quota-left")
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	must(t, err)
	if status != "Accepted" || !strings.Contains(members, "H.E. Mr Abdulaziz Othman Altwaijri") ||
		!strings.Contains(members, "عبد العزيز بن عثمان التويجري") || !strings.Contains(members, "Photo received") ||
		!strings.Contains(members, "Head of delegation") || quota != "3 of 4" {
		t.Errorf("status %q, quota %q, members %q", status, quota, members)
	}
	if !strings.Contains(html, "(Asia/Baku, UTC+04:00)") {
		t.Error("the deadline is not shown in the event's timezone")
	}
	var photos int64
	f.DB.Table("photos").Count(&photos)
	if photos != 1 {
		t.Errorf("%d photos stored", photos)
	}

	// The Arabic page is right-to-left, and its heading sits on the right.
	do(chromedp.Navigate(srv.URL + "/rsvp/" + l.Token + "?lang=ar"))
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "dir"))
	must(t, err)
	dir, title := attr.Value, text("title")
	shotAR, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID("title")))
	must(t, err)
	do(chromedp.Navigate(srv.URL + "/rsvp/" + l.Token + "?lang=en"))
	shotEN, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID("title")))
	must(t, err)
	if dir != "rtl" || title != "الرد على الدعوة" {
		t.Errorf("Arabic page: dir %q, title %q", dir, title)
	}
	if c := inkCentroid(t, shotAR); c <= 0.5 {
		t.Errorf("Arabic heading's ink centred at %.2f of the width, want right of centre", c)
	}
	if c := inkCentroid(t, shotEN); c >= 0.5 {
		t.Errorf("English heading's ink centred at %.2f of the width, want left of centre", c)
	}
}

// inkCentroid returns the horizontal centre of the dark pixels of a PNG, as a
// fraction of its width.
func inkCentroid(t *testing.T, shot []byte) float64 {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	must(t, err)
	b := img.Bounds()
	var sum, n float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if dark(img, x, y) {
				sum += float64(x - b.Min.X)
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("the heading has no dark pixels")
	}
	return sum / n / float64(b.Dx())
}

func dark(img image.Image, x, y int) bool {
	r, g, bl, _ := img.At(x, y).RGBA()
	return (r+g+bl)/3 < 0x6000
}
