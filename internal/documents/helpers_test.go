package documents_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/fixtures"
)

// world is a server with one event (18-19 March 2040 in Baku, all five
// languages) that has a zone, a badge category opening it and a checkpoint.
type world struct {
	t                                 *testing.T
	env                               *apptest.Env
	event, category, zone, checkpoint string
	n                                 int
}

// member is a participant to nominate: a fixture name, a role, a function
// and whether the Secretariat approves them.
type member struct {
	key, role, function, lang string
	approve                   bool
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, env: apptest.New(t)}
	w.event = w.must("POST", "/api/v1/events", "admin", map[string]any{
		"name": "Documents test conference", "names": map[string]string{"en": "Documents test conference",
			"ar": "مؤتمر اختبار الوثائق", "fr": "Conférence d'essai des documents", "ru": "Тестовая конференция", "az": "Sənədlərin sınaq konfransı"},
		"venue": "Baku Convention Center", "city": "Baku", "country": "AZ",
		"timezone": "Asia/Baku", "starts_on": "2040-03-18", "ends_on": "2040-03-19",
		"languages": []string{"ar", "fr", "en", "ru", "az"}}, http.StatusCreated)["id"].(string)
	base := "/api/v1/events/" + w.event
	w.zone = w.must("POST", base+"/zones", "secretariat", map[string]any{"code": "plenary",
		"names": map[string]string{"en": "Plenary hall"}}, http.StatusCreated)["id"].(string)
	w.category = w.must("POST", base+"/categories", "secretariat", map[string]any{"code": "delegate",
		"names": map[string]string{"en": "Delegate"}, "colour": "#1F4E79", "zone_ids": []string{w.zone},
		"photo_required": false}, http.StatusCreated)["id"].(string)
	w.checkpoint = w.must("POST", base+"/checkpoints", "secretariat", map[string]any{"name": "Main entrance",
		"zone_id": w.zone}, http.StatusCreated)["id"].(string)
	return w
}

func (w *world) must(method, path, role string, body any, want int) map[string]any {
	w.t.Helper()
	res := w.env.Do(method, path, role, body)
	if res.Status != want {
		w.t.Fatalf("%s %s: %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	if len(res.Body) == 0 || !strings.Contains(res.Header.Get("Content-Type"), "json") {
		return nil
	}
	return res.Map(w.t)
}

// delegation makes a delegation of kind named en (and ar), invites it,
// accepts, nominates members in the order given and approves those marked;
// it returns the delegation's id, the RSVP token and the members' ids.
func (w *world) delegation(kind, en, ar string, members ...member) (string, string, []string) {
	w.t.Helper()
	base := "/api/v1/events/" + w.event
	del := w.must("POST", base+"/delegations", "secretariat", map[string]any{"kind": kind,
		"name": map[string]string{"en": en, "ar": ar, "fr": en + " (fr)"}}, http.StatusCreated)["id"].(string)
	inv := w.must("POST", base+"/invitations", "secretariat", map[string]any{
		"delegation_id": del, "language": "en", "quota": len(members) + 1,
		"rsvp_deadline": w.env.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"invitee": map[string]string{"honorific": "H.E.", "given_names": "Invitee", "family_name": en,
			"office": "Minister", "email": fmt.Sprintf("invitee%d@example.org", w.n)}}, http.StatusCreated)["id"].(string)
	w.must("POST", "/api/v1/invitations/"+inv+"/issue", "secretariat", nil, http.StatusOK)
	url := w.must("POST", "/api/v1/invitations/"+inv+"/rsvp-link", "secretariat", nil, http.StatusCreated)["url"].(string)
	token := url[strings.LastIndex(url, "/")+1:]
	rsvp := "/api/v1/rsvp/" + token
	w.must("POST", rsvp+"/response", "", map[string]string{"answer": "accept"}, http.StatusOK)
	var ids []string
	for _, m := range members {
		n, ok := fixtures.Find(m.key)
		if !ok {
			w.t.Fatalf("no fixture %q", m.key)
		}
		w.n++
		lang := m.lang
		if lang == "" {
			lang = "en"
		}
		id := w.must("POST", rsvp+"/participants", "", map[string]any{
			"honorific": n.Honorific, "given_names": n.Given, "family_name": n.Family, "native_name": n.Native,
			"gender": "female", "function": m.function, "role": m.role, "email": fmt.Sprintf("p%d@example.org", w.n),
			"nationality": "AZ", "interpretation_language": lang}, http.StatusCreated)["id"].(string)
		if m.approve {
			w.must("POST", "/api/v1/participants/"+id+"/approve", "secretariat", map[string]string{"category_id": w.category}, http.StatusOK)
		}
		ids = append(ids, id)
	}
	return del, token, ids
}

// tool returns the path of a command-line tool, skipping the test when it
// is missing (failing under CI).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is needed under CI", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// pdfText is the text pdftotext reads from a PDF, in reading order.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := tool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// rasterise renders each page of a PDF at 60 dpi with pdftoppm and returns
// the PNG files, in page order. With DOCUMENTS_PNG_DIR set they are also
// kept there, named by prefix, for a person to look at.
func rasterise(t *testing.T, pdf []byte, prefix string) []string {
	t.Helper()
	bin := tool(t, "pdftoppm")
	dir := t.TempDir()
	if keep := os.Getenv("DOCUMENTS_PNG_DIR"); keep != "" {
		dir = keep
	}
	f := filepath.Join(dir, prefix+".pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-r", "60", "-png", f, filepath.Join(dir, prefix)).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, err := filepath.Glob(filepath.Join(dir, prefix+"-*.png"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("pdftoppm made no page: %v", err)
	}
	return pages
}
