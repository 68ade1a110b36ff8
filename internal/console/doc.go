// Package console is the Secretariat's web interface, served at "/" and
// under /console/ by the same binary as the API: server-rendered pages
// (html/template) that work without JavaScript, in the five working
// languages from the one message catalogue (internal/i18n), Arabic right to
// left. Staff sign in with their accounts; the session is a cookie holding a
// staff session token, and every form carries a token of that session and
// is refused from another origin. Every page calls the domain services the
// API calls, so no rule exists twice. The package sits above every domain
// package and nothing imports it but the wiring.
package console
