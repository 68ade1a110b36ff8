// Package browsertest drives headless Chromium for the page tests: it starts
// the browser (skipping the test when Chromium is missing, failing in CI),
// records what goes wrong in the page (uncaught exceptions, console.error,
// Content-Security-Policy violations, responses of 500 and above), and runs
// axe-core's serious and critical accessibility rules on the page shown.
//
// It is used only by tests, as internal/app/apptest is.
package browsertest
