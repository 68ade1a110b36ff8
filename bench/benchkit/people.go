package benchkit

import (
	"strings"

	"accreditation/internal/fixtures"
)

// A family name from the names fixture gets one of these after it, in the
// script of the row's own name, so that the names repeat as real ones do (a
// few thousand distinct people's names over 100,000 participants).
var (
	latinSuffixes    = []string{"Martin", "Novak", "Haddad", "Okafor", "Silva", "Kowalski", "Dubois", "Rahman", "Ivanova", "Tanaka", "Mensah", "Costa", "Nielsen", "Aliyev", "Quispe", "Moreau", "Schmidt", "Yusuf", "Papadopoulos", "Hansen"}
	arabicSuffixes   = []string{"الحداد", "المصري", "العلي", "الشامي", "البغدادي", "القاسمي", "الخطيب", "النجار", "السوداني", "الأنصاري", "الحسيني", "الكاظمي", "الراشد", "الفاسي", "التونسي", "الجزائري", "العمري", "الزين", "البكري", "الهاشمي"}
	cyrillicSuffixes = []string{"Иванова", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Петров", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв"}
)

// Person is one seeded person's name: Native is the name in its own script
// (Arabic, Cyrillic, or empty for a Latin-only name).
type Person struct{ Honorific, Given, Family, Native string }

// People returns the benchmarks' people: every name of the fixture once per
// suffix, a few thousand in all, in a fixed order.
func People() []Person {
	var base []Person
	for _, n := range fixtures.Names() {
		base = append(base, Person{n.Honorific, n.Given, n.Family, n.Native})
	}
	var out []Person
	for v := range latinSuffixes {
		for _, p := range base {
			q := p
			q.Family = strings.TrimSpace(p.Family + " " + latinSuffixes[v])
			switch {
			case strings.ContainsAny(p.Native, "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"):
				q.Native += " " + cyrillicSuffixes[v]
			case p.Native != "":
				q.Native += " " + arabicSuffixes[v]
			}
			out = append(out, q)
		}
	}
	return out
}
