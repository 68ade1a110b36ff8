package browsertest

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"accreditation/internal/testkit"
)

// TestClock is the action that makes the pages of a tab read the tests'
// clock (testkit.Now) instead of the machine's: under TEST_NOW every page
// loaded after it sees Date moved by the same offset as the servers' clock,
// so that a door page's scan times and "today" agree with the server's. It
// does nothing when TEST_NOW is not set. Start runs it; a test that starts
// its own Chromium runs it before its first page.
func TestClock() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		ms := testkit.Offset().Milliseconds()
		if ms == 0 {
			return nil
		}
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(shiftDate, ms)})
		return err
	})
}

// shiftDate replaces Date by one whose present is moved by an offset in
// milliseconds; dates made from a value are left as they are.
const shiftDate = `(() => {
  const offset = %d, Real = Date;
  function Shifted(...args) {
    if (!new.target) return new Real(Real.now() + offset).toString();
    return args.length ? new Real(...args) : new Real(Real.now() + offset);
  }
  Shifted.prototype = Real.prototype;
  Shifted.now = () => Real.now() + offset;
  Shifted.parse = Real.parse;
  Shifted.UTC = Real.UTC;
  globalThis.Date = Shifted;
})();`
