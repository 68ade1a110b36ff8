package demo

import (
	"bytes"
	"reflect"
	"testing"

	"accreditation/internal/registration"
)

// TestPlanIsTheSameEveryRun: the people and their portraits come from the
// data and fixed seeds only.
func TestPlanIsTheSameEveryRun(t *testing.T) {
	all := append(append([]party{}, parties...), organisations...)
	a, b := planMembers(all), planMembers(all)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans of the demo's members differ")
	}
	m := a["AZ"][5]
	c := cultures[m.culture]
	p1 := newLook(m.key, m.female, c.skinFrom, c.skinTo, c.scarf, c.beard).Portrait()
	p2 := newLook(m.key, m.female, c.skinFrom, c.skinTo, c.scarf, c.beard).Portrait()
	if !bytes.Equal(p1, p2) {
		t.Error("the same person's portrait differs between two draws")
	}
}

// TestPlanKeepsTheRules: within quota, one head, every twist on a member,
// and unique names.
func TestPlanKeepsTheRules(t *testing.T) {
	all := append(append([]party{}, parties...), organisations...)
	plan := planMembers(all)
	names := map[string]string{}
	for _, p := range all {
		ms := plan[p.code]
		active := 0
		for _, m := range ms {
			if m.replaces == nil {
				active++
			}
			if m.role == registration.Head && m.index != 0 {
				t.Errorf("%s: a second head, %s", p.code, m.key)
			}
			full := m.given + " " + m.family
			if other, ok := names[full]; ok {
				t.Errorf("%s is both %s and %s", full, other, m.key)
			}
			names[full] = m.key
			if m.category == "" || m.function == "" || m.email == "" {
				t.Errorf("%s: %+v", m.key, m)
			}
		}
		if len(ms) > 0 && active > max(p.quota, 1) {
			t.Errorf("%s: %d members for a quota of %d", p.code, active, p.quota)
		}
	}
	for _, tw := range twists {
		found := false
		for _, m := range plan[tw.party] {
			found = found || (m.twist != nil && *m.twist == tw)
		}
		if !found {
			t.Errorf("twist %+v names no member", tw)
		}
	}
}

// TestPortraitsPassTheUploadRules: registration accepts every portrait as
// a delegation's upload, keeping its size.
func TestPortraitsPassTheUploadRules(t *testing.T) {
	for i, female := range []bool{false, true, false, true} {
		c := cultures[[]string{"arab", "malay", "nigerian", "russian"}[i]]
		data := newLook(string(rune('a'+i)), female, c.skinFrom, c.skinTo, c.scarf, c.beard).Portrait()
		ph, err := registration.ProcessPhoto(data)
		if err != nil {
			t.Fatalf("portrait %d refused: %v", i, err)
		}
		if ph.Width != 300 || ph.Height != 400 || ph.ContentType != "image/jpeg" {
			t.Errorf("portrait %d stored as %s %d×%d", i, ph.ContentType, ph.Width, ph.Height)
		}
	}
}
