package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"accreditation/internal/testkit"
)

// actionTimeout bounds one call of a helper, so that a page that never
// answers fails its test instead of hanging the package.
const actionTimeout = 30 * time.Second

// Browser is one headless Chromium with one tab, and the problems the pages
// shown in it have had. Its methods are for one goroutine at a time.
type Browser struct {
	ctx context.Context

	mu       sync.Mutex
	page     string // URL of the document in the main frame
	problems []Problem
}

// Start starts headless Chromium for the test and closes it when the test
// ends. Chromium is the program named by the CHROMIUM environment variable, or
// /usr/bin/chromium, or chromium on the PATH. When there is none, Start skips
// the test, or fails it when CI is set, so that CI always runs the browser
// tests. Options such as a window size or a fake camera are added to the
// default flags.
func Start(t testing.TB, opts ...chromedp.ExecAllocatorOption) *Browser {
	t.Helper()
	path := chromium(t)
	flags := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(flags, opts...)...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser with no deadline: see chromedp.Run
		t.Fatalf("start %s: %v", path, err)
	}
	b := &Browser{ctx: ctx}
	if err := b.record(); err != nil {
		t.Fatalf("watch the page: %v", err)
	}
	if err := chromedp.Do(ctx, TestClock()); err != nil {
		t.Fatalf("set the pages' clock: %v", err)
	}
	return b
}

// chromium finds the browser, or skips the test (fails it in CI).
func chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	testkit.Missing(t, "chromium is not installed: apt-get install -y chromium, or set CHROMIUM to its path")
	return ""
}

// Context returns the chromedp context of the tab, for actions the helpers
// lack. Derive a context with a timeout from it for each action.
func (b *Browser) Context() context.Context { return b.ctx }

// Do runs the actions in the tab and fails the test if one fails, or if they
// take longer than 30 seconds.
func (b *Browser) Do(t testing.TB, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %v%s", err, b.problemList())
	}
}

// Navigate opens the URL, waits for the page to load and returns the
// response to its document. It fails the test when the page cannot be loaded.
func (b *Browser) Navigate(t testing.TB, url string) *network.Response {
	t.Helper()
	return b.load(t, "open "+url, chromedp.NavigateResponse(url))
}

// Click clicks the first element that matches the CSS selector, waiting for
// it to appear. Use Submit when the click loads another page.
func (b *Browser) Click(t testing.TB, css string) {
	t.Helper()
	b.Do(t, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// SetValue sets the value of the form field that matches the CSS selector.
func (b *Browser) SetValue(t testing.TB, css, value string) {
	t.Helper()
	b.Do(t, chromedp.SetValue(chromedp.CSS(css), value))
}

// Submit clicks the element that matches the CSS selector (a submit button),
// waits for the page the form leads to and returns the response to it.
func (b *Browser) Submit(t testing.TB, css string) *network.Response {
	t.Helper()
	click := func(ctx context.Context, tg *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
	}
	return b.load(t, "submit with "+css, click)
}

func (b *Browser) load(t testing.TB, what string, a chromedp.Action[*network.Response]) *network.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v%s", what, err, b.problemList())
	}
	return res
}

// Screenshot saves a PNG of the whole page and returns its path. A relative
// name is put in the test's artifact directory, which go test keeps when run
// with -artifacts (and removes otherwise).
func (b *Browser) Screenshot(t testing.TB, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	png, err := wholePage(ctx)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(t.ArtifactDir(), name)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// wholePage captures the page at its width and whole height. It makes the
// window as tall as the page and takes a plain capture: Chromium's capture
// beyond the window draws a right-to-left page shifted sideways.
func wholePage(ctx context.Context) ([]byte, error) {
	size, err := chromedp.Run(ctx, chromedp.Evaluate[[]int64](
		`[window.innerWidth, Math.max(document.documentElement.scrollHeight, window.innerHeight)]`))
	if err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
		emulation.SetDeviceMetricsOverrideParams{Width: size[0], Height: size[1], DeviceScaleFactor: 1}); err != nil {
		return nil, err
	}
	defer chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	return chromedp.Run(ctx, chromedp.CaptureScreenshot())
}
