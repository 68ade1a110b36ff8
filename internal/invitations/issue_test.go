package invitations_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/database"
)

func TestConcurrentIssuingIsGapFree(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *database.DB{
		"sqlite":   func(t testing.TB) *database.DB { return database.OpenTestSQLite(t) },
		"postgres": database.OpenTestPostgres,
	} {
		t.Run(name, func(t *testing.T) {
			env := apptest.NewOn(t, open(t))
			ev := newEvent(t, env)
			del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
			const n = 30
			ids := make([]string, n)
			for i := range ids {
				ids[i] = newInvitation(t, env, ev.ID, del, fmt.Sprintf("invitee%d@example.org", i))["id"].(string)
			}
			refs := make([]string, n)
			var wg sync.WaitGroup
			for i, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res := env.Do(http.MethodPost, "/api/v1/invitations/"+id+"/issue", "secretariat", nil)
					if res.Status != http.StatusOK {
						t.Errorf("issue %d: %d %s", i, res.Status, res.Body)
						return
					}
					var inv struct {
						ReferenceNumber string `json:"reference_number"`
					}
					res.JSON(t, &inv)
					refs[i] = inv.ReferenceNumber
				}()
			}
			wg.Wait()
			slices.Sort(refs)
			for i, ref := range refs {
				if want := fmt.Sprintf("UNODC-ISESCO/BAKU/2013/%03d", i+1); ref != want {
					t.Fatalf("reference %d: got %q, want %q (all: %v)", i, ref, want, refs)
				}
			}
			var next int
			env.DB.Table("events").Where("id = ?", ev.ID).Select("next_reference").Scan(&next)
			if next != n+1 {
				t.Errorf("next_reference = %d, want %d", next, n+1)
			}
		})
	}
}

type letterList struct {
	Items []struct {
		Version         int    `json:"version"`
		ReferenceNumber string `json:"reference_number"`
		Content         struct {
			Language    string `json:"language"`
			Signatories []struct {
				Name            string `json:"name"`
				Title           string `json:"title"`
				SignatureImage  []byte `json:"signature_image"`
				SignatureSHA256 string `json:"signature_sha256"`
			} `json:"signatories"`
			Event struct {
				Name   string `json:"name"`
				NameEN string `json:"name_en"`
				City   string `json:"city"`
			} `json:"event"`
			Addressee struct {
				FamilyName string `json:"family_name"`
			} `json:"addressee"`
			Template struct {
				Body string `json:"body"`
			} `json:"template"`
		} `json:"content"`
	} `json:"items"`
}

func TestReissueKeepsFrozenLetters(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Morocco")
	body := invitationBody(del, "minister@morocco.example")
	body["language"] = "fr"
	id := mustCreate(t, env, "/api/v1/events/"+ev.ID+"/invitations", body)["id"].(string)
	path := "/api/v1/invitations/" + id
	first := env.Do(http.MethodPost, path+"/issue", "secretariat", nil).Map(t)

	// Later edits of the signatory and the event must not reach version 1.
	env.DB.Table("signatories").Where("event_id = ? AND position = 1", ev.ID).
		Updates(map[string]any{"name": "Somebody Else", "signature_image": []byte("another image")})
	env.DB.Table("events").Where("id = ?", ev.ID).Update("city", "Ganja")
	second := env.Do(http.MethodPost, path+"/issue", "secretariat", nil).Map(t)
	if first["reference_number"] != second["reference_number"] || second["letter_version"] != float64(2) {
		t.Fatalf("re-issue: first %v, second %v", first, second)
	}
	var l letterList
	env.Do(http.MethodGet, path+"/letters", "secretariat", nil).JSON(t, &l)
	if len(l.Items) != 2 {
		t.Fatalf("got %d letter versions, want 2", len(l.Items))
	}
	v1, v2 := l.Items[0].Content, l.Items[1].Content
	if l.Items[0].Version != 1 || v1.Signatories[0].Name != "Yury Fedotov" || string(v1.Signatories[0].SignatureImage) != "\x89PNG fake signature one" ||
		v1.Event.City != "Baku" || v1.Event.Name != "Conférence ministérielle" || v1.Event.NameEN != "Ministerial Conference" ||
		v1.Language != "fr" || len(v1.Signatories) != 2 || v1.Signatories[1].Title != "Director-General" || v1.Signatories[0].SignatureSHA256 == "" {
		t.Errorf("version 1 changed or is incomplete: %+v", v1)
	}
	if v2.Signatories[0].Name != "Somebody Else" || v2.Event.City != "Ganja" || l.Items[1].ReferenceNumber != l.Items[0].ReferenceNumber {
		t.Errorf("version 2 does not show the edits: %+v", v2)
	}
}

func TestRSVPLink(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "ngo", "Transparency")
	id := newInvitation(t, env, ev.ID, del, "ngo@example.org")["id"].(string)
	path := "/api/v1/invitations/" + id + "/rsvp-link"
	if res := env.Do(http.MethodPost, path, "secretariat", nil); res.Status != http.StatusConflict || res.Map(t)["current_status"] != "draft" {
		t.Fatalf("link for a draft: %d %s", res.Status, res.Body)
	}
	env.Do(http.MethodPost, "/api/v1/invitations/"+id+"/issue", "secretariat", nil)
	link := func() string {
		res := env.Do(http.MethodPost, path, "secretariat", nil)
		m := res.Map(t)
		url, _ := m["url"].(string)
		if res.Status != http.StatusCreated || !strings.HasPrefix(url, "https://accreditation.test/rsvp/") || m["expires_at"] == nil {
			t.Fatalf("rsvp-link: %d %s", res.Status, res.Body)
		}
		return strings.TrimPrefix(url, "https://accreditation.test/rsvp/")
	}
	stored := func() string {
		var h string
		env.DB.Table("invitations").Where("id = ?", id).Select("rsvp_token_hash").Scan(&h)
		return h
	}
	tok1 := link()
	if len(tok1) < 43 || stored() != auth.HashToken(tok1) {
		t.Fatalf("token %q: stored hash %s does not match", tok1, stored())
	}
	tok2 := link()
	if tok2 == tok1 || stored() != auth.HashToken(tok2) {
		t.Fatal("a second link did not replace the first")
	}
	var n int64
	env.DB.Table("invitations").Where("rsvp_token_hash = ?", auth.HashToken(tok1)).Count(&n)
	if n != 0 {
		t.Fatal("the first link still finds the invitation")
	}
}
